/**
 * Security suite, fuzzing: fast-check generates arguments for every mutation of
 * schema/api.graphql from its argument types — strings with unicode, control characters and huge
 * lengths, negative, huge and fractional numbers, malformed dates and enums, unknown and valid ids,
 * nulls where allowed, lists empty to long — and sends them through the gateway. Every answer is a
 * 4xx or a 200 with typed data or errors with a client code; never a 5xx or
 * INTERNAL_SERVER_ERROR. When the mutation refuses (an ErrorResult or an error), the account's
 * carts and orders are read back unchanged. Seeded, so a failure replays.
 */
import fc from 'fast-check';
import {
  getNamedType,
  getNullableType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLObjectType,
} from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gql } from '../support/graphql.js';
import { startTestStack, type TestStack } from '../support/stack.js';
import { apiSchema, clientSafe, selectAll } from './support.js';
import { buildWorld, type IdKind, type World } from './world.js';

const SEED = Number(process.env.FUZZ_SEED ?? 20261128);
const RUNS = Number(process.env.FUZZ_RUNS ?? 50);

let stack: TestStack;
let world: World;
beforeAll(async () => {
  stack = await startTestStack({ ERP_FULFILMENT_INTERVAL_MS: '0' });
  world = await buildWorld(stack, 'ACME');
});
afterAll(async () => {
  await stack?.stop();
});

/** Ids of the fuzzed account by argument name, so some inputs reach past "not found". */
const ID_KIND: Record<string, IdKind> = {
  cartId: 'cart',
  lineId: 'cartLine',
  lineIds: 'cartLine',
  orderId: 'order',
  exceptionId: 'exception',
  acceptedQuoteId: 'quote',
};
const SKUS = ['BOLT-0001', 'BRG-0004', 'FLT-0008', 'PMP-0100'];

