/**
 * One pipeline, every transport: each case is sent as a client would — over GraphQL over HTTP
 * (POST and GET on /graphql), GraphQL over SSE (GET and POST on /graphql/stream) and graphql-ws —
 * and must get the same refusal on each (HTTP status and error code; graphql-ws: its `error`
 * message with the same code, or close 4403 for a bad token). Cases: introspection off (and no
 * "Did you mean" suggestions), persisted-only, CSRF (text/plain POST, GET without the preflight
 * header), mutations over GET, variables the gateway refuses (wrong types, null, out of range, an
 * impossible date, nested 20,000 deep), several operations without / with an unknown name, an APQ
 * hash that is not the text's, and bad tokens. Then clean ends: clients that abort SSE
 * subscriptions (GET and POST) or close their socket leave no active subscription and no upstream
 * subscription behind.
 */
import { createHash } from 'node:crypto';
import net from 'node:net';
import { print } from 'graphql';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, type RunningGateway } from '@portal/gateway';
import { loadGatewayConfig } from '@portal/gateway/config';
import { waitFor } from '@portal/testkit';
import { PortalOverviewDocument } from '../../schema/generated/graphql.js';
import { gql } from '../support/graphql.js';
import { startTestStack, type TestStack } from '../support/stack.js';

let stack: TestStack;
let token: string;
const gateways: Record<'default' | 'noIntrospection' | 'persistedOnly', string> = { default: '', noIntrospection: '', persistedOnly: '' };
const extra: RunningGateway[] = [];

const subgraphUrls = (overrides: Record<string, string> = {}) => ({
  ...Object.fromEntries((stack.services.gateway as RunningGateway).subgraphs.map((s) => [s.name, s.url])),
  ...overrides,
});

async function extraGateway(env: Record<string, string>, urls: Record<string, string> = {}): Promise<RunningGateway> {
  const gw = await startGateway({
    config: loadGatewayConfig({ ...process.env, LOG_LEVEL: 'warn', ...env }),
    port: 0,
    subgraphUrls: subgraphUrls(urls),
  });
  extra.push(gw);
  return gw;
}

beforeAll(async () => {
  stack = await startTestStack({ ERP_FULFILMENT_INTERVAL_MS: '0', ORDERS_SUBSCRIPTION_POLL_MS: '1000' });
  token = stack.token('ACME', 'buyer');
  gateways.default = stack.services.gateway.url;
  gateways.noIntrospection = (await extraGateway({ INTROSPECTION: 'false' })).url;
  gateways.persistedOnly = (await extraGateway({ PERSISTED_ONLY: 'true' })).url;
});
afterAll(async () => {
  for (const g of extra) await g.close().catch(() => {});
  await stack?.stop();
});

// ---------------------------------------------------------------- one client, five transports

type Transport = 'http POST' | 'http GET' | 'sse GET' | 'sse POST' | 'graphql-ws';
const ALL: Transport[] = ['http POST', 'http GET', 'sse GET', 'sse POST', 'graphql-ws'];
const POSTS: Transport[] = ['http POST', 'sse POST'];
const GETS: Transport[] = ['http GET', 'sse GET'];

interface Request {
  query?: string;
  variables?: Record<string, unknown>;
  /** `variables` as JSON text, sent as is (a value too deep for this process's JSON.stringify). */
  rawVariables?: string;
  operationName?: string;
  extensions?: Record<string, unknown>;
  /** `null`: no Authorization at all. */
  token?: string | null;
  /** POST content-type (default application/json). */
  contentType?: string;
  /** Send the CSRF preflight header on GET (default true: a well-behaved non-browser client). */
  preflight?: boolean;
}

/** What came back, reduced to what must be equal across transports. */
interface Answer {
  /** HTTP status (HTTP and SSE); graphql-ws has none. */
  status?: number;
  /** graphql-ws: the socket's close code, when it was closed instead of answered. */
  closeCode?: number;
  codes: string[];
  messages: string[];
  /** The body had the one error shape: `{ errors: [{ message, extensions: { code } }] }` and nothing else. */
  errorShape: boolean;
  data?: unknown;
  serviceNames: string[];
}

