/**
 * Reports e2e: order aggregates per currency, computed in SQL — by status, by day and ISO week,
 * top items — each against figures computed here from the ERP's orders; bad arguments refused;
 * SQL per report independent of the rows and accounts shown.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { ErpSalesOrder } from '@portal/erp/port';
import { signViewerHeader, VIEWER_HEADER } from '@portal/platform/auth';
import { DEV_INTERNAL_SECRET } from '@portal/platform/config';
import { Decimal } from '@portal/platform/money';
import { allPages } from '../../support/erp.js';
import { errorCodes, gql } from '../../support/graphql.js';
import { stack, today, addDays, monday, erp, analyst, run, sum, fixed, allOrders } from './support.js';

export function defineOrderAggregateTests(): void {
  describe('order aggregates (per currency, computed in SQL)', () => {
    let erpById: Map<string, ErpSalesOrder>;
    let portal: Awaited<ReturnType<typeof allOrders>>['nodes'];
    const range = () => ({ from: addDays(today, -40), to: today });

    beforeAll(async () => {
      erpById = new Map(
        (await allPages((cursor) => erp().orders.exportSalesOrders({ cursor, limit: 500 }))).map((o) => [o.portalOrderId, o]),
      );
      portal = (await allOrders(analyst())).nodes;
    });

    /** Expected rows: the portal's order statuses, the ERP's net totals and currencies, grouped here. */
    function expected(key: (o: (typeof portal)[number], e: ErpSalesOrder) => string | null) {
      const groups = new Map<string, { orderCount: number; net: Decimal }>();
      for (const o of portal) {
        const e = erpById.get(o.id)!;
        const day = o.placedAt.slice(0, 10);
        if (day < range().from || day > range().to) continue;
        const k = key(o, e);
        if (k === null) continue;
        const g = groups.get(k) ?? { orderCount: 0, net: new Decimal(0) };
        g.orderCount += 1;
        g.net = g.net.plus(e.netTotal);
        groups.set(k, g);
      }
      return [...groups.entries()].map(([k, g]) => `${k}|${g.orderCount}|${g.net.toFixed(2)}`).sort();
    }

    it('counts and net amounts by status and currency match the ERP’s orders; USD and EUR stay apart', async () => {
      const r = (
        await run(
          `query($r: ReportRange) { orderReport(range: $r) { from to
            totals { currency orderCount netAmount { amount currency } }
            byStatus { status currency orderCount netAmount { amount currency } }
            perAccount: totals(perAccount: true) { account { id currency } currency orderCount netAmount { amount currency } } } }`,
          analyst(),
          { r: range() },
        )
      ).orderReport;
      expect([r.from, r.to]).toEqual([range().from, range().to]);
      // Mixed currencies: one total per currency, never one sum.
      expect(r.totals.map((t: { currency: string }) => t.currency)).toEqual(['EUR', 'USD']);
      for (const rows of [r.totals, r.byStatus, r.perAccount]) for (const row of rows) expect(row.netAmount.currency).toBe(row.currency);
      expect(r.totals.map((t: any) => `${t.currency}|${t.orderCount}|${t.netAmount.amount}`).sort()).toEqual(
        expected((_o, e) => e.currency),
      );
      expect(r.byStatus.map((t: any) => `${t.status}:${t.currency}|${t.orderCount}|${t.netAmount.amount}`).sort()).toEqual(
        expected((o, e) => `${o.status}:${e.currency}`),
      );
      expect(r.perAccount.map((t: any) => `${t.account.id}:${t.currency}|${t.orderCount}|${t.netAmount.amount}`).sort()).toEqual(
        expected((o, e) => `${o.account.id}:${e.currency}`),
      );
      // An account's orders are in its own currency: the USD total is ACME's and INITECH's, EUR GLOBEX's.
      const usd = r.perAccount.filter((t: any) => t.currency === 'USD');
      expect(new Set(usd.map((t: any) => t.account.id))).toEqual(new Set(['ACME', 'INITECH']));
      expect(fixed(sum(usd.map((t: any) => t.netAmount.amount)))).toBe(r.totals.find((t: any) => t.currency === 'USD').netAmount.amount);
    });

    it('by day and by ISO week: every order once, in the period it was placed', async () => {
      const r = (
        await run(
          `query($r: ReportRange) { orderReport(range: $r) {
            days: byPeriod(interval: DAY) { periodStart status currency orderCount netAmount { amount } }
            weeks: byPeriod(interval: WEEK, perAccount: true) { periodStart status account { id } currency orderCount netAmount { amount } }
            months: byPeriod(interval: MONTH) { periodStart currency orderCount } } }`,
          analyst(),
          { r: range() },
        )
      ).orderReport;
      expect(r.days.map((t: any) => `${t.periodStart}:${t.status}:${t.currency}|${t.orderCount}|${t.netAmount.amount}`).sort()).toEqual(
        expected((o, e) => `${o.placedAt.slice(0, 10)}:${o.status}:${e.currency}`),
      );
      expect(
        r.weeks.map((t: any) => `${t.periodStart}:${t.status}:${t.account.id}:${t.currency}|${t.orderCount}|${t.netAmount.amount}`).sort(),
      ).toEqual(expected((o, e) => `${monday(o.placedAt.slice(0, 10))}:${o.status}:${o.account.id}:${e.currency}`));
      for (const w of r.weeks) expect(new Date(`${w.periodStart}T00:00:00Z`).getUTCDay()).toBe(1);
      expect(r.months.every((m: any) => m.periodStart.endsWith('-01'))).toBe(true);
      // Oldest period first.
      const starts = r.days.map((t: any) => t.periodStart);
      expect([...starts].sort()).toEqual(starts);
    });

    it('top items per currency by net amount and by quantity, cancelled lines left out', async () => {
      const lines = new Map<string, { quantity: number; net: Decimal; orders: Set<string> }>();
      for (const o of portal) {
        const day = o.placedAt.slice(0, 10);
        if (day < range().from || day > range().to) continue;
        const e = erpById.get(o.id)!;
        for (const l of e.lines) {
          if (l.status === 'CANCELLED') continue;
          const k = `${e.currency}|${l.sku}`;
          const g = lines.get(k) ?? { quantity: 0, net: new Decimal(0), orders: new Set<string>() };
          g.quantity += l.quantity;
          g.net = g.net.plus(l.netAmount);
          g.orders.add(o.id);
          lines.set(k, g);
        }
      }
      const ranked = (by: 'net' | 'quantity') =>
        ['EUR', 'USD'].flatMap((currency) =>
          [...lines.entries()]
            .filter(([k]) => k.startsWith(`${currency}|`))
            .sort(([ka, a], [kb, b]) =>
              by === 'net'
                ? b.net.comparedTo(a.net) || b.quantity - a.quantity || ka.localeCompare(kb)
                : b.quantity - a.quantity || b.net.comparedTo(a.net) || ka.localeCompare(kb),
            )
            .slice(0, 3)
            .map(([k, g], i) => `${i + 1}|${k}|${g.quantity}|${g.net.toFixed(2)}|${g.orders.size}`),
        );
      const r = (
        await run(
          `query($r: ReportRange) { orderReport(range: $r) {
            byAmount: topItems(first: 3) { rank sku item { sku name } currency quantity netAmount { amount currency } orderCount }
            byQuantity: topItems(first: 3, rankBy: QUANTITY) { rank sku currency quantity netAmount { amount } orderCount } } }`,
          analyst(),
          { r: range() },
        )
      ).orderReport;
      const shown = (rows: any[]) =>
        rows.map((t) => `${t.rank}|${t.currency}|${t.sku}|${t.quantity}|${t.netAmount.amount}|${t.orderCount}`);
      expect(shown(r.byAmount)).toEqual(ranked('net'));
      expect(shown(r.byQuantity)).toEqual(ranked('quantity'));
      expect(r.byAmount[0].item.name).toBeTruthy(); // the item resolves from the inventory subgraph
    });

    it('refuses bad ranges, too many ids and too many top items as BAD_USER_INPUT', async () => {
      for (const [query, variables] of [
        [`query($r: ReportRange) { orderReport(range: $r) { totals { currency } } }`, { r: { from: today, to: addDays(today, -1) } }],
        [`query($r: ReportRange) { orderReport(range: $r) { totals { currency } } }`, { r: { from: '2000-01-01', to: today } }],
        [`{ orderReport { topItems(first: 101) { sku } } }`, {}],
        [`query($ids: [ID!]) { orders(accountIds: $ids) { totalCount } }`, { ids: Array.from({ length: 101 }, (_, i) => `A${i}`) }],
        [`query($r: ReportRange) { fulfilmentReport(range: $r) { onTimeDelivery { deliveredLines } } }`, { r: { from: '9999-12-31' } }],
        [`{ receivables(asOf: "0000-01-01") { totals { currency } } }`, {}],
        [`{ receivables(salesPeriodDays: 0) { totals { currency } } }`, {}],
        [`{ receivables { byAccount(first: 1001) { currency } } }`, {}],
        [`{ accounts(filter: { search: "${'x'.repeat(65)}" }) { totalCount } }`, {}],
      ] as const) {
        const r = await gql(stack.gatewayUrl, query, { token: analyst(), variables });
        expect(errorCodes(r), query).toEqual(['BAD_USER_INPUT']);
      }
    });

    it('SQL per report does not grow with the rows or the accounts shown', async () => {
      const ordersUrl = `${stack.services.orders.url}/graphql`;
      const sqlFor = async (query: string) => {
        const res = await fetch(ordersUrl, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            [VIEWER_HEADER]: signViewerHeader({ userId: 'globex-analyst', accountId: 'GLOBEX', roles: ['analyst'] }, DEV_INTERNAL_SECRET),
          },
          body: JSON.stringify({ query }),
        });
        const body = (await res.json()) as { data?: any; errors?: unknown };
        expect(body.errors).toBeUndefined();
        return { sql: Number(res.headers.get('x-sql-count')), data: body.data };
      };
      const report = (interval: string) =>
        sqlFor(`{ orderReport(range: { from: "${addDays(today, -40)}", to: "${today}" }) {
          byPeriod(interval: ${interval}, perAccount: true) { periodStart account { id name } netAmount { amount } } } }`);
      const months = await report('MONTH');
      const days = await report('DAY');
      expect(days.data.orderReport.byPeriod.length).toBeGreaterThan(months.data.orderReport.byPeriod.length);
      expect(days.sql).toBe(months.sql);
      expect(days.sql).toBeLessThanOrEqual(2); // the aggregate, and the accounts in one batch
      const list = (n: number) => sqlFor(`{ orders(first: ${n}) { nodes { id account { id name } } } }`);
      const [few, many] = [await list(2), await list(40)];
      expect(many.data.orders.nodes.length).toBeGreaterThan(few.data.orders.nodes.length);
      expect(many.sql).toBe(few.sql);
    });
  });
}
