/**
 * `@defer` through the gateway on every transport: HTTP `multipart/mixed` (Apollo's
 * `deferSpec=20220824`), GraphQL over SSE and graphql-ws each get the first payload without the
 * deferred fields and then the deferred fields in place; merged, they are the answer of the same
 * query without `@defer`. A client that does not accept `multipart/mixed` gets one JSON answer.
 * The cart page's `CartDetailDeferred` (schema/operations/cart.graphql), with inventory's
 * availability fetches made slow, gets its prices in the first payload long before the deferred
 * availability, over HTTP multipart and SSE, each payload timed as it arrives.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, type RunningGateway } from '@portal/gateway';
import { loadGatewayConfig } from '@portal/gateway/config';
import { gql } from '../support/graphql.js';
import { slowAvailabilityProxy } from '../support/slow-proxy.js';
import { startTestStack, type TestStack } from '../support/stack.js';
import { wsClient } from '../support/subscriptions.js';

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(async () => {
  await stack?.stop();
});

const DEFERRED = `query Deferred {
  orders(first: 3) { nodes { id number
    ... @defer(label: "detail") { invoices { number status } lines { sku item { name price(quantity: 1) { unitPrice { amount currency } } } } } } }
}`;
const WHOLE = DEFERRED.replace(' @defer(label: "detail")', '');

type Payload = {
  data?: any;
  incremental?: { data: any; path: (string | number)[]; label?: string }[];
  hasNext?: boolean;
  errors?: unknown[];
};

/** The first payload with every later one merged in at its path. */
function merged(payloads: Payload[]): any {
  const data = structuredClone(payloads[0]!.data);
  for (const p of payloads.slice(1))
    for (const item of p.incremental ?? []) {
      let target = data;
      for (const key of item.path) target = target[key];
      Object.assign(target, item.data);
    }
  return data;
}

function checkPayloads(payloads: Payload[], whole: unknown): void {
  expect(payloads.length).toBe(2);
  const [first, later] = payloads as [Payload, Payload];
  expect(first.errors).toBeUndefined();
  expect(first.hasNext).toBe(true);
  expect(first.data.orders.nodes.length).toBeGreaterThan(0);
  for (const node of first.data.orders.nodes) expect(Object.keys(node).sort()).toEqual(['id', 'number']);
  expect(later.hasNext).toBe(false);
  expect(later.incremental!.length).toBe(first.data.orders.nodes.length);
  expect(later.incremental![0]).toMatchObject({ label: 'detail', path: ['orders', 'nodes', 0] });
  expect(Object.keys(later.incremental![0]!.data).sort()).toEqual(['invoices', 'lines']);
  expect(merged(payloads)).toEqual(whole);
}

