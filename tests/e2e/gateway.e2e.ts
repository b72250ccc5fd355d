/**
 * The gateway's protections and operability, through HTTP against the whole stack: operation
 * limits, persisted operations (trusted documents, APQ, persisted-only), CSRF prevention, auth
 * before any subgraph call, partial results when a subgraph is slow or down, OpenTelemetry spans
 * and traceparent propagation, Prometheus series, and graceful shutdown.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { print } from 'graphql';
import { finishedSpans } from '@portal/gateway/telemetry';
import { DEV_INTERNAL_SECRET } from '@portal/platform/config';
import { VIEWER_HEADER, signViewerHeader } from '@portal/platform/auth';
import { parseTraceparent } from '@portal/platform/trace';
import { PortalOverviewDocument } from '../../schema/generated/graphql.js';
import { startTestStack, type TestStack } from '../support/stack.js';
import { errorCodes, gql } from '../support/graphql.js';
import { slowProxy as startSlowProxy, type SlowProxy } from '../support/slow-proxy.js';
import { metricValue } from '../support/transports.js';

let stack: TestStack;
let token: string;
const proxies: SlowProxy[] = [];

beforeAll(async () => {
  // Spans go to an in-memory exporter so the test can read them.
  stack = await startTestStack({ OTEL_TRACES_EXPORTER: 'memory' });
  token = stack.token('ACME', 'buyer');
});
afterAll(async () => {
  for (const p of proxies) await p.close();
  await stack?.stop();
});

/** A slow proxy in front of a subgraph, closed after the file's tests. */
async function slowProxy(target: string): Promise<SlowProxy> {
  const proxy = await startSlowProxy(target);
  proxies.push(proxy);
  return proxy;
}

const metricsText = async (): Promise<string> => (await fetch(`${stack.services.gateway.url}/metrics`)).text();
const subgraphFetches = async () => metricValue(await metricsText(), 'portal_gateway_subgraph_fetches_total');

describe('operation limits', () => {
  it('refuses a depth bomb with QUERY_TOO_DEEP, the limit and the measured depth, before any subgraph is asked', async () => {
    const before = await subgraphFetches();
    const depth = 20;
    const q = `{ item(sku: "X") { ${'successor { '.repeat(depth)} sku ${'} '.repeat(depth)} } }`;
    const r = await gql(stack.gatewayUrl, q, { token });
    expect(r.status).toBe(400);
    expect(r.body.data).toBeUndefined();
    expect(r.body.errors).toHaveLength(1);
    expect(r.body.errors![0]!.extensions).toEqual({ code: 'QUERY_TOO_DEEP', limit: 12, measured: depth + 2 });
    expect(r.body.errors![0]!.message).toMatch(/22 levels deep; the maximum is 12/);
    expect(await subgraphFetches()).toBe(before);
  });

  it('refuses a cost bomb (nested lists with large pages) with QUERY_TOO_COMPLEX', async () => {
    const q = `query($n: Int) { orders(first: $n) { nodes { id lines { sku quantity status } invoices { number lines { sku amount { amount } } } } } }`;
    const r = await gql(stack.gatewayUrl, q, { token, variables: { n: 100 } });
    expect(r.status).toBe(400);
    expect(errorCodes(r)).toEqual(['QUERY_TOO_COMPLEX']);
    expect(r.body.errors![0]!.extensions).toMatchObject({ limit: 25_000 });
    expect(r.body.errors![0]!.extensions!.measured as number).toBeGreaterThan(25_000);
    // The same shape with a small page is fine: the cost follows the variables.
    const small = await gql(stack.gatewayUrl, q, { token, variables: { n: 2 } });
    expect(small.status).toBe(200);
    expect(small.body.errors).toBeUndefined();
  });

  it('refuses an alias flood with TOO_MANY_ALIASES', async () => {
    const q = `{ ${Array.from({ length: 200 }, (_, i) => `a${i}: me { account { id } }`).join(' ')} }`;
    const r = await gql(stack.gatewayUrl, q, { token });
    expect(r.status).toBe(400);
    expect(r.body.errors![0]!.extensions).toEqual({ code: 'TOO_MANY_ALIASES', limit: 30, measured: 200 });
  });

  it('refuses a document over the token limit while parsing (GRAPHQL_PARSE_FAILED)', async () => {
    const q = `{ me { ${'id '.repeat(6_000)} } }`;
    const r = await gql(stack.gatewayUrl, q, { token });
    expect(r.status).toBe(400);
    expect(errorCodes(r)).toEqual(['GRAPHQL_PARSE_FAILED']);
    expect(r.body.errors![0]!.message).toMatch(/5000 tokens/);
  });

  it('runs array batches up to MAX_BATCH and refuses a larger batch whole', async () => {
    const post = (n: number) =>
      fetch(stack.gatewayUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify(Array.from({ length: n }, () => ({ query: '{ me { account { id } } }' }))),
      });
    const ok = await post(3);
    expect(ok.status).toBe(200);
    const results = (await ok.json()) as { data: { me: { account: { id: string } } } }[];
    expect(results.map((x) => x.data.me.account.id)).toEqual(['ACME', 'ACME', 'ACME']);

    const before = await subgraphFetches();
    const tooMany = await post(11);
    expect(tooMany.status).toBe(400);
    const body = (await tooMany.json()) as { errors: { extensions: unknown }[] };
    expect(body.errors[0]!.extensions).toEqual({ code: 'BATCH_TOO_LARGE', limit: 10, measured: 11 });
    expect(await subgraphFetches()).toBe(before);
  });

  it('lets the project’s own operations and GraphiQL’s introspection through', async () => {
    const manifest = (await (await fetch(`${stack.services.gateway.url}/persisted-operations.json`)).json()) as {
      operations: { name: string; type: string; body: string }[];
    };
    for (const op of manifest.operations.filter((o) => o.type === 'query')) {
      const r = await gql(stack.gatewayUrl, op.body, { token, variables: { id: 'none', orderId: 'none', number: 'none' } });
      expect(
        errorCodes(r).filter((c) => c === 'QUERY_TOO_COMPLEX' || c === 'QUERY_TOO_DEEP' || c === 'TOO_MANY_ALIASES'),
        op.name,
      ).toEqual([]);
    }
    const { getIntrospectionQuery } = await import('graphql');
    const intro = await gql(stack.gatewayUrl, getIntrospectionQuery({ descriptions: true, inputValueDeprecation: true }), { token });
    expect(intro.status).toBe(200);
    expect(intro.body.data.__schema.queryType.name).toBe('Query');
  });
});

