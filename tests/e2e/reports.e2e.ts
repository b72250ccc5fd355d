/**
 * Analysts through the gateway: the accounts list, orders and invoices across accounts (with
 * `account` on every row), and the report aggregates — each checked against figures computed here
 * from the ERP's own exports (orders, deliveries, invoices, payments, credit memos), per currency
 * (the demo has USD and EUR accounts). Tenancy: other roles asking for another account's ids get
 * nothing of it. SQL per request does not grow with the rows. Bad arguments are BAD_USER_INPUT.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createReferenceErpAdmin } from '@portal/erp/admin';
import type { ErpDelivery, ErpSalesOrder } from '@portal/erp/port';
import { DEV_ERP_API_KEY } from '@portal/reference-erp/config';
import { signViewerHeader, VIEWER_HEADER } from '@portal/platform/auth';
import { DEV_INTERNAL_SECRET } from '@portal/platform/config';
import { Decimal } from '@portal/platform/money';
import { waitFor } from '@portal/testkit';
import { allPages, erpPorts } from '../support/erp.js';
import { errorCodes, gql } from '../support/graphql.js';
import { startTestStack, type TestStack } from '../support/stack.js';

let stack: TestStack;
let today: string;
const DAY = 86_400_000;
const addDays = (iso: string, n: number) => new Date(Date.parse(`${iso}T00:00:00Z`) + n * DAY).toISOString().slice(0, 10);
const daysBetween = (a: string, b: string) => Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / DAY);
const monday = (iso: string) => addDays(iso, -((new Date(`${iso}T00:00:00Z`).getUTCDay() + 6) % 7));
const erp = () => erpPorts(stack.services.erp.url);
const analyst = () => stack.token('GLOBEX', 'analyst');
const run = async (query: string, token: string, variables: Record<string, unknown> = {}) => {
  const r = await gql(stack.gatewayUrl, query, { token, variables });
  expect(r.body.errors, JSON.stringify(r.body.errors)).toBeUndefined();
  return r.body.data;
};
const sum = (values: Decimal.Value[]) => values.reduce<Decimal>((s, v) => s.plus(v), new Decimal(0));
const fixed = (d: Decimal.Value) => new Decimal(d).toFixed(2);

beforeAll(async () => {
  stack = await startTestStack({
    ORDERS_FEED_WAIT_MS: '500',
    INVOICES_FEED_WAIT_MS: '500',
    ORDERS_OUTBOX_INTERVAL_MS: '200',
    ERP_FULFILMENT_INTERVAL_MS: '0',
  });
  // The ERP's business date: every range and as-of date below is explicit, relative to it.
  today = (await createReferenceErpAdmin({ baseUrl: stack.services.erp.url, apiKey: DEV_ERP_API_KEY }).clock()).today;
});
afterAll(async () => {
  await stack?.stop();
});

const ORDERS = `query($a: String, $ids: [ID!]) { orders(first: 100, after: $a, accountIds: $ids) {
  totalCount pageInfo { hasNextPage endCursor } nodes { id number status placedAt account { id name currency } } } }`;
async function allOrders(token: string, ids?: string[]) {
  const nodes: { id: string; number: string; status: string; placedAt: string; account: { id: string; name: string } }[] = [];
  let totalCount = 0;
  for (let after: string | null = null; ;) {
    const page: any = (await run(ORDERS, token, { a: after, ids })).orders;
    nodes.push(...page.nodes);
    totalCount = page.totalCount;
    if (!page.pageInfo.hasNextPage) return { nodes, totalCount };
    after = page.pageInfo.endCursor;
  }
}

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
    expect(r.totals.map((t: any) => `${t.currency}|${t.orderCount}|${t.netAmount.amount}`).sort()).toEqual(expected((_o, e) => e.currency));
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
    const shown = (rows: any[]) => rows.map((t) => `${t.rank}|${t.currency}|${t.sku}|${t.quantity}|${t.netAmount.amount}|${t.orderCount}`);
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

describe('fulfilment: on-time delivery and promise accuracy', () => {
  it('on-time delivery per account matches the ERP’s deliveries against its confirmed and requested dates', async () => {
    const range = { from: addDays(today, -60), to: today };
    const [orders, deliveries, warehouses] = await Promise.all([
      allPages((cursor) => erp().orders.exportSalesOrders({ cursor, limit: 500 })),
      allPages((cursor) => erp().orders.exportDeliveries({ cursor, limit: 500 })),
      erp().inventory.warehouses(),
    ]);
    // A delivery's day is the delivering warehouse's (Chicago's evening is already tomorrow in UTC).
    const zones = new Map(warehouses.map((w) => [w.id, w.timeZone]));
    const localDay = (instant: string, warehouseId: string) =>
      new Intl.DateTimeFormat('en-CA', {
        timeZone: zones.get(warehouseId) ?? 'UTC',
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
      }).format(new Date(instant));
    const byNumber = new Map(orders.map((o) => [o.number, o]));
    const shippedSoFar = new Map<string, number>();
    const expected = new Map<
      string,
      { delivered: number; confirmed: number; onTime: number; requested: number; onTimeReq: number; late: number[] }
    >();
    const sorted = [...deliveries].sort((a, b) => a.shippedAt.localeCompare(b.shippedAt) || a.number.localeCompare(b.number));
    for (const d of sorted as ErpDelivery[]) {
      const order = byNumber.get(d.orderNumber)!;
      for (const l of d.lines) {
        const key = `${order.number}:${l.lineNo}`;
        const cum = (shippedSoFar.get(key) ?? 0) + l.quantity;
        shippedSoFar.set(key, cum);
        if (d.status !== 'DELIVERED' || !d.deliveredAt) continue;
        const on = localDay(d.deliveredAt, d.warehouseId);
        if (on < range.from || on > range.to) continue;
        const schedule = [...order.lines.find((x) => x.lineNo === l.lineNo)!.scheduleLines].sort((a, b) =>
          a.deliveryDate.localeCompare(b.deliveryDate),
        );
        let acc = 0;
        const covering = schedule.find((s) => (acc += s.quantity) >= cum);
        const confirmed = covering?.deliveryDate ?? schedule.at(-1)?.deliveryDate ?? null;
        const g = expected.get(order.accountId) ?? { delivered: 0, confirmed: 0, onTime: 0, requested: 0, onTimeReq: 0, late: [] };
        g.delivered += 1;
        if (confirmed) {
          g.confirmed += 1;
          if (on <= confirmed) g.onTime += 1;
          else g.late.push(daysBetween(confirmed, on));
        }
        if (order.requestedDeliveryDate) {
          g.requested += 1;
          if (on <= order.requestedDeliveryDate) g.onTimeReq += 1;
        }
        expected.set(order.accountId, g);
      }
    }
    expect([...expected.values()].reduce((n, g) => n + g.delivered, 0)).toBeGreaterThan(0);
    const r = (
      await run(
        `query($r: ReportRange) { fulfilmentReport(range: $r) {
          perAccount: onTimeDelivery(perAccount: true) { periodStart account { id } deliveredLines confirmedLines onTimeVsConfirmed
            onTimeVsConfirmedRate requestedLines onTimeVsRequested onTimeVsRequestedRate averageDaysLate }
          overall: onTimeDelivery { deliveredLines onTimeVsConfirmed }
          weekly: onTimeDelivery(interval: WEEK) { periodStart deliveredLines } } }`,
        analyst(),
        { r: range },
      )
    ).fulfilmentReport;
    const shown = r.perAccount.map(
      (x: any) =>
        `${x.account.id}|${x.deliveredLines}|${x.confirmedLines}|${x.onTimeVsConfirmed}|${x.requestedLines}|${x.onTimeVsRequested}|${x.averageDaysLate}|${x.onTimeVsConfirmedRate}`,
    );
    expect(shown.sort()).toEqual(
      [...expected.entries()]
        .map(
          ([id, g]) =>
            `${id}|${g.delivered}|${g.confirmed}|${g.onTime}|${g.requested}|${g.onTimeReq}|${g.late.length ? Math.round((g.late.reduce((a, b) => a + b, 0) / g.late.length) * 100) / 100 : null}|${g.confirmed ? Math.round((g.onTime / g.confirmed) * 10_000) / 10_000 : null}`,
        )
        .sort(),
    );
    for (const x of r.perAccount) expect(x.periodStart).toBeNull();
    expect(r.overall).toHaveLength(1);
    expect(r.overall[0].deliveredLines).toBe(r.perAccount.reduce((n: number, x: any) => n + x.deliveredLines, 0));
    expect(r.weekly.reduce((n: number, x: any) => n + x.deliveredLines, 0)).toBe(r.overall[0].deliveredLines);
  });

  it('promise accuracy: the ATP dates promised at submit against the ERP’s first confirmation', async () => {
    const buyer = stack.token('ACME', 'buyer');
    const cartId = (await run(`mutation { createCart { ... on Cart { id } } }`, buyer)).createCart.id as string;
    await run(`mutation($c: ID!, $l: [CartLineInput!]!) { addCartLines(cartId: $c, lines: $l) { __typename } }`, buyer, {
      c: cartId,
      l: [
        { sku: 'ATP-DEMO-1', quantity: 50 },
        { sku: 'BOLT-0001', quantity: 3 },
      ],
    });
    const quoteId = (await run(`query($c: ID!) { cart(id: $c) { quote { id } } }`, buyer, { c: cartId })).cart.quote.id;
    const submitted = (
      await run(`mutation($i: SubmitCartInput!) { submitCart(input: $i) { __typename ... on OrderSubmitted { order { id } } } }`, buyer, {
        i: { cartId, idempotencyKey: randomUUID(), acceptedQuoteId: quoteId },
      })
    ).submitCart;
    expect(submitted.__typename).toBe('OrderSubmitted');
    const timeline = await waitFor(
      async () => {
        const t = (
          await run(
            `query($id: ID!) { order(id: $id) { timeline { type ... on AvailabilityCheckEvent { lines { sku atpDate } }
              ... on OrderTimelineEvent { lines { sku scheduleLines { date } } } } } }`,
            buyer,
            { id: submitted.order.id },
          )
        ).order.timeline as { type: string; lines?: { sku: string; atpDate?: string | null; scheduleLines?: { date: string }[] }[] }[];
        return t.some((e) => e.type === 'order.acknowledged') ? t : null;
      },
      { timeoutMs: 30_000, intervalMs: 200 },
    );
    const promised = timeline.find((e) => e.type === 'availability.checked')!.lines!.filter((l) => l.atpDate);
    const ack = timeline.find((e) => e.type === 'order.acknowledged')!.lines!;
    const deviations = promised.map((p) => {
      const confirmed = ack
        .find((l) => l.sku === p.sku)!
        .scheduleLines!.map((s) => s.date)
        .sort()
        .at(-1)!;
      return daysBetween(p.atpDate!, confirmed);
    });
    expect(promised.length).toBe(2);
    const r = (
      await run(
        `query($r: ReportRange, $ids: [ID!]) { fulfilmentReport(range: $r, accountIds: $ids) {
          promiseAccuracy(interval: DAY, perAccount: true) { periodStart account { id } promisedLines confirmedLines heldLines heldRate averageDeviationDays } } }`,
        analyst(),
        { r: { from: today, to: today }, ids: ['ACME'] },
      )
    ).fulfilmentReport.promiseAccuracy;
    const held = deviations.filter((d) => d <= 0).length;
    expect(r).toEqual([
      {
        periodStart: today,
        account: { id: 'ACME' },
        promisedLines: 2,
        confirmedLines: 2,
        heldLines: held,
        heldRate: held / 2,
        averageDeviationDays: deviations.reduce((a, b) => a + b, 0) / 2,
      },
    ]);
    // Orders placed in the ERP directly carry no promise: GLOBEX has none.
    const globex = await run(
      `query($r: ReportRange) { fulfilmentReport(range: $r, accountIds: ["GLOBEX"]) { promiseAccuracy { promisedLines } } }`,
      analyst(),
      {
        r: { from: addDays(today, -60), to: today },
      },
    );
    expect(globex.fulfilmentReport.promiseAccuracy).toEqual([]);
  });
});
