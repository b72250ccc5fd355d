/**
 * `@defer` at the gateway (defer.ts): which fragments are deferred, what the first payload asks
 * for, and how the deferred fields are cut out of the full result at every place they apply.
 */
import { readFileSync } from 'node:fs';
import { GraphQLError, parse, print } from 'graphql';
import { describe, expect, it } from 'vitest';
import { incrementalItems, splitDefer, usesDefer, withoutDefer } from './defer.js';
import { FederatedPlanner } from './planner.js';

const flat = (s: string) => s.replace(/\s+/g, ' ').trim();

describe('@defer split', () => {
  const doc = parse(`query Orders($withInvoices: Boolean = true) {
    orders(first: 2) { nodes { id ...Money @defer(label: "money") ... @defer(if: $withInvoices) { invoices { number } } } }
  }
  fragment Money on Order { status lines { sku } }`);

  it('takes active deferred fragments out of the first document and keeps the full one whole', () => {
    const split = splitDefer(doc, 'Orders', {})!;
    expect(flat(print(split.primary))).toBe('query Orders($withInvoices: Boolean = true) { orders(first: 2) { nodes { id } } }');
    expect(flat(print(split.full))).not.toContain('@defer');
    expect(flat(print(split.full))).toContain('...Money');
    expect(split.deferred.map((d) => [d.label, d.path, flat(print(d.selectionSet))])).toEqual([
      ['money', ['orders', 'nodes'], '{ status lines { sku } }'],
      [undefined, ['orders', 'nodes'], '{ invoices { number } }'],
    ]);
  });

  it('keeps a fragment whose `if` is false in the first payload, and drops a skipped one', () => {
    const split = splitDefer(doc, 'Orders', { withInvoices: false })!;
    expect(flat(print(split.primary))).toContain('... { invoices { number } }');
    expect(split.deferred).toHaveLength(1);
    expect(splitDefer(parse('{ me { ... @defer(if: false) { roles } } }'), undefined, {})).toBeNull();
    // Nothing left to defer: the operation runs as one (its @skip applies as usual).
    expect(splitDefer(parse('{ me { roles ... @defer @skip(if: true) { user { id } } } }'), undefined, {})).toBeNull();
  });

  it('asks for __typename where a deferred fragment was all a selection had', () => {
    const split = splitDefer(parse('{ me { ... @defer { roles } } }'), undefined, {})!;
    expect(flat(print(split.primary))).toBe('{ me { __typename } }');
  });

  it('finds @defer cheaply and removes it', () => {
    expect(usesDefer(doc)).toBe(true);
    expect(usesDefer(parse('{ me { roles } }'))).toBe(false);
    expect(usesDefer(withoutDefer(doc))).toBe(false);
    expect(
      splitDefer(parse('subscription { orderUpdated(orderId: "x") { cursor ... @defer { order { id } } } }'), undefined, {}),
    ).toBeNull();
    // A mutation runs once, whole: splitting it would run it twice.
    expect(splitDefer(parse('mutation { createCart { ... on Cart { id ... @defer { lines { id } } } } }'), undefined, {})).toBeNull();
  });

  it("cuts each deferred fragment's fields out of the full result, per list element, with its errors", () => {
    const split = splitDefer(doc, 'Orders', {})!;
    const full = {
      data: {
        orders: {
          nodes: [
            { id: 'o1', status: 'CONFIRMED', lines: [{ sku: 'A' }], invoices: [{ number: 'I1' }] },
            { id: 'o2', status: 'SUBMITTED', lines: [], invoices: null },
          ],
        },
      },
      errors: [new GraphQLError('invoices unavailable', { path: ['orders', 'nodes', 1, 'invoices'] })],
    };
    const items = incrementalItems(full, split.deferred, {});
    expect(items.map(({ errors, ...i }) => ({ ...i, errors: errors?.map((e) => e.message) }))).toEqual([
      { label: 'money', path: ['orders', 'nodes', 0], data: { status: 'CONFIRMED', lines: [{ sku: 'A' }] }, errors: undefined },
      { label: 'money', path: ['orders', 'nodes', 1], data: { status: 'SUBMITTED', lines: [] }, errors: undefined },
      { path: ['orders', 'nodes', 0], data: { invoices: [{ number: 'I1' }] }, errors: undefined },
      { path: ['orders', 'nodes', 1], data: { invoices: null }, errors: ['invoices unavailable'] },
    ]);
  });

  it('skips objects the fragment does not apply to (null parents, other types)', () => {
    const split = splitDefer(parse('{ nodes { ... on Item @defer { name } } }'), undefined, {})!;
    const items = incrementalItems({ data: { nodes: [{ id: 1 }, null, { name: 'n' }] } }, split.deferred, {});
    expect(items).toEqual([{ path: ['nodes', 2], data: { name: 'n' } }]);
  });

  it('gives Hive’s planner both documents of a portal query', () => {
    const planner = new FederatedPlanner(readFileSync(new URL('../../../schema/supergraph.graphql', import.meta.url), 'utf8'));
    const split = splitDefer(
      parse('query($q: Int!) { items(first: 2) { nodes { sku ... @defer { price(quantity: $q) { unitPrice { amount } } } } } }'),
      undefined,
      {
        q: 1,
      },
    )!;
    const services = (p: unknown) => [...JSON.stringify(p).matchAll(/"serviceName":"(\w+)"/g)].map((m) => m[1]);
    expect(services(planner.plan(split.primary, undefined).plan)).toEqual(['inventory']);
    expect(services(planner.plan(split.full, undefined).plan)).toEqual(['inventory', 'pricing']);
  });
});