describe('@defer through the gateway', () => {
  let whole: unknown;
  beforeAll(async () => {
    const r = await gql(stack.gatewayUrl, WHOLE, { token: stack.token('ACME', 'buyer') });
    expect(r.body.errors).toBeUndefined();
    whole = r.body.data;
    expect((whole as any).orders.nodes[0].lines[0].item.price.unitPrice.amount).toBeTruthy();
  });

  it('HTTP multipart/mixed: the first part without the deferred fields, then the fields in place', async () => {
    const res = await fetch(stack.gatewayUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'multipart/mixed;deferSpec=20220824, application/json',
        authorization: `Bearer ${stack.token('ACME', 'buyer')}`,
      },
      body: JSON.stringify({ query: DEFERRED }),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('multipart/mixed; boundary="-"; deferSpec=20220824');
    const text = await res.text();
    expect(text.startsWith('\r\n---\r\n')).toBe(true);
    expect(text.endsWith('\r\n-----\r\n')).toBe(true);
    const parts = text
      .slice('\r\n---'.length, -'--\r\n'.length)
      .split('\r\n---')
      .filter(Boolean)
      .map((part) => {
        const [head, body] = part.split('\r\n\r\n') as [string, string];
        expect(head.trim().toLowerCase()).toBe('content-type: application/json; charset=utf-8');
        return JSON.parse(body) as Payload;
      });
    checkPayloads(parts, whole);
  });

  it('a client that does not accept multipart gets the whole answer at once', async () => {
    const r = await gql(stack.gatewayUrl, DEFERRED, { token: stack.token('ACME', 'buyer') });
    expect(r.headers.get('content-type')).toContain('application/json');
    expect(r.body).toEqual({ data: whole });
  });

  it('GraphQL over SSE: one `next` event per payload', async () => {
    const res = await fetch(`${stack.gatewayUrl.replace(/\/graphql$/, '')}/graphql/stream`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream', authorization: `Bearer ${stack.token('ACME', 'buyer')}` },
      body: JSON.stringify({ query: DEFERRED }),
    });
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const events = (await res.text()).split('\n\n').filter((e) => e.startsWith('event: '));
    expect(events.map((e) => e.split('\n')[0])).toEqual(['event: next', 'event: next', 'event: complete']);
    checkPayloads(
      events.slice(0, 2).map((e) => JSON.parse(e.split('\n')[1]!.slice('data: '.length)) as Payload),
      whole,
    );
  });

  it('graphql-ws: one `next` message per payload, then complete', async () => {
    const client = wsClient(stack.gatewayUrl, { Authorization: `Bearer ${stack.token('ACME', 'buyer')}` });
    try {
      const payloads: Payload[] = [];
      for await (const payload of client.iterate({ query: DEFERRED })) payloads.push(payload as Payload);
      checkPayloads(payloads, whole);
    } finally {
      await client.dispose();
    }
  });

  it('with GATEWAY_EXECUTOR=apollo (the comparison executor) the deferred fields come in the one answer', async () => {
    let apollo: RunningGateway | undefined;
    try {
      apollo = await startGateway({
        config: loadGatewayConfig({ LOG_LEVEL: 'warn', GATEWAY_EXECUTOR: 'apollo', PORT: '0' }),
        supergraphPath: new URL('../../schema/supergraph.graphql', import.meta.url).pathname,
        port: 0,
        subgraphUrls: Object.fromEntries((stack.services.gateway as RunningGateway).subgraphs.map((s) => [s.name, s.url])),
      });
      const r = await gql(`${apollo.url}/graphql`, DEFERRED, { token: stack.token('ACME', 'buyer') });
      expect(r.body).toEqual({ data: whole });
    } finally {
      await apollo?.close();
    }
  });

  it('a deferred fragment that is switched off (`if: false`) arrives in the one answer', async () => {
    const r = await gql(stack.gatewayUrl, DEFERRED.replace('@defer(label: "detail")', '@defer(label: "detail", if: false)'), {
      token: stack.token('ACME', 'buyer'),
      headers: { accept: 'multipart/mixed, application/json' },
    });
    expect(r.body).toEqual({ data: whole });
  });
});

const CART_DEFERRED = /query CartDetailDeferred[\s\S]*?\n}\n/.exec(
  readFileSync(new URL('../../schema/operations/cart.graphql', import.meta.url), 'utf8'),
)![0];
const INVENTORY_DELAY_MS = 1_500;

/** Reads a streamed answer chunk by chunk and calls `onText` with the text so far and the time of each chunk. */
async function readTimed(res: Response, onText: (text: string, at: number) => void): Promise<void> {
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let text = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return;
    text += decoder.decode(value, { stream: true });
    onText(text, performance.now());
  }
}

