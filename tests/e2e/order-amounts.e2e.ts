/**
 * Order amounts and quantities through the gateway: a yen buyer prices a cart, submits, is
 * invoiced, and every amount has the currency's minor units (none); an order line whose rest the
 * ERP cancelled shows its cancelled quantity, and goods returned and credited show on the order
 * as its returns, per line, and as its return status.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createReferenceErpAdmin } from '@portal/erp/admin';
import { createReferenceErp } from '@portal/erp/port';
import { DEV_ERP_API_KEY } from '@portal/reference-erp/config';
import { waitFor } from '@portal/testkit';
import { gql } from '../support/graphql.js';
import { startTestStack, type TestStack } from '../support/stack.js';

let stack: TestStack;
const admin = () => createReferenceErpAdmin({ baseUrl: stack.services.erp.url, apiKey: DEV_ERP_API_KEY });
const erp = () => createReferenceErp({ baseUrl: stack.services.erp.url, apiKey: DEV_ERP_API_KEY });

beforeAll(async () => {
  stack = await startTestStack({
    PRICING_FEED_WAIT_MS: '500',
    ORDERS_FEED_WAIT_MS: '500',
    INVOICES_FEED_WAIT_MS: '500',
    ORDERS_OUTBOX_INTERVAL_MS: '200',
    INVOICES_OUTBOX_INTERVAL_MS: '200',
    ERP_FULFILMENT_INTERVAL_MS: '0',
  });
});
afterAll(async () => {
  await stack?.stop();
});

const SUBMIT = `mutation($i: SubmitCartInput!) { submitCart(input: $i) { __typename
  ... on OrderSubmitted { order { id status erpOrderNumber } }
  ... on ApprovalRequired { total { amount currency } spendingLimit { amount currency } }
  ... on ErrorResult { errorCode message } } }`;

async function place(account: string, lines: { sku: string; quantity: number }[]) {
  const token = stack.token(account, 'approver');
  const id = (await gql(stack.gatewayUrl, `mutation { createCart { ... on Cart { id } } }`, { token })).body.data.createCart.id as string;
  await gql(stack.gatewayUrl, `mutation($c: ID!, $l: [CartLineInput!]!) { addCartLines(cartId: $c, lines: $l) { __typename } }`, {
    token,
    variables: { c: id, l: lines },
  });
  const cart = (
    await gql(
      stack.gatewayUrl,
      `query($c: ID!) { cart(id: $c) { currency quote { id } totals { subtotal { amount currency } discount { amount } surcharge { amount }
        freight { amount } net { amount } total { amount currency } }
        lines { sku quantity price { unitPrice { amount currency } netAmount { amount currency } listPrice { amount }
          components { amount { amount currency } } } } } }`,
      { token, variables: { c: id } },
    )
  ).body.data.cart;
  const r = (
    await gql(stack.gatewayUrl, SUBMIT, {
      token,
      variables: { i: { cartId: id, idempotencyKey: crypto.randomUUID(), acceptedQuoteId: cart.quote.id } },
    })
  ).body.data.submitCart;
  expect(r.__typename, JSON.stringify(r)).toBe('OrderSubmitted');
  return { id: r.order.id as string, token, cart };
}

const ORDER = `query($id: ID!) { order(id: $id) { id status erpOrderNumber currency
  lines { lineNo sku quantity shippedQuantity cancelledQuantity returnedQuantity status }
  returns { number status creditMemoNumber amount { amount currency } creditedAt lines { lineNo sku quantity } }
  returnStatus } }`;
async function order(id: string, token: string) {
  const r = await gql(stack.gatewayUrl, ORDER, { token, variables: { id } });
  if (!r.body.data?.order) throw new Error(`order query failed: ${JSON.stringify(r.body.errors)}`);
  return r.body.data.order;
}

describe('cancelled and returned quantities on the order', () => {
  it('shows what the ERP cancelled of a line and the returns it credited', async () => {
    const { id, token } = await place('ACME', [{ sku: 'BOLT-0001', quantity: 10 }]);
    const acked = await waitFor(async () => ((await order(id, token)).erpOrderNumber ? await order(id, token) : null), 60_000);
    expect(acked.lines[0]).toMatchObject({ quantity: 10, cancelledQuantity: 0, returnedQuantity: 0 });
    expect(acked.returns).toEqual([]);
    expect(acked.returnStatus).toBe('NONE');

    // The shelf holds 7 of the 10: 7 ship, the rest is cancelled in the ERP.
    await admin().setStock('BOLT-0001', 'WH-US', 7);
    try {
      let s = await erp().orders.getSalesOrder(acked.erpOrderNumber);
      for (let day = 0; day < 10 && s?.lines[0]!.shippedQuantity !== 7; day++) {
        await admin().advance({ days: 1 });
        s = await erp().orders.getSalesOrder(acked.erpOrderNumber);
      }
      expect(s!.lines[0]!.shippedQuantity).toBe(7);
      const lineNo = s!.lines[0]!.lineNo;
      await erp().orders.cancelLine(acked.erpOrderNumber, lineNo);
      const cancelled = await waitFor(async () => {
        const o = await order(id, token);
        return o.lines[0].cancelledQuantity === 3 ? o : null;
      }, 20_000);
      expect(cancelled.lines[0]).toMatchObject({ quantity: 10, shippedQuantity: 7, cancelledQuantity: 3, returnedQuantity: 0 });

      // Two units come back: the ERP receives them and credits them with a memo naming the return.
      const invoiceNumber = (await erp().orders.getSalesOrder(acked.erpOrderNumber))!.invoices[0]!;
      const memo = await admin().issueCreditMemo(invoiceNumber, 'RETURN', [{ lineNo, quantity: 2 }]);
      const returned = await waitFor(async () => {
        const o = await order(id, token);
        return o.returns.length === 1 ? o : null;
      }, 20_000);
      expect(returned.returns[0]).toMatchObject({
        number: memo.returnNumber,
        status: 'CREDITED',
        creditMemoNumber: memo.number,
        amount: { amount: memo.total, currency: 'USD' },
        lines: [{ lineNo, sku: 'BOLT-0001', quantity: 2 }],
      });
      expect(returned.lines[0]).toMatchObject({ shippedQuantity: 7, cancelledQuantity: 3, returnedQuantity: 2 });
      expect(returned.returnStatus).toBe('PARTIALLY_RETURNED');

      // The other five: every shipped unit is back.
      await admin().issueCreditMemo(invoiceNumber, 'RETURN', [{ lineNo, quantity: 5 }]);
      const all = await waitFor(async () => {
        const o = await order(id, token);
        return o.returns.length === 2 ? o : null;
      }, 20_000);
      expect(all.lines[0].returnedQuantity).toBe(7);
      expect(all.returnStatus).toBe('RETURNED');
      // Another account does not see the order at all.
      const other = await gql(stack.gatewayUrl, ORDER, { token: stack.token('GLOBEX', 'buyer'), variables: { id } });
      expect(other.body.data?.order ?? null).toBeNull();
    } finally {
      await admin().setStock('BOLT-0001', 'WH-US', 5000);
    }
  });
});

describe('a yen account end to end: no decimals in any amount', () => {
  const WHOLE = /^\d+$/;
  it('prices a cart, submits, is invoiced and sees every amount in whole yen', async () => {
    const { id, token, cart } = await place('NAKATOMI', [
      { sku: 'BOLT-0001', quantity: 10 },
      { sku: 'BRG-0004', quantity: 1 },
    ]);
    expect(cart.currency).toBe('JPY');
    // 10 × 32.35 = 323.5 → 324 (rounded once, on the line); BRG-0004 1,480; no freight record in yen.
    const bolt = cart.lines.find((l: { sku: string }) => l.sku === 'BOLT-0001');
    expect(bolt.price.netAmount).toEqual({ amount: '324', currency: 'JPY' });
    // A unit price keeps its fraction of a yen (32.4 a piece), shown without padding.
    expect(bolt.price.unitPrice).toEqual({ amount: '32.4', currency: 'JPY' });
    expect(cart.totals.total).toEqual({ amount: '1804', currency: 'JPY' });
    for (const m of Object.values(cart.totals) as { amount: string }[]) expect(m.amount).toMatch(WHOLE);
    for (const l of cart.lines) {
      expect(l.price.netAmount.amount).toMatch(WHOLE);
      for (const c of l.price.components) expect(c.amount.amount).toMatch(WHOLE);
    }

    const acked = await waitFor(async () => ((await order(id, token)).erpOrderNumber ? await order(id, token) : null), 60_000);
    expect(acked.currency).toBe('JPY');
    const account = (
      await gql(stack.gatewayUrl, `{ me { account { id spendingLimit { amount currency } creditBalance { amount currency } } } }`, {
        token,
      })
    ).body.data.me.account;
    expect(account.spendingLimit).toEqual({ amount: '50000', currency: 'JPY' });
    expect(account.creditBalance.amount).toMatch(WHOLE);

    // The ERP ships and bills it; the invoice and its lines are whole yen.
    const INVOICES = `{ invoices(first: 10) { nodes { number order { id } total { amount currency } balance { amount }
      paidAmount { amount } creditedAmount { amount } lines { sku amount { amount } unitPrice { amount } } } } }`;
    let invoice: {
      total: { amount: string; currency: string };
      balance: { amount: string };
      paidAmount: { amount: string };
      creditedAmount: { amount: string };
      lines: { sku: string; amount: { amount: string } }[];
    } | null = null;
    for (let day = 0; day < 12 && !invoice; day++) {
      await admin().advance({ days: 1 });
      invoice = await waitFor(async () => {
        const r = await gql(stack.gatewayUrl, INVOICES, { token });
        return r.body.data.invoices.nodes.find((i: { order: { id: string } }) => i.order.id === id) ?? null;
      }, 3_000).catch(() => null);
    }
    expect(invoice, 'the order was invoiced').not.toBeNull();
    expect(invoice!.total).toEqual({ amount: '1804', currency: 'JPY' });
    for (const a of [invoice!.balance, invoice!.paidAmount, invoice!.creditedAmount, ...invoice!.lines.map((l) => l.amount)])
      expect(a.amount).toMatch(WHOLE);
    expect(invoice!.lines.find((l) => l.sku === 'BOLT-0001')!.amount.amount).toBe('324');
  });

  it('takes a spending limit in whole yen only; a fraction of a yen is a typed error, nothing changes', async () => {
    const token = stack.token('NAKATOMI', 'admin');
    const SET = `mutation($a: Decimal!) { setDefaultSpendingLimit(amount: $a) { __typename
      ... on Account { defaultSpendingLimit { amount currency } } ... on ErrorResult { errorCode message } } }`;
    const bad = (await gql(stack.gatewayUrl, SET, { token, variables: { a: '1000.5' } })).body.data.setDefaultSpendingLimit;
    expect(bad.errorCode).toBeTruthy();
    expect(bad.message).toMatch(/at most 0 decimals \(JPY\)/);
    const good = (await gql(stack.gatewayUrl, SET, { token, variables: { a: '120000' } })).body.data.setDefaultSpendingLimit;
    expect(good.defaultSpendingLimit).toEqual({ amount: '120000', currency: 'JPY' });
  });
});