describe('persisted operations', () => {
  const hashOnly = (url: string, sha256Hash: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = {}) =>
    fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, ...headers },
      body: JSON.stringify({ variables, extensions: { persistedQuery: { version: 1, sha256Hash } } }),
    }).then(async (res) => ({
      status: res.status,
      body: (await res.json()) as { data?: any; errors?: { message: string; extensions: { code: string } }[] },
    }));

  let manifest: { format: string; operations: { id: string; name: string; type: string; body: string }[] };
  beforeAll(async () => {
    manifest = (await (await fetch(`${stack.services.gateway.url}/persisted-operations.json`)).json()) as typeof manifest;
  });

  it('lists every operation of schema/operations with its sha256 in the manifest', () => {
    expect(manifest.format).toBe('apollo-persisted-query-manifest');
    const names = manifest.operations.map((o) => o.name);
    expect(names).toEqual(expect.arrayContaining(['PortalOverview', 'CartDetail', 'SavedCarts', 'OrderHistory']));
    for (const op of manifest.operations) expect(op.id).toMatch(/^[0-9a-f]{64}$/);
    // What a client holding the generated typed document would hash.
    expect(manifest.operations.find((o) => o.name === 'PortalOverview')!.body).toBe(print(PortalOverviewDocument));
  });

  it('runs a trusted document sent by hash alone', async () => {
    const overview = manifest.operations.find((o) => o.name === 'PortalOverview')!;
    const r = await hashOnly(stack.gatewayUrl, overview.id, { first: 2 });
    expect(r.status).toBe(200);
    expect(r.body.errors).toBeUndefined();
    expect(r.body.data.me.account.id).toBe('ACME');
    expect(r.body.data.items.nodes).toHaveLength(2);
  });

  it('speaks APQ for ad-hoc operations: not found, registered with the text, then served by hash', async () => {
    const { createHash } = await import('node:crypto');
    const query = `{ me { account { id name } } }`;
    const hash = createHash('sha256').update(query).digest('hex');
    const miss = await hashOnly(stack.gatewayUrl, hash);
    expect(miss.body.errors![0]!.extensions.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    const register = await fetch(stack.gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, extensions: { persistedQuery: { version: 1, sha256Hash: hash } } }),
    });
    expect(register.status).toBe(200);
    const hit = await hashOnly(stack.gatewayUrl, hash);
    expect(hit.body.data.me.account.id).toBe('ACME');
  });

  it('with PERSISTED_ONLY refuses an ad-hoc query (also as APQ) and runs trusted documents by hash or identical text', async () => {
    const gw = await stack.extraGateway({ PERSISTED_ONLY: 'true' });
    const url = `${gw.url}/graphql`;
    const before = await subgraphFetches();
    const adHoc = await gql(url, '{ me { account { id } } }', { token });
    expect(adHoc.status).toBe(400);
    expect(adHoc.body.data).toBeUndefined();
    expect(errorCodes(adHoc)).toEqual(['PERSISTED_QUERY_NOT_ALLOWED']);
    expect(adHoc.body.errors![0]!.message).toMatch(/persisted-operations\.json/);

    // Registering an ad-hoc query through APQ is refused too, so its hash never becomes runnable.
    const { createHash } = await import('node:crypto');
    const query = '{ me { user { id } } }';
    const hash = createHash('sha256').update(query).digest('hex');
    const register = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, extensions: { persistedQuery: { version: 1, sha256Hash: hash } } }),
    });
    expect(register.status).toBe(400);
    expect((await hashOnly(url, hash)).body.errors![0]!.extensions.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    expect(await subgraphFetches()).toBe(before);

    const overview = manifest.operations.find((o) => o.name === 'PortalOverview')!;
    const byHash = await hashOnly(url, overview.id, { first: 1 });
    expect(byHash.status).toBe(200);
    expect(byHash.body.data.items.nodes).toHaveLength(1);
    const byText = await gql(url, print(PortalOverviewDocument), { token, variables: { first: 1 } });
    expect(byText.status).toBe(200);
    expect(byText.body.data.me.account.id).toBe('ACME');
  });
});