function reduce(status: number | undefined, body: any): Answer {
  const errors: any[] = Array.isArray(body?.errors) ? body.errors : [];
  return {
    ...(status !== undefined ? { status } : {}),
    codes: errors.map((e) => e?.extensions?.code),
    messages: errors.map((e) => e?.message),
    errorShape:
      errors.length > 0 &&
      !('error' in (body ?? {})) &&
      errors.every((e) => typeof e?.message === 'string' && typeof e?.extensions?.code === 'string'),
    ...(body && 'data' in body ? { data: body.data } : {}),
    serviceNames: errors.map((e) => e?.extensions?.serviceName).filter(Boolean),
  };
}

const auth = (r: Request): Record<string, string> => {
  const t = r.token === undefined ? token : r.token;
  return t === null ? {} : { authorization: `Bearer ${t}` };
};

function search(r: Request): string {
  const q = new URLSearchParams();
  if (r.query !== undefined) q.set('query', r.query);
  if (r.operationName) q.set('operationName', r.operationName);
  if (r.variables) q.set('variables', JSON.stringify(r.variables));
  if (r.extensions) q.set('extensions', JSON.stringify(r.extensions));
  return q.toString();
}

/** The operation as JSON text, with `rawVariables` spliced in verbatim. */
function jsonBody(r: Request): string {
  const text = JSON.stringify({
    ...(r.query !== undefined ? { query: r.query } : {}),
    ...(r.operationName ? { operationName: r.operationName } : {}),
    variables: r.rawVariables ? '\u0000raw' : (r.variables ?? {}),
    ...(r.extensions ? { extensions: r.extensions } : {}),
  });
  return r.rawVariables ? text.replace('"\\u0000raw"', r.rawVariables) : text;
}

/** Reads an SSE answer: a refusal is JSON; a stream is read up to its first `next` event. */
async function sseAnswer(res: Response, controller: AbortController): Promise<Answer> {
  if (!(res.headers.get('content-type') ?? '').includes('text/event-stream')) return reduce(res.status, await res.json());
  const reader = res.body!.getReader();
  let text = '';
  const deadline = Date.now() + 15_000;
  while (!/event: next\ndata: .*\n\n/.test(text) && Date.now() < deadline) {
    const { value, done } = await reader.read();
    if (done) break;
    text += new TextDecoder().decode(value);
  }
  controller.abort();
  const data = /event: next\ndata: (.*)\n\n/.exec(text)?.[1];
  return reduce(res.status, data ? JSON.parse(data) : { errors: [{ message: `no next event: ${text.slice(0, 200)}` }] });
}

async function send(base: string, transport: Transport, r: Request): Promise<Answer> {
  const preflight: Record<string, string> = r.preflight === false ? {} : { 'apollo-require-preflight': 'true' };
  const postHeaders = { 'content-type': r.contentType ?? 'application/json', ...auth(r) };
  switch (transport) {
    case 'http POST': {
      const res = await fetch(`${base}/graphql`, { method: 'POST', headers: postHeaders, body: jsonBody(r) });
      return reduce(res.status, await res.json());
    }
    case 'http GET': {
      const res = await fetch(`${base}/graphql?${search(r)}`, { headers: { ...preflight, ...auth(r) } });
      return reduce(res.status, await res.json());
    }
    case 'sse GET': {
      const controller = new AbortController();
      const res = await fetch(`${base}/graphql/stream?${search(r)}`, {
        headers: { accept: 'text/event-stream', ...preflight, ...auth(r) },
        signal: controller.signal,
      });
      return sseAnswer(res, controller);
    }
    case 'sse POST': {
      const controller = new AbortController();
      const res = await fetch(`${base}/graphql/stream`, {
        method: 'POST',
        headers: { accept: 'text/event-stream', ...postHeaders },
        body: jsonBody(r),
        signal: controller.signal,
      });
      return sseAnswer(res, controller);
    }
    case 'graphql-ws':
      return r.rawVariables ? rawWsAnswer(base, r) : wsAnswer(base, r);
  }
}

