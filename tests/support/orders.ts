/**
 * What the order e2e files (orders-exceptions, orders-timeline) share: the stack they start, the
 * GraphQL documents they send, and helpers that build carts and place and read orders through the
 * gateway. Each e2e file runs in its own process: the stack here is the one that file started.
 */
import { expect } from 'vitest';
import { createReferenceErpAdmin } from '@portal/erp/admin';
import { createReferenceErp } from '@portal/erp/port';
import { DEV_ERP_API_KEY } from '@portal/reference-erp/config';
import { signViewerHeader, VIEWER_HEADER } from '@portal/platform/auth';
import { DEV_INTERNAL_SECRET } from '@portal/platform/config';
import { gql } from './graphql.js';
import { startTestStack, type TestStack } from './stack.js';

let stack: TestStack;
export const admin = () => createReferenceErpAdmin({ baseUrl: stack.services.erp.url, apiKey: DEV_ERP_API_KEY });
export const erp = () => createReferenceErp({ baseUrl: stack.services.erp.url, apiKey: DEV_ERP_API_KEY });

/** Starts the stack (feeds and the outbox polled fast, the ERP's fulfilment moved by hand) the helpers below use. */
export async function startOrdersStack(): Promise<TestStack> {
  stack = await startTestStack({
    PRICING_FEED_WAIT_MS: '500',
    ORDERS_FEED_WAIT_MS: '500',
    INVOICES_FEED_WAIT_MS: '500',
    ORDERS_OUTBOX_INTERVAL_MS: '200',
    ORDERS_SUBSCRIPTION_POLL_MS: '1000',
    ERP_FULFILMENT_INTERVAL_MS: '0',
  });
  return stack;
}

export const SUBMIT = `mutation($i: SubmitCartInput!) { submitCart(input: $i) { __typename
  ... on OrderSubmitted { order { id status erpOrderNumber } }
  ... on ApprovalRequired { cart { id status } total { amount currency } spendingLimit { amount currency } }
  ... on PriceChanged { quoteId changes { sku oldNetAmount { amount currency } newNetAmount { amount currency } } }
  ... on ErrorResult { errorCode message } } }`;
export const RESOLVE = `mutation($o: ID!, $e: ID!, $a: OrderExceptionAction!, $c: String) {
  resolveOrderException(orderId: $o, exceptionId: $e, action: $a, comment: $c) { __typename
    ... on OrderExceptionResolved { exception { id status resolution { action by at comment } } }
    ... on ActionNotAllowed { allowedActions }
    ... on ErrorResult { errorCode message } } }`;
export const DISPUTE = `mutation($o: ID!, $l: ID!, $r: String!) { disputeOrderPrice(orderId: $o, lineId: $l, reason: $r) { __typename
  ... on OrderExceptionRaised { exception { id type status actions } }
  ... on InvalidInput { field }
  ... on ErrorResult { errorCode message } } }`;
export const ORDER = `query($id: ID!) { order(id: $id) { id status erpOrderNumber holdReason correlationId
  lines { id lineNo sku quantity confirmedQuantity shippedQuantity status proposedSku scheduleLines { date quantity basis } }
  exceptions { id type reasonCode status message actions lineNo sku proposedSku raisedBy resolution { action by at comment } }
  timelineVerified timelineVerification { valid checkedEvents brokenEventId reason }
  timeline { __typename id at type source correlationId summary actor hash prevHash cursor
    ... on ExceptionEvent { exceptionType resolution }
    ... on BillingEvent { invoiceNumber amount { amount currency } }
    ... on ShipmentEvent { shipmentId trackingNumber lines { sku quantity } }
    ... on PricingSnapshotEvent { quoteId total { amount currency } lines { sku quantity unitPrice { amount currency } netAmount { amount currency } } }
    ... on ApprovalEvent { decision comment spendingLimit { amount } }
    ... on OrderTimelineEvent { erpOrderNumber status previousStatus } } } }`;

export async function cartWith(lines: { sku: string; quantity: number }[], account = 'ACME', role: 'buyer' | 'approver' = 'buyer') {
  const token = stack.token(account, role);
  const id = (await gql(stack.gatewayUrl, `mutation { createCart { ... on Cart { id } } }`, { token })).body.data.createCart.id as string;
  if (lines.length)
    await gql(stack.gatewayUrl, `mutation($c: ID!, $l: [CartLineInput!]!) { addCartLines(cartId: $c, lines: $l) { __typename } }`, {
      token,
      variables: { c: id, l: lines },
    });
  return { id, token, ...(await view(id, token)) };
}
export async function view(cartId: string, token: string) {
  const v = await gql(
    stack.gatewayUrl,
    `query($c: ID!) { cart(id: $c) { quote { id } totals { total { amount } } lines { sku quantity availability { status } } } }`,
    { token, variables: { c: cartId } },
  );
  return { quoteId: v.body.data.cart.quote.id as string, total: v.body.data.cart.totals.total.amount as string };
}
export const submit = (token: string, input: Record<string, unknown>) => gql(stack.gatewayUrl, SUBMIT, { token, variables: { i: input } });
export async function order(id: string, token: string) {
  const r = await gql(stack.gatewayUrl, ORDER, { token, variables: { id } });
  if (!r.body.data) throw new Error(`order query failed: ${JSON.stringify(r.body.errors)}`);
  return r.body.data.order;
}
export async function place(
  lines: { sku: string; quantity: number }[],
  account = 'ACME',
  role: 'buyer' | 'approver' = 'approver',
  key = crypto.randomUUID(),
) {
  const cart = await cartWith(lines, account, role);
  const r = (await submit(cart.token, { cartId: cart.id, idempotencyKey: key, acceptedQuoteId: cart.quoteId })).body.data.submitCart;
  expect(r.__typename).toBe('OrderSubmitted');
  return { id: r.order.id as string, token: cart.token };
}
export const viewerParams = (account: string, role: 'buyer' | 'approver', secret = DEV_INTERNAL_SECRET) => {
  const t = stack.tokens.find((x) => x.accountId === account && x.role === role)!;
  return { [VIEWER_HEADER]: signViewerHeader({ userId: t.userId, accountId: account, roles: [role] }, secret) };
};
export const types = (o: { timeline: { type: string }[] }) => o.timeline.map((e) => e.type);
