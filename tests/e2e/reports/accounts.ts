/**
 * Reports e2e: reading across accounts — the accounts list for analysts (paged, searchable) and
 * only their own for everyone else, every account's orders with their account, and a buyer naming
 * another account's ids getting nothing of it.
 */
import { describe, expect, it } from 'vitest';
import { allPages } from '../../support/erp.js';
import { stack, today, addDays, erp, analyst, run, allOrders } from './support.js';

export function defineAccountTests(): void {
  describe('reading across accounts', () => {
    it('lists accounts for analysts (paged, searchable) and only their own for everyone else', async () => {
      const erpAccounts = (await allPages((cursor) => erp().orders.exportAccounts({ cursor, limit: 100 }))).map((a) => a.id).sort();
      const q = `query($n: Int, $a: String, $f: AccountFilter) { accounts(first: $n, after: $a, filter: $f) {
        totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id name currency } } } }`;
      const first = (await run(q, analyst(), { n: 2 })).accounts;
      expect(first.totalCount).toBe(erpAccounts.length);
      expect(first.pageInfo.hasNextPage).toBe(true);
      const rest = (await run(q, analyst(), { n: 50, a: first.pageInfo.endCursor })).accounts;
      expect([...first.edges, ...rest.edges].map((e: { node: { id: string } }) => e.node.id)).toEqual(erpAccounts);
      expect(rest.pageInfo.hasNextPage).toBe(false);

      const found = (await run(q, analyst(), { f: { search: 'maschinen' } })).accounts;
      expect(found.edges.map((e: { node: { id: string; currency: string } }) => [e.node.id, e.node.currency])).toEqual([['GLOBEX', 'EUR']]);
      expect((await run(q, analyst(), { f: { search: 'ini' } })).accounts.edges.map((e: any) => e.node.id)).toEqual(['INITECH']);
      // LIKE wildcards are text: "%" finds nothing.
      expect((await run(q, analyst(), { f: { search: '%' } })).accounts.totalCount).toBe(0);

      for (const role of ['buyer', 'approver', 'admin'] as const) {
        const own = (await run(q, stack.token('ACME', role), { n: 50 })).accounts;
        expect(own.totalCount).toBe(1);
        expect(own.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual(['ACME']);
      }
    });

    it('analysts list every account’s orders by default, each with its account; accountIds narrows', async () => {
      const erpOrders = await allPages((cursor) => erp().orders.exportSalesOrders({ cursor, limit: 500 }));
      const all = await allOrders(analyst());
      expect(all.totalCount).toBe(erpOrders.length);
      expect(new Set(all.nodes.map((o) => o.account.id))).toEqual(new Set(['ACME', 'GLOBEX', 'INITECH']));
      const accountOf = new Map(erpOrders.map((o) => [o.portalOrderId, o.accountId]));
      for (const o of all.nodes) expect(o.account.id).toBe(accountOf.get(o.id));

      const two = await allOrders(analyst(), ['INITECH', 'GLOBEX', 'NOPE']);
      expect(two.totalCount).toBe(erpOrders.filter((o) => o.accountId !== 'ACME').length);
      expect(new Set(two.nodes.map((o) => o.account.id))).toEqual(new Set(['GLOBEX', 'INITECH']));
      expect((await allOrders(analyst(), [])).totalCount).toBe(0);
    });

    it('a buyer naming another account’s ids gets nothing of it (orders, invoices, reports)', async () => {
      const buyer = stack.token('ACME', 'buyer');
      expect(await allOrders(buyer, ['GLOBEX'])).toEqual({ nodes: [], totalCount: 0 });
      const own = await allOrders(buyer);
      const mixed = await allOrders(buyer, ['GLOBEX', 'ACME', 'INITECH']);
      expect(mixed.totalCount).toBe(own.totalCount);
      expect(new Set(mixed.nodes.map((o) => o.account.id))).toEqual(new Set(['ACME']));

      const inv = `query($ids: [ID!]) { invoices(first: 100, accountIds: $ids) { totalCount nodes { number account { id } } } }`;
      expect((await run(inv, buyer, { ids: ['GLOBEX'] })).invoices).toEqual({ totalCount: 0, nodes: [] });
      const ownInvoices = (await run(inv, buyer, { ids: ['GLOBEX', 'ACME'] })).invoices;
      expect(ownInvoices.totalCount).toBeGreaterThan(0);
      for (const i of ownInvoices.nodes) expect(i.account.id).toBe('ACME');

      const range = { from: addDays(today, -60), to: today };
      const reports = await run(
        `query($r: ReportRange, $ids: [ID!], $d: Date) {
          orderReport(range: $r, accountIds: $ids) { totals { currency orderCount } byStatus(perAccount: true) { account { id } } topItems { sku } }
          fulfilmentReport(range: $r, accountIds: $ids) { onTimeDelivery { deliveredLines } promiseAccuracy { promisedLines } }
          receivables(asOf: $d, accountIds: $ids) { byAccount { account { id } } totals { currency } } }`,
        buyer,
        { r: range, ids: ['GLOBEX', 'INITECH'], d: addDays(today, 60) },
      );
      expect(reports).toEqual({
        orderReport: { totals: [], byStatus: [], topItems: [] },
        fulfilmentReport: { onTimeDelivery: [], promiseAccuracy: [] },
        receivables: { byAccount: [], totals: [] },
      });
      // Without accountIds a buyer's report is their own account's.
      const ownReport = await run(
        `query($r: ReportRange) { orderReport(range: $r) { byStatus(perAccount: true) { account { id } } } }`,
        buyer,
        {
          r: range,
        },
      );
      expect(new Set(ownReport.orderReport.byStatus.map((r: { account: { id: string } }) => r.account.id))).toEqual(new Set(['ACME']));
    });
  });
}
