/**
 * Security suite, tenancy and roles: a user of one account probing another account's
 * ids gets nothing. The entry points come from schema/api.graphql — every Query field, every
 * Mutation and Subscription taking an id — and every entity type of every subgraph's SDL is asked
 * for through `_entities` directly with a correctly signed viewer of the other account. Probes run
 * both ways (ACME → GLOBEX, GLOBEX → ACME); the victim's data is read back unchanged afterwards.
 * Roles: a buyer cannot approve, reject or release a credit hold; an analyst writes nothing (every
 * mutation → FORBIDDEN) but reads across accounts.
 */
import { randomUUID } from 'node:crypto';
import { getNamedType, isInputObjectType, isNonNullType, isNullableType, type GraphQLField, type GraphQLObjectType } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signViewerHeader, VIEWER_HEADER } from '@portal/platform/auth';
import { DEV_INTERNAL_SECRET } from '@portal/platform/config';
import { waitFor } from '@portal/testkit';
import { gql, type GraphQLResponse } from '../support/graphql.js';
import { startTestStack, type TestStack } from '../support/stack.js';
import { collect, wsClient } from '../support/subscriptions.js';
import { apiSchema, clientSafe, idPositions, leaks, selectAll, subgraphSchema, withSchema } from './support.js';
import { buildWorld, snapshot, type IdKind, type World } from './world.js';

let stack: TestStack;
const worlds: Record<string, World> = {};
const DIRECTIONS: [string, string][] = [
  ['ACME', 'GLOBEX'],
  ['GLOBEX', 'ACME'],
];

beforeAll(async () => {
  // No business clock: orders only change when a test changes them, so snapshots compare exactly.
  stack = await startTestStack({ ERP_FULFILMENT_INTERVAL_MS: '0', ORDERS_FEED_WAIT_MS: '500', ORDERS_SUBSCRIPTION_POLL_MS: '500' });
  for (const account of ['ACME', 'GLOBEX']) worlds[account] = await buildWorld(stack, account);
});
afterAll(async () => {
  await stack?.stop();
});

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

function positions(root: string, field: GraphQLField<unknown, unknown>, unmapped: string[]): Position[] {
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

const rootFields = (root: 'Query' | 'Mutation' | 'Subscription') =>
  Object.values((apiSchema.getType(root) as GraphQLObjectType).getFields()) as GraphQLField<unknown, unknown>[];

function document(root: 'query' | 'mutation' | 'subscription', field: GraphQLField<unknown, unknown>, depth: number, args: string[]) {
  const defs = field.args.filter((a) => args.includes(a.name)).map((a) => `$${a.name}: ${String(a.type)}`);
  const call = field.args.filter((a) => args.includes(a.name)).map((a) => `${a.name}: $${a.name}`);
  const sel = selectAll(getNamedType(field.type), depth);
  return `${root}${defs.length ? `(${defs.join(', ')})` : ''} { ${field.name}${call.length ? `(${call.join(', ')})` : ''}${sel ? ` { ${sel} }` : ''} }`;
}

/** Run a document, one level shallower each time the gateway finds it too costly. */
async function run(root: 'query' | 'mutation', field: GraphQLField<unknown, unknown>, token: string, variables: Record<string, unknown>) {
  for (let depth = 4; ; depth--) {
    const query = document(root, field, depth, Object.keys(variables));
    const r = await gql(stack.gatewayUrl, query, { token, variables });
    const code = r.body.errors?.[0]?.extensions?.code;
    if (depth > 1 && (code === 'QUERY_TOO_COMPLEX' || code === 'QUERY_TOO_DEEP')) continue;
    return { r, query };
  }
}

/** Arguments with `kind` at `path` (others from `own`, or VALUES for required non-ids). */
function argsFor(field: GraphQLField<unknown, unknown>, pos: Position[], own: World, victim: World, victimAt: Position[]) {
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
async function freshCart(account: string): Promise<{ cart: string; line: string }> {
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
async function inPool<T>(items: T[], fn: (item: T) => Promise<void>, n = 4): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(n, items.length) }, async () => {
      while (next < items.length) await fn(items[next++]!);
    }),
  );
}

