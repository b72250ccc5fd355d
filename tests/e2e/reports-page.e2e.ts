/**
 * The /reports page in a real browser: Debian's Chromium driven by playwright-core opens it with an
 * analyst's token in the URL fragment, waits for the charts and checks they show the demo data —
 * the bars drawn and the totals in the legends against the same report queries run here — then the
 * CSV behind a chart, the "copy the GraphQL" text, the account filter, a later as-of date, and a
 * buyer who sees only their own account. Nothing loads from outside 127.0.0.1. Saves a screenshot
 * (to REPORTS_SCREENSHOT if set, e.g. docs/img/reports.png, else a temporary folder).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { waitFor } from '@portal/testkit';
import { chromiumMissing, launchChromium, type Browser } from '../support/browser.js';
import { gql } from '../support/graphql.js';
import { startTestStack, type TestStack } from '../support/stack.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const missing = chromiumMissing();

const DAY = 86_400_000;
const addDays = (iso: string, n: number) => new Date(Date.parse(`${iso}T00:00:00Z`) + n * DAY).toISOString().slice(0, 10);
/** The page's amount format: thousands separators on the exact decimal string. */
const shown = (amount: string, currency: string) => `${currency} ${amount.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}`;
const BUCKETS = ['current', 'days1To30', 'days31To60', 'days61To90', 'over90'] as const;

