/**
 * The submit's quote check covers what is priced on the whole document: when the tax rate or the
 * header discount changed between the buyer's pricing and the submit, the submit answers
 * PriceChanged with a fresh quote and orders nothing, although every line costs what it did; the
 * fresh quote then submits, at the new amounts. On the demo's taxed account (HOOLI: ships to
 * Germany, 19 % standard rate, 2 % off from 1,000.00 net).
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
const erp = () => createReferenceErp({ baseUrl: stack.services.erp.url, apiKey: DEV_ERP_API_KEY });
const admin = () => createReferenceErpAdmin({ baseUrl: stack.services.erp.url, apiKey: DEV_ERP_API_KEY });
beforeAll(async () => {
  stack = await startTestStack({ PRICING_FEED_WAIT_MS: '500', ERP_FULFILMENT_INTERVAL_MS: '0' });
});
afterAll(async () => {
  await stack?.stop();
});

const SUBMIT = `mutation($i: SubmitCartInput!) { submitCart(input: $i) { __typename
  ... on OrderSubmitted { order { id } }
  ... on PriceChanged { quoteId changes { sku } totalChanges { total oldAmount { amount currency } newAmount { amount currency } } }
  ... on ErrorResult { errorCode message } } }`;

/** A HOOLI cart of one standard-rate item worth about `net` (quoted), and its submit. */
async function quotedCart(net: number) {
  const token = stack.token('HOOLI', 'buyer');
  const items = await allPages((cursor) => erp().inventory.exportItems({ cursor, limit: 1000 }));
  const sku = items.find((i) => i.taxClass === 'STANDARD' && !i.discontinued && i.sku !== 'ATP-DEMO-1')!.sku;
  const unit = (await erp().pricing.simulate('HOOLI', [{ lineId: 'p', sku, quantity: 1 }])).lines[0]!.unitPrice;
  const quantity = Math.ceil(net / Number(unit));
  const id = (await gql(stack.gatewayUrl, `mutation { createCart { ... on Cart { id } } }`, { token })).body.data.createCart.id as string;
  await gql(stack.gatewayUrl, `mutation($c: ID!, $l: [CartLineInput!]!) { addCartLines(cartId: $c, lines: $l) { __typename } }`, {
    token,
    variables: { c: id, l: [{ sku, quantity }] },
  });
  const cart = (
    await gql(stack.gatewayUrl, `query($c: ID!) { cart(id: $c) { quote { id } totals { headerDiscount { amount } tax { amount } } } }`, {
      token,
      variables: { c: id },
    })
  ).body.data.cart;
  const submit = async (key: string, quoteId: string) =>
    (await gql(stack.gatewayUrl, SUBMIT, { token, variables: { i: { cartId: id, idempotencyKey: key, acceptedQuoteId: quoteId } } })).body
      .data.submitCart;
  return { cart, submit };
}

const hooliOrders = async () =>
  (await allPages((cursor) => erp().orders.exportSalesOrders({ cursor, limit: 1000 }))).filter((o) => o.accountId === 'HOOLI');

describe('the submit checks the tax and header discount the buyer was quoted', () => {
  it('a changed tax rate: PriceChanged with a fresh quote, nothing ordered; the fresh quote orders at the new tax', async () => {
    const { cart, submit } = await quotedCart(300);
    expect(new Decimal(cart.totals.tax.amount).gt(0)).toBe(true);
    const record = await findCondition(erp(), 'TX00-DE-STANDARD-EUR');
    await admin().changeCondition({ ...record, rate: '21' });
    const changed = await submit(`tax-${Date.now()}`, cart.quote.id);
    expect(changed).toMatchObject({ __typename: 'PriceChanged', changes: [] });
    // What changed is said on the document: the tax and the total, old and new.
    const tax = changed.totalChanges.find((c: { total: string }) => c.total === 'TAX');
    expect(tax.oldAmount).toEqual({ amount: cart.totals.tax.amount, currency: 'EUR' });
    expect(new Decimal(tax.newAmount.amount).gt(tax.oldAmount.amount)).toBe(true);
    expect(changed.totalChanges.map((c: { total: string }) => c.total).sort()).toEqual(['TAX', 'TOTAL']);
    expect(changed.quoteId).not.toBe(cart.quote.id);
    expect(await hooliOrders()).toHaveLength(0);

    const placed = await submit(`tax-again-${Date.now()}`, changed.quoteId);
    expect(placed.__typename).toBe('OrderSubmitted');
    const order = await waitFor(async () => (await hooliOrders()).find((o) => o.portalOrderId === placed.order.id), 30_000);
    expect(order.taxLines!.map((l) => l.rate)).toEqual(['21']);
    expect(order.tax).not.toBe(cart.totals.tax.amount);
  });

  it('a changed header discount: PriceChanged, nothing more ordered', async () => {
    const { cart, submit } = await quotedCart(1200);
    expect(new Decimal(cart.totals.headerDiscount.amount).gt(0)).toBe(true);
    const before = (await hooliOrders()).length;
    const record = await findCondition(erp(), 'HD00-HOOLI');
    await admin().changeCondition({ ...record, scales: [{ from: '1000', rate: '3' }] });
    const changed = await submit(`discount-${Date.now()}`, cart.quote.id);
    expect(changed).toMatchObject({ __typename: 'PriceChanged', changes: [] });
    const discount = changed.totalChanges.find((c: { total: string }) => c.total === 'HEADER_DISCOUNT');
    expect(discount.oldAmount.amount).toBe(cart.totals.headerDiscount.amount);
    expect(new Decimal(discount.newAmount.amount).gt(discount.oldAmount.amount)).toBe(true);
    expect(await hooliOrders()).toHaveLength(before);
  });
});