const nasty = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }), // any code point, controls and lone surrogates included
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.constantFrom('', ' ', '\u0000', '\u202e', "'; drop table orders.cart; --", '%00', '../../etc/passwd', '{"$ne":null}', '🛒'.repeat(50)),
  fc.nat({ max: 3 }).map((k) => 'x'.repeat([300, 5_000, 70_000, 300_000][k]!)),
);
const int = fc.oneof(
  fc.integer(),
  fc.constantFrom(0, -1, 1, 2_147_483_647, -2_147_483_648, 2_147_483_648, 1e15, Number.MAX_SAFE_INTEGER + 2),
  fc.double(), // fractions, NaN/Infinity become null or a float: refused by the Int scalar
);
const date = fc.oneof(
  fc.constantFrom('2030-01-15', '1999-12-31', '2024-02-30', '0000-00-00', '9999-99-99', '2030-1-5', '2030-01-15T00:00:00Z', 'yesterday'),
  fc.date({ noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
  nasty,
);

function arbitraryFor(type: GraphQLInputType, name: string, depth = 0): fc.Arbitrary<unknown> {
  const nullable = !isNonNullType(type);
  const inner = getNullableType(type) as GraphQLInputType;
  let arb: fc.Arbitrary<unknown>;
  if (isListType(inner)) {
    const item = arbitraryFor(inner.ofType as GraphQLInputType, name, depth + 1);
    arb = fc.oneof(fc.array(item, { maxLength: 4 }), fc.array(item, { minLength: 150, maxLength: 300 }));
  } else {
    const named = getNamedType(inner);
    if (isInputObjectType(named)) {
      const fields = Object.values(named.getFields());
      arb = fc.record(Object.fromEntries(fields.map((f) => [f.name, arbitraryFor(f.type, f.name, depth + 1)])), {
        requiredKeys: fields.filter((f) => isNonNullType(f.type)).map((f) => f.name),
      });
    } else if (isEnumType(named)) arb = fc.oneof(fc.constantFrom(...named.getValues().map((v) => v.name)), nasty);
    else if (named.name === 'Int' || named.name === 'Float')
      arb = name === 'quantity' ? fc.oneof(int, fc.integer({ min: 1, max: 5 })) : int;
    else if (named.name === 'Date') arb = date;
    else if (named.name === 'Boolean') arb = fc.oneof(fc.boolean(), nasty);
    else if (name === 'sku') arb = fc.oneof(fc.constantFrom(...SKUS), nasty, fc.constantFrom('bolt-0001', 'BOLT-0001 ', 'BOLT-9999'));
    else if (ID_KIND[name])
      arb = fc.oneof(
        { weight: 2, arbitrary: fc.constantFrom(...(world.ids[ID_KIND[name]!].length ? world.ids[ID_KIND[name]!] : ['none'])) },
        { weight: 1, arbitrary: fc.uuid() },
        { weight: 1, arbitrary: nasty },
      );
    else arb = fc.oneof(fc.string({ maxLength: 20 }), nasty);
    // A wrong type altogether now and then (a number for a string, an object for a scalar).
    arb = fc.oneof({ weight: 8, arbitrary: arb }, { weight: 1, arbitrary: fc.constantFrom(42, true, { a: 1 }, [1]) });
  }
  return nullable ? fc.option(arb, { nil: null, freq: 4 }) : arb;
}

/** The fuzzed account's carts and orders: what a refused mutation must leave as it was. */
async function state(): Promise<unknown> {
  const carts = ['ACTIVE', 'SAVED', 'PENDING_APPROVAL', 'APPROVED', 'REJECTED', 'SUBMITTED']
    .map((s) => `${s}: carts(status: ${s}) { id name status requestedDeliveryDate lines { id sku quantity requestedDate } }`)
    .join(' ');
  const r = await gql(
    stack.gatewayUrl,
    `{ ${carts} orders(first: 20) { totalCount nodes { id status lines { id quantity status } exceptions { id status resolution { action } } } } }`,
    { token: stack.token('ACME', 'approver') },
  );
  expect(r.body.errors).toBeUndefined();
  return r.body.data;
}

const mutations = Object.values((apiSchema.getType('Mutation') as GraphQLObjectType).getFields()) as GraphQLField<unknown, unknown>[];

describe('regressions found by fuzzing', () => {
  it('more than 50 bad values in one variable are BAD_USER_INPUT, not INTERNAL_SERVER_ERROR', async () => {
    const lines = Array.from({ length: 60 }, () => ({ sku: 'BOLT-0001', quantity: 'many' }));
    const r = await gql(
      stack.gatewayUrl,
      `mutation($c: ID!, $l: [CartLineInput!]!) { addCartLines(cartId: $c, lines: $l) { __typename } }`,
      {
        token: stack.token('ACME', 'buyer'),
        variables: { c: world.primary.cart, l: lines },
      },
    );
    expect(clientSafe(r)).toBeUndefined();
    expect(r.body.errors?.map((e) => e.extensions?.code)).toContain('BAD_USER_INPUT');
  });

  it('a SKU the item master cannot look up (empty, 65+ characters) is UnknownSku, not SERVICE_UNAVAILABLE', async () => {
    for (const sku of ['', 'x'.repeat(65), 'x'.repeat(70_000)]) {
      const r = await gql(
        stack.gatewayUrl,
        `mutation($c: ID!, $l: [CartLineInput!]!) { addCartLines(cartId: $c, lines: $l) { __typename ... on ErrorResult { errorCode } } }`,
        { token: stack.token('ACME', 'buyer'), variables: { c: world.primary.cart, l: [{ sku, quantity: 1 }] } },
      );
      expect(clientSafe(r), `sku of ${sku.length} characters`).toBeUndefined();
      expect(r.body.data?.addCartLines?.errorCode ?? r.body.errors?.[0]?.extensions?.code).toMatch(
        /UNKNOWN_SKU|INVALID_INPUT|BAD_USER_INPUT/,
      );
    }
  });

  it('a NUL character (U+0000) in any argument is BAD_USER_INPUT, in variables and in literals', async () => {
    const token = stack.token('ACME', 'buyer');
    const before = await state();
    for (const [query, variables] of [
      [`mutation($c: ID!, $n: String!) { saveCart(cartId: $c, name: $n) { __typename } }`, { c: world.primary.cart, n: '\u0000' }],
      [`mutation($n: String) { createCart(input: { name: $n }) { __typename } }`, { n: 'a\u0000b' }],
      [`{ invoice(number: "9000000004\\u0000") { number } }`, {}],
      [`query($n: String!) { creditMemo(number: $n) { number } }`, { n: '\u0000' }],
      [`query($t: String) { orders(filter: { text: $t }) { totalCount } }`, { t: '45\u0000' }],
    ] as [string, Record<string, unknown>][]) {
      const r = await gql(stack.gatewayUrl, query, { token, variables });
      expect(clientSafe(r), query).toBeUndefined();
      expect(
        r.body.errors?.map((e) => e.extensions?.code),
        query,
      ).toContain('BAD_USER_INPUT');
    }
    expect(await state()).toEqual(before);
  });
});

describe('fuzzing every mutation', () => {
  const totals = { runs: 0, refused: 0, accepted: 0, statuses: new Map<string, number>() };
  afterAll(() => {
    console.log(
      `fuzz: ${mutations.length} mutations × ${RUNS} runs (seed ${SEED}) = ${totals.runs} inputs: ${totals.refused} refused with typed errors and nothing changed, ${totals.accepted} accepted, 0 server errors; outcomes ${JSON.stringify(Object.fromEntries(totals.statuses))}`,
    );
  });

  for (const field of mutations) {
    it(`${field.name}: typed errors, never a 5xx, nothing changed when refused`, async () => {
      const defs = field.args.map((a) => `$${a.name}: ${String(a.type)}`).join(', ');
      const call = field.args.map((a) => `${a.name}: $${a.name}`).join(', ');
      const sel = selectAll(getNamedType(field.type), 2);
      const query = `mutation${defs ? `(${defs})` : ''} { ${field.name}${call ? `(${call})` : ''} { ${sel} } }`;
      // Approving and rejecting need an approver; everything else is the buyer's.
      const token = stack.token('ACME', /approve|reject/i.test(field.name) ? 'approver' : 'buyer');
      const args = fc.record(Object.fromEntries(field.args.map((a) => [a.name, arbitraryFor(a.type, a.name)])));
      // The state after a refused input is the state before the next one: read once per input.
      let known: unknown;
      await fc.assert(
        fc.asyncProperty(args, async (variables) => {
          const before = known ?? (await state());
          known = undefined;
          const r = await gql(stack.gatewayUrl, query, { token, variables });
          totals.runs++;
          const unsafe = clientSafe(r);
          if (unsafe) throw new Error(`${field.name} ${unsafe}\nvariables: ${JSON.stringify(variables).slice(0, 500)}`);
          const result = r.body.data?.[field.name] as Record<string, unknown> | null | undefined;
          const outcome = result ? String(result.__typename) : `error:${r.body.errors?.[0]?.extensions?.code}`;
          totals.statuses.set(outcome, (totals.statuses.get(outcome) ?? 0) + 1);
          const refused = !result || 'errorCode' in result;
          if (!refused) {
            totals.accepted++;
            return;
          }
          totals.refused++;
          known = await state();
          expect(
            known,
            `${field.name} refused (${outcome}) but changed something; variables ${JSON.stringify(variables).slice(0, 300)}`,
          ).toEqual(before);
        }),
        { seed: SEED, numRuns: RUNS, endOnFailure: true },
      );
    });
  }
});
