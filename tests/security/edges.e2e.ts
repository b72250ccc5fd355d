/**
 * Security suite, the edges: forged, expired and malformed JWTs on every client
 * transport (HTTP, SSE, graphql-ws); forged, edited and expired internal viewer headers straight to
 * every subgraph (HTTP and the orders subgraph's graphql-ws); and query bombs — depth, cost, alias
 * and root-field floods, fragment explosions, batches, token counts, big bodies — refused with the
 * gateway's limit codes on HTTP, SSE and graphql-ws alike, before any subgraph is asked.
 */
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signViewerHeader, VIEWER_HEADER } from '@portal/platform/auth';
import { DEV_INTERNAL_SECRET, DEV_JWT_SECRET } from '@portal/platform/config';
import { gql, type GraphQLResponse } from '../support/graphql.js';
import { startTestStack, type TestStack } from '../support/stack.js';
import { collect, wsClient } from '../support/subscriptions.js';

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack({ ERP_FULFILMENT_INTERVAL_MS: '0' });
});
afterAll(async () => {
  await stack?.stop();
});

const SUBGRAPHS = ['pricing', 'inventory', 'orders', 'invoices'] as const;
const secret = new TextEncoder().encode(DEV_JWT_SECRET);
const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
const now = () => Math.floor(Date.now() / 1000);

/** Tokens a client must not get in with, each named for the report. */
async function badTokens(): Promise<[string, string | undefined][]> {
  const claims = { sub: 'acme-buyer', account_id: 'ACME', roles: ['buyer'] };
  const sign = (payload: Record<string, unknown>, key = secret, alg = 'HS256') =>
    new SignJWT(payload).setProtectedHeader({ alg, typ: 'JWT' }).sign(key);
  const valid = await sign({ ...claims, exp: now() + 600 });
  const [h, p] = valid.split('.');
  return [
    ['no token', undefined],
    ['garbage', 'not-a-jwt'],
    ['three dots of garbage', 'a.b.c'],
    [
      'wrong signature (other secret)',
      await sign({ ...claims, exp: now() + 600 }, new TextEncoder().encode('not-the-dev-secret-0123456789abcdef')),
    ],
    ['edited claims, old signature', `${h}.${b64({ ...claims, account_id: 'GLOBEX', exp: now() + 600 })}.${valid.split('.')[2]}`],
    ['expired', await sign({ ...claims, iat: now() - 7200, exp: now() - 3600 })],
    ['not yet valid (nbf)', await sign({ ...claims, nbf: now() + 3600, exp: now() + 7200 })],
    ['alg none', `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ ...claims, exp: now() + 600 })}.`],
    ['alg HS512 with the right secret', await sign({ ...claims, exp: now() + 600 }, secret, 'HS512')],
    ['missing sub', await sign({ account_id: 'ACME', roles: ['buyer'], exp: now() + 600 })],
    ['missing account_id', await sign({ sub: 'acme-buyer', roles: ['buyer'], exp: now() + 600 })],
    ['missing roles', await sign({ sub: 'acme-buyer', account_id: 'ACME', exp: now() + 600 })],
    ['empty roles', await sign({ ...claims, roles: [], exp: now() + 600 })],
    ['unknown role', await sign({ ...claims, roles: ['superuser'], exp: now() + 600 })],
    ['roles as a string', await sign({ ...claims, roles: 'admin', exp: now() + 600 })],
    ['header only', `${h}.${p}`],
  ];
}

const ME = `{ me { user { id } account { id } } }`;

