/**
 * Invoices e2e: billing synced from the ERP and checked against the ERP's own exports — every
 * invoice, credit memo and payment with its amounts and status, filters and paging, typed refusals
 * of bad filters, and the open balance, overdue amount and aging.
 */
import { describe, expect, it } from 'vitest';
import type { ErpInvoice } from '@portal/erp/port';
import { Decimal } from '@portal/platform/money';
import { errorCodes, gql } from '../../support/graphql.js';
import { stack, acme, today, allInvoices, sum, expectedStatus, erpBilling, ACCOUNT } from './support.js';

export function defineBillingSyncTests(): void {
  describe('billing synced from the ERP', () => {
    it('holds every invoice, credit memo and payment of the account, with the ERP’s amounts and derived statuses', async () => {
      const day = today();
      const want = await erpBilling('ACME');
      expect(want.invoices.length).toBeGreaterThan(3);
      expect(want.memos.length).toBeGreaterThan(0);
      expect(want.payments.length).toBeGreaterThan(0);
      const got = await allInvoices(acme(), {}, 7);
      expect(got.map((i) => i.number).sort()).toEqual(want.invoices.map((i) => i.number).sort());
      const byNumber = new Map(got.map((i) => [i.number, i]));
      for (const inv of want.invoices) {
        const g = byNumber.get(inv.number)!;
        const payments = want.payments.filter((p) => p.invoiceNumber === inv.number);
        const memos = want.memos.filter((m) => m.invoiceNumber === inv.number);
        expect(g, inv.number).toMatchObject({
          status: expectedStatus(inv, day),
          dueDate: inv.dueDate,
          total: { amount: inv.total, currency: inv.currency },
          balance: { amount: inv.balance },
          paidAmount: { amount: sum(payments.map((p) => p.amount)) },
          creditedAmount: { amount: sum(memos.map((m) => m.total)) },
          order: { id: inv.portalOrderId },
          deliveryNumber: inv.deliveryNumber,
        });
        expect(g.payments.map((p) => p.id).sort()).toEqual(payments.map((p) => p.id).sort());
        expect(g.creditMemos.map((m) => m.number).sort()).toEqual(memos.map((m) => m.number).sort());
        expect(sum(g.lines.map((l) => l.amount.amount))).toBe(new Decimal(inv.total).toFixed(2));
        for (const l of g.lines) expect(l.orderLineId).toBe(l.lineNo > 0 ? `${inv.portalOrderId}:${l.lineNo}` : null);
        if (g.status === 'OVERDUE') expect(g.daysOverdue).toBeGreaterThan(0);
        else expect(g.daysOverdue).toBe(0);
      }
      // The history has more than one status to tell apart.
      expect(new Set(got.map((i) => i.status)).size).toBeGreaterThan(1);
    });

    it('filters by status in the database exactly as each invoice’s status reads (and by overdue)', async () => {
      const all = await allInvoices(acme());
      for (const status of ['OPEN', 'PARTIALLY_PAID', 'PAID', 'OVERDUE', 'CANCELLED']) {
        const hits = await allInvoices(acme(), { status }, 5);
        expect(hits.map((i) => i.number).sort(), status).toEqual(
          all
            .filter((i) => i.status === status)
            .map((i) => i.number)
            .sort(),
        );
      }
      const overdue = await allInvoices(acme(), { overdue: true });
      const notOverdue = await allInvoices(acme(), { overdue: false });
      expect(overdue.every((i) => i.status === 'OVERDUE')).toBe(true);
      expect(notOverdue.every((i) => i.status !== 'OVERDUE')).toBe(true);
      expect(overdue.length + notOverdue.length).toBe(all.length);
    });

    it('filters by order and by issue and due date ranges (inclusive), paging newest first without gaps or repeats', async () => {
      const want = (await erpBilling('ACME')).invoices;
      const all = await allInvoices(acme());
      // Newest first: issue dates never increase along the list.
      const issued = (await allInvoices(acme(), {}, 3)).map((i) => i.number);
      expect(issued).toEqual(all.map((i) => i.number));
      const orderId = want[0]!.portalOrderId;
      expect((await allInvoices(acme(), { orderId })).map((i) => i.number).sort()).toEqual(
        want
          .filter((i) => i.portalOrderId === orderId)
          .map((i) => i.number)
          .sort(),
      );
      const dates = [...new Set(want.map((i) => i.issuedAt))].sort();
      const from = dates[Math.floor(dates.length / 3)]!;
      const to = dates[Math.floor((2 * dates.length) / 3)]!;
      expect((await allInvoices(acme(), { issuedFrom: from, issuedTo: to })).map((i) => i.number).sort()).toEqual(
        want
          .filter((i) => i.issuedAt >= from && i.issuedAt <= to)
          .map((i) => i.number)
          .sort(),
      );
      const due = want[0]!.dueDate;
      expect((await allInvoices(acme(), { dueFrom: due, dueTo: due })).map((i) => i.number).sort()).toEqual(
        want
          .filter((i) => i.dueDate === due)
          .map((i) => i.number)
          .sort(),
      );
    });

    it('refuses bad filters and cursors with typed errors', async () => {
      const q = `query($f: InvoiceFilter, $a: String) { invoices(filter: $f, after: $a) { totalCount } }`;
      const reversed = await gql(stack.gatewayUrl, q, {
        token: acme(),
        variables: { f: { issuedFrom: '2026-03-01', issuedTo: '2026-02-01' } },
      });
      expect(errorCodes(reversed)).toEqual(['BAD_USER_INPUT']);
      const badDate = await gql(stack.gatewayUrl, q, { token: acme(), variables: { f: { dueFrom: '2026-02-30' } } });
      expect(errorCodes(badDate)).toEqual(['BAD_USER_INPUT']);
      const badCursor = await gql(stack.gatewayUrl, q, { token: acme(), variables: { a: 'bm90LWEtY3Vyc29y' } });
      expect(errorCodes(badCursor)).toEqual(['BAD_USER_INPUT']);
      const badStatus = await gql(stack.gatewayUrl, q, { token: acme(), variables: { f: { status: 'LATE' } } });
      expect(errorCodes(badStatus)).toEqual(['BAD_USER_INPUT']);
    });

    it('adds up the open balance, overdue amount and aging buckets from the open invoices', async () => {
      const day = today();
      const want = (await erpBilling('ACME')).invoices.filter((i) => i.status !== 'CANCELLED' && new Decimal(i.balance).gt(0));
      const daysPast = (i: ErpInvoice) => Math.max(0, (Date.parse(day) - Date.parse(i.dueDate)) / 86_400_000);
      const bucket = (lo: number, hi: number) => sum(want.filter((i) => daysPast(i) >= lo && daysPast(i) <= hi).map((i) => i.balance));
      const account = (await gql(stack.gatewayUrl, ACCOUNT, { token: acme() })).body.data.me.account;
      expect(account).toMatchObject({
        id: 'ACME',
        openBalance: { amount: sum(want.map((i) => i.balance)), currency: 'USD' },
        overdueAmount: { amount: sum(want.filter((i) => daysPast(i) > 0).map((i) => i.balance)) },
        aging: {
          current: { amount: bucket(0, 0) },
          days1To30: { amount: bucket(1, 30) },
          days31To60: { amount: bucket(31, 60) },
          days61To90: { amount: bucket(61, 90) },
          over90: { amount: bucket(91, 1e9) },
        },
      });
      expect(new Decimal(account.openBalance.amount).gt(0)).toBe(true);
    });
  });
}
