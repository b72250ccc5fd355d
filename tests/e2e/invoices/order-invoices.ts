/**
 * Invoices e2e: an order with its shipments (orders) and its invoices and credit memos (invoices)
 * in one query, another account's documents read as null, and constant SQL per request.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { VIEWER_HEADER, signViewerHeader } from '@portal/platform/auth';
import { DEV_INTERNAL_SECRET } from '@portal/platform/config';
import { gql } from '../../support/graphql.js';
import { Decimal } from '@portal/platform/money';
import { waitFor } from '@portal/testkit';
import { stack, erp, acme, allInvoices, erpBilling } from './support.js';

/** The embedded database runs one statement at a time: no read of it can be made to straddle a commit. */
const embedded = !process.env.DATABASE_URL;

export function defineOrderInvoicesTests(): void {
  describe('an order with its shipments, invoices and credit memos', () => {
    it('comes back from one query spanning orders and invoices, invoice lines tied to order lines', async () => {
      const { memos } = await erpBilling('ACME');
      const memo = memos[0]!;
      const erpOrder = (await erp().orders.findSalesOrderByPortalId(memo.portalOrderId))!;
      const r = await gql(
        stack.gatewayUrl,
        `query($id: ID!) { order(id: $id) { id erpOrderNumber lines { id lineNo sku } shipments { id trackingNumber }
          invoices { number deliveryNumber balance { amount } lines { orderLineId sku quantity } creditMemos { number } }
          creditMemos { number reason total { amount } invoice { number } lines { orderLineId } } } }`,
        { token: acme(), variables: { id: memo.portalOrderId } },
      );
      expect(r.body.errors).toBeUndefined();
      const order = r.body.data.order;
      expect(order.erpOrderNumber).toBe(erpOrder.number);
      // (Shipments of history orders: the orders read model has those only from the change feed; the
      // last test checks shipments and invoices of a new order in one query.)
      expect(order.invoices.map((i: { number: string }) => i.number).sort()).toEqual([...erpOrder.invoices].sort());
      const lineIds = new Set(order.lines.map((l: { id: string }) => l.id));
      for (const inv of order.invoices) {
        expect(erpOrder.deliveries).toContain(inv.deliveryNumber);
        for (const l of inv.lines) if (l.sku !== 'FREIGHT') expect(lineIds).toContain(l.orderLineId);
      }
      expect(order.creditMemos).toContainEqual(
        expect.objectContaining({
          number: memo.number,
          reason: memo.reason,
          total: { amount: memo.total },
          invoice: { number: memo.invoiceNumber },
        }),
      );
      const credited = order.invoices.find((i: { number: string }) => i.number === memo.invoiceNumber);
      expect(credited.creditMemos.map((m: { number: string }) => m.number)).toContain(memo.number);
    });

    it('reads another account’s invoices and credit memos as null (analysts read any account)', async () => {
      const { invoices, memos } = await erpBilling('ACME');
      const globex = stack.token('GLOBEX', 'buyer');
      const q = `query($n: String!, $m: String!) { invoice(number: $n) { number } creditMemo(number: $m) { number } }`;
      const vars = { n: invoices[0]!.number, m: memos[0]!.number };
      expect((await gql(stack.gatewayUrl, q, { token: globex, variables: vars })).body.data).toEqual({ invoice: null, creditMemo: null });
      expect((await allInvoices(globex)).map((i) => i.number)).not.toContain(invoices[0]!.number);
      const analyst = stack.token('GLOBEX', 'analyst');
      expect((await gql(stack.gatewayUrl, q, { token: analyst, variables: vars })).body.data).toEqual({
        invoice: { number: vars.n },
        creditMemo: { number: vars.m },
      });
    });

    it('batches: the invoices subgraph answers 1 or 8 orders with the same number of SQL statements', async () => {
      const billing = await erpBilling('ACME');
      // The order with a credit memo first, so both requests resolve memos and their invoices too.
      const orderIds = [...new Set([billing.memos[0]!.portalOrderId, ...billing.invoices.map((i) => i.portalOrderId)])];
      expect(orderIds.length).toBeGreaterThanOrEqual(8);
      const header = signViewerHeader({ userId: 'acme-buyer', accountId: 'ACME', roles: ['buyer'] }, DEV_INTERNAL_SECRET);
      const sqlFor = async (n: number) => {
        const res = await fetch(`${stack.services.invoices.url}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', [VIEWER_HEADER]: header },
          body: JSON.stringify({
            query: `query($r: [_Any!]!) { _entities(representations: $r) { ... on Order { id
              invoices { number status paidAmount { amount } creditedAmount { amount } lines { orderLineId } payments { id } creditMemos { number } document { url } }
              creditMemos { number invoice { number balance { amount } } } } } }`,
            variables: { r: orderIds.slice(0, n).map((id) => ({ __typename: 'Order', id })) },
          }),
        });
        const json = (await res.json()) as { data: { _entities: { invoices: unknown[] }[] } };
        expect(json.data._entities.filter((e) => e.invoices.length)).toHaveLength(n);
        return Number(res.headers.get('x-sql-count'));
      };
      const one = await sqlFor(1);
      const eight = await sqlFor(8);
      expect(one).toBeGreaterThan(0);
      expect(eight).toBe(one);
    });

    it.skipIf(embedded)(
      `reads an order's invoices and credit memos from one moment: a memo stored mid-read shows with its balance or not at all${embedded ? ' (skipped: the embedded database runs one statement at a time, so no read straddles a commit)' : ''}`,
      async () => {
        const { invoices } = await erpBilling('ACME');
        const invoice = invoices.find((i) => new Decimal(i.balance).gt(1))!;
        const memoNumber = `CM-T${randomBytes(4).toString('hex')}`;
        const writer = new pg.Client({ connectionString: stack.db.url });
        const watcher = new pg.Client({ connectionString: stack.db.url });
        await writer.connect();
        await watcher.connect();
        try {
          // What the billing feed does for a credit memo: the memo and the invoice's new balance in one
          // transaction. The memo table stays locked until it commits, so a read reaching it waits there.
          await writer.query('begin');
          await writer.query(
            `insert into invoices.credit_memo (number, account_id, invoice_number, order_id, erp_order_number, currency, issued_at, total, reason, lines)
               select $1, account_id, number, order_id, erp_order_number, currency, issued_at, 1.00, 'DAMAGED', '[]' from invoices.invoice where number = $2`,
            [memoNumber, invoice.number],
          );
          await writer.query('update invoices.invoice set balance = balance - 1.00 where number = $1', [invoice.number]);
          await writer.query('lock table invoices.credit_memo in access exclusive mode');
          const read = gql(
            stack.gatewayUrl,
            `query($id: ID!) { order(id: $id) { invoices { number balance { amount } } creditMemos { number invoice { number } } } }`,
            { token: acme(), variables: { id: invoice.portalOrderId } },
          );
          const waiting = async () =>
            Number(
              (
                await watcher.query(
                  `select count(*) as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock' and pid <> $1`,
                  [(writer as unknown as { processID: number }).processID],
                )
              ).rows[0].n,
            ) > 0;
          expect(await waitFor(waiting, 10_000)).toBe(true);
          await new Promise((r) => setTimeout(r, 300)); // whatever else the read runs meanwhile has run
          await writer.query('commit');
          const r = await read;
          expect(r.body.errors).toBeUndefined();
          const order = r.body.data.order;
          const balance = order.invoices.find((i: { number: string }) => i.number === invoice.number).balance.amount;
          const memoShown = order.creditMemos.some((m: { number: string }) => m.number === memoNumber);
          expect({ memoShown, balance }).toEqual(
            memoShown ? { memoShown, balance: new Decimal(invoice.balance).minus(1).toFixed(2) } : { memoShown, balance: invoice.balance },
          );
        } finally {
          await writer.query('rollback').catch(() => {});
          await writer.query('begin');
          const gone = await writer.query('delete from invoices.credit_memo where number = $1', [memoNumber]);
          if (gone.rowCount) await writer.query('update invoices.invoice set balance = balance + 1.00 where number = $1', [invoice.number]);
          await writer.query('commit');
          await writer.end();
          await watcher.end();
        }
      },
    );
  });
}
