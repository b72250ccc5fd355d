/**
 * The data of one demo account the security suite probes with: its ids by kind (carts, cart lines,
 * orders, order lines, order numbers, exceptions, invoices, credit memos, quotes, cursors), its
 * secrets (every id-like string of its data, to scan other accounts' responses for) and a snapshot
 * of what it owns, to prove probes changed nothing.
 */
import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import { gql } from '../support/graphql.js';
import type { TestStack } from '../support/stack.js';
import { apiSchema, collectStrings } from './support.js';

export type IdKind =
  | 'cart'
  | 'pendingCart'
  | 'cartLine'
  | 'order'
  | 'orderLine'
  | 'orderNumber'
  | 'exception'
  | 'invoice'
  | 'creditMemo'
  | 'quote'
  | 'orderCursor'
  | 'invoiceCursor'
  | 'eventCursor'
  | 'account'
  | 'accountCursor';

export interface World {
  account: string;
  currency: string;
  ids: Record<IdKind, string[]>;
  /** value → what it is; scanned for in other accounts' responses. */
  secrets: Map<string, string>;
  /** A cart line of this account with its cart (for representations that need sku and quantity). */
  cartLines: { id: string; sku: string; quantity: number; cartId: string }[];
  /** One value per kind that belong together: the disputed order, its line and exception; a cart and its line. */
  primary: Record<IdKind, string>;
}

const cartStatuses = () =>
  (apiSchema.getType('CartStatus') as unknown as { getValues(): { name: string }[] }).getValues().map((v) => v.name);

const CART = `id status name lines { id sku quantity requestedDate } approval { decidedBy comment }`;

/** What an account owns, read as its own buyer and approver: compared before and after probes. */
export async function snapshot(stack: TestStack, account: string): Promise<unknown> {
  const carts = cartStatuses()
    .map((s) => `${s.toLowerCase()}: carts(status: ${s}) { ${CART} }`)
    .join(' ');
  const q = `{ ${carts}
    orders(first: 50) { totalCount nodes { id number status erpOrderNumber lines { id quantity confirmedQuantity status }
      exceptions { id type status actions resolution { action by comment } } timeline { id hash }
      invoices { number balance { amount } } creditMemos { number total { amount } } } }
    invoices(first: 50) { totalCount nodes { number status balance { amount } } } }`;
  const r = await gql(stack.gatewayUrl, q, { token: stack.token(account, 'approver') });
  expect(r.body.errors, JSON.stringify(r.body.errors)).toBeUndefined();
  return r.body.data;
}

async function must(stack: TestStack, account: string, role: 'buyer' | 'approver', query: string, variables = {}) {
  const r = await gql(stack.gatewayUrl, query, { token: stack.token(account, role), variables });
  if (r.body.errors || !r.body.data) throw new Error(`${account} setup failed: ${JSON.stringify(r.body.errors)}`);
  return r.body.data;
}

/**
 * Give the account at least one of everything (a cart waiting for approval, a price dispute) on
 * top of its demo data, then read its ids.
 */
