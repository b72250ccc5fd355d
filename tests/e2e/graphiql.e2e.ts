/**
 * GraphiQL served by the gateway, in a real browser: Debian's Chromium driven by
 * playwright-core opens /graphiql — with `#token=…` it fetches the schema with that token at once —
 * a token goes into the headers editor, the cart example runs and
 * shows prices, the order-updates subscription example runs over graphql-ws and shows the event a
 * price dispute causes; the cart example with availability deferred, on a gateway whose inventory
 * answers availability slowly, shows the prices first and the availability later; an example
 * clicked while the editors' code still loads opens once they are there — and no request leaves
 * 127.0.0.1. On failure a screenshot is kept.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { startGateway, type RunningGateway } from '@portal/gateway';
import { loadGatewayConfig } from '@portal/gateway/config';
import { waitFor } from '@portal/testkit';
import { buildGraphiql } from '../../gateway/graphiql/build.js';
import { chromiumMissing, launchChromium, type Browser } from '../support/browser.js';
import { gql } from '../support/graphql.js';
import { slowAvailabilityProxy } from '../support/slow-proxy.js';
import { startTestStack, type TestStack } from '../support/stack.js';

const missing = chromiumMissing();

const SUBMIT = `mutation($i: SubmitCartInput!) { submitCart(input: $i) { __typename ... on OrderSubmitted { order { id } } } }`;
const DISPUTE = `mutation($o: ID!, $l: ID!, $r: String!) { disputeOrderPrice(orderId: $o, lineId: $l, reason: $r) { __typename } }`;

describe.skipIf(missing !== undefined)(`GraphiQL in Chromium${missing ? ` (skipped: ${missing})` : ''}`, () => {
  let stack: TestStack;
  let chromium: Browser;
  let browser: BrowserContext;
  let page: Page;
  const requests: string[] = [];
  let order: { id: string; lineId: string };

  beforeAll(async () => {
    await buildGraphiql();
    stack = await startTestStack({
      ORDERS_FEED_WAIT_MS: '500',
      ORDERS_OUTBOX_INTERVAL_MS: '200',
      ORDERS_SUBSCRIPTION_POLL_MS: '1000',
      ERP_FULFILMENT_INTERVAL_MS: '0',
    });
    chromium = await launchChromium({ name: 'graphiql', viewport: { width: 1600, height: 1400 } });
    browser = chromium.context;
    page = browser.pages()[0] ?? (await browser.newPage());
    browser.on('request', (r) => requests.push(r.url()));
    page.on('websocket', (ws) => requests.push(ws.url()));

    // An order of ACME, acknowledged by the ERP (so no ERP event races the one this test causes).
    const approver = stack.token('ACME', 'approver');
    const cartId = (await gql(stack.gatewayUrl, `mutation { createCart { ... on Cart { id } } }`, { token: approver })).body.data.createCart
      .id as string;
    await gql(stack.gatewayUrl, `mutation($c: ID!, $l: [CartLineInput!]!) { addCartLines(cartId: $c, lines: $l) { __typename } }`, {
      token: approver,
      variables: { c: cartId, l: [{ sku: 'BOLT-0001', quantity: 2 }] },
    });
    const quoteId = (
      await gql(stack.gatewayUrl, `query($c: ID!) { cart(id: $c) { quote { id } } }`, { token: approver, variables: { c: cartId } })
    ).body.data.cart.quote.id as string;
    const submitted = (
      await gql(stack.gatewayUrl, SUBMIT, {
        token: approver,
        variables: { i: { cartId, idempotencyKey: crypto.randomUUID(), acceptedQuoteId: quoteId } },
      })
    ).body.data.submitCart;
    expect(submitted.__typename).toBe('OrderSubmitted');
    order = await waitFor(
      async () => {
        const o = (
          await gql(stack.gatewayUrl, `query($id: ID!) { order(id: $id) { id lines { id } timeline { type } } }`, {
            token: approver,
            variables: { id: submitted.order.id },
          })
        ).body.data.order;
        return o.timeline.some((e: { type: string }) => e.type === 'order.acknowledged')
          ? { id: o.id as string, lineId: o.lines[0].id as string }
          : null;
      },
      { timeoutMs: 30_000, intervalMs: 200 },
    );
  }, 300_000);

  afterAll(async () => {
    await chromium?.close();
    await stack?.stop();
  });

  const screenshotOnFailure = (name: string) =>
    onTestFailed(async () => {
      const dir = mkdtempSync(join(tmpdir(), 'graphiql-e2e-'));
      const file = join(dir, `${name}.png`);
      await page.screenshot({ path: file, fullPage: true }).catch(() => {});
      console.error(`graphiql.e2e: screenshot of the failure: ${file}`);
    });

  /** What the response pane shows (Monaco renders spaces as no-break spaces). */
  const responseText = async () =>
    ((await page.locator('.graphiql-response .view-lines').first().innerText()) ?? '').replace(/\u00a0/g, ' ');
  const visibleToolEditor = () => page.locator('section.graphiql-editor-tool .graphiql-editor:not(.hidden) .monaco-editor').first();

  async function replaceEditorText(editor: ReturnType<Page['locator']>, text: string) {
    await editor.click();
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.press('Delete');
    // insertText bypasses Monaco's auto-closing of quotes and brackets.
    await page.keyboard.insertText(text);
  }

  it('serves the page and its bundle from the gateway, with no external URL', async () => {
    const root = await fetch(`${stack.services.gateway.url}/`, { redirect: 'manual' });
    expect(root.status).toBe(302);
    expect(root.headers.get('location')).toBe('/graphiql');
    const res = await fetch(`${stack.services.gateway.url}/graphiql`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('no-cache');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
    const html = await res.text();
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
    const assets = [...html.matchAll(/(?:src|href)="(\/graphiql\/assets\/[^"]+)"/g)].map((m) => m[1]!);
    expect(assets.length).toBeGreaterThan(0);
    for (const asset of assets) {
      const a = await fetch(`${stack.services.gateway.url}${asset}`);
      expect(a.status).toBe(200);
      expect(a.headers.get('content-type')).toMatch(asset.endsWith('.css') ? /^text\/css/ : /^text\/javascript/);
      expect(a.headers.get('cache-control')).toContain('immutable');
      if (asset.endsWith('.css')) expect(await a.text()).not.toMatch(/url\(\s*['"]?(https?:)?\/\//);
    }
    expect((await fetch(`${stack.services.gateway.url}/graphiql/assets/..%2Fbuild.ts`)).status).toBe(404);
  });

  it('opened with #token=, fetches the schema with that token: the docs show it without a re-fetch', async () => {
    screenshotOnFailure('token-fragment');
    const token = stack.token('ACME', 'buyer');
    const posts: { authorization: string | undefined; body: string }[] = [];
    const onRequest = (r: Request) => {
      if (r.method() === 'POST' && new URL(r.url()).pathname === '/graphql')
        posts.push({ authorization: r.headers().authorization, body: r.postData() ?? '' });
    };
    page.on('request', onRequest);
    try {
      await page.goto(`${stack.services.gateway.url}/graphiql#token=${token}`);
      await page.locator('[aria-label="Show Documentation Explorer"]').click();
      await expect.poll(() => page.locator('.graphiql-doc-explorer').innerText(), { timeout: 15_000 }).toMatch(/query:\s*Query/);
      expect(await page.locator('.graphiql-doc-explorer').innerText()).not.toMatch(/Error fetching schema/);
      expect(page.url()).not.toContain('token='); // the page took the token out of the address bar
      // One schema fetch, and it carried the token (as did everything else the page sent).
      const schemaFetches = posts.filter((p) => p.body.includes('__schema'));
      expect(schemaFetches).toHaveLength(1);
      expect(posts.map((p) => p.authorization)).toEqual(posts.map(() => `Bearer ${token}`));
      expect(await responseText().catch(() => '')).not.toMatch(/missing bearer token|UNAUTHENTICATED/);
    } finally {
      page.off('request', onRequest);
      // GraphiQL remembers the open panel; the next page load starts on Examples again.
      await page
        .locator('[aria-label="Show Examples"]')
        .click()
        .catch(() => {});
    }
  });

  it('runs the cart example with the token pasted into the headers editor', async () => {
    screenshotOnFailure('cart');
    await page.goto(`${stack.services.gateway.url}/graphiql`);
    await page.locator('[data-example="CartDetail"]').waitFor({ timeout: 30_000 });
    await visibleToolEditor().waitFor();

    const token = stack.token('ACME', 'buyer');
    await replaceEditorText(visibleToolEditor(), JSON.stringify({ Authorization: `Bearer ${token}` }));

    // The schema is introspected again with the token: the docs show the root types.
    await page.locator('[aria-label="Show Documentation Explorer"]').click();
    await expect.poll(() => page.locator('.graphiql-doc-explorer').innerText(), { timeout: 15_000 }).toMatch(/query:\s*Query/);
    await page.locator('[aria-label="Show Examples"]').click();

    await page.locator('[data-example="CartDetail"]').click();
    await expect
      .poll(() => page.locator('.graphiql-query-editor .view-lines').first().innerText(), { timeout: 10_000 })
      .toContain('CartDetail');
    await page.locator('.graphiql-execute-button').click();
    await expect.poll(responseText, { timeout: 20_000 }).toContain('"unitPrice"');
    const shown = await responseText();
    expect(shown).toContain('"cart": {');
    expect(shown).toMatch(/"sku": "[A-Z]+-\d+"/);
    expect(shown).not.toContain('"errors"');
  });

  it('starts the order-updates subscription and shows the event a price dispute causes', async () => {
    screenshotOnFailure('subscription');
    await page.locator('[data-example="OrderUpdates"]').click();
    await expect
      .poll(() => page.locator('.graphiql-query-editor .view-lines').first().innerText(), { timeout: 10_000 })
      .toContain('OrderUpdates');
    // The example looks up the newest order: the one made for this test.
    await page.locator('.graphiql-editor-tools button[data-name="variables"]').click();
    await expect.poll(() => visibleToolEditor().innerText(), { timeout: 10_000 }).toContain(order.id);

    // Resume from the order's last event: should the subscription start after the dispute (a slow
    // machine), the event is replayed rather than missed.
    const timeline = (
      await gql(stack.gatewayUrl, `query($id: ID!) { order(id: $id) { timeline { cursor } } }`, {
        token: stack.token('ACME', 'buyer'),
        variables: { id: order.id },
      })
    ).body.data.order.timeline as { cursor: string }[];
    await replaceEditorText(visibleToolEditor(), JSON.stringify({ orderId: order.id, after: timeline.at(-1)!.cursor }));

    await page.locator('.graphiql-execute-button').click();
    await new Promise((r) => setTimeout(r, 1000));
    const disputed = await gql(stack.gatewayUrl, DISPUTE, {
      token: stack.token('ACME', 'buyer'),
      variables: { o: order.id, l: order.lineId, r: 'contract price is lower' },
    });
    expect(disputed.body.data.disputeOrderPrice.__typename).toBe('OrderExceptionRaised');
    await expect.poll(responseText, { timeout: 20_000 }).toContain('"type": "exception.raised"');
    const shown = await responseText();
    expect(shown).toContain(order.id);
    expect(shown).toContain('"orderUpdated"');
  });

  it('shows the deferred availability of the cart example arriving after the prices', async () => {
    screenshotOnFailure('defer');
    // A gateway whose inventory holds availability requests for 2.5 s (ATP made slow).
    const delayMs = 2_500;
    const subgraphs = (stack.services.gateway as RunningGateway).subgraphs;
    const proxy = await slowAvailabilityProxy(subgraphs.find((s) => s.name === 'inventory')!.url, delayMs);
    const gateway = await startGateway({
      config: loadGatewayConfig({ LOG_LEVEL: 'warn', PORT: '0' }),
      supergraphPath: new URL('../../schema/supergraph.graphql', import.meta.url).pathname,
      port: 0,
      subgraphUrls: Object.fromEntries(subgraphs.map((s) => [s.name, s.name === 'inventory' ? `${proxy.url}/graphql` : s.url])),
    });
    try {
      await page.goto(`${gateway.url}/graphiql#token=${stack.token('ACME', 'buyer')}`);
      // Loaded, with the token in the headers: the docs show the schema.
      await page.locator('[aria-label="Show Documentation Explorer"]').click({ timeout: 30_000 });
      await expect.poll(() => page.locator('.graphiql-doc-explorer').innerText(), { timeout: 15_000 }).toMatch(/query:\s*Query/);
      await page.locator('[aria-label="Show Examples"]').click();
      await page.locator('[data-example="CartDetailDeferred"]').click({ timeout: 30_000 });
      await expect
        .poll(() => page.locator('.graphiql-query-editor .view-lines').first().innerText(), { timeout: 10_000 })
        .toContain('CartDetailDeferred');
      // The example looks up a cart with lines: wait until its id is in the variables.
      await page.locator('.graphiql-editor-tools button[data-name="variables"]').click();
      await expect
        .poll(async () => (await visibleToolEditor().innerText()).replace(/\u00a0/g, ' '), { timeout: 10_000 })
        .toMatch(/"id": "[0-9a-f-]{36}"/);

      await page.locator('.graphiql-execute-button').click();
      const started = Date.now();
      // What the response pane shows, sampled until the availability is there.
      const seen: { at: number; prices: boolean; availability: boolean }[] = [];
      await expect
        .poll(
          async () => {
            const text = await responseText();
            const sample = { at: Date.now() - started, prices: text.includes('"unitPrice"'), availability: text.includes('"atpDate"') };
            seen.push(sample);
            return sample.availability;
          },
          { timeout: 20_000, interval: 50 },
        )
        .toBe(true);
      const pricesAt = seen.find((s) => s.prices)!.at;
      const availabilityAt = seen.find((s) => s.availability)!.at;
      console.log(`GraphiQL: prices shown after ${pricesAt} ms, the deferred availability after ${availabilityAt} ms`);
      // The prices were on screen, without availability, well before it came.
      expect(seen.some((s) => s.prices && !s.availability)).toBe(true);
      expect(availabilityAt - pricesAt).toBeGreaterThanOrEqual(delayMs / 2);
      const shown = await responseText();
      expect(shown).toContain('"unitPrice"');
      expect(shown).toContain('"status"');
      expect(shown).not.toContain('"errors"');
      expect(proxy.delayed()).toBeGreaterThan(0);
    } finally {
      await gateway.close();
      await proxy.close();
    }
  });

  it('opens an example clicked while the editors still load, once they are ready', async () => {
    screenshotOnFailure('editors-loading');
    // The editors' code arrives late (a slow network, a busy machine): held back until the click was made.
    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    let held = 0;
    const editorsChunk = /\/graphiql\/assets\/monaco-editor-[^/]+\.js$/;
    await page.route(editorsChunk, async (route) => {
      held++;
      await released;
      await route.continue();
    });
    try {
      // No tab remembered from the tests before: the page starts on its default query.
      await page.goto(`${stack.services.gateway.url}/graphiql/assets/none`);
      await page.evaluate(() => localStorage.clear());
      await page.goto(`${stack.services.gateway.url}/graphiql#token=${stack.token('ACME', 'buyer')}`);
      const example = page.locator('[data-example="OrderTimeline"]');
      await example.waitFor({ timeout: 30_000 });
      const clicked = example.click({ timeout: 30_000 });
      await expect.poll(() => held, { timeout: 30_000 }).toBeGreaterThan(0);
      await new Promise((r) => setTimeout(r, 500));
      expect(await page.locator('.graphiql-query-editor .monaco-editor').count()).toBe(0);
      expect(await example.isDisabled()).toBe(true);
      expect(await page.locator('.portal-examples [role="status"]').innerText()).toContain('Loading the editors');
      release();
      await clicked;
      await expect
        .poll(async () => (await page.locator('.graphiql-query-editor .view-lines').first().innerText()).replace(/\u00a0/g, ' '), {
          timeout: 30_000,
        })
        .toContain('query OrderTimeline(');
      await page.locator('.graphiql-editor-tools button[data-name="variables"]').click();
      await expect
        .poll(async () => (await visibleToolEditor().innerText()).replace(/\u00a0/g, ' '), { timeout: 30_000 })
        .toContain(`"id": "${order.id}"`);
    } finally {
      release();
      await page.unroute(editorsChunk);
    }
  });

  it('loaded nothing from outside 127.0.0.1', () => {
    expect(requests.length).toBeGreaterThan(0);
    const outside = requests.filter((url) => {
      if (url.startsWith('data:') || url.startsWith('blob:')) return false;
      return new URL(url).hostname !== '127.0.0.1';
    });
    expect(outside).toEqual([]);
  });
});