describe('CSRF prevention', () => {
  it('refuses simple browser requests (form or text/plain POST, header-less GET) before authentication', async () => {
    const body = JSON.stringify({ query: '{ me { account { id } } }' });
    for (const contentType of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
      const res = await fetch(stack.gatewayUrl, {
        method: 'POST',
        headers: { 'content-type': contentType, authorization: `Bearer ${token}` },
        body,
      });
      expect(res.status, contentType).toBe(400);
      const json = (await res.json()) as { data?: unknown; errors: { message: string; extensions: { code: string } }[] };
      expect(json.data).toBeUndefined();
      expect(json.errors[0]!.extensions.code).toBe('BAD_REQUEST');
      expect(json.errors[0]!.message).toMatch(/Cross-Site Request Forgery/);
    }
    const get = await fetch(`${stack.gatewayUrl}?query=${encodeURIComponent('{ me { account { id } } }')}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(get.status).toBe(400);
  });

  it('accepts JSON POSTs and GETs that force a preflight (apollo-require-preflight)', async () => {
    const get = await fetch(`${stack.gatewayUrl}?query=${encodeURIComponent('{ me { account { id } } }')}`, {
      headers: { authorization: `Bearer ${token}`, 'apollo-require-preflight': 'true' },
    });
    expect(get.status).toBe(200);
    expect(((await get.json()) as { data: { me: { account: { id: string } } } }).data.me.account.id).toBe('ACME');
  });
});

describe('auth: no operation reaches a subgraph without a verified viewer', () => {
  it('a request without a valid token is refused at the gateway; no subgraph is called', async () => {
    const before = await subgraphFetches();
    const none = await gql(stack.gatewayUrl, '{ me { account { id } } items(first: 1) { nodes { sku } } }');
    const bad = await gql(stack.gatewayUrl, '{ me { account { id } } }', { token: `${token}x` });
    for (const r of [none, bad]) {
      expect(r.status).toBe(401);
      expect(errorCodes(r)).toEqual(['UNAUTHENTICATED']);
    }
    expect(await subgraphFetches()).toBe(before);
  });

  it('every subgraph refuses a forged, an expired and a replayed-then-edited viewer header sent directly', async () => {
    const viewer = { userId: 'acme-admin', accountId: 'ACME', roles: ['admin' as const] };
    const forged = signViewerHeader(viewer, 'attacker-secret-attacker-secret-0000');
    const expired = signViewerHeader(viewer, DEV_INTERNAL_SECRET, Math.floor(Date.now() / 1000) - 3_600);
    const [, sig] = signViewerHeader({ ...viewer, roles: ['buyer'] }, DEV_INTERNAL_SECRET).split('.');
    const escalated = `${Buffer.from(JSON.stringify({ ...viewer, exp: 4_000_000_000 })).toString('base64url')}.${sig}`;
    for (const name of ['pricing', 'inventory', 'orders', 'invoices'] as const) {
      for (const header of [forged, expired, escalated]) {
        const res = await fetch(`${stack.services[name].url}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', [VIEWER_HEADER]: header },
          body: JSON.stringify({ query: '{ __typename }' }),
        });
        expect(res.status, name).toBe(401);
        const json = (await res.json()) as { data?: unknown; errors: { extensions: { code: string } }[] };
        expect(json.data).toBeUndefined();
        expect(json.errors[0]!.extensions.code).toBe('UNAUTHENTICATED');
      }
    }
  });
});