const isErrorResult = (v: unknown) => !!v && typeof v === 'object' && 'errorCode' in (v as object);
const codes = (r: GraphQLResponse) => (r.body.errors ?? []).map((e) => e.extensions?.code);

describe('tenancy through the gateway', () => {
  it('every Query entry point with the other account’s ids: null or nothing of theirs', async () => {
    const unmapped: string[] = [];
    let probes = 0;
    const failures: string[] = [];
    for (const [a, b] of DIRECTIONS) {
      const own = worlds[a]!;
      const victim = worlds[b]!;
      const tasks = rootFields('Query').flatMap((field) => (['buyer', 'admin'] as const).map((role) => ({ field, role })));
      await inPool(tasks, async ({ field, role }) => {
        const pos = positions('Query', field, role === 'buyer' ? unmapped : []);
        {
          const token = stack.token(a, role);
          // Without arguments (lists, me, …): nothing of the other account.
          if (!field.args.some((x) => isNonNullType(x.type))) {
            const { r, query } = await run('query', field, token, {});
            probes++;
            const bad = clientSafe(r) ?? leaks(r.body, victim.secrets, query).join(', ');
            if (bad) failures.push(`${a} ${role} ${field.name}: ${bad}`);
          }
          for (const p of pos) {
            const victimIds = victim.ids[p.kind];
            if (!victimIds.length) continue;
            const vars = argsFor(field, pos, own, victim, [p]);
            const { r, query } = await run('query', field, token, vars);
            probes++;
            const sent = query + JSON.stringify(vars);
            const bad = clientSafe(r) ?? leaks(r.body, victim.secrets, sent).join(', ');
            if (bad) failures.push(`${a} ${role} ${field.name}(${p.path.join('.')}=${b}): ${bad}`);
            const single = p.path.length === 1 && !field.type.toString().endsWith('!');
            if (single && r.body.data?.[field.name] != null)
              failures.push(
                `${a} ${role} ${field.name}(${p.path.join('.')}=${b}): returned ${JSON.stringify(r.body.data[field.name]).slice(0, 200)}`,
              );
            // The same probe with the prober's own id finds it: the probe itself works.
            if (single && own.ids[p.kind].length) {
              const control = await run('query', field, token, argsFor(field, pos, own, victim, []));
              if (control.r.body.data?.[field.name] == null)
                failures.push(`control ${a} ${role} ${field.name}(own ${p.kind}): ${JSON.stringify(control.r.body).slice(0, 300)}`);
            }
          }
        }
      });
    }
    console.log(
      `tenancy/query: ${rootFields('Query').length} Query fields, ${probes} probes (2 directions × buyer/admin, each id argument and filter field): ${failures.length} leaks`,
    );
    expect(unmapped, 'id arguments the suite does not know: add them to KINDS').toEqual([]);
    expect(failures).toEqual([]);
  });

  it('every Mutation taking an id, with the other account’s ids (alone and mixed with own ones): typed refusal, nothing changed', async () => {
    const unmapped: string[] = [];
    const failures: string[] = [];
    let probes = 0;
    let mutations = 0;
    for (const [a, b] of DIRECTIONS) {
      const own = worlds[a]!;
      const victim = worlds[b]!;
      const baseline = await snapshot(stack, b); // b was the prober the other way round
      for (const field of rootFields('Mutation')) {
        const pos = positions('Mutation', field, unmapped);
        if (!pos.length) continue;
        if (a === 'ACME') mutations++;
        // Each id alone from the victim, and all of them at once.
        const variants = [...pos.map((p) => [p]), ...(pos.length > 1 ? [pos] : [])];
        const tasks = (['buyer', 'admin'] as const).flatMap((role) => variants.map((victimAt) => ({ role, victimAt })));
        await inPool(tasks, async ({ role, victimAt }) => {
          {
            if (victimAt.some((p) => !victim.ids[p.kind].length)) return;
            const needsCart = pos.some((p) => !victimAt.includes(p) && (p.kind === 'cart' || p.kind === 'cartLine'));
            const mine = needsCart ? await freshCart(a) : { cart: own.primary.cart, line: own.primary.cartLine };
            const ownWorld: World = { ...own, primary: { ...own.primary, cart: mine.cart, cartLine: mine.line } };
            const vars = argsFor(field, pos, ownWorld, victim, victimAt);
            const { r, query } = await run('mutation', field, stack.token(a, role), vars);
            probes++;
            const label = `${a} ${role} ${field.name}(${victimAt.map((p) => p.path.join('.')).join(',')}=${b})`;
            const bad = clientSafe(r) ?? leaks(r.body, victim.secrets, query + JSON.stringify(vars)).join(', ');
            if (bad) failures.push(`${label}: ${bad}`);
            const result = r.body.data?.[field.name];
            if (result != null && !isErrorResult(result)) failures.push(`${label}: accepted as ${JSON.stringify(result).slice(0, 200)}`);
            if (result == null && !codes(r).every((c) => c === 'FORBIDDEN' || c === 'NOT_FOUND' || c === 'BAD_USER_INPUT'))
              failures.push(`${label}: ${JSON.stringify(r.body.errors)}`);
          }
        });
        expect(await snapshot(stack, b), `${b} changed by ${a}'s ${field.name} probes`).toEqual(baseline);
      }
    }
    console.log(
      `tenancy/mutation: ${mutations} mutations taking ids, ${probes} probes (2 directions × buyer/admin × each id alone and all at once): ${failures.length} accepted or leaked; victims unchanged`,
    );
    expect(unmapped, 'id arguments the suite does not know: add them to KINDS').toEqual([]);
    expect(failures).toEqual([]);
  });

  it('every Subscription with the other account’s ids over graphql-ws: refused, nothing delivered', async () => {
    const unmapped: string[] = [];
    const failures: string[] = [];
    let probes = 0;
    const tasks = DIRECTIONS.flatMap(([a, b]) =>
      rootFields('Subscription').flatMap((field) => {
        const pos = positions('Subscription', field, a === 'ACME' ? unmapped : []);
        return pos.map((p) => ({ a, b, field, pos, p }));
      }),
    );
    await inPool(
      tasks,
      async ({ a, b, field, pos, p }) => {
        {
          const vars = argsFor(field, pos, worlds[a]!, worlds[b]!, [p]);
          const client = wsClient(stack.gatewayUrl, { Authorization: `Bearer ${stack.token(a, 'buyer')}` });
          const sub = collect(client, document('subscription', field, 3, Object.keys(vars)), vars);
          // A cursor is a position in the timeline, not an id: with the prober's own order (or
          // account) it may replay the prober's own events — never the other account's.
          const cursor = p.kind === 'eventCursor';
          await waitFor(async () => sub.errors.length > 0 || sub.completed || null, { timeoutMs: cursor ? 2_000 : 10_000 }).catch(() => {});
          probes++;
          const label = `${a} ${field.name}(${p.path.join('.')}=${b})`;
          if (!cursor && sub.results.length) failures.push(`${label}: delivered ${JSON.stringify(sub.results[0]).slice(0, 200)}`);
          const errs = JSON.stringify(sub.errors);
          if (!cursor && !/NOT_FOUND|BAD_USER_INPUT|FORBIDDEN/.test(errs)) failures.push(`${label}: not refused (${errs.slice(0, 200)})`);
          const leaked = leaks([sub.errors, sub.results], worlds[b]!.secrets, JSON.stringify(vars));
          if (leaked.length) failures.push(`${label}: ${leaked.join(', ')}`);
          sub.stop();
          await client.dispose();
        }
      },
      6,
    );
    console.log(
      `tenancy/subscription: ${rootFields('Subscription').length} subscriptions, ${probes} probes over graphql-ws: ${failures.length} leaks`,
    );
    expect(unmapped).toEqual([]);
    expect(failures).toEqual([]);
  });

  it('a live event on the other account’s order reaches its owner and nobody else', async () => {
    const victim = worlds.GLOBEX!;
    const sel = `cursor event { type summary } order { id status }`;
    const owner = wsClient(stack.gatewayUrl, { Authorization: `Bearer ${stack.token('GLOBEX', 'buyer')}` });
    const prober = wsClient(stack.gatewayUrl, { Authorization: `Bearer ${stack.token('ACME', 'buyer')}` });
    const control = collect(owner, `subscription($o: ID!) { orderUpdated(orderId: $o) { ${sel} } }`, { o: victim.primary.order });
    const all = collect(prober, `subscription { accountOrderUpdates { ${sel} } }`);
    const direct = collect(prober, `subscription($o: ID!) { orderUpdated(orderId: $o) { ${sel} } }`, { o: victim.primary.order });
    await new Promise((r) => setTimeout(r, 1_000)); // both subscribed
    const resolved = await gql(
      stack.gatewayUrl,
      `mutation($o: ID!, $e: ID!) { resolveOrderException(orderId: $o, exceptionId: $e, action: WITHDRAW, comment: "sec") { __typename } }`,
      { token: stack.token('GLOBEX', 'buyer'), variables: { o: victim.primary.order, e: victim.primary.exception } },
    );
    expect(resolved.body.data.resolveOrderException.__typename).toBe('OrderExceptionResolved');
    await control.waitFor(1, 15_000);
    await new Promise((r) => setTimeout(r, 1_500)); // as long again for anything misrouted
    console.log(
      `tenancy/live: owner got ${control.results.length} event(s); other account got ${all.results.length + direct.results.length}`,
    );
    expect(all.results).toEqual([]);
    expect(direct.results).toEqual([]);
    for (const s of [control, all, direct]) s.stop();
    await owner.dispose();
    await prober.dispose();
  });
});