describe.skipIf(missing !== undefined)(`the /reports page in Chromium${missing ? ` (skipped: ${missing})` : ''}`, () => {
  let stack: TestStack;
  let chromium: Browser;
  let browser: BrowserContext;
  let page: Page;
  const requests: string[] = [];

  const q = async (query: string, token: string, variables: Record<string, unknown> = {}) => {
    const r = await gql(stack.gatewayUrl, query, { token, variables });
    expect(r.body.errors, JSON.stringify(r.body.errors)).toBeUndefined();
    return r.body.data;
  };
  const orderReport = (token: string, variables: Record<string, unknown> = {}) =>
    q(
      `query($r: ReportRange, $ids: [ID!]) { orderReport(range: $r, accountIds: $ids) { from to
        totals { currency orderCount netAmount { amount currency } } byStatus { status orderCount } byPeriod { periodStart status orderCount } } }`,
      token,
      variables,
    ).then((d) => d.orderReport);
  const receivables = (token: string, asOf: string) =>
    q(
      `query($d: Date) { receivables(asOf: $d) { totals { currency aging { ${BUCKETS.map((b) => `${b} { amount }`).join(' ')} } overdue { amount } }
        byAccount { currency aging { ${BUCKETS.map((b) => `${b} { amount }`).join(' ')} } } } }`,
      token,
      { d: asOf },
    ).then((d) => d.receivables);

  /** Bars Chartist drew in a chart, and the legend's value per series. */
  const bars = (chart: string) => page.locator(`[data-chart="${chart}"] line.ct-bar`).count();
  const legend = (chart: string, series: string) => page.locator(`#${chart} [data-series="${series}"] .value`).innerText();
  const loaded = async (after = 0) =>
    waitFor(async () => Number((await page.locator('body').getAttribute('data-loaded')) ?? 0) > after, {
      timeoutMs: 30_000,
      intervalMs: 100,
    });

  beforeAll(async () => {
    // Built in a child process, as `pnpm start` does: the build tool never shares a process with services.
    const build = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'gateway', 'reports', 'build.ts')], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    expect(build.status, build.stderr).toBe(0);
    stack = await startTestStack({ ORDERS_FEED_WAIT_MS: '500', ORDERS_OUTBOX_INTERVAL_MS: '200', ERP_FULFILMENT_INTERVAL_MS: '0' });

    // A portal order with an ATP promise, so the promise-accuracy chart has something to show.
    const buyer = stack.token('ACME', 'buyer');
    const cartId = (await q(`mutation { createCart { ... on Cart { id } } }`, buyer)).createCart.id as string;
    await q(`mutation($c: ID!, $l: [CartLineInput!]!) { addCartLines(cartId: $c, lines: $l) { __typename } }`, buyer, {
      c: cartId,
      l: [
        { sku: 'ATP-DEMO-1', quantity: 50 },
        { sku: 'BOLT-0001', quantity: 2 },
      ],
    });
    const quoteId = (await q(`query($c: ID!) { cart(id: $c) { quote { id } } }`, buyer, { c: cartId })).cart.quote.id;
    const submitted = (
      await q(`mutation($i: SubmitCartInput!) { submitCart(input: $i) { __typename ... on OrderSubmitted { order { id } } } }`, buyer, {
        i: { cartId, idempotencyKey: crypto.randomUUID(), acceptedQuoteId: quoteId },
      })
    ).submitCart;
    expect(submitted.__typename).toBe('OrderSubmitted');
    await waitFor(
      async () =>
        (await q(`query($id: ID!) { order(id: $id) { erpOrderNumber } }`, buyer, { id: submitted.order.id })).order.erpOrderNumber,
      { timeoutMs: 30_000, intervalMs: 200 },
    );

    chromium = await launchChromium({ name: 'reports', viewport: { width: 1400, height: 1000 }, acceptDownloads: true });
    browser = chromium.context;
    await browser.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(stack.gatewayUrl).origin });
    page = browser.pages()[0] ?? (await browser.newPage());
    browser.on('request', (r) => requests.push(r.url()));
  }, 300_000);

  afterAll(async () => {
    await chromium?.close();
    await stack?.stop();
  });

  const screenshotOnFailure = (name: string) =>
    onTestFailed(async () => {
      const file = join(mkdtempSync(join(tmpdir(), 'reports-e2e-')), `${name}.png`);
      await page.screenshot({ path: file, fullPage: true }).catch(() => {});
      console.error(`reports-page.e2e: screenshot of the failure: ${file}`);
    });

  it('serves the page and its bundle from the gateway, with no external URL', async () => {
    const res = await fetch(`${stack.services.gateway.url}/reports`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe/);
    const html = await res.text();
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
    const assets = [...html.matchAll(/(?:src|href)="(\/reports\/assets\/[^"]+)"/g)].map((m) => m[1]!);
    expect(assets.length).toBeGreaterThanOrEqual(2); // script and styles
    for (const asset of assets) {
      const a = await fetch(`${stack.services.gateway.url}${asset}`);
      expect(a.status).toBe(200);
      expect(a.headers.get('cache-control')).toContain('immutable');
    }
  });

  it('shows an analyst every account’s orders, receivables and deliveries as charts of the demo data', async () => {
    screenshotOnFailure('analyst');
    const analyst = stack.token('GLOBEX', 'analyst');
    await page.goto(`${stack.services.gateway.url}/reports#token=${analyst}`);
    await loaded();
    // The token left the address bar.
    expect(page.url()).not.toContain('token=');
    const { accounts } = await q(`{ accounts { totalCount } }`, analyst);
    expect(accounts.totalCount).toBeGreaterThan(1);
    await expect.poll(() => page.locator('#viewer').innerText()).toContain(`all ${accounts.totalCount} accounts`);

    // Orders by status: one bar segment per day and status with orders, the legend's counts, the totals per currency.
    const orders = await orderReport(analyst);
    const cells = new Map<string, number>();
    for (const r of orders.byPeriod)
      cells.set(`${r.periodStart}|${r.status}`, (cells.get(`${r.periodStart}|${r.status}`) ?? 0) + r.orderCount);
    expect(cells.size).toBeGreaterThan(5);
    expect(await bars('orders-by-status')).toBe(cells.size);
    for (const status of new Set(orders.byStatus.map((s: { status: string }) => s.status)))
      expect(await legend('orders-by-status', status as string)).toBe(
        String(orders.byStatus.filter((s: any) => s.status === status).reduce((n: number, s: any) => n + s.orderCount, 0)),
      );
    const notes = await page.locator('#orders-by-status .note').allInnerTexts();
    const total = orders.totals.reduce((n: number, t: any) => n + t.orderCount, 0);
    expect(notes[0]).toBe(`${total} orders in all`);
    expect(orders.totals.map((t: any) => t.currency)).toEqual(['EUR', 'USD']);
    for (const t of orders.totals)
      expect(notes).toContain(`Net ${shown(t.netAmount.amount, t.currency)} (${t.orderCount} orders in ${t.currency})`);

    // Receivables aging: a chart per currency, one segment per account and non-empty bucket.
    const today = orders.to as string;
    const aging = await receivables(analyst, today);
    for (const t of aging.totals) {
      const chart = `receivables-aging-${t.currency}`;
      const segments = aging.byAccount
        .filter((a: any) => a.currency === t.currency)
        .reduce((n: number, a: any) => n + BUCKETS.filter((b) => Number(a.aging[b].amount) > 0).length, 0);
      expect(segments).toBeGreaterThan(0);
      expect(await bars(chart)).toBe(segments);
      expect(await legend(chart, 'current')).toBe(shown(t.aging.current.amount, t.currency));
    }
    // On-time delivery and promise accuracy have bars too (the demo's deliveries; the order placed above).
    expect(await bars('on-time-delivery')).toBeGreaterThan(0);
    expect(await bars('promise-accuracy')).toBe(1);
    expect(await page.locator('#promise-accuracy .note').innerText()).toBe('2 order lines were submitted with an ATP promise');
    // Every bar has a title (what it is, for assistive technology and the mouse).
    expect(await page.locator('[data-chart="orders-by-status"] line.ct-bar title').count()).toBe(cells.size);
  });

  it('offers the data behind each chart as CSV and the GraphQL that fetched it', async () => {
    // Downloaded as a user would (the page's policy keeps even its own scripts from fetching blob: URLs).
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#orders-by-status a[data-action="csv"]').click()]);
    expect(download.suggestedFilename()).toBe('orders-by-status.csv');
    const csv = readFileSync(await download.path(), 'utf8');
    const rows = csv.trim().split('\r\n');
    const orders = await orderReport(stack.token('GLOBEX', 'analyst'));
    expect(rows[0]).toBe('period_start,status,currency,order_count,net_amount');
    expect(rows).toHaveLength(orders.byPeriod.length + 1);

    await page.locator('#orders-by-status [data-action="copy-graphql"]').click();
    await expect.poll(() => page.locator('#orders-by-status .copied').innerText()).toBe('Copied.');
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toMatch(/^query OrdersByStatus\(/);
    expect(copied).toContain('byPeriod(interval: $interval)');
    expect(copied).toContain('# variables: {"interval":"DAY"}');
    // The copied operation runs as it is.
    const query = copied.split('\n# variables')[0]!;
    const again = await gql(stack.gatewayUrl, query, { token: stack.token('GLOBEX', 'analyst'), variables: { interval: 'DAY' } });
    expect(again.body.data.orderReport.byPeriod).toEqual(
      expect.arrayContaining([expect.objectContaining({ periodStart: orders.byPeriod[0].periodStart })]),
    );
  });

  it('filters by account and shows receivables as of a later date', async () => {
    screenshotOnFailure('filters');
    const analyst = stack.token('GLOBEX', 'analyst');
    const before = Number(await page.locator('body').getAttribute('data-loaded'));
    await page.locator('#accounts').selectOption(['GLOBEX']);
    await page.locator('#filters button[type="submit"]').click();
    await loaded(before);
    const globex = await orderReport(analyst, { ids: ['GLOBEX'] });
    expect(globex.totals.map((t: any) => t.currency)).toEqual(['EUR']);
    const notes = await page.locator('#orders-by-status .note').allInnerTexts();
    expect(notes).toEqual([
      `${globex.totals[0].orderCount} orders in all`,
      `Net ${shown(globex.totals[0].netAmount.amount, 'EUR')} (${globex.totals[0].orderCount} orders in EUR)`,
    ]);
    expect(await page.locator('figure[id^="receivables-aging-"]').evaluateAll((els) => els.map((e) => e.id))).toEqual([
      'receivables-aging-EUR',
    ]);

    // Every account again, receivables 50 days on: invoices fall past due into the aging buckets.
    const again = Number(await page.locator('body').getAttribute('data-loaded'));
    await page.locator('#all-accounts').click();
    await loaded(again);
    const later = addDays(await page.locator('#to').inputValue(), 50);
    const third = Number(await page.locator('body').getAttribute('data-loaded'));
    await page.locator('#asof').fill(later);
    await page.locator('#filters button[type="submit"]').click();
    await loaded(third);
    const aging = await receivables(analyst, later);
    const usd = aging.totals.find((t: any) => t.currency === 'USD');
    expect(Number(usd.overdue.amount)).toBeGreaterThan(0);
    for (const b of BUCKETS) expect(await legend('receivables-aging-USD', b)).toBe(shown(usd.aging[b].amount, 'USD'));

    const target = process.env.REPORTS_SCREENSHOT
      ? resolve(ROOT, process.env.REPORTS_SCREENSHOT)
      : join(mkdtempSync(join(tmpdir(), 'reports-')), 'reports.png');
    mkdirSync(dirname(target), { recursive: true });
    await page.screenshot({ path: target, fullPage: true });
    console.log(`reports-page.e2e: screenshot ${target}`);
  });

  it('shows a buyer their own account only', async () => {
    screenshotOnFailure('buyer');
    const buyer = stack.token('INITECH', 'buyer');
    const before = Number((await page.locator('body').getAttribute('data-loaded')) ?? 0);
    // A fresh load (a fragment-only change would not reload the page), with the buyer's token.
    await page.goto('about:blank');
    await page.goto(`${stack.services.gateway.url}/reports#token=${buyer}`);
    await loaded(before);
    await expect.poll(() => page.locator('#viewer').innerText()).toContain('account Initech');
    expect(await page.locator('#accounts option').allInnerTexts()).toEqual([expect.stringContaining('INITECH')]);
    const own = await orderReport(buyer);
    expect(own.totals.map((t: any) => t.currency)).toEqual(['USD']);
    expect(await page.locator('#orders-by-status .note').first().innerText()).toBe(`${own.totals[0].orderCount} orders in all`);
  });

  it('loaded nothing from outside 127.0.0.1', () => {
    expect(requests.length).toBeGreaterThan(0);
    const outside = requests.filter((url) => !url.startsWith('data:') && !url.startsWith('blob:') && new URL(url).hostname !== '127.0.0.1');
    expect(outside).toEqual([]);
  });
});