function wsAnswer(base: string, r: Request): Promise<Answer> {
  const t = r.token === undefined ? token : r.token;
  const client = createClient({
    url: `${base.replace(/^http/, 'ws')}/graphql`,
    webSocketImpl: WebSocket,
    connectionParams: t === null ? {} : { Authorization: `Bearer ${t}` },
    retryAttempts: 0,
    lazy: true,
  });
  return new Promise<Answer>((resolve) => {
    let closeCode: number | undefined;
    const finish = (a: Answer) => {
      stop();
      void client.dispose();
      resolve(a);
    };
    client.on('closed', (e) => (closeCode ??= (e as { code?: number }).code));
    const stop = client.subscribe(
      {
        query: r.query ?? '',
        ...(r.operationName ? { operationName: r.operationName } : {}),
        variables: r.variables ?? {},
        ...(r.extensions ? { extensions: r.extensions } : {}),
      },
      {
        next: (result) => finish(reduce(undefined, result)),
        error: (err) =>
          finish(
            Array.isArray(err)
              ? reduce(undefined, { errors: err })
              : {
                  closeCode: closeCode ?? (err as { code?: number }).code ?? -1,
                  codes: [],
                  messages: [],
                  errorShape: false,
                  serviceNames: [],
                },
          ),
        complete: () => finish(reduce(undefined, { errors: [{ message: 'completed without a result' }] })),
      },
    );
  });
}

/** graphql-ws by hand (the client library would JSON.stringify the variables): init, one subscribe, its first answer. */
function rawWsAnswer(base: string, r: Request): Promise<Answer> {
  const socket = new WebSocket(`${base.replace(/^http/, 'ws')}/graphql`, 'graphql-transport-ws');
  return new Promise<Answer>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no answer over graphql-ws')), 15_000);
    const done = (a: Answer) => {
      clearTimeout(timer);
      socket.close();
      resolve(a);
    };
    socket.on('open', () =>
      socket.send(JSON.stringify({ type: 'connection_init', payload: { Authorization: `Bearer ${r.token ?? token}` } })),
    );
    socket.on('close', (code) => done({ closeCode: code, codes: [], messages: [], errorShape: false, serviceNames: [] }));
    socket.on('message', (raw) => {
      const message = JSON.parse(String(raw)) as { type: string; payload?: any };
      if (message.type === 'connection_ack') socket.send(`{"id":"1","type":"subscribe","payload":${jsonBody(r)}}`);
      else if (message.type === 'error') done(reduce(undefined, { errors: message.payload }));
      else if (message.type === 'next') done(reduce(undefined, message.payload));
    });
  });
}

// ---------------------------------------------------------------- metrics