describe('tenancy at the subgraphs: _entities with a signed viewer of another account', () => {
  /** Representations of the victim's entities (with the fields their @requires need). */
  const representation = (type: string, v: World): Record<string, unknown> | undefined => {
    const line = v.cartLines.find((l) => l.cartId === v.primary.cart) ?? v.cartLines[0]!;
    switch (type) {
      case 'Account':
        return { __typename: 'Account', id: v.account, currency: v.currency };
      case 'Cart':
        return {
          __typename: 'Cart',
          id: v.primary.cart,
          lines: v.cartLines
            .filter((l) => l.cartId === v.primary.cart)
            .map(({ id, sku, quantity }) => ({ __typename: 'CartLine', id, sku, quantity })),
        };
      case 'CartLine':
        return { __typename: 'CartLine', id: line.id, sku: line.sku, quantity: line.quantity, requestedDate: null };
      case 'Order':
        return { __typename: 'Order', id: v.primary.order };
      case 'Invoice':
        return { __typename: 'Invoice', number: v.ids.invoice[0] };
      case 'CreditMemo':
        return v.ids.creditMemo[0] ? { __typename: 'CreditMemo', number: v.ids.creditMemo[0] } : undefined;
      default:
        return undefined;
    }
  };
  /**
   * Extensions computed only from the representation and the viewer's own contract or stock (a
   * cart's or line's price, a line's availability): nothing of the other account is stored there.
   * They are still scanned for the other account's data.
   */
  const DERIVED = new Set(['pricing.Cart', 'pricing.CartLine', 'inventory.CartLine']);
  const SHARED = new Set(['Item']); // the catalogue

  it('every entity type of every subgraph: null or empty for another account', async () => {
    const failures: string[] = [];
    const unknown: string[] = [];
    let probes = 0;
    let types = 0;
    for (const name of ['pricing', 'inventory', 'orders', 'invoices'] as const) {
      const { schema } = subgraphSchema(name);
      const keyed = Object.values(schema.getTypeMap()).filter((t) =>
        t.astNode?.directives?.some(
          (d) =>
            d.name.value === 'key' &&
            !d.arguments?.some((x) => x.name.value === 'resolvable' && x.value.kind === 'BooleanValue' && !x.value.value),
        ),
      );
      const url = `${stack.services[name].url}/graphql`;
      for (const type of keyed) {
        if (SHARED.has(type.name)) continue;
        types++;
        const external = (parent: string, field: string) => {
          const fields = (schema.getType(parent) as GraphQLObjectType | undefined)?.getFields();
          return !!fields?.[field]?.astNode?.directives?.some((d) => d.name.value === 'external');
        };
        const sel = withSchema(schema, () => selectAll(type, 3, external));
        const query = `query($r: [_Any!]!) { _entities(representations: $r) { ... on ${type.name} { ${sel} } } }`;
        for (const [a, b] of DIRECTIONS) {
          const rep = representation(type.name, worlds[b]!);
          if (!rep) {
            if (type.name !== 'CreditMemo') unknown.push(`${name}.${type.name}`);
            continue;
          }
          const t = stack.tokens.find((x) => x.accountId === a && x.role === 'buyer')!;
          const header = signViewerHeader({ userId: t.userId, accountId: a, roles: ['buyer'] }, DEV_INTERNAL_SECRET);
          const r = await gql(url, query, { variables: { r: [rep] }, headers: { [VIEWER_HEADER]: header } });
          probes++;
          const label = `${name}.${type.name} ${a}→${b}`;
          const bad = clientSafe(r) ?? leaks(r.body, worlds[b]!.secrets, JSON.stringify(rep)).join(', ');
          if (bad) failures.push(`${label}: ${bad}`);
          const entity = (r.body.data?._entities as unknown[] | undefined)?.[0] as Record<string, unknown> | null | undefined;
          if (!DERIVED.has(`${name}.${type.name}`) && entity) {
            const keys = new Set(Object.keys(rep));
            const filled = Object.entries(entity).filter(
              ([k, v]) => !keys.has(k) && k !== '__typename' && v != null && !(Array.isArray(v) && v.length === 0),
            );
            if (filled.length) failures.push(`${label}: answered ${JSON.stringify(Object.fromEntries(filled)).slice(0, 300)}`);
          }
        }
      }
    }
    console.log(`tenancy/_entities: ${types} entity types across 4 subgraphs, ${probes} probes: ${failures.length} leaks`);
    expect(unknown, 'entity types without a representation in the suite').toEqual([]);
    expect(failures).toEqual([]);
  });
});