describe('the cart page with availability deferred, inventory slow', () => {
  let gateway: RunningGateway;
  let proxy: Awaited<ReturnType<typeof slowAvailabilityProxy>>;
  let cartId: string;
  let whole: any;
  const token = () => stack.token('ACME', 'buyer');

  beforeAll(async () => {
    const subgraphs = (stack.services.gateway as RunningGateway).subgraphs;
    proxy = await slowAvailabilityProxy(subgraphs.find((s) => s.name === 'inventory')!.url, INVENTORY_DELAY_MS);
    gateway = await startGateway({
      config: loadGatewayConfig({ LOG_LEVEL: 'warn', PORT: '0' }),
      supergraphPath: new URL('../../schema/supergraph.graphql', import.meta.url).pathname,
      port: 0,
      subgraphUrls: Object.fromEntries(subgraphs.map((s) => [s.name, s.name === 'inventory' ? `${proxy.url}/graphql` : s.url])),
    });
    const carts = (await gql(stack.gatewayUrl, `{ carts { id lines { id } } }`, { token: token() })).body.data.carts as {
      id: string;
      lines: unknown[];
    }[];
    cartId = carts.find((c) => c.lines.length >= 2)!.id;
    const r = await gql(`${gateway.url}/graphql`, CART_DEFERRED.replace(' @defer(label: "availability")', ''), {
      token: token(),
      variables: { id: cartId },
    });
    expect(r.body.errors).toBeUndefined();
    whole = r.body.data;
  }, 60_000);
  afterAll(async () => {
    await gateway?.close();
    await proxy?.close();
  });

  /** The first payload has prices and no availability; the second only the availability of each line. */
  function checkCart(payloads: Payload[]): void {
    expect(payloads.length).toBe(2);
    const [first, later] = payloads as [Payload, Payload];
    expect(first.hasNext).toBe(true);
    expect(first.data.cart.lines.length).toBe(whole.cart.lines.length);
    for (const line of first.data.cart.lines) {
      expect(line.item.price.unitPrice.amount).toBeTruthy();
      expect(line).not.toHaveProperty('availability');
    }
    expect(later.hasNext).toBe(false);
    expect(later.incremental!.map((i) => i.path)).toEqual(whole.cart.lines.map((_: unknown, n: number) => ['cart', 'lines', n]));
    expect(later.incremental!.every((i) => i.label === 'availability' && Object.keys(i.data).join() === 'availability')).toBe(true);
    expect(merged(payloads)).toEqual(whole);
  }

  it('HTTP multipart: the prices arrive while inventory still works on availability', async () => {
    const started = performance.now();
    const res = await fetch(`${gateway.url}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'multipart/mixed;deferSpec=20220824, application/json',
        authorization: `Bearer ${token()}`,
      },
      body: JSON.stringify({ query: CART_DEFERRED, variables: { id: cartId } }),
    });
    expect(res.headers.get('content-type')).toBe('multipart/mixed; boundary="-"; deferSpec=20220824');
    const arrived: number[] = [];
    let parts: Payload[] = [];
    await readTimed(res, (text, at) => {
      const complete = text
        .split('\r\n---')
        .slice(1)
        .filter((p) => p.includes('\r\n\r\n') && p.trimEnd().endsWith('}'));
      while (arrived.length < complete.length) arrived.push(at);
      parts = complete.map((p) => JSON.parse(p.slice(p.indexOf('\r\n\r\n') + 4)) as Payload);
    });
    checkCart(parts);
    const [first, second] = arrived.map((t) => Math.round(t - started)) as [number, number];
    console.log(
      `multipart: first payload after ${first} ms, deferred after ${second} ms (inventory's availability held ${INVENTORY_DELAY_MS} ms)`,
    );
    expect(second).toBeGreaterThanOrEqual(INVENTORY_DELAY_MS);
    expect(second - first).toBeGreaterThanOrEqual(INVENTORY_DELAY_MS / 2);
  });

  it('SSE: the `next` event with the prices comes before the one with availability, by the inventory delay', async () => {
    const started = performance.now();
    const res = await fetch(`${gateway.url}/graphql/stream`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream', authorization: `Bearer ${token()}` },
      body: JSON.stringify({ query: CART_DEFERRED, variables: { id: cartId } }),
    });
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const arrived: number[] = [];
    let events: string[] = [];
    await readTimed(res, (text, at) => {
      events = text
        .split('\n\n')
        .slice(0, -1)
        .filter((e) => e.startsWith('event: next'));
      while (arrived.length < events.length) arrived.push(at);
    });
    checkCart(events.map((e) => JSON.parse(e.split('\n')[1]!.slice('data: '.length)) as Payload));
    const [first, second] = arrived.map((t) => Math.round(t - started)) as [number, number];
    console.log(
      `SSE: first payload after ${first} ms, deferred after ${second} ms (inventory's availability held ${INVENTORY_DELAY_MS} ms)`,
    );
    expect(second).toBeGreaterThanOrEqual(INVENTORY_DELAY_MS);
    expect(second - first).toBeGreaterThanOrEqual(INVENTORY_DELAY_MS / 2);
  });
});