export async function buildWorld(stack: TestStack, account: string): Promise<World> {
  // Orders met in the ERP get their history rebuilt in the background after start: wait for it, so
  // the before/after snapshots compare probes, not the rebuild.
  await stack.historiesRebuilt([account]);
  // A cart over the buyer's spending limit: PENDING_APPROVAL (what approveCart/rejectCart act on).
  const created = await must(stack, account, 'buyer', `mutation($n: String) { createCart(input: { name: $n }) { ... on Cart { id } } }`, {
    n: `pending ${account}`,
  });
  const pendingId = created.createCart.id as string;
  await must(
    stack,
    account,
    'buyer',
    `mutation($c: ID!) { addCartLines(cartId: $c, lines: [{ sku: "BOLT-0001", quantity: 400 }]) { __typename } }`,
    {
      c: pendingId,
    },
  );
  const quote = (await must(stack, account, 'buyer', `query($c: ID!) { cart(id: $c) { quote { id } } }`, { c: pendingId })).cart.quote.id;
  const submitted = await must(
    stack,
    account,
    'buyer',
    `mutation($i: SubmitCartInput!) { submitCart(input: $i) { __typename ... on ErrorResult { errorCode message } } }`,
    { i: { cartId: pendingId, idempotencyKey: randomUUID(), acceptedQuoteId: quote } },
  );
  expect(submitted.submitCart.__typename, JSON.stringify(submitted)).toBe('ApprovalRequired');

  // An open exception: a price dispute on a line of a completed order.
  const orders = await must(
    stack,
    account,
    'buyer',
    `{ orders(first: 50, filter: { status: [COMPLETED] }) { nodes { id lines { id } } } }`,
  );
  const disputed = orders.orders.nodes[0];
  const raised = await must(
    stack,
    account,
    'buyer',
    `mutation($o: ID!, $l: ID!) { disputeOrderPrice(orderId: $o, lineId: $l, reason: "security suite") { __typename ... on ErrorResult { errorCode message } } }`,
    { o: disputed.id, l: disputed.lines[0].id },
  );
  expect(raised.disputeOrderPrice.__typename, JSON.stringify(raised)).toBe('OrderExceptionRaised');

  const carts = cartStatuses()
    .map((s) => `${s.toLowerCase()}: carts(status: ${s}) { id lines { id sku quantity } quote { id } }`)
    .join(' ');
  const data = await must(
    stack,
    account,
    'approver',
    `{ me { user { id } account { id name currency users { id email } contracts { id } } } ${carts}
      orders(first: 50) { pageInfo { endCursor } nodes { id number erpOrderNumber correlationId lines { id }
        exceptions { id } shipments { id trackingNumber } timeline { id cursor hash } invoices { number } creditMemos { number } } }
      invoices(first: 1) { pageInfo { endCursor } } allInvoices: invoices(first: 50) { nodes { number payments { id } document { url } } }
      accounts(first: 1) { pageInfo { endCursor } } }`,
  );
  const ids = Object.fromEntries(
    (
      [
        'cart',
        'pendingCart',
        'cartLine',
        'order',
        'orderLine',
        'orderNumber',
        'exception',
        'invoice',
        'creditMemo',
        'quote',
        'orderCursor',
        'invoiceCursor',
        'eventCursor',
        'account',
        'accountCursor',
      ] as IdKind[]
    ).map((k) => [k, [] as string[]]),
  ) as Record<IdKind, string[]>;
  const add = (k: IdKind, v: string | null | undefined) => v && !ids[k].includes(v) && ids[k].push(v);
  const cartLines: World['cartLines'] = [];
  for (const s of cartStatuses())
    for (const c of data[s.toLowerCase()] as {
      id: string;
      lines: { id: string; sku: string; quantity: number }[];
      quote: { id: string } | null;
    }[]) {
      add('cart', c.id);
      add('quote', c.quote?.id);
      for (const l of c.lines) {
        add('cartLine', l.id);
        cartLines.push({ ...l, cartId: c.id });
      }
    }
  add('quote', quote);
  add('pendingCart', pendingId);
  for (const o of data.orders.nodes) {
    add('order', o.id);
    add('orderNumber', o.number);
    add('orderNumber', o.erpOrderNumber);
    for (const l of o.lines) add('orderLine', l.id);
    for (const e of o.exceptions) add('exception', e.id);
    for (const e of o.timeline) add('eventCursor', e.cursor);
    for (const i of o.invoices) add('invoice', i.number);
    for (const m of o.creditMemos) add('creditMemo', m.number);
  }
  add('orderCursor', data.orders.pageInfo.endCursor);
  add('invoiceCursor', data.invoices.pageInfo.endCursor);
  add('account', account);
  add('accountCursor', data.accounts.pageInfo.endCursor);
  for (const i of data.allInvoices.nodes) add('invoice', i.number);

  // Secrets: every id-like string of the account's data (short or shared values would be noise).
  const secrets = new Map<string, string>();
  const keys = new Set([
    'id',
    'number',
    'erpOrderNumber',
    'correlationId',
    'trackingNumber',
    'cursor',
    'hash',
    'endCursor',
    'email',
    'url',
    'name',
  ]);
  collectStrings(data, keys, (k, v) => {
    if (v.length >= 8 && v !== account) secrets.set(v, k);
  });
  // Document URLs carry the account in their query; the path part is what identifies the document.
  for (const [v, k] of [...secrets])
    if (k === 'url') {
      secrets.delete(v);
      secrets.set(v.split('?')[0]!, 'document');
    }
  secrets.set(data.me.account.name, 'account name');
  // Credit memos exist in the demo data of some accounts only; the suite needs one in either world.
  for (const kind of Object.keys(ids) as IdKind[])
    if (kind !== 'creditMemo') expect(ids[kind].length, `${account} has no ${kind}`).toBeGreaterThan(0);
  const disputedView = data.orders.nodes.find((o: { id: string }) => o.id === disputed.id);
  const active = cartLines.find((l) => l.cartId !== pendingId) ?? cartLines[0]!;
  const primary = Object.fromEntries((Object.keys(ids) as IdKind[]).map((k) => [k, ids[k][0] ?? ''])) as Record<IdKind, string>;
  Object.assign(primary, {
    order: disputed.id,
    orderLine: disputed.lines[0].id,
    exception: disputedView.exceptions[0].id,
    cart: active.cartId,
    cartLine: active.id,
    quote: quote,
  });
  return { account, currency: data.me.account.currency, ids, secrets, cartLines, primary };
}