describe('client tokens', () => {
  it('HTTP /graphql and SSE /graphql/stream: 401 UNAUTHENTICATED for every bad token; a good one works', async () => {
    const tokens = await badTokens();
    const failures: string[] = [];
    for (const [name, token] of tokens) {
      const r = await gql(stack.gatewayUrl, ME, token === undefined ? {} : { headers: { authorization: `Bearer ${token}` } });
      if (r.status !== 401 || r.body.errors?.[0]?.extensions?.code !== 'UNAUTHENTICATED' || r.body.data)
        failures.push(`HTTP ${name}: ${r.status} ${JSON.stringify(r.body).slice(0, 200)}`);
      const sse = await fetch(`${stack.gatewayUrl}/stream`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token === undefined ? {} : { authorization: `Bearer ${token}` }) },
        body: JSON.stringify({ query: ME }),
      });
      const text = await sse.text();
      if (sse.status !== 401 || !text.includes('UNAUTHENTICATED') || text.includes('acme-buyer'))
        failures.push(`SSE ${name}: ${sse.status} ${text.slice(0, 200)}`);
    }
    // Other schemes and a token in the wrong place are no token at all.
    const good = stack.token('ACME', 'buyer');
    for (const [name, headers] of [
      ['Basic scheme', { authorization: `Basic ${good}` }],
      ['token without scheme', { authorization: good }],
      ['token in a query-string-like header', { 'x-access-token': good }],
    ] as [string, Record<string, string>][]) {
      const r = await gql(stack.gatewayUrl, ME, { headers });
      if (r.status !== 401) failures.push(`HTTP ${name}: ${r.status}`);
    }
    const ok = await gql(stack.gatewayUrl, ME, { token: good });
    expect(ok.body.data.me.account.id).toBe('ACME');
    console.log(`tokens/http+sse: ${tokens.length + 3} bad tokens × 2 transports: ${failures.length} let in`);
    expect(failures).toEqual([]);
  });

  it('graphql-ws: every bad token closes the socket with 4403 and nothing is delivered', async () => {
    const tokens = await badTokens();
    const failures: string[] = [];
    await Promise.all(
      tokens.map(async ([name, token]) => {
        const client = wsClient(stack.gatewayUrl, token === undefined ? {} : { Authorization: `Bearer ${token}` });
        let closeCode: number | undefined;
        client.on('closed', (e) => (closeCode ??= (e as { code?: number }).code));
        const sub = collect(client, `subscription { accountOrderUpdates { cursor order { id } } }`);
        const q = collect(client, ME);
        const deadline = Date.now() + 10_000;
        while (closeCode === undefined && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
        if (closeCode !== 4403) failures.push(`${name}: closed with ${closeCode}`);
        if (sub.results.length || q.results.length) failures.push(`${name}: delivered ${JSON.stringify([sub.results, q.results])}`);
        sub.stop();
        q.stop();
        await client.dispose();
      }),
    );
    console.log(`tokens/graphql-ws: ${tokens.length} bad tokens: ${failures.length} let in`);
    expect(failures).toEqual([]);
  });
});

describe('internal viewer header, straight to the subgraphs', () => {
  const viewer = { userId: 'acme-buyer', accountId: 'ACME', roles: ['buyer' as const] };
  function badHeaders(): [string, string | undefined][] {
    const good = signViewerHeader(viewer, DEV_INTERNAL_SECRET);
    const [body, sig] = good.split('.');
    const edited = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(body!, 'base64url').toString()), accountId: 'GLOBEX' })).toString(
      'base64url',
    );
    const analyst = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(body!, 'base64url').toString()), roles: ['analyst'] })).toString(
      'base64url',
    );
    return [
      ['no header', undefined],
      ['wrong secret', signViewerHeader(viewer, 'not-the-internal-secret-0123456789')],
      ['edited account, old signature', `${edited}.${sig}`],
      ['edited roles, old signature', `${analyst}.${sig}`],
      ['expired (signed an hour ago)', signViewerHeader(viewer, DEV_INTERNAL_SECRET, now() - 3600)],
      ['unsigned body only', body!],
      ['empty signature', `${body}.`],
      ['extra part', `${good}.x`],
      ['garbage', '!!!.???'],
      ['a client JWT instead', stack.token('ACME', 'admin')],
    ];
  }

  it('HTTP: every subgraph answers 401 UNAUTHENTICATED and runs nothing; a signed viewer works', async () => {
    const failures: string[] = [];
    let probes = 0;
    for (const name of SUBGRAPHS) {
      const url = `${stack.services[name].url}/graphql`;
      for (const [label, header] of badHeaders()) {
        for (const query of [`{ __typename }`, `query { _service { sdl } }`, `mutation { __typename }`]) {
          const r = await gql(url, query, header === undefined ? {} : { headers: { [VIEWER_HEADER]: header } });
          probes++;
          if (r.status !== 401 || r.body.errors?.[0]?.extensions?.code !== 'UNAUTHENTICATED' || r.body.data)
            failures.push(`${name} ${label} ${query}: ${r.status} ${JSON.stringify(r.body).slice(0, 160)}`);
        }
      }
      const ok = await gql(url, `{ __typename }`, { headers: { [VIEWER_HEADER]: signViewerHeader(viewer, DEV_INTERNAL_SECRET) } });
      expect(ok.status, `${name} with a signed viewer`).toBe(200);
    }
    console.log(
      `internal/http: ${SUBGRAPHS.length} subgraphs × ${badHeaders().length} forged headers × 3 operations = ${probes} probes: ${failures.length} let in`,
    );
    expect(failures).toEqual([]);
  });

  it('graphql-ws on the orders subgraph: forged viewers are closed with 4403, nothing delivered', async () => {
    const failures: string[] = [];
    const url = `${stack.services.orders.url}/graphql`;
    for (const [label, header] of badHeaders()) {
      for (const params of [header === undefined ? {} : { [VIEWER_HEADER]: header }, { headers: { [VIEWER_HEADER]: header ?? '' } }]) {
        const client = wsClient(url, params);
        let closeCode: number | undefined;
        client.on('closed', (e) => (closeCode ??= (e as { code?: number }).code));
        const sub = collect(client, `subscription { accountOrderUpdates { cursor } }`);
        const deadline = Date.now() + 10_000;
        while (closeCode === undefined && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
        if (closeCode !== 4403) failures.push(`${label} ${JSON.stringify(Object.keys(params))}: closed with ${closeCode}`);
        if (sub.results.length) failures.push(`${label}: delivered`);
        sub.stop();
        await client.dispose();
      }
    }
    console.log(`internal/graphql-ws: ${badHeaders().length * 2} forged connection_init payloads: ${failures.length} let in`);
    expect(failures).toEqual([]);
  });
});

