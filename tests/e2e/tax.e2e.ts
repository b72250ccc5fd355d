/**
 * Tax, header discounts and the minimum order value through the gateway, on the demo's taxed
 * account (HOOLI ships to Germany: 19 / 7 / 0 % by tax class, 2 % off from 1,000.00 net, minimum
 * 150.00 EUR): cart totals with tax lines, the header discount, the shortfall to the minimum, and
 * an untaxed account's cart as it was. The amounts are checked against the ERP's own simulation
 * and against the rule (tax per line, rounded per line), not against numbers written down here.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createReferenceErpAdmin } from '@portal/erp/admin';
import { createReferenceErp } from '@portal/erp/port';
import { DEV_ERP_API_KEY } from '@portal/reference-erp/config';
import { Decimal } from '@portal/platform/money';
import { waitFor } from '@portal/testkit';
import { allPages } from '../support/erp.js';
import { gql } from '../support/graphql.js';
import { startTestStack, type TestStack } from '../support/stack.js';

let stack: TestStack;
const erp = () => createReferenceErp({ baseUrl: stack.services.erp.url, apiKey: DEV_ERP_API_KEY });
beforeAll(async () => {
  stack = await startTestStack({ PRICING_FEED_WAIT_MS: '500', ERP_FULFILMENT_INTERVAL_MS: '0' });
});
afterAll(async () => {
  await stack?.stop();
});

const TOTALS = `query($c: ID!) { cart(id: $c) { lines { id sku quantity price { netAmount { amount } } }
  totals { net { amount currency } headerDiscount { amount } freight { amount } tax { amount } total { amount }
    taxLines { label rate base { amount currency } amount { amount } } minimumOrderValue { amount currency } belowMinimumBy { amount } } } }`;

async function cart(account: string, lines: { sku: string; quantity: number }[]) {
  const token = stack.token(account, 'buyer');
  const id = (await gql(stack.gatewayUrl, `mutation { createCart { ... on Cart { id } } }`, { token })).body.data.createCart.id as string;
  await gql(stack.gatewayUrl, `mutation($c: ID!, $l: [CartLineInput!]!) { addCartLines(cartId: $c, lines: $l) { __typename } }`, {
    token,
    variables: { c: id, l: lines },
  });
  const r = await gql(stack.gatewayUrl, TOTALS, { token, variables: { c: id } });
  expect(r.body.errors).toBeUndefined();
  return r.body.data.cart;
}

let skus: { STANDARD: string[]; REDUCED: string[] };
async function itemsByClass() {
  const items = await allPages((cursor) => erp().inventory.exportItems({ cursor, limit: 1000 }));
  const of = (c: string) => items.filter((i) => i.taxClass === c && !i.discontinued && i.sku !== 'ATP-DEMO-1').map((i) => i.sku);
  return { STANDARD: of('STANDARD'), REDUCED: of('REDUCED') };
}

describe('tax, header discount and minimum order value in cart totals', () => {
  it('a taxed account’s cart shows tax lines per rate, as the ERP prices it; total = net − header discount + freight + tax', async () => {
    skus = await itemsByClass();
    // Items under 200.00 each, so the cart stays under the 1,000.00 of the header discount (next case).
    const cheap = async (list: string[]) =>
      (
        await erp().pricing.simulate(
          'HOOLI',
          list.slice(0, 30).map((sku) => ({ lineId: sku, sku, quantity: 1 })),
        )
      ).lines
        .filter((l) => new Decimal(l.netAmount).lt(200))
        .map((l) => l.sku);
    const [standard, reduced] = [await cheap(skus.STANDARD), await cheap(skus.REDUCED)];
    const lines = [
      { sku: standard[0]!, quantity: 1 },
      { sku: standard[1]!, quantity: 1 },
      { sku: reduced[0]!, quantity: 2 },
    ];
    const c = await cart('HOOLI', lines);
    const t = c.totals;
    expect(t.net.currency).toBe('EUR');
    expect(t.headerDiscount.amount).toBe('0.00');
    expect(t.taxLines.map((l: any) => l.rate)).toEqual(['19', '7']);
    // Tax per line, rounded per line, summed per rate: recomputed here from the lines' net amounts.
    const rateOf = (sku: string) => (skus.REDUCED.includes(sku) ? 7 : 19);
    for (const tl of t.taxLines) {
      const mine = c.lines.filter((l: any) => String(rateOf(l.sku)) === tl.rate);
      const base = mine.reduce((s: Decimal, l: any) => s.plus(l.price.netAmount.amount), new Decimal(0));
      const tax = mine.reduce(
        (s: Decimal, l: any) =>
          s.plus(new Decimal(l.price.netAmount.amount).mul(tl.rate).div(100).toDecimalPlaces(2, Decimal.ROUND_HALF_UP)),
        new Decimal(0),
      );
      expect(tl.base.amount).toBe(base.toFixed(2));
      expect(tl.amount.amount).toBe(tax.toFixed(2));
    }
    expect(t.tax.amount).toBe(t.taxLines.reduce((s: Decimal, l: any) => s.plus(l.amount.amount), new Decimal(0)).toFixed(2));
    expect(t.total.amount).toBe(
      new Decimal(t.net.amount).minus(t.headerDiscount.amount).plus(t.freight.amount).plus(t.tax.amount).toFixed(2),
    );
    // The portal's totals are the ERP's.
    const sim = await erp().pricing.simulate(
      'HOOLI',
      c.lines.map((l: any) => ({ lineId: l.id, sku: l.sku, quantity: l.quantity })),
    );
    expect([t.net.amount, t.headerDiscount.amount, t.freight.amount, t.tax.amount, t.total.amount]).toEqual([
      sim.totals.net,
      sim.totals.headerDiscount,
      sim.totals.freight,
      sim.totals.tax,
      sim.totals.total,
    ]);
  });

  it('from 1,000.00 net the account’s 2 % header discount shows and lowers the tax base', async () => {
    const c = await cart('HOOLI', [
      { sku: skus.STANDARD[0]!, quantity: 200 },
      { sku: skus.REDUCED[0]!, quantity: 100 },
    ]);
    const t = c.totals;
    expect(new Decimal(t.net.amount).gte(1000)).toBe(true);
    expect(t.headerDiscount.amount).toBe(new Decimal(t.net.amount).mul('0.02').toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toFixed(2));
    const bases = t.taxLines.reduce((s: Decimal, l: any) => s.plus(l.base.amount), new Decimal(0));
    expect(bases.toFixed(2)).toBe(new Decimal(t.net.amount).minus(t.headerDiscount.amount).toFixed(2));
    expect(t.belowMinimumBy).toBeNull();
  });

  it('below the minimum order value the cart says by how much; an untaxed account’s cart is as it was', async () => {
    const probe = await erp().pricing.simulate(
      'HOOLI',
      skus.STANDARD.slice(0, 20).map((sku) => ({ lineId: sku, sku, quantity: 1 })),
    );
    const cheap = probe.lines.find((l) => new Decimal(l.netAmount).lt(150))!;
    const c = await cart('HOOLI', [{ sku: cheap.sku, quantity: 1 }]);
    expect(c.totals.minimumOrderValue).toEqual({ amount: '150.00', currency: 'EUR' });
    expect(c.totals.belowMinimumBy.amount).toBe(new Decimal(150).minus(cheap.netAmount).toFixed(2));

    const acme = await cart('ACME', [{ sku: 'BOLT-0001', quantity: 2 }]);
    expect(acme.totals).toMatchObject({
      headerDiscount: { amount: '0.00' },
      tax: { amount: '0.00' },
      taxLines: [],
      minimumOrderValue: null,
    });
    expect(acme.totals.total.amount).toBe(new Decimal(acme.totals.net.amount).plus(acme.totals.freight.amount).toFixed(2));
  });
});

let placedOrder: { id: string; tax: string; total: string } | undefined;
let billedInvoice: string | undefined;

describe('submit below the minimum order value', () => {
  const SUBMIT = `mutation($i: SubmitCartInput!) { submitCart(input: $i) { __typename
    ... on OrderSubmitted { order { id erpOrderNumber } }
    ... on MinimumOrderValueNotMet { errorCode message minimum { amount currency } shortBy { amount currency } }
    ... on ErrorResult { errorCode message } } }`;

  it('answers MinimumOrderValueNotMet, orders nothing, and the corrected cart submits with the same key, tax and all', async () => {
    const token = stack.token('HOOLI', 'buyer');
    const probe = await erp().pricing.simulate(
      'HOOLI',
      skus.STANDARD.slice(0, 20).map((sku) => ({ lineId: sku, sku, quantity: 1 })),
    );
    const cheap = probe.lines.find((l) => new Decimal(l.netAmount).lt(150))!;
    const id = (await gql(stack.gatewayUrl, `mutation { createCart { ... on Cart { id } } }`, { token })).body.data.createCart.id as string;
    const add = (quantity: number) =>
      gql(stack.gatewayUrl, `mutation($c: ID!, $l: [CartLineInput!]!) { addCartLines(cartId: $c, lines: $l) { __typename } }`, {
        token,
        variables: { c: id, l: [{ sku: cheap.sku, quantity }] },
      });
    const quoted = async () =>
      (
        await gql(stack.gatewayUrl, `query($c: ID!) { cart(id: $c) { status quote { id } totals { tax { amount } total { amount } } } }`, {
          token,
          variables: { c: id },
        })
      ).body.data.cart;
    await add(1);
    const before = await quoted();
    const key = `mov-${Date.now()}`;
    const refused = (
      await gql(stack.gatewayUrl, SUBMIT, {
        token,
        variables: { i: { cartId: id, idempotencyKey: key, acceptedQuoteId: before.quote.id } },
      })
    ).body.data.submitCart;
    expect(refused).toMatchObject({
      __typename: 'MinimumOrderValueNotMet',
      errorCode: 'MINIMUM_ORDER_VALUE_NOT_MET',
      minimum: { amount: '150.00', currency: 'EUR' },
      shortBy: { amount: new Decimal(150).minus(cheap.netAmount).toFixed(2), currency: 'EUR' },
    });
    expect((await quoted()).status).toBe('ACTIVE');
    const orders = await allPages((cursor) => erp().orders.exportSalesOrders({ cursor, limit: 1000 }));
    expect(orders.filter((o) => o.accountId === 'HOOLI')).toHaveLength(0);

    // Enough of it to pass the minimum: the same key is free for the corrected cart.
    await add(Math.ceil(150 / Number(cheap.netAmount)));
    const after = await quoted();
    const placed = (
      await gql(stack.gatewayUrl, SUBMIT, { token, variables: { i: { cartId: id, idempotencyKey: key, acceptedQuoteId: after.quote.id } } })
    ).body.data.submitCart;
    expect(placed.__typename).toBe('OrderSubmitted');
    // The ERP's order (delivered through the outbox, so waited for) carries the tax the buyer saw.
    const erpOrder = await waitFor(
      async () =>
        (await allPages((cursor) => erp().orders.exportSalesOrders({ cursor, limit: 1000 }))).find(
          (o) => o.portalOrderId === placed.order.id,
        ),
      30_000,
    );
    expect(erpOrder).toMatchObject({ tax: after.totals.tax.amount, total: after.totals.total.amount });
    placedOrder = { id: placed.order.id, tax: erpOrder.tax!, total: erpOrder.total! };
    expect(new Decimal(after.totals.tax.amount).gt(0)).toBe(true);
  });
});

describe('an invoice with tax', () => {
  it('shows the tax lines per rate and a total with tax; the order’s invoices add up to its tax', async () => {
    expect(placedOrder).toBeDefined();
    const token = stack.token('HOOLI', 'buyer');
    const admin = createReferenceErpAdmin({ baseUrl: stack.services.erp.url, apiKey: DEV_ERP_API_KEY });
    const Q = `query($id: ID!) { order(id: $id) { status invoices { number total { amount currency } headerDiscount { amount }
      tax { amount } taxLines { rate base { amount } amount { amount } } lines { amount { amount } } } } }`;
    const read = async () => (await gql(stack.gatewayUrl, Q, { token, variables: { id: placedOrder!.id } })).body.data.order;
    let order = await read();
    for (let day = 0; day < 30 && order.status !== 'COMPLETED'; day++) {
      await admin.advance({ days: 1 });
      order = await waitFor(async () => {
        const o = await read();
        return o.invoices.length || o.status !== 'COMPLETED' ? o : null;
      }, 30_000);
    }
    const invoices = await waitFor(async () => {
      const o = await read();
      const sum = o.invoices.reduce((s: Decimal, i: any) => s.plus(i.tax.amount), new Decimal(0));
      return o.status === 'COMPLETED' && sum.toFixed(2) === placedOrder!.tax ? o.invoices : null;
    }, 30_000);
    for (const inv of invoices) {
      expect(inv.total.currency).toBe('EUR');
      const lines = inv.lines.reduce((s: Decimal, l: any) => s.plus(l.amount.amount), new Decimal(0));
      expect(inv.total.amount).toBe(lines.minus(inv.headerDiscount.amount).plus(inv.tax.amount).toFixed(2));
      expect(inv.taxLines.reduce((s: Decimal, l: any) => s.plus(l.amount.amount), new Decimal(0)).toFixed(2)).toBe(inv.tax.amount);
      expect(inv.taxLines.map((l: any) => l.rate)).toEqual(['19']);
    }
    const billed = invoices.reduce((s: Decimal, i: any) => s.plus(i.total.amount), new Decimal(0));
    expect(billed.toFixed(2)).toBe(placedOrder!.total);
    billedInvoice = invoices[0].number;
  });

  it('a credit memo shows the tax it reverses, per rate, and its header discount; total = lines − header discount + tax', async () => {
    expect(billedInvoice).toBeDefined();
    const token = stack.token('HOOLI', 'buyer');
    const admin = createReferenceErpAdmin({ baseUrl: stack.services.erp.url, apiKey: DEV_ERP_API_KEY });
    const invoice = (await erp().invoices.getInvoice(billedInvoice!))!;
    const line = invoice.lines.find((l) => l.lineNo > 0)!;
    const memo = await admin.issueCreditMemo(invoice.number, 'RETURN', [{ lineNo: line.lineNo, quantity: 1 }]);
    expect(new Decimal(memo.tax!).gt(0)).toBe(true);
    const Q = `query($m: String!) { creditMemo(number: $m) { number total { amount currency } headerDiscount { amount currency }
      tax { amount currency } taxLines { rate base { amount currency } amount { amount currency } } lines { amount { amount } } } }`;
    const shown = await waitFor(
      async () => (await gql(stack.gatewayUrl, Q, { token, variables: { m: memo.number } })).body.data?.creditMemo ?? null,
      30_000,
    );
    // The portal shows what the ERP credited.
    expect(shown).toMatchObject({
      total: { amount: memo.total, currency: 'EUR' },
      headerDiscount: { amount: memo.headerDiscount, currency: 'EUR' },
      tax: { amount: memo.tax, currency: 'EUR' },
    });
    expect(shown.taxLines).toEqual(
      memo.taxLines!.map((t) => ({
        rate: t.rate,
        base: { amount: t.base, currency: 'EUR' },
        amount: { amount: t.amount, currency: 'EUR' },
      })),
    );
    const lines = shown.lines.reduce((s: Decimal, l: any) => s.plus(l.amount.amount), new Decimal(0));
    expect(shown.total.amount).toBe(lines.minus(shown.headerDiscount.amount).plus(shown.tax.amount).toFixed(2));
  });
});

describe('an item whose tax class changes in the ERP', () => {
  it('is taxed at its new rate in the next cart, from the change feed, as the ERP prices it', async () => {
    const admin = createReferenceErpAdmin({ baseUrl: stack.services.erp.url, apiKey: DEV_ERP_API_KEY });
    const sku = (await itemsByClass()).STANDARD.at(-1)!;
    const before = await cart('HOOLI', [{ sku, quantity: 1 }]);
    expect(before.totals.taxLines.map((l: any) => l.rate)).toEqual(['19']);
    await admin.changeItem({ sku, taxClass: 'REDUCED' });
    try {
      const after = await waitFor(
        async () => {
          const c = await cart('HOOLI', [{ sku, quantity: 1 }]);
          return c.totals.taxLines[0]?.rate === '7' ? c : undefined;
        },
        { timeoutMs: 30_000, intervalMs: 250 },
      );
      const sim = await erp().pricing.simulate('HOOLI', [{ lineId: 'x', sku, quantity: 1 }]);
      expect([after.totals.tax.amount, after.totals.total.amount]).toEqual([sim.totals.tax, sim.totals.total]);
    } finally {
      await admin.changeItem({ sku, taxClass: 'STANDARD' });
    }
  });
});
