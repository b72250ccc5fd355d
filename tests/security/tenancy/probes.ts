/**
 * What the tenancy e2e tests share: the stack (no business clock, so snapshots compare exactly)
 * and each account's world, the probe directions, which kind of id every input position takes,
 * and the builders of a probe: its id positions, its document, its variables with the other
 * account's ids, and a run that lowers the selection depth until the document is accepted.
 */
import { randomUUID } from 'node:crypto';
import { getNamedType, isInputObjectType, isNonNullType, isNullableType, type GraphQLField, type GraphQLObjectType } from 'graphql';
import { gql, type GraphQLResponse } from '../../support/graphql.js';
import { startTestStack, type TestStack } from '../../support/stack.js';
import { apiSchema, idPositions, selectAll } from '../support.js';
import { buildWorld, type IdKind, type World } from '../world.js';

export let stack: TestStack;
export const worlds: Record<string, World> = {};
export const DIRECTIONS: [string, string][] = [
  ['ACME', 'GLOBEX'],
  ['GLOBEX', 'ACME'],
];

/** Starts this file's stack and builds each account's world (its carts, orders, invoices and ids). */
export async function startTenancyStack(): Promise<void> {
  // No business clock: orders only change when a test changes them, so snapshots compare exactly.
  stack = await startTestStack({ ERP_FULFILMENT_INTERVAL_MS: '0', ORDERS_FEED_WAIT_MS: '500', ORDERS_SUBSCRIPTION_POLL_MS: '500' });
  for (const account of ['ACME', 'GLOBEX']) worlds[account] = await buildWorld(stack, account);
}

export async function stopTenancyStack(): Promise<void> {
  await stack?.stop();
}

/**
 * Which kind of id an input position takes, by `Root.field.path`, `InputType.field` or argument
 * name. `shared`: the catalogue (items are the same for every account); `free`: not an id.
 * An ID position missing here fails the suite, so a new argument is classified before it ships.
 */
const KINDS: Record<string, IdKind | 'shared' | 'free'> = {
  'Query.item.sku': 'shared',
  'CartLineInput.sku': 'shared',
  'Query.items.after': 'shared',
  'Query.cart.id': 'cart',
  'Query.order.id': 'order',
  'Query.invoice.number': 'invoice',
  'Query.creditMemo.number': 'creditMemo',
  'Query.orders.after': 'orderCursor',
  'Query.invoices.after': 'invoiceCursor',
  'Query.accounts.after': 'accountCursor',
  'OrderFilter.text': 'orderNumber',
  'InvoiceFilter.orderId': 'order',
  'Mutation.approveCart.cartId': 'pendingCart',
  'Mutation.rejectCart.cartId': 'pendingCart',
  'Mutation.updateCartLine.lineId': 'cartLine',
  'Mutation.disputeOrderPrice.lineId': 'orderLine',
  'Subscription.*.after': 'eventCursor',
  cartId: 'cart',
  lineIds: 'cartLine',
  orderId: 'order',
  exceptionId: 'exception',
  acceptedQuoteId: 'quote',
  // Lists and reports across accounts (analysts); everyone else naming another account gets nothing of it.
  accountIds: 'account',
};

/** Values for the other (non-id) arguments a mutation needs, so only the id under test can fail. */
const VALUES: Record<string, () => unknown> = {
  quantity: () => 1,
  name: () => 'probe',
  reason: () => 'probe',
  comment: () => 'probe',
  action: () => 'WITHDRAW',
  idempotencyKey: () => randomUUID(),
  lines: () => [{ sku: 'BOLT-0001', quantity: 1 }],
  amount: () => '1000.00',
};

interface Position {
  arg: string;
  path: string[];
  kind: IdKind;
}

export function positions(root: string, field: GraphQLField<unknown, unknown>, unmapped: string[]): Position[] {
  const out: Position[] = [];
  for (const p of idPositions(field)) {
    const last = p.path[p.path.length - 1]!;
    const argType = getNamedType(field.args.find((a) => a.name === p.arg)!.type);
    const kind =
      KINDS[`${root}.${field.name}.${p.path.join('.')}`] ??
      (p.path.length > 1 ? KINDS[`${argType.name}.${last}`] : undefined) ??
      KINDS[`${root}.*.${last}`] ??
      KINDS[last];
    if (kind === 'shared' || kind === 'free') continue;
    if (!kind) {
      if (getNamedType(p.type).name === 'ID') unmapped.push(`${root}.${field.name}(${p.path.join('.')})`);
      continue;
    }
    out.push({ arg: p.arg, path: p.path, kind });
  }
  return out;
}

