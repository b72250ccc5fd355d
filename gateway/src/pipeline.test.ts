import { readFileSync } from 'node:fs';
import { buildSchema, GraphQLError, print, type ExecutionResult } from 'graphql';
import { describe, expect, it } from 'vitest';
import { AuthError, type Viewer } from '@portal/platform/auth';
import { createLogger } from '@portal/platform/logger';
import { continueTrace } from '@portal/platform/trace';
import { PortalOverviewDocument } from '../../schema/generated/graphql.js';
import { persistedOperations, sha256 } from './persisted.js';
import {
  createPipeline,
  mimeEssence,
  nestedDeeperThan,
  Refusal,
  withoutSuggestions,
  type OperationExecutor,
  type RequestHead,
  type TransportName,
} from './pipeline.js';
import { gatewayMetrics } from './telemetry.js';

const apiSchema = buildSchema(readFileSync(new URL('../../schema/api.graphql', import.meta.url), 'utf8'));
const viewer: Viewer = { userId: 'acme-buyer', accountId: 'ACME', roles: ['buyer'] };

/** A pipeline whose executor records what reached it and answers `{ data: { ok: true } }`. */
function pipelineWith(opts: { introspection?: boolean; persistedOnly?: boolean; stream?: AsyncGenerator<ExecutionResult> } = {}) {
  const reached: string[] = [];
  const executor: OperationExecutor = {
    plan: (op) => (reached.push(`plan ${op.type}`), 'a plan'),
    execute: async (op) => (reached.push(`execute ${op.type}`), { data: { ok: true } }),
    subscribe: (op) => (reached.push(`subscribe ${op.type}`), opts.stream ?? { data: { ok: true } }),
  };
  const persisted = persistedOperations();
  const pipeline = createPipeline({
    apiSchema,
    verify: async (token) => {
      if (token !== 'good') throw new AuthError('UNAUTHENTICATED', 'invalid token');
      return viewer;
    },
    persisted,
    persistedOnly: opts.persistedOnly ?? false,
    introspection: opts.introspection ?? true,
    limits: { maxDepth: 12, maxCost: 25_000, maxAliases: 30, maxRootFields: 20, defaultListSize: 10 },
    maxTokens: 5_000,
    executor,
    logger: createLogger('gateway-test', 'silent'),
  });
  return { pipeline, reached, persisted };
}

function head(transport: TransportName, method?: 'GET' | 'POST', headers: Record<string, string> = {}): RequestHead {
  return {
    transport,
    ...(method ? { method } : {}),
    headers: { authorization: 'Bearer good', 'content-type': 'application/json', ...headers },
    correlationId: 'test',
    trace: continueTrace(undefined),
  };
}

/** Admit + prepare + execute; a refusal as `{ status, codes, messages }`. */
async function outcome(
  p: ReturnType<typeof pipelineWith>['pipeline'],
  h: RequestHead,
  params: unknown,
): Promise<{ status: number; codes: string[]; messages: string[] }> {
  try {
    const caller = await p.admit(h);
    const out = await p.run(caller, h, params);
    if (out.kind === 'refused')
      return {
        status: out.refusal.status,
        codes: out.body.errors!.map((e) => String(e.extensions?.code)),
        messages: out.body.errors!.map((e) => e.message),
      };
    return { status: 200, codes: [], messages: [] };
  } catch (err) {
    if (!(err instanceof Refusal)) throw err;
    const body = p.refusalBody(err);
    return { status: err.status, codes: body.errors!.map((e) => String(e.extensions?.code)), messages: body.errors!.map((e) => e.message) };
  }
}

const GET_HEADERS = { 'apollo-require-preflight': 'true' };
const ME = '{ me { account { id } } }';