async function metricsText(base = gateways.default): Promise<string> {
  return (await fetch(`${base}/metrics`)).text();
}
function metricValue(text: string, name: string, labels: Record<string, string> = {}): number {
  let sum = 0;
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    if (!Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`))) continue;
    sum += Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return sum;
}
const subgraphFetches = async () => metricValue(await metricsText(), 'portal_gateway_subgraph_fetches_total');
const activeSubscriptions = async () => metricValue(await metricsText(), 'portal_gateway_active_subscriptions');
const upstreamOperations = async () => metricValue(await metricsText(), 'portal_gateway_upstream_operations');

// ---------------------------------------------------------------- the table

interface Case {
  name: string;
  gateway?: keyof typeof gateways;
  request: Request;
  transports: Transport[];
  /** HTTP status on HTTP and SSE. */
  status: number;
  code: string;
  message?: RegExp;
  /** Must not appear in any message (schema details). */
  notMessage?: RegExp;
}

const ME = '{ me { account { id } } }';
const AVAILABILITY = 'query($sku: ID!, $quantity: Int!) { item(sku: $sku) { availability(quantity: $quantity) { status } } }';
const ON_DATE = 'query($sku: ID!, $date: Date) { item(sku: $sku) { availability(quantity: 1, requestedDate: $date) { status } } }';
const TWO_OPS = 'query A { me { user { id } } } query B { me { account { id } } }';
const nested = (depth: number): unknown => JSON.parse('['.repeat(depth) + '"x"' + ']'.repeat(depth));
const sha = (text: string) => createHash('sha256').update(text).digest('hex');

const CASES: Case[] = [
  {
    name: 'introspection off: __schema',
    gateway: 'noIntrospection',
    request: { query: '{ __schema { queryType { name } } }' },
    transports: ALL,
    status: 400,
    code: 'GRAPHQL_VALIDATION_FAILED',
    message: /introspection is not allowed/,
  },
  {
    name: 'introspection off: no field suggestions',
    gateway: 'noIntrospection',
    request: { query: '{ me { role } }' },
    transports: ALL,
    status: 400,
    code: 'GRAPHQL_VALIDATION_FAILED',
    message: /Cannot query field "role" on type "Viewer"\.$/,
    notMessage: /Did you mean|roles/,
  },
  {
    name: 'introspection off: no enum or input field suggestions in variable errors',
    gateway: 'noIntrospection',
    request: {
      query: 'query($f: InvoiceFilter) { invoices(filter: $f) { totalCount } }',
      variables: { f: { status: 'PAYED', dueFom: '2026-01-01' } },
    },
    transports: ALL,
    status: 400,
    code: 'BAD_USER_INPUT',
    notMessage: /Did you mean|PAID|dueFrom/,
  },
  {
    name: 'persisted-only: an ad-hoc query',
    gateway: 'persistedOnly',
    request: { query: ME },
    transports: ALL,
    status: 400,
    code: 'PERSISTED_QUERY_NOT_ALLOWED',
  },
  {
    name: 'persisted-only: an ad-hoc mutation',
    gateway: 'persistedOnly',
    request: { query: 'mutation { createCart(input: { name: "persisted-only" }) { __typename } }' },
    transports: [...POSTS, 'graphql-ws'],
    status: 400,
    code: 'PERSISTED_QUERY_NOT_ALLOWED',
  },
  {
    name: 'persisted-only: an ad-hoc subscription',
    gateway: 'persistedOnly',
    request: { query: 'subscription { accountOrderUpdates { cursor } }' },
    transports: ['sse GET', 'sse POST', 'graphql-ws'],
    status: 400,
    code: 'PERSISTED_QUERY_NOT_ALLOWED',
  },
  {
    name: 'CSRF: a text/plain POST',
    request: { query: 'mutation { createCart(input: { name: "csrf" }) { __typename } }', contentType: 'text/plain' },
    transports: POSTS,
    status: 400,
    code: 'BAD_REQUEST',
    message: /Cross-Site Request Forgery/,
  },
  {
    name: 'CSRF: a form POST',
    request: { query: ME, contentType: 'application/x-www-form-urlencoded' },
    transports: POSTS,
    status: 400,
    code: 'BAD_REQUEST',
    message: /Cross-Site Request Forgery/,
  },
  {
    name: 'CSRF: a GET without the preflight header',
    request: { query: ME, preflight: false },
    transports: GETS,
    status: 400,
    code: 'BAD_REQUEST',
    message: /Cross-Site Request Forgery/,
  },
  {
    name: 'a mutation over GET',
    request: { query: 'mutation { createCart(input: { name: "over GET" }) { __typename } }' },
    transports: GETS,
    status: 405,
    code: 'BAD_REQUEST',
    message: /GET requests only support/,
  },
  ...(
    [
      ['a fraction for an Int', 1.5],
      ['a string for an Int', '7'],
      ['null for an Int!', null],
      ['2^31 for an Int', 2 ** 31],
    ] as const
  ).map(([name, quantity]): Case => ({
    name: `variables: ${name}`,
    request: { query: AVAILABILITY, variables: { sku: 'BOLT-0001', quantity } },
    transports: ALL,
    status: 400,
    code: 'BAD_USER_INPUT',
    message: /Variable "\$quantity"/,
  })),
  {
    name: 'variables: an impossible date',
    request: { query: ON_DATE, variables: { sku: 'BOLT-0001', date: '2026-02-30' } },
    transports: ALL,
    status: 400,
    code: 'BAD_USER_INPUT',
    message: /Variable "\$date".*YYYY-MM-DD/,
  },
  {
    name: 'variables: a required one missing',
    request: { query: AVAILABILITY, variables: { sku: 'BOLT-0001' } },
    transports: ALL,
    status: 400,
    code: 'BAD_USER_INPUT',
    message: /Variable "\$quantity" of required type "Int!" was not provided/,
  },
  {
    name: 'variables: a value nested 20,000 deep',
    request: { query: AVAILABILITY, rawVariables: `{"sku":${'['.repeat(20_000)}"x"${']'.repeat(20_000)},"quantity":1}` },
    transports: [...POSTS, 'graphql-ws'],
    status: 400,
    code: 'BAD_USER_INPUT',
    message: /Variable "\$sku" is nested more than 32 levels deep/,
  },
  {
    // A URL cannot carry 20,000 levels; 100 is as far over the bound.
    name: 'variables: a value nested 100 deep, over GET',
    request: { query: AVAILABILITY, variables: { sku: nested(100), quantity: 1 } },
    transports: GETS,
    status: 400,
    code: 'BAD_USER_INPUT',
    message: /Variable "\$sku" is nested more than 32 levels deep/,
  },
  {
    name: 'several operations, no operationName',
    request: { query: TWO_OPS },
    transports: ALL,
    status: 400,
    code: 'OPERATION_RESOLUTION_FAILURE',
    message: /Must provide operation name/,
  },
  {
    name: 'several operations, an unknown operationName',
    request: { query: TWO_OPS, operationName: 'C' },
    transports: ALL,
    status: 400,
    code: 'OPERATION_RESOLUTION_FAILURE',
    message: /Unknown operation named "C"/,
  },
  {
    name: 'APQ: a hash that is not the text’s',
    request: { query: ME, extensions: { persistedQuery: { version: 1, sha256Hash: sha('{ me { user { id } } }') } } },
    transports: ALL,
    status: 400,
    code: 'PERSISTED_QUERY_HASH_MISMATCH',
  },
  {
    name: 'APQ: an unknown hash alone',
    request: { query: '', extensions: { persistedQuery: { version: 1, sha256Hash: sha('{ me { user { name } } }') } } },
    transports: ALL,
    status: 200,
    code: 'PERSISTED_QUERY_NOT_FOUND',
  },
  {
    name: 'no token',
    request: { query: ME, token: null },
    transports: ALL,
    status: 401,
    code: 'UNAUTHENTICATED',
  },
  {
    name: 'a bad token',
    request: { query: ME, token: `${'x'.repeat(20)}.${'y'.repeat(20)}.z` },
    transports: ALL,
    status: 401,
    code: 'UNAUTHENTICATED',
  },
];

describe('the same refusal on every transport', () => {
  it.each(CASES.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const base = gateways[c.gateway ?? 'default'];
    const cartsBefore = await cartCount();
    const fetchesBefore = await subgraphFetches();
    const answers: Partial<Record<Transport, Answer>> = {};
    for (const transport of c.transports) answers[transport] = await send(base, transport, c.request);
    const failures: string[] = [];
    for (const [transport, a] of Object.entries(answers) as [Transport, Answer][]) {
      const bad = (why: string) => failures.push(`${transport}: ${why} — ${JSON.stringify(a).slice(0, 300)}`);
      if (transport === 'graphql-ws' && c.code === 'UNAUTHENTICATED') {
        if (a.closeCode !== 4403) bad('socket not closed with 4403');
        continue;
      }
      if (transport !== 'graphql-ws' && a.status !== c.status) bad(`status ${a.status}, expected ${c.status}`);
      if (!a.errorShape) bad('not the { errors: [{ message, extensions: { code } }] } shape');
      if (!a.codes.length || a.codes.some((code) => code !== c.code)) bad(`codes ${a.codes.join(',')}, expected ${c.code}`);
      if (a.data !== undefined) bad('a refusal carries data');
      if (a.serviceNames.length) bad(`answered by a subgraph (${a.serviceNames.join(',')}), not the gateway`);
      if (c.message && !a.messages.some((m) => c.message!.test(m))) bad(`no message matches ${c.message}`);
      if (c.notMessage && a.messages.some((m) => c.notMessage!.test(m))) bad(`a message shows ${c.notMessage}`);
    }
    // The same answer everywhere: one status (HTTP, SSE) and one list of codes (all).
    const httpLike = Object.entries(answers).filter(([t]) => t !== 'graphql-ws');
    expect(new Set(httpLike.map(([, a]) => a.status)).size, JSON.stringify(answers)).toBe(1);
    if (c.code !== 'UNAUTHENTICATED')
      expect(new Set(Object.values(answers).map((a) => a.codes.join(','))).size, JSON.stringify(answers)).toBe(1);
    expect(failures).toEqual([]);
    // Refused before planning: no subgraph was asked, nothing was created.
    expect(await subgraphFetches()).toBe(fetchesBefore);
    expect(await cartCount()).toBe(cartsBefore);
  });

  it('a variable too deep is not a subgraph failure (nothing counted as unavailable)', async () => {
    const text = await metricsText();
    expect(metricValue(text, 'portal_gateway_subgraph_fetches_total', { outcome: 'unavailable' })).toBe(0);
    expect(metricValue(text, 'portal_graphql_errors_total', { service: 'gateway', code: 'SUBGRAPH_UNAVAILABLE' })).toBe(0);
    expect(metricValue(text, 'portal_graphql_errors_total', { service: 'gateway', code: 'INTERNAL_SERVER_ERROR' })).toBe(0);
    expect(metricValue(text, 'portal_gateway_refused_operations_total', { code: 'PERSISTED_QUERY_HASH_MISMATCH' })).toBeGreaterThan(0);
  });
});

async function cartCount(): Promise<number> {
  const r = await gql(`${gateways.default}/graphql`, '{ carts { id } }', { token });
  return (r.body.data?.carts as unknown[] | undefined)?.length ?? -1;
}

describe('what the rules let through, on every transport', () => {
  const overview = print(PortalOverviewDocument);
  const accepted: [string, keyof typeof gateways, Request, Transport[]][] = [
    ['a query', 'default', { query: ME }, ALL],
    ['the named operation of several', 'default', { query: TWO_OPS, operationName: 'B' }, ALL],
    [
      'a trusted document by hash, on a persisted-only gateway',
      'persistedOnly',
      { query: '', extensions: { persistedQuery: { version: 1, sha256Hash: sha(overview) } }, variables: { first: 1 } },
      ALL,
    ],
    ['a trusted document as its text, on a persisted-only gateway', 'persistedOnly', { query: overview, variables: { first: 1 } }, ALL],
    ['__typename with introspection off', 'noIntrospection', { query: '{ __typename me { account { id } } }' }, ALL],
  ];
  it.each(accepted.map((a) => [a[0], a] as const))('%s', async (_name, [, gateway, request, transports]) => {
    for (const transport of transports) {
      const a = await send(gateways[gateway], transport, request);
      expect(a.codes, `${transport}: ${a.messages.join('; ')}`).toEqual([]);
      if (transport !== 'graphql-ws') expect(a.status, transport).toBe(200);
      expect((a.data as { me: { account: { id: string } } }).me.account.id, transport).toBe('ACME');
    }
  });

  it('a mutation runs over POST and graphql-ws, once each', async () => {
    const before = await cartCount();
    const request = { query: 'mutation { createCart(input: { name: "transports" }) { __typename } }' };
    for (const transport of [...POSTS, 'graphql-ws'] as Transport[]) {
      const a = await send(gateways.default, transport, request);
      expect(a.codes, transport).toEqual([]);
      expect(a.data, transport).toEqual({ createCart: { __typename: 'Cart' } });
    }
    expect(await cartCount()).toBe(before + 3);
  });

  it('suggestions stay on when introspection is on', async () => {
    const a = await send(gateways.default, 'http POST', { query: '{ me { role } }' });
    expect(a.messages.join(' ')).toMatch(/Did you mean "roles"\?/);
  });
});

// ---------------------------------------------------------------- clean ends

/** A TCP proxy in front of the orders subgraph that counts the WebSocket connections through it. */
async function wsCountingProxy(target: string) {
  const { hostname, port } = new URL(target);
  const websockets = new Set<net.Socket>();
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(Number(port), hostname);
    sockets.add(client).add(upstream);
    client.once('data', (chunk: Buffer) => {
      if (/^upgrade: websocket/im.test(chunk.toString('latin1'))) websockets.add(client);
    });
    const drop = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
      websockets.delete(client);
    };
    client.on('error', drop).on('close', drop);
    upstream.on('error', drop).on('close', drop);
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return {
    url: `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`,
    open: () => websockets.size,
    close: () => {
      for (const s of sockets) s.destroy();
      return new Promise<void>((r) => server.close(() => r()));
    },
  };
}

describe('clean ends: a client that goes away leaves nothing behind', () => {
  it('aborted SSE subscriptions (GET and POST) and closed sockets end their upstream operation within 5 s, the shared connection when idle', async () => {
    const proxy = await wsCountingProxy(stack.services.orders.url);
    try {
      const gw = await extraGateway({}, { orders: `${proxy.url}/graphql` });
      const orderId = (await gql(`${gateways.default}/graphql`, '{ orders(first: 1) { nodes { id } } }', { token })).body.data.orders
        .nodes[0].id as string;
      const query = 'subscription($id: ID!) { orderUpdated(orderId: $id) { cursor event { type } } }';
      const variables = { id: orderId };
      const gauge0 = await activeSubscriptions();
      const ops0 = await upstreamOperations();
      const upstream0 = proxy.open();

      const aborts: AbortController[] = [];
      const opened: Promise<Response>[] = [];
      const perKind = 3;
      for (let i = 0; i < perKind; i++) {
        for (const method of ['GET', 'POST'] as const) {
          const controller = new AbortController();
          aborts.push(controller);
          opened.push(
            fetch(method === 'GET' ? `${gw.url}/graphql/stream?${search({ query, variables })}` : `${gw.url}/graphql/stream`, {
              method,
              headers: {
                accept: 'text/event-stream',
                authorization: `Bearer ${token}`,
                ...(method === 'GET' ? { 'apollo-require-preflight': 'true' } : { 'content-type': 'application/json' }),
              },
              ...(method === 'POST' ? { body: JSON.stringify({ query, variables }) } : {}),
              signal: AbortSignal.any([controller.signal, AbortSignal.timeout(15_000)]),
            }),
          );
        }
      }
      const responses = await Promise.all(opened);
      for (const res of responses) expect(res.status).toBe(200);
      const sockets = Array.from({ length: perKind }, () =>
        createClient({
          url: `${gw.url.replace(/^http/, 'ws')}/graphql`,
          webSocketImpl: WebSocket,
          connectionParams: { Authorization: `Bearer ${token}` },
          retryAttempts: 0,
          lazy: true,
        }),
      );
      for (const client of sockets) client.subscribe({ query, variables }, { next: () => {}, error: () => {}, complete: () => {} });

      // Nine identical subscriptions of one viewer over three transports: one upstream operation on
      // one shared connection.
      const total = perKind * 3;
      await waitFor(
        async () =>
          ((await activeSubscriptions()) === gauge0 + total &&
            (await upstreamOperations()) === ops0 + 1 &&
            proxy.open() === upstream0 + 1) ||
          null,
        { timeoutMs: 15_000, intervalMs: 100 },
      );

      // Every client goes away without a word: SSE requests aborted, sockets closed.
      for (const c of aborts) c.abort();
      for (const client of sockets) await client.dispose();
      const gone = Date.now();
      await waitFor(async () => ((await activeSubscriptions()) === gauge0 && (await upstreamOperations()) === ops0) || null, {
        timeoutMs: 5_000,
        intervalMs: 100,
      }).catch(async () => {
        throw new Error(
          `5 s after the clients left: ${(await activeSubscriptions()) - gauge0} subscriptions still active, ${(await upstreamOperations()) - ops0} upstream operations running`,
        );
      });
      const opsGone = Date.now() - gone;
      // The shared connection closes once it has carried no operation for its idle time (5 s).
      await waitFor(() => proxy.open() === upstream0 || null, { timeoutMs: 12_000, intervalMs: 100 }).catch(() => {
        throw new Error(`12 s after the clients left: ${proxy.open() - upstream0} upstream connections open`);
      });
      console.log(
        `clean ends: ${total} subscriptions (SSE GET, SSE POST, graphql-ws) gone ${opsGone} ms after their clients; idle upstream connection closed after ${Date.now() - gone} ms`,
      );
    } finally {
      await proxy.close();
    }
  });

  it('an SSE request that fails operation selection is an ordinary 400, and the gateway keeps streaming', async () => {
    const res = await fetch(`${gateways.default}/graphql/stream`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({
        query: 'subscription A { accountOrderUpdates { cursor } } subscription B { accountOrderUpdates { cursor } }',
      }),
    });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toContain('application/json');
    expect(((await res.json()) as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code).toBe(
      'OPERATION_RESOLUTION_FAILURE',
    );
    const ok = await send(gateways.default, 'sse POST', { query: ME });
    expect(ok.data).toEqual({ me: { account: { id: 'ACME' } } });
  });
});