export const rootFields = (root: 'Query' | 'Mutation' | 'Subscription') =>
  Object.values((apiSchema.getType(root) as GraphQLObjectType).getFields()) as GraphQLField<unknown, unknown>[];

export function document(
  root: 'query' | 'mutation' | 'subscription',
  field: GraphQLField<unknown, unknown>,
  depth: number,
  args: string[],
) {
  const defs = field.args.filter((a) => args.includes(a.name)).map((a) => `$${a.name}: ${String(a.type)}`);
  const call = field.args.filter((a) => args.includes(a.name)).map((a) => `${a.name}: $${a.name}`);
  const sel = selectAll(getNamedType(field.type), depth);
  return `${root}${defs.length ? `(${defs.join(', ')})` : ''} { ${field.name}${call.length ? `(${call.join(', ')})` : ''}${sel ? ` { ${sel} }` : ''} }`;
}

/** Run a document, one level shallower each time the gateway finds it too costly. */
export async function run(
  root: 'query' | 'mutation',
  field: GraphQLField<unknown, unknown>,
  token: string,
  variables: Record<string, unknown>,
) {
  for (let depth = 4; ; depth--) {
    const query = document(root, field, depth, Object.keys(variables));
    const r = await gql(stack.gatewayUrl, query, { token, variables });
    const code = r.body.errors?.[0]?.extensions?.code;
    if (depth > 1 && (code === 'QUERY_TOO_COMPLEX' || code === 'QUERY_TOO_DEEP')) continue;
    return { r, query };
  }
}

/** Arguments with `kind` at `path` (others from `own`, or VALUES for required non-ids). */
export function argsFor(field: GraphQLField<unknown, unknown>, pos: Position[], own: World, victim: World, victimAt: Position[]) {
  const vars: Record<string, unknown> = {};
  const valueAt = (p: Position) => {
    const w = victimAt.includes(p) ? victim : own;
    const v = w.primary[p.kind] || w.ids[p.kind][0];
    return p.path[0] === 'lineIds' || p.path[0] === 'accountIds' ? [v] : v;
  };
  for (const a of field.args) {
    const here = pos.filter((p) => p.arg === a.name);
    const named = getNamedType(a.type);
    if (!here.length && VALUES[a.name]) vars[a.name] = VALUES[a.name]!();
    else if (isInputObjectType(named) && (here.length || isNonNullType(a.type))) {
      const obj: Record<string, unknown> = {};
      for (const f of Object.values(named.getFields())) {
        const p = here.find((x) => x.path[1] === f.name);
        if (p && (victimAt.includes(p) || isNonNullType(f.type) || !isNullableType(a.type))) obj[f.name] = valueAt(p);
        else if (isNonNullType(f.type)) obj[f.name] = VALUES[f.name]?.();
      }
      if (Object.keys(obj).length) vars[a.name] = obj;
    } else if (here.length) vars[a.name] = valueAt(here[0]!);
    else if (isNonNullType(a.type)) vars[a.name] = VALUES[a.name]?.();
  }
  return vars;
}

/** A fresh cart with one line for the prober, so a probe never depends on what earlier ones did. */
export async function freshCart(account: string): Promise<{ cart: string; line: string }> {
  const token = stack.token(account, 'buyer');
  const c = (await gql(stack.gatewayUrl, `mutation { createCart { ... on Cart { id } } }`, { token })).body.data.createCart.id;
  const r = await gql(
    stack.gatewayUrl,
    `mutation($c: ID!) { addCartLines(cartId: $c, lines: [{ sku: "BOLT-0001", quantity: 1 }]) { ... on Cart { lines { id } } } }`,
    {
      token,
      variables: { c },
    },
  );
  if (!r.body.data?.addCartLines?.lines) throw new Error(`fresh cart: ${JSON.stringify(r.body)}`);
  return { cart: c, line: r.body.data.addCartLines.lines[0].id };
}

/** Run `fn` over `items`, `n` at a time (the CI machine has 2 cores; a few requests in flight keep them busy). */
export async function inPool<T>(items: T[], fn: (item: T) => Promise<void>, n = 4): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(n, items.length) }, async () => {
      while (next < items.length) await fn(items[next++]!);
    }),
  );
}

export const isErrorResult = (v: unknown) => !!v && typeof v === 'object' && 'errorCode' in (v as object);
export const codes = (r: GraphQLResponse) => (r.body.errors ?? []).map((e) => e.extensions?.code);