describe('the steps and their order', () => {
  it('authenticates first: a bad token is 401 even for a request CSRF would refuse', async () => {
    const { pipeline, reached } = pipelineWith();
    const bad = head('http', 'POST', { authorization: 'Bearer bad', 'content-type': 'text/plain' });
    expect(await outcome(pipeline, bad, { query: ME })).toMatchObject({ status: 401, codes: ['UNAUTHENTICATED'] });
    const none = head('sse', 'POST', { authorization: '' });
    expect(await outcome(pipeline, none, { query: ME })).toMatchObject({ status: 401, codes: ['UNAUTHENTICATED'] });
    expect(reached).toEqual([]);
  });

  it('refuses what a browser sends without a preflight, on HTTP and SSE', async () => {
    const { pipeline } = pipelineWith();
    for (const transport of ['http', 'sse'] as const) {
      for (const h of [
        head(transport, 'POST', { 'content-type': 'text/plain;charset=UTF-8' }),
        head(transport, 'POST', { 'content-type': 'multipart/form-data; boundary=x' }),
        head(transport, 'GET', { 'content-type': '' }),
      ]) {
        if (h.method === 'GET') delete h.headers['content-type'];
        const r = await outcome(pipeline, h, { query: ME });
        expect(r, `${transport} ${h.method} ${h.headers['content-type']}`).toMatchObject({ status: 400, codes: ['BAD_REQUEST'] });
        expect(r.messages[0]).toMatch(/Cross-Site Request Forgery/);
      }
      expect((await outcome(pipeline, head(transport, 'GET', GET_HEADERS), { query: ME })).status).toBe(200);
      expect(
        (await outcome(pipeline, head(transport, 'POST', { 'content-type': 'text/plain', ...GET_HEADERS }), { query: ME })).status,
      ).toBe(200);
    }
  });

  it('GET runs queries (SSE: and subscriptions); /graphql runs no subscriptions', async () => {
    const { pipeline } = pipelineWith();
    const mutation = 'mutation { createCart { __typename } }';
    const subscription = 'subscription { accountOrderUpdates { cursor } }';
    expect(await outcome(pipeline, head('http', 'GET', GET_HEADERS), { query: mutation })).toMatchObject({ status: 405 });
    expect(await outcome(pipeline, head('sse', 'GET', GET_HEADERS), { query: mutation })).toMatchObject({ status: 405 });
    expect(await outcome(pipeline, head('http', 'GET', GET_HEADERS), { query: subscription })).toMatchObject({ status: 405 });
    expect(await outcome(pipeline, head('http', 'POST'), { query: subscription })).toMatchObject({ status: 400, codes: ['BAD_REQUEST'] });
    expect(await outcome(pipeline, head('sse', 'GET', GET_HEADERS), { query: subscription })).toMatchObject({ status: 200 });
    expect(await outcome(pipeline, head('ws'), { query: mutation })).toMatchObject({ status: 200 });
  });

  it('selects the operation by name, and says so when it cannot', async () => {
    const { pipeline, reached } = pipelineWith();
    const two = 'query A { me { roles } } mutation B { createCart { __typename } }';
    for (const operationName of [undefined, 'C']) {
      const r = await outcome(pipeline, head('ws'), { query: two, ...(operationName ? { operationName } : {}) });
      expect(r).toMatchObject({ status: 400, codes: ['OPERATION_RESOLUTION_FAILURE'] });
    }
    expect(reached).toEqual([]);
    expect(await outcome(pipeline, head('ws'), { query: two, operationName: 'B' })).toMatchObject({ status: 200 });
    expect(reached).toEqual(['plan mutation', 'execute mutation']);
  });

  it('with PERSISTED_ONLY runs trusted documents only, by hash or as their text', async () => {
    const { pipeline } = pipelineWith({ persistedOnly: true });
    const overview = print(PortalOverviewDocument);
    expect(await outcome(pipeline, head('sse', 'POST'), { query: ME })).toMatchObject({
      status: 400,
      codes: ['PERSISTED_QUERY_NOT_ALLOWED'],
    });
    expect(await outcome(pipeline, head('ws'), { query: overview })).toMatchObject({ status: 200 });
    const byHash = { query: '', extensions: { persistedQuery: { version: 1, sha256Hash: sha256(overview) } } };
    expect(await outcome(pipeline, head('ws'), byHash)).toMatchObject({ status: 200 });
  });

  it('APQ: unknown hash, a hash that is not the text’s, and a registration kept only when the operation was accepted', async () => {
    const { pipeline, persisted } = pipelineWith();
    const query = '{ me { user { id } } }';
    const pq = (hash: string) => ({ persistedQuery: { version: 1, sha256Hash: hash } });
    expect(await outcome(pipeline, head('http', 'POST'), { extensions: pq(sha256(query)) })).toMatchObject({
      status: 200,
      codes: ['PERSISTED_QUERY_NOT_FOUND'],
    });
    expect(await outcome(pipeline, head('http', 'POST'), { query, extensions: pq(sha256(ME)) })).toMatchObject({
      status: 400,
      codes: ['PERSISTED_QUERY_HASH_MISMATCH'],
    });
    // A registration of an operation refused later (its variables) is not kept.
    const refused = 'query($n: Int!) { items(first: $n) { totalCount } }';
    expect(
      await outcome(pipeline, head('http', 'POST'), { query: refused, variables: { n: 'x' }, extensions: pq(sha256(refused)) }),
    ).toMatchObject({
      status: 400,
      codes: ['BAD_USER_INPUT'],
    });
    expect(await persisted.store.get(sha256(refused))).toBeUndefined();
    expect(await outcome(pipeline, head('http', 'POST'), { query, extensions: pq(sha256(query)) })).toMatchObject({ status: 200 });
    expect(await persisted.store.get(sha256(query))).toBe(query);
  });

  it('with introspection off refuses __schema and __type and suggests no names', async () => {
    const { pipeline } = pipelineWith({ introspection: false });
    expect(await outcome(pipeline, head('ws'), { query: '{ __type(name: "Order") { name } }' })).toMatchObject({
      status: 400,
      codes: ['GRAPHQL_VALIDATION_FAILED'],
    });
    expect(await outcome(pipeline, head('ws'), { query: '{ __typename }' })).toMatchObject({ status: 200 });
    const typo = await outcome(pipeline, head('ws'), { query: '{ me { role } }' });
    expect(typo.messages).toEqual(['Cannot query field "role" on type "Viewer".']);
    const on = await outcome(pipelineWith().pipeline, head('ws'), { query: '{ me { role } }' });
    expect(on.messages[0]).toMatch(/Did you mean "roles"\?$/);
  });

  it('checks variables against the API schema, portal scalars included, naming the variable', async () => {
    const { pipeline, reached } = pipelineWith();
    const q =
      'query($sku: ID!, $quantity: Int!, $date: Date) { item(sku: $sku) { availability(quantity: $quantity, requestedDate: $date) { status } } }';
    for (const [variables, message] of [
      [{ sku: 'A', quantity: 1.5 }, /Variable "\$quantity" got invalid value 1\.5/],
      [{ sku: 'A', quantity: '7' }, /Variable "\$quantity" got invalid value "7"/],
      [{ sku: 'A', quantity: null }, /Variable "\$quantity" of non-null type "Int!" must not be null/],
      [{ sku: 'A', quantity: 2 ** 31 }, /Variable "\$quantity" got invalid value 2147483648/],
      [{ sku: 'A', quantity: 1, date: '2026-02-30' }, /Variable "\$date" got invalid value "2026-02-30".*YYYY-MM-DD/],
      [{ sku: JSON.parse('['.repeat(20_000) + ']'.repeat(20_000)), quantity: 1 }, /Variable "\$sku" is nested more than 32 levels deep/],
    ] as const) {
      const r = await outcome(pipeline, head('ws'), { query: q, variables });
      expect(r.status).toBe(400);
      expect(r.codes.every((c) => c === 'BAD_USER_INPUT')).toBe(true);
      expect(r.messages.join('\n')).toMatch(message);
    }
    expect(reached).toEqual([]);
    expect(await outcome(pipeline, head('ws'), { query: q, variables: { sku: 'A', quantity: 3, date: '2028-02-29' } })).toMatchObject({
      status: 200,
    });
  });

  it('measures the limits per document and variables: a page size in a variable is measured for each value', async () => {
    const { pipeline, reached } = pipelineWith();
    const query = 'query Items($n: Int) { items(first: $n) { nodes { sku name } } }';
    const h = head('http', 'POST');
    // 1 + 1 + n × 2 under a cost limit of 25,000, in every order (no answer is reused for other variables).
    for (const [n, status] of [
      [10, 200],
      [20_000, 400],
      [10, 200],
      [20_000, 400],
    ] as const) {
      const r = await outcome(pipeline, h, { query, variables: { n } });
      expect(r, `first: ${n}`).toMatchObject({ status, codes: status === 200 ? [] : ['QUERY_TOO_COMPLEX'] });
    }
    expect(reached.filter((s) => s.startsWith('execute'))).toHaveLength(2);
  });

  it('refuses malformed requests as the client’s 400, not a 500', async () => {
    const { pipeline } = pipelineWith();
    for (const params of [
      '{ me { roles } }',
      {},
      { query: 1 },
      { query: ME, variables: '{}' },
      { query: ME, variables: [1] },
      { query: ME, operationName: 2 },
    ]) {
      expect((await outcome(pipeline, head('http', 'POST'), params)).status, JSON.stringify(params)).toBe(400);
    }
  });
});

