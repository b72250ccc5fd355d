/**
 * The gateway's result shaping (shape.ts) against Apollo's (`@apollo/gateway` computeResponse,
 * which it replaced) on the same operations and data: the same `data`, key order included, and
 * the same errors — aliases, fragments on interfaces and unions, `@skip`/`@include` with
 * variables and defaults, `__typename`, invalid leaf values, nulls in non-null fields bubbling up.
 */
import { buildSchema, operationFromDocument } from '@apollo/federation-internals';
import { computeResponse } from '@apollo/gateway/dist/resultShaping.js';
import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { shapeResult } from './shape.js';

const schema = buildSchema(`
  enum Status { OPEN CLOSED }
  interface Node { id: ID! }
  type Item implements Node { id: ID! sku: String! name: String price: Int status: Status tags: [String!] }
  type Service implements Node { id: ID! sku: String! hours: Float }
  union Thing = Item | Service
  type Line { sku: String! quantity: Int! item: Item }
  type Order implements Node { id: ID! lines: [Line!]! things: [Thing] status: Status! total: Int }
  type Query { orders: [Order!]! order(id: ID!): Order nodes: [Node!]! node: Node }
`);

function both(query: string, input: Record<string, unknown> | null, variables: Record<string, unknown> = {}) {
  const operation = operationFromDocument(schema, parse(query), { validate: true });
  const introspection = () => 'introspected';
  const apollo = computeResponse({ operation, variables, input: input as never, introspectionHandling: introspection });
  const ours = shapeResult(operation, variables, input, introspection);
  const view = (r: { data?: unknown; errors: readonly { message: string; path?: readonly unknown[] | undefined }[] }) =>
    JSON.stringify({ data: r.data, errors: r.errors.map((e) => ({ message: e.message, path: e.path })) });
  return { apollo: view(apollo), ours: view(ours), result: ours };
}

const order = {
  __typename: 'Order',
  id: 'o1',
  status: 'OPEN',
  total: 7,
  lines: [
    { sku: 'A', quantity: 1, item: { __typename: 'Item', id: 'i1', sku: 'A', name: 'Anvil', price: 5, status: 'OPEN', tags: ['x', 'y'] } },
    { sku: 'B', quantity: 2, item: null },
  ],
  things: [{ __typename: 'Item', id: 'i1', sku: 'A', name: 'Anvil' }, { __typename: 'Service', id: 's1', sku: 'S', hours: 1.5 }, null],
};

describe('result shaping: ours gives what Apollo gives', () => {
  const cases: { name: string; query: string; input: Record<string, unknown> | null; variables?: Record<string, unknown> }[] = [
    {
      name: 'aliases, nested lists, fields merged from two selections',
      query: `{ orders { id n: id lines { sku q: quantity item { name } item { sku price } } } }`,
      // The fetches' data is keyed by response name (subgraph queries carry the client's aliases).
      input: { orders: [{ ...order, n: 'o1', lines: order.lines.map((l) => ({ ...l, q: l.quantity })) }] },
    },
    {
      name: 'fragments on a union and an interface, __typename and an aliased __typename',
      query: `{ orders { things { __typename t: __typename ... on Item { name } ... on Node { id } ...S } } }
              fragment S on Service { hours sku }`,
      input: { orders: [order] },
    },
    {
      name: '@skip/@include with variables, literals and a default',
      query: `query ($a: Boolean!, $b: Boolean = false) { orders { id @skip(if: $a) total @include(if: $b) status @include(if: true) lines @skip(if: false) { sku } } }`,
      input: { orders: [order] },
      variables: { a: true },
    },
    {
      name: 'null in a non-null field bubbles to the nearest nullable parent, with one error',
      query: `{ order(id: "o1") { id lines { sku quantity } } }`,
      input: { order: { ...order, lines: [{ sku: 'A', quantity: null }] } },
    },
    {
      name: 'null bubbling up to the root makes data null',
      query: `{ orders { id status } }`,
      input: { orders: [{ ...order, status: null }] },
    },
    {
      name: 'invalid leaf values: an unknown enum value, a float for an Int, a number for a String',
      query: `{ order(id: "o1") { total lines { item { name price status } } } }`,
      input: {
        order: {
          ...order,
          total: 1.5,
          lines: [{ sku: 'A', quantity: 1, item: { __typename: 'Item', name: 7, price: 2.5, status: 'GONE' } }],
        },
      },
    },
    {
      name: 'an unknown __typename',
      query: `{ node { id } }`,
      input: { node: { __typename: 'Nope', id: 'x' } },
    },
    {
      name: 'missing fields are null; a missing non-null field is an error',
      query: `{ order(id: "o1") { id total lines { sku } } }`,
      input: { order: { __typename: 'Order', id: 'o1' } },
    },
    {
      name: 'no data at all',
      query: `{ orders { id } }`,
      input: null,
    },
    {
      name: 'introspection fields are answered by the handler',
      query: `{ __schema { queryType { name } } orders { id } }`,
      input: { orders: [order] },
    },
  ];
  for (const c of cases)
    it(c.name, () => {
      const { apollo, ours } = both(c.query, c.input, c.variables);
      expect(ours).toBe(apollo);
    });

  it('compiles an operation once and shapes it again with other variables', () => {
    const query = `query ($a: Boolean!) { orders { id @include(if: $a) total } }`;
    const operation = operationFromDocument(schema, parse(query), { validate: true });
    const first = shapeResult(operation, { a: true }, { orders: [order] }, () => null);
    const second = shapeResult(operation, { a: false }, { orders: [order] }, () => null);
    expect(JSON.stringify(first.data)).toBe('{"orders":[{"id":"o1","total":7}]}');
    expect(JSON.stringify(second.data)).toBe('{"orders":[{"total":7}]}');
  });
});