describe('telemetry', () => {
  for (const executor of ['portal', 'apollo'] as const) {
    it(`records plan and fetch spans in the client’s trace; each subgraph gets its fetch span as parent (${executor} executor)`, async () => {
      const proxy = await slowProxy(stack.services.pricing.url);
      const gw = await stack.extraGateway({ GATEWAY_EXECUTOR: executor }, { pricing: `${proxy.url}/graphql` });
      const traceId = randomBytes(16).toString('hex');
      const clientSpan = randomBytes(8).toString('hex');
      const r = await gql(
        `${gw.url}/graphql`,
        `query Priced { me { account { id } } items(first: 2) { nodes { sku price(quantity: 1) { unitPrice { amount } } } } }`,
        { token, headers: { traceparent: `00-${traceId}-${clientSpan}-01` } },
      );
      expect(r.body.errors).toBeUndefined();
      const serverSpanId = parseTraceparent(r.headers.get('traceresponse') ?? '')!.spanId;

      const spans = finishedSpans().filter((s) => s.spanContext().traceId === traceId);
      const byId = new Map(spans.map((s) => [s.spanContext().spanId, s]));
      const server = byId.get(serverSpanId);
      expect(server?.name).toBe('POST /graphql');
      expect(server?.parentSpanId).toBe(clientSpan); // the client's span is the parent
      /** Every span of the request descends from the server span. */
      const underServer = (id: string | undefined): boolean => !!id && (id === serverSpanId || underServer(byId.get(id)?.parentSpanId));
      const plan = spans.filter((s) => s.name === 'gateway.plan');
      expect(plan).toHaveLength(1);
      expect(underServer(plan[0]!.parentSpanId)).toBe(true);
      const fetches = spans.filter((s) => s.name === 'gateway.fetch');
      expect(fetches.map((s) => s.attributes.service).sort()).toEqual(['inventory', 'orders', 'pricing']);
      for (const f of fetches) expect(underServer(f.parentSpanId)).toBe(true);

      // The pricing subgraph (behind the proxy) received the pricing fetch span as its parent.
      const sent = proxy.seen.map((h) => parseTraceparent(h.traceparent)).filter((t) => t?.traceId === traceId);
      expect(sent).toHaveLength(1);
      const pricingFetch = fetches.find((s) => s.attributes.service === 'pricing')!;
      expect(sent[0]!.spanId).toBe(pricingFetch.spanContext().spanId);
    });
  }

  it('exposes request rate, latency, errors by code, subgraph fetches and active subscriptions on /metrics', async () => {
    await gql(stack.gatewayUrl, '{ me { account { id } } }', { token });
    const text = await metricsText();
    expect(metricValue(text, 'portal_gateway_operations_total', { operation_type: 'query', outcome: 'ok' })).toBeGreaterThan(0);
    expect(metricValue(text, 'portal_gateway_operations_total', { outcome: 'refused' })).toBeGreaterThan(0);
    expect(metricValue(text, 'portal_gateway_operation_duration_seconds_count', { operation_type: 'query' })).toBeGreaterThan(0);
    expect(text).toMatch(/portal_gateway_operation_duration_seconds_bucket\{le="0.05",operation_type="query"\}/);
    expect(metricValue(text, 'portal_graphql_errors_total', { service: 'gateway', code: 'QUERY_TOO_DEEP' })).toBeGreaterThan(0);
    expect(metricValue(text, 'portal_gateway_refused_operations_total', { code: 'PERSISTED_QUERY_NOT_ALLOWED' })).toBeGreaterThan(0);
    expect(metricValue(text, 'portal_gateway_subgraph_fetches_total', { subgraph: 'orders', outcome: 'ok' })).toBeGreaterThan(0);
    expect(text).toMatch(/^portal_gateway_active_subscriptions \d+$/m);
  });
});