describe('roles', () => {
  const RESOLVE = `mutation($o: ID!, $e: ID!, $a: OrderExceptionAction!) { resolveOrderException(orderId: $o, exceptionId: $e, action: $a) {
    __typename ... on ActionNotAllowed { allowedActions } ... on ErrorResult { errorCode } } }`;

  it('a buyer cannot approve or reject a cart waiting for approval', async () => {
    const w = worlds.ACME!;
    const token = stack.token('ACME', 'buyer');
    for (const m of [
      `mutation($c: ID!) { approveCart(cartId: $c) { __typename ... on ErrorResult { errorCode } } }`,
      `mutation($c: ID!) { rejectCart(cartId: $c, reason: "no") { __typename ... on ErrorResult { errorCode } } }`,
    ]) {
      const r = await gql(stack.gatewayUrl, m, { token, variables: { c: w.primary.pendingCart } });
      expect(clientSafe(r)).toBeUndefined();
      const result = (Object.values(r.body.data ?? {})[0] ?? null) as Record<string, unknown> | null;
      // Refused as FORBIDDEN (thrown) or as a typed error: never placed or rejected.
      expect(result === null ? codes(r) : result.errorCode, JSON.stringify(r.body)).toBeTruthy();
      if (result === null) expect(codes(r)).toContain('FORBIDDEN');
    }
    const cart = await gql(stack.gatewayUrl, `query($c: ID!) { cart(id: $c) { status } }`, {
      token,
      variables: { c: w.primary.pendingCart },
    });
    expect(cart.body.data.cart.status).toBe('PENDING_APPROVAL');
  });

  it("neither a buyer nor an approver releases a credit hold (ROLE_NOT_ALLOWED); the seller's credit controller can", async () => {
    // INITECH's credit limit is 15 000: an approver's order above it is held by the ERP's credit check.
    const approver = stack.token('INITECH', 'approver');
    const price = (
      await gql(stack.gatewayUrl, `{ item(sku: "BRG-0004") { price(quantity: 100) { unitPrice { amount } } } }`, { token: approver })
    ).body.data.item.price.unitPrice.amount as string;
    const c = (await gql(stack.gatewayUrl, `mutation { createCart { ... on Cart { id } } }`, { token: approver })).body.data.createCart.id;
    await gql(
      stack.gatewayUrl,
      `mutation($c: ID!, $q: Int!) { addCartLines(cartId: $c, lines: [{ sku: "BRG-0004", quantity: $q }]) { __typename } }`,
      {
        token: approver,
        variables: { c, q: Math.ceil(16_000 / Number(price)) },
      },
    );
    const quote = (await gql(stack.gatewayUrl, `query($c: ID!) { cart(id: $c) { quote { id } } }`, { token: approver, variables: { c } }))
      .body.data.cart.quote.id;
    const placed = await gql(
      stack.gatewayUrl,
      `mutation($i: SubmitCartInput!) { submitCart(input: $i) { __typename ... on OrderSubmitted { order { id } } } }`,
      { token: approver, variables: { i: { cartId: c, idempotencyKey: randomUUID(), acceptedQuoteId: quote } } },
    );
    const orderId = placed.body.data.submitCart.order.id as string;
    const hold = await waitFor(
      async () => {
        const o = (
          await gql(stack.gatewayUrl, `query($o: ID!) { order(id: $o) { exceptions(status: OPEN) { id type } } }`, {
            token: approver,
            variables: { o: orderId },
          })
        ).body.data.order;
        return o.exceptions.find((e: { type: string }) => e.type === 'CREDIT_HOLD') ?? null;
      },
      { timeoutMs: 30_000 },
    );
    const buyer = await gql(stack.gatewayUrl, RESOLVE, {
      token: stack.token('INITECH', 'buyer'),
      variables: { o: orderId, e: hold.id, a: 'RELEASE_CREDIT_HOLD' },
    });
    expect(buyer.body.data.resolveOrderException).toMatchObject({ __typename: 'ActionNotAllowed', errorCode: 'ROLE_NOT_ALLOWED' });
    const still = await gql(stack.gatewayUrl, `query($o: ID!) { order(id: $o) { status exceptions(status: OPEN) { id } } }`, {
      token: approver,
      variables: { o: orderId },
    });
    expect(still.body.data.order.exceptions.map((e: { id: string }) => e.id)).toContain(hold.id);
    const byApprover = await gql(stack.gatewayUrl, RESOLVE, {
      token: approver,
      variables: { o: orderId, e: hold.id, a: 'RELEASE_CREDIT_HOLD' },
    });
    expect(byApprover.body.data.resolveOrderException).toMatchObject({ __typename: 'ActionNotAllowed', errorCode: 'ROLE_NOT_ALLOWED' });
    const released = await gql(stack.gatewayUrl, RESOLVE, {
      token: stack.token('SELLER', 'credit_controller'),
      variables: { o: orderId, e: hold.id, a: 'RELEASE_CREDIT_HOLD' },
    });
    expect(released.body.data?.resolveOrderException.__typename, JSON.stringify(released.body)).toBe('OrderExceptionResolved');
  });

  it('an analyst calls no mutation (FORBIDDEN, nothing changed) but reads every account', async () => {
    const failures: string[] = [];
    const own = worlds.ACME!;
    const mutations = rootFields('Mutation');
    const acmeBefore = await snapshot(stack, 'ACME');
    for (const field of mutations) {
      const pos = positions('Mutation', field, []);
      const vars = argsFor(field, pos, own, own, []);
      const { r } = await run('mutation', field, stack.token('ACME', 'analyst'), vars);
      if (!codes(r).includes('FORBIDDEN') || r.body.data?.[field.name] != null)
        failures.push(`${field.name}: ${JSON.stringify(r.body).slice(0, 300)}`);
    }
    expect(failures).toEqual([]);
    expect(await snapshot(stack, 'ACME')).toEqual(acmeBefore);
    // Reads across accounts: another account's cart, order and invoice.
    const other = worlds.GLOBEX!;
    const r = await gql(
      stack.gatewayUrl,
      `query($c: ID!, $o: ID!, $i: String!) { cart(id: $c) { id } order(id: $o) { id } invoice(number: $i) { number } }`,
      { token: stack.token('ACME', 'analyst'), variables: { c: other.primary.cart, o: other.primary.order, i: other.ids.invoice[0] } },
    );
    expect(r.body.data).toEqual({
      cart: { id: other.primary.cart },
      order: { id: other.primary.order },
      invoice: { number: other.ids.invoice[0] },
    });
    console.log(`roles: analyst refused on ${mutations.length}/${mutations.length} mutations; reads GLOBEX's cart, order and invoice`);
  });
});
