/**
 * One pipeline, every transport: each case is sent as a client would — over GraphQL over HTTP
 * (POST and GET on /graphql), GraphQL over SSE (GET and POST on /graphql/stream) and graphql-ws —
 * and must get the same refusal on each (HTTP status and error code; graphql-ws: its `error`
 * message with the same code, or close 4403 for a bad token). Cases: introspection off (and no
 * "Did you mean" suggestions), persisted-only, CSRF (text/plain POST, GET without the preflight
 * header), mutations over GET, variables the gateway refuses (wrong types, null, out of range, an
 * impossible date, nested 20,000 deep), several operations without / with an unknown name, an APQ
 * hash that is not the text's, and bad tokens. What the same rules let through, and clean ends,
 * are in gateway-transports-accepted.e2e.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ALL,
  cartCount,
  gateways,
  GETS,
  ME,
  metricsText,
  metricValue,
  POSTS,
  send,
  sha,
  startTransportStack,
  stopTransportStack,
  subgraphFetches,
  TWO_OPS,
  type Answer,
  type Request,
  type Transport,
} from '../support/transports.js';

beforeAll(async () => {
  await startTransportStack();
});
afterAll(async () => {
  await stopTransportStack();
});

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

const AVAILABILITY = 'query($sku: ID!, $quantity: Int!) { item(sku: $sku) { availability(quantity: $quantity) { status } } }';
const ON_DATE = 'query($sku: ID!, $date: Date) { item(sku: $sku) { availability(quantity: 1, requestedDate: $date) { status } } }';
const nested = (depth: number): unknown => JSON.parse('['.repeat(depth) + '"x"' + ']'.repeat(depth));

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
