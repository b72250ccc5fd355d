/**
 * Carts through the gateway: create, add (merging), update, remove, save; every
 * expected failure is a typed result that changes nothing; tenancy and roles; one query that
 * reads the cart with prices (pricing), availability (inventory) and items across subgraphs.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorCodes, gql } from '../support/graphql.js';
import { startTestStack, type TestStack } from '../support/stack.js';

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(async () => {
  await stack?.stop();
});

const RESULT = `__typename ... on Cart { id status name lines { id sku quantity requestedDate } } ... on ErrorResult { errorCode message }
  ... on UnknownSku { skus } ... on InvalidQuantity { quantity } ... on DiscontinuedItem { sku successorSku } ... on CartLocked { status } ... on InvalidInput { field }`;
const as = (account: string, role: 'buyer' | 'analyst' | 'approver' = 'buyer') => ({ token: stack.token(account, role) });

async function newCart(account = 'ACME') {
  const r = await gql(
    stack.gatewayUrl,
    `mutation { createCart(input: { name: "Site B" }) { ... on Cart { id status currency name } } }`,
    as(account),
  );
  expect(r.body.errors).toBeUndefined();
  return r.body.data.createCart as { id: string; status: string; currency: string; name: string };
}
const add = (cartId: string, lines: unknown[], account = 'ACME') =>
  gql(stack.gatewayUrl, `mutation($c: ID!, $l: [CartLineInput!]!) { addCartLines(cartId: $c, lines: $l) { ${RESULT} } }`, {
    ...as(account),
    variables: { c: cartId, l: lines },
  });
const read = async (cartId: string) =>
  (
    await gql(stack.gatewayUrl, `query($c: ID!) { cart(id: $c) { id status name lines { id sku quantity } } }`, {
      ...as('ACME'),
      variables: { c: cartId },
    })
  ).body.data.cart;

describe('cart editing', () => {
  it('creates a cart in the account currency and adds lines, merging a repeated SKU', async () => {
    const cart = await newCart();
    expect(cart).toMatchObject({ status: 'ACTIVE', currency: 'USD', name: 'Site B' });
    const r = await add(cart.id, [
      { sku: 'BOLT-0001', quantity: 5 },
      { sku: 'BRG-0004', quantity: 2 },
      { sku: 'BOLT-0001', quantity: 3 },
    ]);
    expect(r.body.data.addCartLines.__typename).toBe('Cart');
    expect(r.body.data.addCartLines.lines.map((l: { sku: string; quantity: number }) => [l.sku, l.quantity])).toEqual([
      ['BOLT-0001', 8],
      ['BRG-0004', 2],
    ]);
    const again = await add(cart.id, [{ sku: 'BRG-0004', quantity: 1 }]);
    expect(again.body.data.addCartLines.lines.find((l: { sku: string }) => l.sku === 'BRG-0004').quantity).toBe(3);
  });

  it('refuses unknown SKUs, bad quantities and discontinued items as typed results, changing nothing', async () => {
    const cart = await newCart();
    await add(cart.id, [{ sku: 'BOLT-0001', quantity: 1 }]);
    const before = await read(cart.id);
    const unknown = (
      await add(cart.id, [
        { sku: 'BOLT-0001', quantity: 1 },
        { sku: 'NOPE-404', quantity: 1 },
      ])
    ).body.data.addCartLines;
    expect(unknown).toMatchObject({ __typename: 'UnknownSku', errorCode: 'UNKNOWN_SKU', skus: ['NOPE-404'] });
    const zero = (await add(cart.id, [{ sku: 'BOLT-0001', quantity: 0 }])).body.data.addCartLines;
    expect(zero).toMatchObject({ __typename: 'InvalidQuantity', errorCode: 'INVALID_QUANTITY', quantity: 0 });
    const old = (await add(cart.id, [{ sku: 'FLT-0008', quantity: 1 }])).body.data.addCartLines;
    expect(old).toMatchObject({ __typename: 'DiscontinuedItem', sku: 'FLT-0008', successorSku: 'FLT-0018' });
    expect(old.message).toMatch(/FLT-0018/);
    expect(await read(cart.id)).toEqual(before);
  });

  it('updates and removes lines, and saves the cart under a name', async () => {
    const cart = await newCart();
    const lines = (
      await add(cart.id, [
        { sku: 'BOLT-0001', quantity: 1 },
        { sku: 'NUT-0002', quantity: 4 },
      ])
    ).body.data.addCartLines.lines;
    const upd = await gql(
      stack.gatewayUrl,
      `mutation($c: ID!, $l: ID!) { updateCartLine(cartId: $c, lineId: $l, quantity: 7, requestedDate: "2026-12-15") { ${RESULT} } }`,
      {
        ...as('ACME'),
        variables: { c: cart.id, l: lines[0].id },
      },
    );
    expect(upd.body.data.updateCartLine.lines[0]).toMatchObject({ quantity: 7, requestedDate: '2026-12-15' });
    const rm = await gql(stack.gatewayUrl, `mutation($c: ID!, $l: [ID!]!) { removeCartLines(cartId: $c, lineIds: $l) { ${RESULT} } }`, {
      ...as('ACME'),
      variables: { c: cart.id, l: [lines[1].id] },
    });
    expect(rm.body.data.removeCartLines.lines.map((l: { sku: string }) => l.sku)).toEqual(['BOLT-0001']);
    const saved = await gql(stack.gatewayUrl, `mutation($c: ID!) { saveCart(cartId: $c, name: "Monthly bolts") { ${RESULT} } }`, {
      ...as('ACME'),
      variables: { c: cart.id },
    });
    expect(saved.body.data.saveCart).toMatchObject({ __typename: 'Cart', status: 'SAVED', name: 'Monthly bolts' });
    const list = await gql(stack.gatewayUrl, `{ carts(status: SAVED) { id name } }`, as('ACME'));
    expect(list.body.data.carts.map((c: { id: string }) => c.id)).toContain(cart.id);
  });

  it("another account's cart is not found; analysts cannot write", async () => {
    const cart = await newCart('GLOBEX');
    const probe = (await add(cart.id, [{ sku: 'BOLT-0001', quantity: 1 }], 'ACME')).body.data.addCartLines;
    expect(probe).toMatchObject({ __typename: 'CartNotFound', errorCode: 'CART_NOT_FOUND' });
    const junk = (await add('not-a-uuid', [{ sku: 'BOLT-0001', quantity: 1 }], 'ACME')).body.data.addCartLines;
    expect(junk.__typename).toBe('CartNotFound');
    const analyst = await gql(stack.gatewayUrl, `mutation { createCart { __typename } }`, as('ACME', 'analyst'));
    expect(errorCodes(analyst)).toContain('FORBIDDEN');
  });
});

describe('reorder', () => {
  it('copies an order into a new cart, replacing a discontinued item by its successor', async () => {
    const token = stack.token('ACME', 'buyer');
    const order = (
      await gql(stack.gatewayUrl, `{ orders(filter: { text: "FLT-0008" }) { nodes { id number lines { sku quantity } } } }`, { token })
    ).body.data.orders.nodes[0];
    expect(order).toBeTruthy();
    const r = await gql(
      stack.gatewayUrl,
      `mutation($o: ID!) { reorder(orderId: $o) { __typename ... on ReorderedCart { cart { id status name lines { sku quantity } } replaced { sku successorSku quantity } leftOut } } }`,
      { token, variables: { o: order.id } },
    );
    const re = r.body.data.reorder;
    expect(re.__typename).toBe('ReorderedCart');
    expect(re.cart).toMatchObject({ status: 'ACTIVE', name: `Reorder of ${order.number}` });
    const flt = order.lines.find((l: { sku: string }) => l.sku === 'FLT-0008');
    expect(re.replaced).toEqual([{ sku: 'FLT-0008', successorSku: 'FLT-0018', quantity: flt.quantity }]);
    expect(re.cart.lines).toContainEqual({ sku: 'FLT-0018', quantity: flt.quantity });
    expect(re.cart.lines.map((l: { sku: string }) => l.sku)).not.toContain('FLT-0008');
  });

  it("another account's order is not found", async () => {
    const theirs = (await gql(stack.gatewayUrl, `{ orders(first: 1) { nodes { id } } }`, as('GLOBEX'))).body.data.orders.nodes[0].id;
    const r = await gql(stack.gatewayUrl, `mutation($o: ID!) { reorder(orderId: $o) { __typename ... on ErrorResult { errorCode } } }`, {
      ...as('ACME'),
      variables: { o: theirs },
    });
    expect(r.body.data.reorder).toEqual({ __typename: 'OrderNotFound', errorCode: 'ORDER_NOT_FOUND' });
  });
});

describe('one cart query across the subgraphs', () => {
  it('reads lines with items (inventory), prices (pricing), availability (inventory) and totals (pricing)', async () => {
    const cart = await newCart();
    await add(cart.id, [
      { sku: 'BOLT-0001', quantity: 120 },
      { sku: 'ATP-DEMO-1', quantity: 50 },
    ]);
    const r = await gql(
      stack.gatewayUrl,
      `query($c: ID!) { cart(id: $c) { lines { sku quantity item { name uom } price { netAmount { amount currency } basis { source tierMinQuantity } }
         availability { status promisedQuantity scheduleLines { date quantity } } } totals { net { amount } freight { amount } total { amount } } quote { id } } }`,
      { ...as('ACME'), variables: { c: cart.id } },
    );
    expect(r.body.errors).toBeUndefined();
    const [bolt, demo] = r.body.data.cart.lines;
    expect(bolt.item.name).toBe('Hex bolt M6');
    expect(bolt.price.basis).toEqual({ source: 'CONTRACT', tierMinQuantity: 100 });
    expect(bolt.availability.status).toBe('AVAILABLE');
    expect(demo.availability.status).toBe('PARTIAL'); // the worked example: 30 at once, 20 later
    expect(demo.availability.scheduleLines.map((l: { quantity: number }) => l.quantity)).toEqual([30, 20]);
    expect(r.body.data.cart.quote.id).toMatch(/^q_/);
  });
});
