/**
 * SQL statements and internal calls per submit, per service, through the gateway: a cart of 3
 * lines and one of 10 lines cost the orders subgraph and the reference ERP the same statements
 * (none per line), within a fixed ceiling; pricing and inventory are asked once each. Counted per
 * request by the trace id the gateway passes on (platform/src/request-work.ts), the ERP's first
 * delivery of the order included (it runs inside the submit's budget).
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordRequestWork, takeRequestWork, type ServiceWork } from '@portal/platform';
import { signDevToken } from '@portal/platform/auth';
import { DEV_JWT_SECRET } from '@portal/platform/config';
import { gql } from '../support/graphql.js';
import { startTestStack, type TestStack } from '../support/stack.js';

/** Ceilings per submit (statements the service itself sends while serving the trace). */
const MAX_SQL = { orders: 19, erp: 7, pricing: 2, inventory: 1 } as const;

const SUBMIT = `mutation($i: SubmitCartInput!) { submitCart(input: $i) { __typename
  ... on OrderSubmitted { order { id status erpOrderNumber lines { sku } } }
  ... on ErrorResult { errorCode message } } }`;

let stack: TestStack;
let token: string;
beforeAll(async () => {
  recordRequestWork(true);
  stack = await startTestStack({ ERP_FULFILMENT_INTERVAL_MS: '0', ORDERS_OUTBOX_INTERVAL_MS: '60000' });
  // A buyer without a spending limit of their own: nothing waits for an approver.
  token = await signDevToken({ userId: 'sql-count-buyer', accountId: 'ACME', roles: ['buyer'] }, DEV_JWT_SECRET, { expiresIn: '1h' });
}, 300_000);
afterAll(async () => {
  await stack?.stop();
  recordRequestWork(false);
});

async function orderableSkus(n: number): Promise<string[]> {
  const r = await gql<{ items: { nodes: { sku: string; discontinued: boolean }[] } }>(
    stack.gatewayUrl,
    `{ items(first: 100) { nodes { sku discontinued } } }`,
    { token },
  );
  const skus = r.body.data!.items.nodes.filter((i) => !i.discontinued).map((i) => i.sku);
  expect(skus.length).toBeGreaterThanOrEqual(n);
  return skus.slice(0, n);
}

async function cartWith(skus: string[]): Promise<{ cartId: string; quoteId: string }> {
  const created = await gql(stack.gatewayUrl, `mutation { createCart { ... on Cart { id } } }`, { token });
  const cartId = created.body.data.createCart.id as string;
  const added = await gql(
    stack.gatewayUrl,
    `mutation($c: ID!, $l: [CartLineInput!]!) { addCartLines(cartId: $c, lines: $l) { __typename } }`,
    { token, variables: { c: cartId, l: skus.map((sku) => ({ sku, quantity: 1 })) } },
  );
  expect(added.body.data.addCartLines.__typename).toBe('Cart');
  const quote = await gql(stack.gatewayUrl, `query($c: ID!) { cart(id: $c) { quote { id } } }`, { token, variables: { c: cartId } });
  return { cartId, quoteId: quote.body.data.cart.quote.id as string };
}

/** Submit under a trace of our own; what each service did for it. */
async function submitTraced(cart: { cartId: string; quoteId: string }, lines: number): Promise<Record<string, ServiceWork>> {
  const traceId = randomBytes(16).toString('hex');
  const r = await gql(stack.gatewayUrl, SUBMIT, {
    token,
    variables: { i: { cartId: cart.cartId, idempotencyKey: `sql-${traceId}`, acceptedQuoteId: cart.quoteId } },
    headers: { traceparent: `00-${traceId}-${randomBytes(8).toString('hex')}-01` },
  });
  const answer = r.body.data?.submitCart;
  expect(answer?.__typename, JSON.stringify(r.body)).toBe('OrderSubmitted');
  expect(answer.order.lines).toHaveLength(lines);
  // The ERP's acknowledgement came within the submit: its work is in the count.
  expect(answer.order.erpOrderNumber).toBeTruthy();
  await new Promise((resolve) => setImmediate(resolve));
  return takeRequestWork(traceId);
}

describe('SQL per submit', () => {
  it('a cart of 3 lines and one of 10 lines: the same statements per service, pricing and inventory asked once', async () => {
    const skus = await orderableSkus(10);
    await submitTraced(await cartWith(skus.slice(0, 2)), 2); // warm: the user's first sight, plans, clocks
    const counts: Record<number, Record<string, ServiceWork>> = {};
    for (const n of [3, 10]) {
      counts[n] = await submitTraced(await cartWith(skus.slice(0, n)), n);
      console.log(
        `submit ${n} lines — SQL statements (requests):`,
        Object.entries(counts[n]!)
          .map(([s, w]) => `${s} ${w.sql} (${w.requests})`)
          .join(', '),
      );
    }
    for (const n of [3, 10]) {
      const work = counts[n]!;
      expect(work.gateway?.requests).toBe(1);
      expect(work.pricing?.requests, 'one call to pricing').toBe(1);
      expect(work.inventory?.requests, 'one call to inventory').toBe(1);
      for (const [service, max] of Object.entries(MAX_SQL))
        expect(work[service]?.sql ?? 0, `${service} statements, ${n} lines`).toBeLessThanOrEqual(max);
    }
    // Nothing per line: 7 more lines would add at least 7 statements (a run may differ by one or two,
    // by what of the request's work has finished when it answers).
    for (const service of ['orders', 'erp'] as const)
      expect(Math.abs(counts[10]![service]!.sql - counts[3]![service]!.sql), `${service}: 10 lines vs 3 lines`).toBeLessThanOrEqual(2);
    // The count is live: the order was stored and sent.
    expect(counts[3]!.orders!.sql).toBeGreaterThan(5);
    expect(counts[3]!.erp!.sql).toBeGreaterThan(5);
  }, 180_000);
});
