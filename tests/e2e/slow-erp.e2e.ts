/**
 * A slow ERP never turns a request into `data: null`: nothing waits on the ERP inside a request
 * for longer than its budget, or inside a database transaction at all. A submit whose ERP
 * delivery is slow answers `OrderSubmitted` (SUBMITTED, acknowledgement pending) in bounded time
 * and the acknowledgement reaches the order afterwards, once; a credit-hold release the ERP is
 * slow to carry out answers `ResolutionPending` at once, and the ERP's later confirmation closes
 * the exception in the name of the credit controller who asked, with their comment. Runs on the embedded
 * database (one connection: a transaction held across the ERP call would stall the ERP itself)
 * and on real Postgres. The time bounds are the product's (5 s, 2 s) unless the machine is
 * saturated (tests/support/load.ts); the answer times are printed either way.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createReferenceErpAdmin } from '@portal/erp/admin';
import { createReferenceErp } from '@portal/erp/port';
import { DEV_ERP_API_KEY } from '@portal/reference-erp/config';
import { waitFor } from '@portal/testkit';
import { allPages } from '../support/erp.js';
import { gql } from '../support/graphql.js';
import { timeBound } from '../support/load.js';
import { startTestStack, type TestStack } from '../support/stack.js';

let stack: TestStack;
const admin = () => createReferenceErpAdmin({ baseUrl: stack.services.erp.url, apiKey: DEV_ERP_API_KEY });
const erp = () => createReferenceErp({ baseUrl: stack.services.erp.url, apiKey: DEV_ERP_API_KEY });

beforeAll(async () => {
  stack = await startTestStack({
    PRICING_FEED_WAIT_MS: '500',
    ORDERS_FEED_WAIT_MS: '500',
    ORDERS_OUTBOX_INTERVAL_MS: '200',
    ERP_FULFILMENT_INTERVAL_MS: '0',
    // The ERP answers late but does answer: the portal's ERP client waits long enough for it.
    ERP_TIMEOUT_MS: '20000',
    // The product's budgets (the defaults), which these tests are about.
    ORDERS_SUBMIT_BUDGET_MS: '3000',
    ORDERS_ERP_ACTION_BUDGET_MS: '1500',
  });
});
afterAll(async () => {
  await admin()
    .clearFaults()
    .catch(() => {});
  await stack?.stop();
});

const SUBMIT = `mutation($i: SubmitCartInput!) { submitCart(input: $i) { __typename
  ... on OrderSubmitted { order { id status erpOrderNumber } }
  ... on ErrorResult { errorCode message } } }`;
const RESOLVE = `mutation($o: ID!, $e: ID!, $a: OrderExceptionAction!, $c: String) {
  resolveOrderException(orderId: $o, exceptionId: $e, action: $a, comment: $c) { __typename
    ... on OrderExceptionResolved { exception { id status resolution { action by comment } } }
    ... on ResolutionPending { message exception { id status pendingRequest { action by comment at } } }
    ... on ErrorResult { errorCode message } } }`;
const ORDER = `query($id: ID!) { order(id: $id) { id status erpOrderNumber holdReason
  exceptions { id type status pendingRequest { action by comment } resolution { action by comment } }
  timeline { id type actor summary } } }`;

async function cartWith(lines: { sku: string; quantity: number }[], account: string, role: 'buyer' | 'approver') {
  const token = stack.token(account, role);
  const id = (await gql(stack.gatewayUrl, `mutation { createCart { ... on Cart { id } } }`, { token })).body.data.createCart.id as string;
  await gql(stack.gatewayUrl, `mutation($c: ID!, $l: [CartLineInput!]!) { addCartLines(cartId: $c, lines: $l) { __typename } }`, {
    token,
    variables: { c: id, l: lines },
  });
  const v = await gql(stack.gatewayUrl, `query($c: ID!) { cart(id: $c) { quote { id } } }`, { token, variables: { c: id } });
  return { id, token, quoteId: v.body.data.cart.quote.id as string };
}
async function order(id: string, token: string) {
  const r = await gql(stack.gatewayUrl, ORDER, { token, variables: { id } });
  if (!r.body.data?.order) throw new Error(`order query failed: ${JSON.stringify(r.body.errors)}`);
  return r.body.data.order;
}
const timed = async <T>(work: () => Promise<T>): Promise<{ value: T; ms: number }> => {
  const t0 = performance.now();
  const value = await work();
  return { value, ms: performance.now() - t0 };
};

describe('a slow ERP', () => {
  it('order creation 15 s late: submit answers OrderSubmitted (SUBMITTED) within 5 s; the acknowledgement arrives later, once', async () => {
    const cart = await cartWith([{ sku: 'BOLT-0001', quantity: 3 }], 'ACME', 'approver');
    await admin().setFaults({ 'POST /v1/sales-orders': { latencyMs: 15_000 } });
    const { value: res, ms } = await timed(() =>
      gql(stack.gatewayUrl, SUBMIT, {
        token: cart.token,
        variables: { i: { cartId: cart.id, idempotencyKey: crypto.randomUUID(), acceptedQuoteId: cart.quoteId } },
      }),
    );
    expect(res.body.errors).toBeUndefined();
    const r = res.body.data.submitCart;
    expect(r).toMatchObject({ __typename: 'OrderSubmitted', order: { status: 'SUBMITTED', erpOrderNumber: null } });
    const bound = timeBound(5000, 10_000); // the ERP answers after 15 s
    console.log(`slow-erp: submit with the ERP 15 s late answered in ${ms.toFixed(0)} ms (${bound.note})`);
    expect(ms).toBeLessThan(bound.ms);

    const acked = await waitFor(
      async () => {
        const o = await order(r.order.id, cart.token);
        return o.erpOrderNumber ? o : null;
      },
      { timeoutMs: 45_000, intervalMs: 250 },
    );
    expect(acked.status).not.toBe('SUBMITTED');
    expect(acked.timeline.filter((e: { type: string }) => e.type === 'order.acknowledged')).toHaveLength(1);
    await admin().clearFaults();
    const inErp = (await allPages((cursor) => erp().orders.exportSalesOrders({ cursor, limit: 1000 }))).filter(
      (o) => o.portalOrderId === r.order.id,
    );
    expect(inErp).toHaveLength(1);
  });

  it('credit-hold release 7 s late: ResolutionPending within 2 s, then resolved by that credit controller with the comment', async () => {
    // INITECH's credit limit is 15 000: an order above it is held by the ERP's credit check.
    const approver = stack.token('INITECH', 'approver');
    const price = (
      await gql(stack.gatewayUrl, `{ item(sku: "BRG-0004") { price(quantity: 100) { unitPrice { amount } } } }`, { token: approver })
    ).body.data.item.price.unitPrice.amount as string;
    const cart = await cartWith([{ sku: 'BRG-0004', quantity: Math.ceil(16_000 / Number(price)) }], 'INITECH', 'approver');
    const placed = (
      await gql(stack.gatewayUrl, SUBMIT, {
        token: approver,
        variables: { i: { cartId: cart.id, idempotencyKey: crypto.randomUUID(), acceptedQuoteId: cart.quoteId } },
      })
    ).body.data.submitCart;
    expect(placed.__typename).toBe('OrderSubmitted');
    const held = await waitFor(async () => {
      const o = await order(placed.order.id, approver);
      return o.exceptions.some((e: { type: string }) => e.type === 'CREDIT_HOLD') ? o : null;
    });
    const ex = held.exceptions.find((e: { type: string }) => e.type === 'CREDIT_HOLD');

    await admin().setFaults({ 'POST /v1/sales-orders/:number/release-credit-hold': { latencyMs: 7000 } });
    const creditControl = stack.token('SELLER', 'credit_controller');
    const resolve = (comment: string) =>
      gql(stack.gatewayUrl, RESOLVE, {
        token: creditControl,
        variables: { o: placed.order.id, e: ex.id, a: 'RELEASE_CREDIT_HOLD', c: comment },
      });
    const { value: res, ms } = await timed(() => resolve('prepayment received'));
    expect(res.body.errors).toBeUndefined();
    const pending = res.body.data.resolveOrderException;
    expect(pending).toMatchObject({
      __typename: 'ResolutionPending',
      exception: {
        id: ex.id,
        status: 'OPEN',
        pendingRequest: { action: 'RELEASE_CREDIT_HOLD', by: 'seller-credit-control', comment: 'prepayment received' },
      },
    });
    const bound = timeBound(2000, 5000); // the ERP answers after 7 s
    console.log(`slow-erp: credit-hold release with the ERP 7 s late answered in ${ms.toFixed(0)} ms (${bound.note})`);
    expect(ms).toBeLessThan(bound.ms);

    // The request is on the timeline at once, with who asked and why.
    const requested = (await order(placed.order.id, approver)).timeline.filter(
      (e: { type: string }) => e.type === 'exception.action_requested',
    );
    expect(requested).toHaveLength(1);
    expect(requested[0]).toMatchObject({ actor: 'seller-credit-control' });
    expect(requested[0].summary).toContain('prepayment received');

    // Asking again while it waits: the same request answers pending again; nothing is sent twice.
    const again = (await resolve('prepayment received')).body.data.resolveOrderException;
    expect(again.__typename).toBe('ResolutionPending');
    const other = (
      await gql(stack.gatewayUrl, RESOLVE, { token: approver, variables: { o: placed.order.id, e: ex.id, a: 'CANCEL_ORDER' } })
    ).body.data.resolveOrderException;
    expect(other).toMatchObject({ __typename: 'ActionNotAllowed', errorCode: 'RESOLUTION_PENDING' });

    const done = await waitFor(
      async () => {
        const o = await order(placed.order.id, approver);
        const e = o.exceptions.find((x: { id: string }) => x.id === ex.id);
        return e.status === 'RESOLVED' && o.status !== 'ON_HOLD' ? { o, e } : null;
      },
      { timeoutMs: 30_000, intervalMs: 250 },
    );
    expect(done.e.resolution).toEqual({ action: 'RELEASE_CREDIT_HOLD', by: 'seller-credit-control', comment: 'prepayment received' });
    expect(done.e.pendingRequest).toBeNull();
    const resolved = done.o.timeline.filter((e: { type: string }) => e.type === 'exception.resolved');
    expect(resolved).toHaveLength(1);
    expect(resolved[0].actor).toBe('seller-credit-control');
    expect((await admin().faults()).injected.latency).toBe(1); // one release went to the ERP, not two
  });
});