describe('partial results and graceful shutdown', () => {
  const SPANNING = `{ me { account { id } } items(first: 2) { nodes { sku price(quantity: 1) { unitPrice { amount } } } } invoices(first: 1) { totalCount } }`;

  it('a subgraph slower than its own timeout yields the other subgraphs’ data and SUBGRAPH_TIMEOUT naming it', async () => {
    const proxy = await slowProxy(stack.services.pricing.url);
    // Only pricing has a short timeout (SUBGRAPH_<NAME>_TIMEOUT_MS); the others keep the default.
    const gw = await stack.extraGateway({ SUBGRAPH_PRICING_TIMEOUT_MS: '300' }, { pricing: `${proxy.url}/graphql` });
    proxy.delayMs = 1_500;
    const started = Date.now();
    const r = await gql(`${gw.url}/graphql`, SPANNING, { token });
    expect(Date.now() - started).toBeLessThan(1_400);
    expect(r.status).toBe(200);
    expect(r.body.data.me.account.id).toBe('ACME');
    expect(r.body.data.invoices.totalCount).toBeGreaterThan(0);
    expect(r.body.data.items.nodes.map((n: { sku: string; price: unknown }) => n.price)).toEqual([null, null]);
    expect(r.body.data.items.nodes[0].sku).toBeTruthy();
    expect(r.body.errors).toHaveLength(1);
    expect(r.body.errors![0]!.extensions).toEqual({ code: 'SUBGRAPH_TIMEOUT', serviceName: 'pricing' });
    expect(r.body.errors![0]!.message).not.toContain('127.0.0.1'); // no internal addresses to clients
  });

  it('drains an in-flight request on close, then refuses new connections', async () => {
    const proxy = await slowProxy(stack.services.pricing.url);
    const gw = await stack.extraGateway({ SHUTDOWN_TIMEOUT_MS: '5000' }, { pricing: `${proxy.url}/graphql` });
    proxy.delayMs = 700;
    const inFlight = gql(`${gw.url}/graphql`, SPANNING, { token });
    await new Promise((r) => setTimeout(r, 200));
    const closing = gw.close();
    const r = await inFlight;
    expect(r.status).toBe(200);
    expect(r.body.errors).toBeUndefined();
    expect(r.body.data.items.nodes[0].price.unitPrice.amount).toMatch(/^\d+\.\d{2}$/);
    const started = Date.now();
    await closing;
    expect(Date.now() - started).toBeLessThan(2_000); // did not wait for the deadline
    await expect(fetch(`${gw.url}/health`)).rejects.toThrow();
  });

  // Last: stops the stack's pricing subgraph.
  it('a stopped subgraph yields partial data, an error naming it, HTTP 200, and /ready says which', async () => {
    await stack.services.pricing.close();
    const r = await gql(stack.gatewayUrl, SPANNING, { token });
    expect(r.status).toBe(200);
    expect(r.body.data.me.account.id).toBe('ACME'); // orders
    expect(r.body.data.items.nodes).toHaveLength(2); // inventory
    expect(r.body.data.invoices.totalCount).toBeGreaterThan(0); // invoices
    for (const node of r.body.data.items.nodes) expect(node.price).toBeNull(); // pricing
    expect(r.body.errors).toHaveLength(1);
    expect(r.body.errors![0]!.extensions).toEqual({ code: 'SUBGRAPH_UNAVAILABLE', serviceName: 'pricing' });
    expect(r.body.errors![0]!.message).toMatch(/subgraph "pricing" is unavailable/);

    const ready = await fetch(`${stack.services.gateway.url}/ready`);
    expect(ready.status).toBe(503);
    expect(((await ready.json()) as { reason: string }).reason).toMatch(/pricing/);
    const text = await metricsText();
    expect(metricValue(text, 'portal_gateway_subgraph_fetches_total', { subgraph: 'pricing', outcome: 'unavailable' })).toBeGreaterThan(0);
    expect(metricValue(text, 'portal_graphql_errors_total', { service: 'gateway', code: 'SUBGRAPH_UNAVAILABLE' })).toBeGreaterThan(0);
  });
});
