/**
 * Idempotent submit through the gateway: one order per key even under 100
 * concurrent retries, replay, key reuse refused, price changes and accepting the fresh quote,
 * approval over the spending limit, and the ERP down (SUBMITTED, then acknowledged once).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createReferenceErpAdmin } from '@portal/erp/admin';
import { createReferenceErp } from '@portal/erp/port';
import { DEV_ERP_API_KEY } from '@portal/reference-erp/config';
import { Decimal } from '@portal/platform/money';
import { waitFor } from '@portal/testkit';
import { allPages, findCondition } from '../support/erp.js';
import { gql } from '../support/graphql.js';
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
  });
});
afterAll(async () => {
  await stack?.stop();
});

const SUBMIT = `mutation($i: SubmitCartInput!) { submitCart(input: $i) { __typename
  ... on OrderSubmitted { order { id status erpOrderNumber lines { sku quantity confirmedQuantity } } }
  ... on ApprovalRequired { cart { id status } total { amount currency } spendingLimit { amount currency } }
  ... on PriceChanged { quoteId changes { sku oldNetAmount { amount currency } newNetAmount { amount currency } } }
  ... on AvailabilityChanged { changes { sku oldStatus newStatus } }
  ... on ErrorResult { errorCode message } } }`;

async function cartWith(lines: { sku: string; quantity: number }[], account = 'ACME', role: 'buyer' | 'approver' = 'buyer') {
  const token = stack.token(account, role);
  const id = (await gql(stack.gatewayUrl, `mutation { createCart { ... on Cart { id } } }`, { token })).body.data.createCart.id as string;
  await gql(stack.gatewayUrl, `mutation($c: ID!, $l: [CartLineInput!]!) { addCartLines(cartId: $c, lines: $l) { __typename } }`, {
    token,
    variables: { c: id, l: lines },
  });
  const view = await gql(
    stack.gatewayUrl,
    `query($c: ID!) { cart(id: $c) { quote { id } totals { total { amount } } lines { sku availability { status } } } }`,
    { token, variables: { c: id } },
  );
  return { id, quoteId: view.body.data.cart.quote.id as string, total: view.body.data.cart.totals.total.amount as string, token };
}
const submit = (token: string, input: Record<string, unknown>) => gql(stack.gatewayUrl, SUBMIT, { token, variables: { i: input } });
async function erpOrdersFor(portalOrderId: string) {
  return (await allPages((cursor) => erp().orders.exportSalesOrders({ cursor, limit: 1000 }))).filter(
    (o) => o.portalOrderId === portalOrderId,
  );
}

describe('submitCart', () => {
  it('places the order once and replays it for the same key', async () => {
    const cart = await cartWith([{ sku: 'BOLT-0001', quantity: 2 }]);
    const first = (await submit(cart.token, { cartId: cart.id, idempotencyKey: 'k-happy', acceptedQuoteId: cart.quoteId })).body.data
      .submitCart;
    expect(first.__typename).toBe('OrderSubmitted');
    expect(first.order).toMatchObject({ status: 'CONFIRMED', lines: [{ sku: 'BOLT-0001', quantity: 2, confirmedQuantity: 2 }] });
    expect(first.order.erpOrderNumber).toMatch(/^45\d+$/);
    const again = (await submit(cart.token, { cartId: cart.id, idempotencyKey: 'k-happy', acceptedQuoteId: cart.quoteId })).body.data
      .submitCart;
    expect(again.order.id).toBe(first.order.id);
    expect(await erpOrdersFor(first.order.id)).toHaveLength(1);
  });

  it('finds orders by status, date and text (number or SKU), paging with cursors', async () => {
    const token = stack.token('ACME', 'buyer');
    // Every order of the account, page by page (the account may have more than one page).
    const everything = async (filter: Record<string, unknown>) => {
      const nodes: {
        id: string;
        number: string;
        erpOrderNumber: string | null;
        status: string;
        placedAt: string;
        lines: { sku: string }[];
      }[] = [];
      let after: string | null = null;
      let totalCount = 0;
      for (;;) {
        const page: any = (
          await gql(
            stack.gatewayUrl,
            `query($f: OrderFilter, $a: String) { orders(filter: $f, first: 100, after: $a) { totalCount pageInfo { hasNextPage endCursor }
               nodes { id number erpOrderNumber status placedAt lines { sku } } } }`,
            { token, variables: { f: filter, a: after } },
          )
        ).body.data.orders;
        nodes.push(...page.nodes);
        totalCount = page.totalCount;
        if (!page.pageInfo.hasNextPage) break;
        after = page.pageInfo.endCursor;
      }
      return { nodes, totalCount };
    };
    const all = await everything({});
    expect(all.nodes).toHaveLength(all.totalCount);
    expect(new Set(all.nodes.map((o) => o.id)).size).toBe(all.totalCount);
    const completed = await everything({ status: ['COMPLETED'] });
    expect(completed.totalCount).toBe(all.nodes.filter((o) => o.status === 'COMPLETED').length);
    expect(completed.totalCount).toBeGreaterThan(0);
    expect(completed.nodes.every((o) => o.status === 'COMPLETED')).toBe(true);
    const some = all.nodes.find((o) => o.erpOrderNumber)!;
    const byNumber = (
      await gql(stack.gatewayUrl, `query($t: String) { orders(filter: { text: $t }) { nodes { id } } }`, {
        token,
        variables: { t: some.erpOrderNumber },
      })
    ).body.data.orders;
    expect(byNumber.nodes.map((o: { id: string }) => o.id)).toContain(some.id);
    const sku = some.lines[0]!.sku;
    const bySku = (
      await gql(stack.gatewayUrl, `query($t: String) { orders(filter: { text: $t }, first: 100) { nodes { lines { sku } } } }`, {
        token,
        variables: { t: sku },
      })
    ).body.data.orders;
    expect(bySku.nodes.length).toBeGreaterThan(0);
    expect(bySku.nodes.every((o: { lines: { sku: string }[] }) => o.lines.some((l) => l.sku === sku))).toBe(true);
    const day = some.placedAt.slice(0, 10);
    const onDay = (
      await gql(
        stack.gatewayUrl,
        `query($d: Date) { orders(filter: { placedFrom: $d, placedTo: $d }, first: 100) { nodes { placedAt } } }`,
        { token, variables: { d: day } },
      )
    ).body.data.orders;
    expect(onDay.nodes.length).toBeGreaterThan(0);
    expect(onDay.nodes.every((o: { placedAt: string }) => o.placedAt.startsWith(day))).toBe(true);
    const page1 = (
      await gql(
        stack.gatewayUrl,
        `{ orders(filter: { status: [COMPLETED] }, first: 2) { pageInfo { endCursor hasNextPage } nodes { id } } }`,
        { token },
      )
    ).body.data.orders;
    if (page1.pageInfo.hasNextPage) {
      const page2 = (
        await gql(stack.gatewayUrl, `query($a: String) { orders(filter: { status: [COMPLETED] }, first: 2, after: $a) { nodes { id } } }`, {
          token,
          variables: { a: page1.pageInfo.endCursor },
        })
      ).body.data.orders;
      expect(page2.nodes.map((o: { id: string }) => o.id).some((id: string) => page1.nodes.some((p: { id: string }) => p.id === id))).toBe(
        false,
      );
    }
  });

  it('100 concurrent submits with one key make exactly one ERP order and the same result', async () => {
    const cart = await cartWith([{ sku: 'NUT-0002', quantity: 3 }]);
    const results = await Promise.all(
      Array.from({ length: 100 }, () => submit(cart.token, { cartId: cart.id, idempotencyKey: 'k-storm', acceptedQuoteId: cart.quoteId })),
    );
    const ids = new Set(results.map((r) => r.body.data?.submitCart?.order?.id));
    expect(results.every((r) => r.body.data?.submitCart?.__typename === 'OrderSubmitted')).toBe(true);
    expect(ids.size).toBe(1);
    expect(await erpOrdersFor([...ids][0]!)).toHaveLength(1);
  });

  it('refuses the same key for another cart', async () => {
    const a = await cartWith([{ sku: 'BOLT-0001', quantity: 1 }]);
    const b = await cartWith([{ sku: 'BOLT-0001', quantity: 4 }]);
    expect(
      (await submit(a.token, { cartId: a.id, idempotencyKey: 'k-reuse', acceptedQuoteId: a.quoteId })).body.data.submitCart.__typename,
    ).toBe('OrderSubmitted');
    const reused = (await submit(b.token, { cartId: b.id, idempotencyKey: 'k-reuse', acceptedQuoteId: b.quoteId })).body.data.submitCart;
    expect(reused).toMatchObject({ __typename: 'SubmitRejected', errorCode: 'IDEMPOTENCY_KEY_REUSED' });
  });

  it('reports changed prices with a fresh quote, and accepting it submits', async () => {
    const cart = await cartWith([{ sku: 'WSH-0013', quantity: 2 }]);
    // Change the record that actually prices this line for ACME (a list price, price list or contract).
    const winning = (
      await gql(stack.gatewayUrl, `{ item(sku: "WSH-0013") { price(quantity: 2) { basis { conditionId } } } }`, { token: cart.token })
    ).body.data.item.price.basis.conditionId;
    const record = await findCondition(erp(), winning);
    try {
      await admin().setFaults({ 'GET /v1/events': { errorRate: 1 } }); // the portal does not learn of it yet
      // A long-poll already in flight (500 ms) was let in before the fault: let it end first.
      await new Promise((r) => setTimeout(r, 800));
      await admin().changeCondition({ ...record, amount: new Decimal(record.amount!).plus('0.50').toFixed(2) });
      const changed = (await submit(cart.token, { cartId: cart.id, idempotencyKey: 'k-price', acceptedQuoteId: cart.quoteId })).body.data
        .submitCart;
      expect(changed.__typename).toBe('PriceChanged');
      expect(changed.changes).toEqual([expect.objectContaining({ sku: 'WSH-0013' })]);
      expect(new Decimal(changed.changes[0].newNetAmount.amount).minus(changed.changes[0].oldNetAmount.amount).toFixed(2)).toBe('1.00');
      const accepted = (await submit(cart.token, { cartId: cart.id, idempotencyKey: 'k-price', acceptedQuoteId: changed.quoteId })).body
        .data.submitCart;
      expect(accepted.__typename).toBe('OrderSubmitted');
    } finally {
      await admin().clearFaults();
    }
  });

  it('over the spending limit the cart waits for approval', async () => {
    const cart = await cartWith([{ sku: 'BOLT-0001', quantity: 40 }]); // contract price ~×40 > 5000.00
    expect(Number(cart.total)).toBeGreaterThan(5000);
    const r = (await submit(cart.token, { cartId: cart.id, idempotencyKey: 'k-limit', acceptedQuoteId: cart.quoteId })).body.data
      .submitCart;
    expect(r).toMatchObject({
      __typename: 'ApprovalRequired',
      cart: { status: 'PENDING_APPROVAL' },
      spendingLimit: { amount: '5000.00', currency: 'USD' },
    });
  });

  it('approval places the order under the original key; the buyer retry replays it', async () => {
    const cart = await cartWith([{ sku: 'BOLT-0001', quantity: 41 }]);
    const waiting = (await submit(cart.token, { cartId: cart.id, idempotencyKey: 'k-approve', acceptedQuoteId: cart.quoteId })).body.data
      .submitCart;
    expect(waiting.__typename).toBe('ApprovalRequired');
    const approver = stack.token('ACME', 'approver');
    const pending = (await gql(stack.gatewayUrl, `{ pendingApprovals { id } }`, { token: approver })).body.data.pendingApprovals.map(
      (c: { id: string }) => c.id,
    );
    expect(pending).toContain(cart.id);
    // A buyer cannot approve; editing a cart waiting for approval is refused.
    const self = await gql(stack.gatewayUrl, `mutation($c: ID!) { approveCart(cartId: $c) { __typename } }`, {
      token: cart.token,
      variables: { c: cart.id },
    });
    expect(self.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const edit = await gql(
      stack.gatewayUrl,
      `mutation($c: ID!) { addCartLines(cartId: $c, lines: [{ sku: "BOLT-0001", quantity: 1 }]) { __typename ... on CartLocked { status } } }`,
      { token: cart.token, variables: { c: cart.id } },
    );
    expect(edit.body.data.addCartLines).toEqual({ __typename: 'CartLocked', status: 'PENDING_APPROVAL' });
    const approved = (
      await gql(
        stack.gatewayUrl,
        `mutation($c: ID!) { approveCart(cartId: $c, comment: "site budget ok") { __typename ... on OrderSubmitted { order { id status erpOrderNumber } } } }`,
        {
          token: approver,
          variables: { c: cart.id },
        },
      )
    ).body.data.approveCart;
    expect(approved.__typename).toBe('OrderSubmitted');
    expect(approved.order.erpOrderNumber).toBeTruthy();
    const replay = (await submit(cart.token, { cartId: cart.id, idempotencyKey: 'k-approve', acceptedQuoteId: cart.quoteId })).body.data
      .submitCart;
    expect(replay).toMatchObject({ __typename: 'OrderSubmitted', order: { id: approved.order.id } });
    const decided = (
      await gql(stack.gatewayUrl, `query($c: ID!) { cart(id: $c) { status approval { decidedBy comment } } }`, {
        token: cart.token,
        variables: { c: cart.id },
      })
    ).body.data.cart;
    expect(decided).toEqual({ status: 'SUBMITTED', approval: { decidedBy: 'acme-approver', comment: 'site budget ok' } });
    expect(await erpOrdersFor(approved.order.id)).toHaveLength(1);
  });

  it('one rejection rejects; the buyer retry sees the rejection', async () => {
    const cart = await cartWith([{ sku: 'BOLT-0001', quantity: 42 }]);
    expect(
      (await submit(cart.token, { cartId: cart.id, idempotencyKey: 'k-reject', acceptedQuoteId: cart.quoteId })).body.data.submitCart
        .__typename,
    ).toBe('ApprovalRequired');
    const approver = stack.token('ACME', 'approver');
    const rejected = (
      await gql(
        stack.gatewayUrl,
        `mutation($c: ID!) { rejectCart(cartId: $c, reason: "over budget") { __typename ... on Cart { status approval { comment } } } }`,
        { token: approver, variables: { c: cart.id } },
      )
    ).body.data.rejectCart;
    expect(rejected).toEqual({ __typename: 'Cart', status: 'REJECTED', approval: { comment: 'over budget' } });
    const retry = (await submit(cart.token, { cartId: cart.id, idempotencyKey: 'k-reject', acceptedQuoteId: cart.quoteId })).body.data
      .submitCart;
    expect(retry).toMatchObject({ __typename: 'SubmitRejected', errorCode: 'APPROVAL_REJECTED' });
    const twice = (
      await gql(stack.gatewayUrl, `mutation($c: ID!) { approveCart(cartId: $c) { __typename ... on ErrorResult { errorCode } } }`, {
        token: approver,
        variables: { c: cart.id },
      })
    ).body.data.approveCart;
    expect(twice).toEqual({ __typename: 'CartLocked', errorCode: 'NOT_PENDING_APPROVAL' });
  });

  it('ERP down: the order is SUBMITTED, then acknowledged once the ERP is back — still one ERP order', async () => {
    const cart = await cartWith([{ sku: 'BRG-0004', quantity: 1 }]);
    let orderId = '';
    try {
      await admin().setFaults({ 'POST /v1/sales-orders': { errorRate: 1 } });
      const r = (await submit(cart.token, { cartId: cart.id, idempotencyKey: 'k-down', acceptedQuoteId: cart.quoteId })).body.data
        .submitCart;
      expect(r.__typename).toBe('OrderSubmitted');
      expect(r.order).toMatchObject({ status: 'SUBMITTED', erpOrderNumber: null });
      orderId = r.order.id;
      await new Promise((res) => setTimeout(res, 700)); // a few outbox retries fail meanwhile
    } finally {
      await admin().clearFaults();
    }
    const acknowledged = await waitFor(async () => {
      const o = (
        await gql(stack.gatewayUrl, `query($id: ID!) { order(id: $id) { status erpOrderNumber } }`, {
          token: cart.token,
          variables: { id: orderId },
        })
      ).body.data.order;
      return o.erpOrderNumber ? o : null;
    }, 15_000);
    expect(acknowledged.status).toBe('CONFIRMED');
    expect(await erpOrdersFor(orderId)).toHaveLength(1);
  });
  it('(last: moves the ERP clock) the order then follows the ERP: fulfilment status and shipments with tracking, from the change feed', async () => {
    const cart = await cartWith([{ sku: 'BOLT-0001', quantity: 150 }], 'GLOBEX', 'approver'); // approvers are not held to a buyer's limit
    const placed = (await submit(cart.token, { cartId: cart.id, idempotencyKey: 'k-follow', acceptedQuoteId: cart.quoteId })).body.data
      .submitCart;
    expect(placed.__typename).toBe('OrderSubmitted');
    await admin().advance({ days: 6 }); // picked and shipped (2 packages: 150 units)
    await admin().advance({ days: 4 }); // delivered after transit (working days; weekends in between)
    const q = `query($id: ID!) { order(id: $id) { status lines { shippedQuantity } shipments { carrier trackingNumber trackingUrl status packages { trackingNumber lines { quantity } } } } }`;
    const done = await waitFor(async () => {
      const o = (await gql(stack.gatewayUrl, q, { token: cart.token, variables: { id: placed.order.id } })).body.data.order;
      return o.status === 'COMPLETED' && o.shipments.length && o.shipments.every((s: { status: string }) => s.status === 'DELIVERED')
        ? o
        : null;
    }, 15_000);
    expect(done.lines).toEqual([{ shippedQuantity: 150 }]);
    expect(done.shipments[0].trackingUrl).toContain(done.shipments[0].trackingNumber);
    expect(done.shipments.flatMap((s: { packages: unknown[] }) => s.packages)).toHaveLength(2);
  });
});
