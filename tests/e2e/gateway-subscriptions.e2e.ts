/**
 * Federated subscriptions through the gateway: graphql-ws on the gateway's `/graphql`
 * with the JWT in `connection_init`, a selection that spans orders, inventory, pricing and
 * invoices, resume after the upstream stream is cut (nothing lost, nothing twice), the upstream
 * closed with the client, GraphQL over SSE, and refusals.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createReferenceErpAdmin } from '@portal/erp/admin';
import { DEV_ERP_API_KEY } from '@portal/reference-erp/config';
import { startGateway, type RunningGateway } from '@portal/gateway';
import { loadGatewayConfig } from '@portal/gateway/config';
import { waitFor } from '@portal/testkit';
import { gql } from '../support/graphql.js';
import { startTestStack, type TestStack } from '../support/stack.js';
import { collect, wsClient } from '../support/subscriptions.js';
import { proxyTo } from '../support/ws-proxy.js';

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack({
    ORDERS_FEED_WAIT_MS: '500',
    INVOICES_FEED_WAIT_MS: '500',
    ORDERS_OUTBOX_INTERVAL_MS: '200',
    ORDERS_SUBSCRIPTION_POLL_MS: '1000',
    ERP_FULFILMENT_INTERVAL_MS: '0',
  });
});
afterAll(async () => {
  await stack?.stop();
});

const SUB = `subscription($id: ID!, $after: String) { orderUpdated(orderId: $id, after: $after) {
  cursor
  event { __typename id type summary ... on BillingEvent { invoiceNumber } }
  order { id status invoices { number balance { amount } } lines { sku item { name price(quantity: 1) { netAmount { amount } } } } } } }`;

async function placeOrder(sku = 'BOLT-0001', quantity = 2) {
  const token = stack.token('ACME', 'approver');
  const cartId = (await gql(stack.gatewayUrl, `mutation { createCart { ... on Cart { id } } }`, { token })).body.data.createCart.id;
  await gql(stack.gatewayUrl, `mutation($c: ID!, $l: [CartLineInput!]!) { addCartLines(cartId: $c, lines: $l) { __typename } }`, {
    token,
    variables: { c: cartId, l: [{ sku, quantity }] },
  });
  const quote = (
    await gql(stack.gatewayUrl, `query($c: ID!) { cart(id: $c) { quote { id } lines { availability { status } } } }`, {
      token,
      variables: { c: cartId },
    })
  ).body.data.cart.quote.id;
  const r = (
    await gql(
      stack.gatewayUrl,
      `mutation($i: SubmitCartInput!) { submitCart(input: $i) { __typename ... on OrderSubmitted { order { id lines { id } } } } }`,
      { token, variables: { i: { cartId, idempotencyKey: crypto.randomUUID(), acceptedQuoteId: quote } } },
    )
  ).body.data.submitCart;
  expect(r.__typename).toBe('OrderSubmitted');
  // Wait for the ERP's acknowledgement on the timeline, so later events are ours.
  await waitFor(async () => {
    const t = (
      await gql(stack.gatewayUrl, `query($id: ID!) { order(id: $id) { timeline { type } } }`, { token, variables: { id: r.order.id } })
    ).body.data.order.timeline;
    return t.some((e: { type: string }) => e.type === 'order.acknowledged') || null;
  });
  return { id: r.order.id as string, lineId: r.order.lines[0].id as string };
}

const buyer = () => stack.token('ACME', 'buyer');
async function dispute(order: { id: string; lineId: string }, reason: string) {
  const r = (
    await gql(
      stack.gatewayUrl,
      `mutation($o: ID!, $l: ID!, $r: String!) { disputeOrderPrice(orderId: $o, lineId: $l, reason: $r) { __typename ... on OrderExceptionRaised { exception { id } } } }`,
      { token: buyer(), variables: { o: order.id, l: order.lineId, r: reason } },
    )
  ).body.data.disputeOrderPrice;
  return r.exception.id as string;
}
const withdraw = (order: { id: string }, exceptionId: string) =>
  gql(
    stack.gatewayUrl,
    `mutation($o: ID!, $e: ID!) { resolveOrderException(orderId: $o, exceptionId: $e, action: WITHDRAW) { __typename } }`,
    {
      token: buyer(),
      variables: { o: order.id, e: exceptionId },
    },
  );

describe('subscriptions through the gateway', () => {
  it('one event carries fields from orders, inventory, pricing and invoices', async () => {
    const order = await placeOrder();
    const client = wsClient(`${stack.gatewayUrl}`, { Authorization: `Bearer ${buyer()}` });
    const sub = collect(client, SUB, { id: order.id });
    await new Promise((r) => setTimeout(r, 300));
    await dispute(order, 'spans every subgraph');
    const [first] = await sub.waitFor(1);
    const u = first.orderUpdated;
    expect(u.event).toMatchObject({ __typename: 'ExceptionEvent', type: 'exception.raised' });
    expect(u.order.id).toBe(order.id);
    expect(u.order.invoices).toEqual([]);
    expect(u.order.lines[0]).toMatchObject({
      sku: 'BOLT-0001',
      item: { name: expect.any(String), price: { netAmount: { amount: expect.stringMatching(/^\d+\.\d{2}/) } } },
    });
    expect(sub.errors).toEqual([]);
    sub.stop();
    await client.dispose();
  });

  it('refuses a connection without a valid token, and another account’s order', async () => {
    const order = await placeOrder();
    const anonymous = wsClient(`${stack.gatewayUrl}`, {});
    const a = collect(anonymous, SUB, { id: order.id });
    await waitFor(async () => a.errors.length > 0 || null);
    expect(a.results).toEqual([]);
    await anonymous.dispose();
    const forged = wsClient(`${stack.gatewayUrl}`, { Authorization: 'Bearer not.a.jwt' });
    const f = collect(forged, SUB, { id: order.id });
    await waitFor(async () => f.errors.length > 0 || null);
    await forged.dispose();
    const other = wsClient(`${stack.gatewayUrl}`, { Authorization: `Bearer ${stack.token('GLOBEX', 'buyer')}` });
    const o = collect(other, SUB, { id: order.id });
    await waitFor(async () => o.errors.length > 0 || null);
    expect(JSON.stringify(o.errors)).toMatch(/NOT_FOUND|no such order/);
    await other.dispose();
  });

  it('resumes after the upstream stream is cut: the events in between arrive once, in order; closing the client ends the upstream operation and the idle shared connection closes', async () => {
    const proxy = await proxyTo(stack.services.orders.url);
    const subgraphUrls = Object.fromEntries(
      (stack.services.gateway as RunningGateway).subgraphs.map((s) => [s.name, s.name === 'orders' ? `${proxy.url}/graphql` : s.url]),
    );
    const gateway = await startGateway({
      config: loadGatewayConfig({ LOG_LEVEL: 'warn', PORT: '0' }),
      supergraphPath: new URL('../../schema/supergraph.graphql', import.meta.url).pathname,
      port: 0,
      subgraphUrls,
    });
    try {
      const order = await placeOrder();
      const client = wsClient(`${gateway.url}/graphql`, { Authorization: `Bearer ${buyer()}` });
      const sub = collect(client, SUB, { id: order.id });
      await waitFor(async () => proxy.open() > 0 || null).catch((e) => {
        throw new Error(
          `${e.message}; errors=${JSON.stringify(sub.errors)} results=${sub.results.length} routes=${JSON.stringify(gateway.subgraphs)}`,
        );
      });
      // The socket is open; the subscription starts on the orders subgraph once graphql-ws has
      // acknowledged it. An event raised before that is not this subscription's (it has no `after`).
      await new Promise((r) => setTimeout(r, 500));
      const d1 = await dispute(order, 'before the cut');
      await sub.waitFor(1);
      proxy.cut(); // the gateway's stream from the orders subgraph drops
      await withdraw(order, d1);
      const d2 = await dispute(order, 'while cut');
      const all = await sub.waitFor(3, 15_000);
      await withdraw(order, d2);
      await sub.waitFor(4, 15_000);
      await new Promise((r) => setTimeout(r, 1500));
      expect(sub.errors).toEqual([]);
      const types = sub.results.map((r) => r.orderUpdated.event.type);
      expect(types).toEqual(['exception.raised', 'exception.resolved', 'exception.raised', 'exception.resolved']);
      expect(new Set(sub.results.map((r) => r.orderUpdated.event.id)).size).toBe(4);
      expect(all[1].orderUpdated.order.lines[0].item.price).toBeTruthy(); // the rest of the plan still runs after the resume
      sub.stop();
      await client.dispose();
      // The upstream operation ends with the client; the shared connection closes once it has
      // been idle for a few seconds (no other subscription uses it here).
      await waitFor(async () => proxy.open() === 0 || null, 15_000);
    } finally {
      await gateway.close();
      await proxy.close();
    }
  });

  it('GraphQL over SSE streams the same events', async () => {
    const order = await placeOrder();
    const controller = new AbortController();
    const res = await fetch(`${stack.gatewayUrl.replace(/\/graphql$/, '')}/graphql/stream`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${buyer()}`, accept: 'text/event-stream' },
      body: JSON.stringify({ query: SUB, variables: { id: order.id } }),
      signal: controller.signal,
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const reader = res.body!.getReader();
    let text = '';
    setTimeout(() => void dispute(order, 'over SSE'), 300);
    const deadline = Date.now() + 10_000;
    while (!text.includes('event: next') && Date.now() < deadline) {
      const { value, done } = await reader.read();
      if (done) break;
      text += new TextDecoder().decode(value);
    }
    controller.abort();
    const data = JSON.parse(text.split('event: next\ndata: ')[1]!.split('\n')[0]!);
    expect(data.data.orderUpdated.event.type).toBe('exception.raised');
    expect(data.data.orderUpdated.order.lines[0].item.name).toBeTruthy();
    const unauth = await fetch(`${stack.gatewayUrl.replace(/\/graphql$/, '')}/graphql/stream`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: SUB, variables: { id: order.id } }),
    });
    expect(unauth.status).toBe(401);
  });

  it('(last: moves the ERP clock) an invoice for the order arrives with the invoice number and the order’s invoices', async () => {
    const order = await placeOrder('BOLT-0001', 3);
    const client = wsClient(`${stack.gatewayUrl}`, { Authorization: `Bearer ${buyer()}` });
    const sub = collect(client, SUB, { id: order.id });
    await new Promise((r) => setTimeout(r, 300));
    const admin = createReferenceErpAdmin({ baseUrl: stack.services.erp.url, apiKey: DEV_ERP_API_KEY });
    let billing: any;
    for (let day = 0; day < 8 && !billing; day++) {
      await admin.advance({ days: 1 });
      billing = await waitFor(async () => sub.results.find((r) => r.orderUpdated.event.__typename === 'BillingEvent') ?? null, 3_000).catch(
        () => null,
      );
    }
    expect(billing).toBeTruthy();
    const invoiceNumber = billing.orderUpdated.event.invoiceNumber;
    expect(billing.orderUpdated.order.invoices.map((i: { number: string }) => i.number)).toContain(invoiceNumber);
    sub.stop();
    await client.dispose();
  });
});
