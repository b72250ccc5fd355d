import { readFileSync } from 'node:fs';
import { buildSchema, getIntrospectionQuery, Kind, parse, type FragmentDefinitionNode, type OperationDefinitionNode } from 'graphql';
import { describe, expect, it } from 'vitest';
import { loadGatewayConfig } from './config.js';
import { checkLimits, measureOperation, type OperationLimits } from './limits.js';
import { loadTrustedOperations } from './persisted.js';

const schema = buildSchema(readFileSync(new URL('../../schema/api.graphql', import.meta.url), 'utf8'));
const config = loadGatewayConfig({});
const defaults: OperationLimits = {
  maxDepth: config.MAX_DEPTH,
  maxCost: config.MAX_COST,
  maxAliases: config.MAX_ALIASES,
  maxRootFields: config.MAX_ROOT_FIELDS,
  defaultListSize: config.DEFAULT_LIST_SIZE,
};

function measure(query: string, variables: Record<string, unknown> = {}, stopAtCost?: number) {
  const doc = parse(query);
  const fragments: Record<string, FragmentDefinitionNode> = {};
  for (const d of doc.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments[d.name.value] = d;
  const op = doc.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)!;
  return measureOperation(schema, op, fragments, variables, { defaultListSize: 10, ...(stopAtCost ? { stopAtCost } : {}) });
}

describe('cost', () => {
  it('counts each field once per resolution; a connection’s first sizes its nodes', () => {
    // items 1 + nodes 1 + 20 × (sku + name)
    expect(measure('{ items(first: 20) { nodes { sku name } } }').cost).toBe(42);
    // totalCount and pageInfo are not multiplied
    expect(measure('{ items(first: 20) { totalCount pageInfo { hasNextPage } } }').cost).toBe(4);
  });

  it('reads first from variables, then from the variable default, then the default list size', () => {
    const q = 'query($n: Int) { items(first: $n) { nodes { sku } } }';
    expect(measure(q, { n: 5 }).cost).toBe(2 + 5);
    expect(measure('query($n: Int = 7) { items(first: $n) { nodes { sku } } }').cost).toBe(2 + 7);
    expect(measure(q).cost).toBe(2 + 10);
    expect(measure('{ carts { id name } }').cost).toBe(1 + 10 * 2);
  });

  it('multiplies nested lists', () => {
    // orders 1 + nodes 1 + 50 × (id + lines + 10 × sku)
    expect(measure('{ orders(first: 50) { nodes { id lines { sku } } } }').cost).toBe(2 + 50 * (2 + 10));
  });

  it('does not charge __typename, and first: 0 still costs like one row', () => {
    expect(measure('{ __typename items(first: 0) { __typename nodes { sku } } }').cost).toBe(3);
  });

  it('stops walking an exponential fragment bomb as soon as the cost is over', () => {
    const levels = 30; // 2^30 fields when expanded
    const frags = Array.from(
      { length: levels },
      (_, i) => `fragment F${i} on Item { ${i === levels - 1 ? 'sku' : `successor { ...F${i + 1} } s2: successor { ...F${i + 1} }`} }`,
    ).join('\n');
    const started = Date.now();
    const m = measure(`{ item(sku: "X") { ...F0 } }\n${frags}`, {}, 25_000);
    expect(m.truncated).toBe(true);
    expect(m.cost).toBeGreaterThan(25_000);
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(checkLimits(m, { ...defaults, maxDepth: 100, maxAliases: 1e9 })?.extensions.code).toBe('QUERY_TOO_COMPLEX');
  });
});

describe('depth, aliases, root fields', () => {
  it('measures depth through fragments and inline fragments', () => {
    expect(measure('{ me { account { id } } }').depth).toBe(3);
    const q = `{ item(sku: "A") { ...S } } fragment S on Item { successor { ... on Item { successor { sku } } } }`;
    expect(measure(q).depth).toBe(4);
  });

  it('counts aliases wherever they are, and root fields after expanding fragments', () => {
    const m = measure(`{ a: me { id } b: me { id } ...R } fragment R on Query { c: me { x: id } }`);
    expect(m.aliases).toBe(4);
    expect(m.rootFields).toBe(3);
  });

  it('reports the first broken limit with the limit and the measured value', () => {
    const deep = `{ item(sku: "A") { ${'successor { '.repeat(15)} sku ${'} '.repeat(15)} } }`;
    const err = checkLimits(measure(deep), defaults)!;
    expect(err.extensions).toMatchObject({ code: 'QUERY_TOO_DEEP', limit: defaults.maxDepth, measured: 17 });
    expect(err.message).toContain('17 levels deep');

    const aliases = `{ ${Array.from({ length: 40 }, (_, i) => `a${i}: __typename`).join(' ')} }`;
    expect(checkLimits(measure(aliases), defaults)?.extensions).toMatchObject({ code: 'TOO_MANY_ALIASES', limit: 30, measured: 40 });

    const roots = `{ ${Array.from({ length: 25 }, (_, i) => `r${i}: me { id }`).join(' ')} }`;
    expect(checkLimits(measure(roots), { ...defaults, maxAliases: 100 })?.extensions).toMatchObject({
      code: 'TOO_MANY_ROOT_FIELDS',
      measured: 25,
    });

    // 2 + 100 × (lines 1 + 10 × 5 + invoices 1 + 10 × (lines 1 + 10 × 2))
    const costly =
      '{ orders(first: 100) { nodes { lines { sku quantity status shippedQuantity invoicedQuantity } invoices { lines { sku quantity } } } } }';
    expect(checkLimits(measure(costly), defaults)?.extensions).toMatchObject({
      code: 'QUERY_TOO_COMPLEX',
      limit: 25_000,
      measured: 26_202,
    });
  });
});

describe('introspection', () => {
  it('lets the full introspection query GraphiQL sends through the defaults', () => {
    const q = getIntrospectionQuery({ descriptions: true, inputValueDeprecation: true, schemaDescription: true, specifiedByUrl: true });
    const m = measure(q);
    expect(checkLimits(m, defaults)).toBeUndefined();
    expect(m.introspectionDepth).toBe(1);
  });

  it('refuses recursive introspection lists nested three deep', () => {
    const bomb = '{ __type(name: "Query") { fields { type { fields { type { fields { name } } } } } } }';
    expect(checkLimits(measure(bomb), defaults)?.extensions).toMatchObject({ code: 'INTROSPECTION_TOO_DEEP', limit: 2, measured: 3 });
    const two = '{ __type(name: "Query") { fields { type { fields { name } } } } }';
    expect(checkLimits(measure(two), defaults)).toBeUndefined();
  });
});

describe('the project’s own operations', () => {
  it('all pass the default limits', () => {
    const ops = loadTrustedOperations();
    expect(ops.length).toBeGreaterThan(3);
    for (const op of ops) {
      const m = measure(op.body);
      expect(checkLimits(m, defaults), `${op.name}: ${JSON.stringify(m)}`).toBeUndefined();
    }
  });
});
