/**
 * Reports e2e: receivables as of a business date, per account and currency, against what the
 * ERP's invoices, payments and credit memos say was owed on that date.
 */
import { describe, expect, it } from 'vitest';
import { Decimal } from '@portal/platform/money';
import { allPages } from '../../support/erp.js';
import { stack, today, addDays, daysBetween, erp, analyst, run, sum, fixed } from './support.js';

export function defineReceivablesTests(): void {
  describe('receivables as of a business date', () => {
    /** What was owed on `asOf`, per account and currency, from the ERP's billing documents. */
    async function expectedReceivables(asOf: string, salesDays: number) {
      const [invoices, payments, memos] = await Promise.all([
        allPages((cursor) => erp().invoices.exportInvoices({ cursor, limit: 500 })),
        allPages((cursor) => erp().invoices.exportPayments({ cursor, limit: 500 })),
        allPages((cursor) => erp().invoices.exportCreditMemos({ cursor, limit: 500 })),
      ]);
      type Sum = 'open' | 'overdue' | 'current' | 'd30' | 'd60' | 'd90' | 'over90' | 'sales';
      const rows = new Map<string, Record<Sum, Decimal> & { openInvoices: number; overdueInvoices: number; oldest: number }>();
      for (const i of invoices) {
        const issued = i.issuedAt.slice(0, 10);
        if (i.status === 'CANCELLED' || issued > asOf) continue;
        const paid = sum(payments.filter((p) => p.invoiceNumber === i.number && p.receivedAt.slice(0, 10) <= asOf).map((p) => p.amount));
        const credited = sum(memos.filter((m) => m.invoiceNumber === i.number && m.issuedAt.slice(0, 10) <= asOf).map((m) => m.total));
        const open = Decimal.max(new Decimal(i.total).minus(paid).minus(credited), 0);
        const late = daysBetween(i.dueDate.slice(0, 10), asOf);
        const k = `${i.accountId}|${i.currency}`;
        const r = rows.get(k) ?? {
          open: new Decimal(0),
          overdue: new Decimal(0),
          current: new Decimal(0),
          d30: new Decimal(0),
          d60: new Decimal(0),
          d90: new Decimal(0),
          over90: new Decimal(0),
          sales: new Decimal(0),
          openInvoices: 0,
          overdueInvoices: 0,
          oldest: 0,
        };
        if (daysBetween(issued, asOf) < salesDays) r.sales = r.sales.plus(i.total);
        if (open.gt(0)) {
          r.open = r.open.plus(open);
          r.openInvoices += 1;
          const bucket: Sum = late <= 0 ? 'current' : late <= 30 ? 'd30' : late <= 60 ? 'd60' : late <= 90 ? 'd90' : 'over90';
          r[bucket] = r[bucket].plus(open);
          if (late > 0) {
            r.overdue = r.overdue.plus(open);
            r.overdueInvoices += 1;
            r.oldest = Math.max(r.oldest, late);
          }
        }
        rows.set(k, r);
      }
      return [...rows.entries()]
        .filter(([, r]) => r.open.gt(0) || r.sales.gt(0))
        .map(
          ([k, r]) =>
            `${k}|${r.open.toFixed(2)}|${r.overdue.toFixed(2)}|${[r.current, r.d30, r.d60, r.d90, r.over90].map((d) => d.toFixed(2)).join('/')}` +
            `|${r.openInvoices}|${r.overdueInvoices}|${r.oldest}|${r.sales.toFixed(2)}|${r.sales.gt(0) ? r.open.div(r.sales).mul(salesDays).toDecimalPlaces(1, Decimal.ROUND_HALF_UP).toNumber() : null}`,
        )
        .sort();
    }
    const RECEIVABLES = `query($d: Date, $o: Boolean, $s: Int) { receivables(asOf: $d, overdueOnly: $o, salesPeriodDays: $s) { asOf salesPeriodDays
      byAccount { ...R account { id name } } totals { ...R account { id } } } }
      fragment R on Receivables { currency open { amount currency } overdue { amount currency }
        aging { current { amount } days1To30 { amount } days31To60 { amount } days61To90 { amount } over90 { amount } }
        openInvoices overdueInvoices oldestDaysOverdue sales { amount currency } daysSalesOutstanding }`;
    const shown = (r: any) =>
      `${r.account?.id ?? '*'}|${r.currency}|${r.open.amount}|${r.overdue.amount}|${[r.aging.current, r.aging.days1To30, r.aging.days31To60, r.aging.days61To90, r.aging.over90].map((a: any) => a.amount).join('/')}` +
      `|${r.openInvoices}|${r.overdueInvoices}|${r.oldestDaysOverdue}|${r.sales.amount}|${r.daysSalesOutstanding}`;

    it('today: per account and currency as the ERP’s documents say, and the same as each account’s aging', async () => {
      const r = (await run(RECEIVABLES, analyst(), { d: today })).receivables;
      expect([r.asOf, r.salesPeriodDays]).toEqual([today, 90]);
      expect(r.byAccount.map(shown).sort()).toEqual(await expectedReceivables(today, 90));
      expect(new Set(r.byAccount.map((a: any) => a.currency))).toEqual(new Set(['USD', 'EUR']));
      for (const row of r.byAccount) for (const m of [row.open, row.overdue, row.sales]) expect(m.currency).toBe(row.currency);
      // The buckets add up to the open amount.
      for (const row of [...r.byAccount, ...r.totals])
        expect(fixed(sum(Object.values(row.aging).map((a: any) => a.amount)))).toBe(row.open.amount);
      // Totals per currency: the account rows of that currency added up, never across currencies.
      expect(r.totals.map((t: any) => t.currency)).toEqual(['EUR', 'USD']);
      for (const t of r.totals) {
        expect(t.account).toBeNull();
        const mine = r.byAccount.filter((a: any) => a.currency === t.currency);
        expect(t.open.amount).toBe(fixed(sum(mine.map((a: any) => a.open.amount))));
        expect(t.sales.amount).toBe(fixed(sum(mine.map((a: any) => a.sales.amount))));
      }
      // The per-account figures the portal already shows (Account.aging, on today's balances) agree.
      if (today === new Date().toISOString().slice(0, 10))
        for (const row of r.byAccount) {
          const own = (
            await run(
              `{ me { account { openBalance { amount } aging { current { amount } days1To30 { amount } } } } }`,
              stack.token(row.account.id, 'buyer'),
            )
          ).me.account;
          expect(own.openBalance.amount).toBe(row.open.amount);
          expect(own.aging.current.amount).toBe(row.aging.current.amount);
        }
    });

    it('“Which accounts have overdue invoices, and how much?” — one query, as of a later date', async () => {
      const asOf = addDays(today, 60);
      const r = (await run(RECEIVABLES, analyst(), { d: asOf, o: true, s: 30 })).receivables;
      const expected = (await expectedReceivables(asOf, 30)).filter((row) => row.split('|')[3] !== '0.00');
      expect(expected.length).toBeGreaterThan(1);
      expect(r.byAccount.map(shown).sort()).toEqual(expected);
      // Most overdue first within the list.
      const overdue = r.byAccount.map((a: any) => new Decimal(a.overdue.amount));
      for (let i = 1; i < overdue.length; i++) expect(overdue[i - 1].gte(overdue[i])).toBe(true);
      for (const row of r.byAccount) expect(row.account.name).toBeTruthy();
    });

    it('before the first invoice nothing was owed', async () => {
      const r = (await run(RECEIVABLES, analyst(), { d: addDays(today, -400) })).receivables;
      expect(r).toMatchObject({ byAccount: [], totals: [] });
    });
  });
}