describe('subscription streams', () => {
  it('are counted while open, and return() ends the executor’s stream even while a next() waits', async () => {
    let ended = false;
    let release: (r: IteratorResult<ExecutionResult>) => void = () => {};
    const inner: AsyncGenerator<ExecutionResult> = {
      next: () => new Promise((resolve) => (release = resolve)),
      async return() {
        ended = true;
        release({ done: true, value: undefined });
        return { done: true, value: undefined };
      },
      throw: async (e) => {
        throw e;
      },
      [Symbol.asyncIterator]() {
        return this;
      },
    } as AsyncGenerator<ExecutionResult>;
    const { pipeline } = pipelineWith({ stream: inner });
    const gauge = async () => (await gatewayMetrics.activeSubscriptions.get()).values[0]?.value ?? 0;
    const before = await gauge();
    const caller = await pipeline.admit(head('sse', 'POST'));
    const out = await pipeline.run(caller, head('sse', 'POST'), { query: 'subscription { accountOrderUpdates { cursor } }' });
    expect(out.kind).toBe('stream');
    if (out.kind !== 'stream') return;
    expect(await gauge()).toBe(before + 1);
    const pending = out.stream.next();
    await out.stream.return();
    expect(ended).toBe(true);
    expect(await pending).toEqual({ done: true, value: undefined });
    expect(await gauge()).toBe(before);
    await out.stream.return(); // again: counted once
    expect(await gauge()).toBe(before);
  });

  it('format every result: errors in the one shape, suggestions stripped when introspection is off', async () => {
    const inner = (async function* () {
      yield { errors: [new GraphQLError('Unknown thing. Did you mean "other"?')] } as ExecutionResult;
    })();
    const { pipeline } = pipelineWith({ stream: inner, introspection: false });
    const caller = await pipeline.admit(head('ws'));
    const out = await pipeline.run(caller, head('ws'), { query: 'subscription { accountOrderUpdates { cursor } }' });
    if (out.kind !== 'stream') throw new Error('not a stream');
    const first = await out.stream.next();
    expect(first.value).toEqual({ errors: [{ message: 'Unknown thing.', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] });
    expect((await out.stream.next()).done).toBe(true);
  });
});

describe('helpers', () => {
  it('mimeEssence parses as browsers and Apollo do', () => {
    expect(mimeEssence('Text/Plain; charset=utf-8')).toBe('text/plain');
    expect(mimeEssence(' application/json ')).toBe('application/json');
    expect(mimeEssence('')).toBeNull();
    expect(mimeEssence('nonsense')).toBeNull();
  });

  it('withoutSuggestions drops the trailing suggestion only', () => {
    expect(withoutSuggestions('Cannot query field "x" on type "Y". Did you mean "a", "b", or "c"?')).toBe(
      'Cannot query field "x" on type "Y".',
    );
    expect(withoutSuggestions('Value "LATE" does not exist in "S" enum. Did you mean the enum value "LOST"?')).toBe(
      'Value "LATE" does not exist in "S" enum.',
    );
    expect(withoutSuggestions('no suggestion here')).toBe('no suggestion here');
  });

  it('nestedDeeperThan walks without recursion', () => {
    expect(nestedDeeperThan({ a: [{ b: 1 }] }, 3)).toBe(false);
    expect(nestedDeeperThan({ a: [{ b: [1] }] }, 3)).toBe(true);
    expect(nestedDeeperThan(JSON.parse('['.repeat(100_000) + ']'.repeat(100_000)), 32)).toBe(true);
    expect(nestedDeeperThan('flat', 0)).toBe(false);
  });
});
