/**
 * SQL statements per request, per subgraph, for the cart page (`CartDetail`) through the gateway:
 * the same number for a cart of 10 lines and one of 200, and at most 3 in every subgraph. Counted
 * per request — by the trace id the gateway passes to every subgraph (platform/src/request-work.ts)
 * — so the background work of the same processes (feed polls, outboxes) is not in the count.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordRequestWork, takeRequestWork, type ServiceWork } from '@portal/platform';
import { gql, type GraphQLResponse } from '../support/graphql.js';
import { startTestStack, type TestStack } from '../support/stack.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const CART_DETAIL = fs.readFileSync(path.join(HERE, '../../schema/operations/cart.graphql'), 'utf8');
const SUBGRAPHS = ['orders', 'inventory', 'pricing'] as const;
const MAX_PER_SUBGRAPH = 3;

let stack: TestStack;
let token: string;
beforeAll(async () => {
  recordRequestWork(true);
  stack = await startTestStack({ ERP_FULFILMENT_INTERVAL_MS: '0' });
  token = stack.token('ACME', 'buyer');
}, 300_000);
afterAll(async () => {
  await stack?.stop();
  recordRequestWork(false);
});

async function orderableSkus(n: number): Promise<string[]> {
  const skus: string[] = [];
  for (let after: string | null = null; skus.length < n;) {
    type Page = {
      items: { nodes: { sku: string; discontinued: boolean }[]; pageInfo: { endCursor: string | null; hasNextPage: boolean } };
    };
    const page: GraphQLResponse<Page> = await gql<Page>(
      stack.gatewayUrl,
      `query($a: String) { items(first: 100, after: $a) { nodes { sku discontinued } pageInfo { endCursor hasNextPage } } }`,
      {
        token,
        variables: { a: after },
      },
    );
    skus.push(...page.body.data!.items.nodes.filter((i) => !i.discontinued).map((i) => i.sku));
    if (!page.body.data!.items.pageInfo.hasNextPage) break;
    after = page.body.data!.items.pageInfo.endCursor;
  }
  expect(skus.length).toBeGreaterThanOrEqual(n);
  return skus.slice(0, n);
}

async function cartWith(skus: string[]): Promise<string> {
  const created = await gql(stack.gatewayUrl, `mutation { createCart(input: { name: "lines ${skus.length}" }) { ... on Cart { id } } }`, {
    token,
  });
  const cartId = created.body.data.createCart.id as string;
  const added = await gql(
    stack.gatewayUrl,
    `mutation($c: ID!, $l: [CartLineInput!]!) { addCartLines(cartId: $c, lines: $l) { __typename ... on Cart { lines { id } } } }`,
    { token, variables: { c: cartId, l: skus.map((sku, i) => ({ sku, quantity: 1 + (i % 7) })) } },
  );
  expect(added.body.data.addCartLines.__typename).toBe('Cart');
  expect(added.body.data.addCartLines.lines).toHaveLength(skus.length);
  return cartId;
}

/** CartDetail through the gateway under a trace of our own; what each service did for it. */
async function cartDetail(cartId: string, lines: number): Promise<Record<string, ServiceWork>> {
  const traceId = randomBytes(16).toString('hex');
  const res = await fetch(stack.gatewayUrl, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${token}`,
      traceparent: `00-${traceId}-${randomBytes(8).toString('hex')}-01`,
    },
    body: JSON.stringify({ query: CART_DETAIL, operationName: 'CartDetail', variables: { id: cartId } }),
  });
  const body = (await res.json()) as { data?: { cart: { lines: { item: { price: unknown } }[] } }; errors?: unknown };
  expect(body.errors).toBeUndefined();
  expect(body.data!.cart.lines).toHaveLength(lines);
  expect(body.data!.cart.lines.every((l) => l.item.price)).toBe(true);
  await new Promise((r) => setImmediate(r)); // the gateway's own request finishes after its body is sent
  return takeRequestWork(traceId);
}

describe('SQL per request for the cart page', () => {
  it(`CartDetail at 10 and 200 lines: the same statements per subgraph, at most ${MAX_PER_SUBGRAPH} each`, async () => {
    const skus = await orderableSkus(200);
    const counts: Record<number, Record<string, number>> = {};
    for (const n of [10, 200]) {
      const cartId = await cartWith(skus.slice(0, n));
      await cartDetail(cartId, n); // warm: plans, the ATP cache
      const work = await cartDetail(cartId, n);
      expect(work.gateway?.requests).toBe(1);
      counts[n] = Object.fromEntries(SUBGRAPHS.map((s) => [s, work[s]?.sql ?? 0]));
      console.log(
        `CartDetail ${n} lines — SQL statements (requests):`,
        Object.entries(work)
          .map(([s, w]) => `${s} ${w.sql} (${w.requests})`)
          .join(', '),
      );
    }
    for (const s of SUBGRAPHS) {
      expect(counts[200]![s], `${s}: 200 lines vs 10 lines`).toBe(counts[10]![s]);
      expect(counts[200]![s], `${s} statements per request`).toBeLessThanOrEqual(MAX_PER_SUBGRAPH);
    }
    // The count is live: the cart read itself needs orders' data.
    expect(counts[10]!.orders).toBeGreaterThan(0);
  }, 180_000);
});

describe('SQL per request for the skeleton query', () => {
  // Connections read their rows only when asked for nodes/edges/pageInfo and count only when asked
  // for totalCount: `items { nodes }` needs no count, `invoices { totalCount }` no rows.
  const SKELETON = `{ me { account { id } } items(first: 20) { nodes { sku name price(quantity: 1) { unitPrice { amount currency } } } } invoices(first: 1) { totalCount } }`;
  it('one statement each in inventory and invoices', async () => {
    const run = async () => {
      const traceId = randomBytes(16).toString('hex');
      const res = await fetch(stack.gatewayUrl, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${token}`,
          traceparent: `00-${traceId}-${randomBytes(8).toString('hex')}-01`,
        },
        body: JSON.stringify({ query: SKELETON }),
      });
      const body = (await res.json()) as { data?: { items: { nodes: unknown[] }; invoices: { totalCount: number } }; errors?: unknown };
      expect(body.errors).toBeUndefined();
      expect(body.data!.items.nodes).toHaveLength(20);
      expect(body.data!.invoices.totalCount).toBeGreaterThan(0);
      await new Promise((r) => setImmediate(r));
      return takeRequestWork(traceId);
    };
    await run(); // warm
    const work = await run();
    console.log(
      'skeleton — SQL statements (requests):',
      Object.entries(work)
        .map(([s, w]) => `${s} ${w.sql} (${w.requests})`)
        .join(', '),
    );
    expect(work.inventory?.sql, 'inventory: the page, no count').toBe(1);
    expect(work.invoices?.sql, 'invoices: the count, no rows').toBe(1);
  }, 60_000);
});