describe('query bombs', () => {
  const nest = (n: number): string => (n === 0 ? 'number' : `invoices { order { ${nest(n - 1)} } }`);
  // Expected code, as a pattern. Every nesting cycle in this schema goes through a list, so a
  // depth bomb is also a cost bomb and may be refused for either; graphql-js's own validation
  // (MaxIntrospectionDepthRule) may stop an introspection bomb before the gateway's measure does.
  const BOMBS: [string, string, string][] = [
    ['depth bomb', `{ orders(first: 1) { nodes { ${nest(8)} } } }`, 'QUERY_TOO_(DEEP|COMPLEX)'],
    [
      'cost bomb (nested lists, large first)',
      `{ orders(first: 1000) { nodes { lines { scheduleLines { date quantity } } invoices { lines { sku amount { amount } } } } } }`,
      'QUERY_TOO_COMPLEX',
    ],
    [
      'cost bomb (items × availability)',
      `{ items(first: 5000) { nodes { sku availability(quantity: 1) { status scheduleLines { date } } priceTiers { minQuantity } } } }`,
      'QUERY_TOO_COMPLEX',
    ],
    ['alias flood', `{ me { ${Array.from({ length: 200 }, (_, i) => `a${i}: roles`).join(' ')} } }`, 'TOO_MANY_ALIASES'],
    ['root-field flood', `{ ${Array.from({ length: 100 }, () => 'me { roles }').join(' ')} }`, 'TOO_MANY_ROOT_FIELDS'],
    [
      'fragment explosion',
      `query { orders(first: 50) { nodes { ...A } } } ${Array.from({ length: 10 }, (_, i) => `fragment ${String.fromCharCode(65 + i)} on Order { id invoices { order { ...${String.fromCharCode(66 + i)} } } invoices { order { ...${String.fromCharCode(66 + i)} } } }`).join(' ')} fragment K on Order { id }`,
      'QUERY_TOO_(DEEP|COMPLEX)',
    ],
    [
      'introspection bomb',
      `{ __schema { types { fields { type { fields { type { fields { name } } } } } } } }`,
      '(INTROSPECTION_TOO_DEEP|GRAPHQL_VALIDATION_FAILED)',
    ],
    ['token flood', `{ me { ${'__typename '.repeat(6000)} } }`, 'GRAPHQL_PARSE_FAILED'],
  ];

  const codeOf = (r: GraphQLResponse) => String(r.body.errors?.[0]?.extensions?.code ?? '');

  it('HTTP: each bomb gets 400 with its limit code; batches over MAX_BATCH and oversized bodies are refused', async () => {
    const token = stack.token('ACME', 'buyer');
    const failures: string[] = [];
    for (const [name, query, code] of BOMBS) {
      const started = Date.now();
      const r = await gql(stack.gatewayUrl, query, { token });
      const ms = Date.now() - started;
      if (r.status !== 400 || !new RegExp(`^${code}$`).test(codeOf(r)) || r.body.data)
        failures.push(`${name}: ${r.status} ${codeOf(r)} ${JSON.stringify(r.body).slice(0, 200)}`);
      else console.log(`bombs/http: ${name} → ${r.status} ${codeOf(r)} (${ms} ms)`);
    }
    // Batches: 10 run, 11 are refused whole.
    const batch = (n: number) =>
      fetch(stack.gatewayUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify(Array.from({ length: n }, () => ({ query: ME }))),
      });
    const ten = await batch(10);
    expect(ten.status).toBe(200);
    const many = await batch(500);
    const manyBody = (await many.json()) as { errors?: { extensions?: { code?: string } }[] };
    if (many.status !== 400 || manyBody.errors?.[0]?.extensions?.code !== 'BATCH_TOO_LARGE')
      failures.push(`batch flood: ${many.status} ${JSON.stringify(manyBody).slice(0, 200)}`);
    else console.log(`bombs/http: batch of 500 → 400 BATCH_TOO_LARGE`);
    const big = await fetch(stack.gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: ME, variables: { pad: 'x'.repeat(2_000_000) } }),
    });
    if (big.status !== 413) failures.push(`2 MB body: ${big.status}`);
    else console.log(`bombs/http: 2 MB body → 413`);
    expect(failures).toEqual([]);
    // And the gateway still answers.
    expect((await gql(stack.gatewayUrl, ME, { token })).body.data.me.account.id).toBe('ACME');
  });

  it('SSE /graphql/stream: the same bombs are refused with the same codes', async () => {
    const token = stack.token('ACME', 'buyer');
    const failures: string[] = [];
    for (const [name, query, code] of [
      ...BOMBS,
      ['subscription depth bomb', `subscription { accountOrderUpdates { order { ${nest(8)} } } }`, 'QUERY_TOO_(DEEP|COMPLEX)'] as const,
    ]) {
      const res = await fetch(`${stack.gatewayUrl}/stream`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query }),
        signal: AbortSignal.timeout(10_000),
      });
      const text = await res.text().catch((e: Error) => `(${e.message})`);
      if (res.status !== 400 || !new RegExp(`"code":"${code}"`).test(text)) failures.push(`${name}: ${res.status} ${text.slice(0, 160)}`);
    }
    console.log(`bombs/sse: ${BOMBS.length + 1} bombs: ${failures.length} got through`);
    expect(failures).toEqual([]);
  });

  it('graphql-ws: the same bombs are refused with the same codes, the socket stays usable', async () => {
    const client = wsClient(stack.gatewayUrl, { Authorization: `Bearer ${stack.token('ACME', 'buyer')}` });
    const failures: string[] = [];
    for (const [name, query, code] of [
      ...BOMBS,
      ['subscription depth bomb', `subscription { accountOrderUpdates { order { ${nest(8)} } } }`, 'QUERY_TOO_(DEEP|COMPLEX)'] as const,
    ]) {
      const sub = collect(client, query);
      const deadline = Date.now() + 10_000;
      while (!sub.errors.length && !sub.results.length && !sub.completed && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 20));
      const errs = JSON.stringify(sub.errors);
      if (sub.results.length || !new RegExp(`"code":"${code}"`).test(errs))
        failures.push(`${name}: ${errs.slice(0, 200)} ${JSON.stringify(sub.results).slice(0, 100)}`);
      sub.stop();
    }
    const ok = collect(client, ME);
    await ok.waitFor(1);
    expect(ok.results[0].me.account.id).toBe('ACME');
    await client.dispose();
    console.log(`bombs/graphql-ws: ${BOMBS.length + 1} bombs: ${failures.length} got through`);
    expect(failures).toEqual([]);
  });
});
