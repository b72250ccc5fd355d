/**
 * The plan executor on hand-written plans (Hive Router's format, plan.ts) against canned subgraph
 * answers: what each node sends, which entities it picks, how answers are merged and where errors
 * land — without a planner or a network (a real plan of the portal's supergraph:
 * execute-supergraph.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { applyRewrite, deepMerge } from './data.js';
import { executeNode } from './execute.js';
import { context, entityFetch, keyOf, reps, schema } from './execute.fixtures.js';
import { subscriptionParts, type FetchNode, type PlanNode, type RequiresSelection } from './plan.js';

describe('plan executor', () => {
  it('runs a root fetch, then an entity fetch at a flattened path, each distinct entity sent once', async () => {
    const { ctx, calls } = context((service, req) => {
      if (service === 'orders')
        return {
          data: {
            orders: [
              {
                id: 'o1',
                lines: [
                  { sku: 'A', item: { __typename: 'Item', sku: 'A' } },
                  { sku: 'B', item: { __typename: 'Item', sku: 'B' } },
                ],
              },
              {
                id: 'o2',
                lines: [
                  { sku: 'A', item: { __typename: 'Item', sku: 'A' } },
                  { sku: 'X', item: null },
                ],
              },
            ],
          },
        };
      const representations = req.variables.representations as { sku: string }[];
      return { data: { _entities: representations.map((r) => ({ name: `name of ${r.sku}` })) } };
    });
    const plan: PlanNode = {
      kind: 'Sequence',
      nodes: [
        { kind: 'Fetch', serviceName: 'orders', operationKind: 'query', operation: '{orders{id lines{sku item{__typename sku}}}}' },
        {
          kind: 'Flatten',
          path: [{ Field: 'orders' }, '@', { Field: 'lines' }, '@', { Field: 'item' }],
          node: entityFetch('inventory', 'name'),
        },
      ],
    };
    const data: Record<string, any> = {};
    await executeNode(ctx, plan, { path: [], data });

    expect(calls.map((c) => c.service)).toEqual(['orders', 'inventory']);
    expect(reps(calls[1])).toEqual([
      { __typename: 'Item', sku: 'A' },
      { __typename: 'Item', sku: 'B' },
    ]);
    expect(calls[1]!.readOnly).toBe(true);
    expect(data.orders[0].lines.map((l: any) => l.item.name)).toEqual(['name of A', 'name of B']);
    expect(data.orders[1].lines[0].item).toEqual({ __typename: 'Item', sku: 'A', name: 'name of A' });
    expect(data.orders[1].lines[1].item).toBeNull();
    expect(ctx.errors).toEqual([]);
  });

  it('starts the branches of a Parallel together and a Sequence one after the other', async () => {
    const started: string[] = [];
    const release: (() => void)[] = [];
    const { ctx } = context(
      (service) =>
        new Promise((resolve) => {
          started.push(service);
          release.push(() => resolve({ data: { [service]: true } }));
        }),
    );
    const fetch = (s: string): FetchNode => ({ kind: 'Fetch', serviceName: s, operationKind: 'query', operation: `{${s}}` });
    const data: Record<string, any> = {};
    const run = executeNode(
      ctx,
      { kind: 'Sequence', nodes: [{ kind: 'Parallel', nodes: [fetch('a'), fetch('b')] }, fetch('c')] },
      { path: [], data },
    );
    await new Promise((r) => setImmediate(r));
    expect(started).toEqual(['a', 'b']); // both in flight, c not yet
    release.splice(0).forEach((r) => r());
    await new Promise((r) => setImmediate(r));
    expect(started).toEqual(['a', 'b', 'c']);
    release.splice(0).forEach((r) => r());
    await run;
    expect(data).toEqual({ a: true, b: true, c: true });
  });

  it('builds a representation from an aliased field under the name the subgraph expects (requires with arguments)', async () => {
    // Two @requires on `price` with different arguments: the planner fetched one under an alias and
    // the requires selection says `name` (the key in the data) and `alias` (the key in the representation).
    const requires: RequiresSelection[] = [
      {
        kind: 'InlineFragment',
        typeCondition: 'Item',
        selections: [
          { kind: 'Field', name: '__typename' },
          { kind: 'Field', name: '_internal_qp_alias_0', alias: 'price' },
          { kind: 'Field', name: 'sku' },
        ],
      },
    ];
    const { ctx, calls } = context((service) =>
      service === 'catalog'
        ? { data: { order: { items: [{ __typename: 'Item', sku: 'A', price: 1, _internal_qp_alias_0: 2 }] } } }
        : { data: { _entities: [{ name: 'in euros' }] } },
    );
    const plan: PlanNode = {
      kind: 'Sequence',
      nodes: [
        {
          kind: 'Fetch',
          serviceName: 'catalog',
          operationKind: 'query',
          operation: '{order{items{__typename sku price _internal_qp_alias_0: price}}}',
        },
        { kind: 'Flatten', path: [{ Field: 'order' }, { Field: 'items' }, '@'], node: entityFetch('shipping', 'name', requires) },
      ],
    };
    await executeNode(ctx, plan, { path: [], data: {} });
    expect(reps(calls[1])).toEqual([{ __typename: 'Item', price: 2, sku: 'A' }]);
  });

  it('sends a BatchFetch once, each alias with its own entities, and merges each alias back', async () => {
    const { ctx, calls } = context((_service, req) => ({
      data: {
        _e0: (req.variables.__batch_reps_0 as { sku: string }[]).map((r) => ({ price: r.sku.length })),
        _e1: (req.variables.__batch_reps_1 as { id: string }[]).map((r) => ({ total: Number(r.id.slice(1)) * 10 })),
        _e2: (req.variables.__batch_reps_0 as { sku: string }[]).map(() => ({ name: 'shared' })),
      },
    }));
    const data: Record<string, any> = {
      a: { __typename: 'Item', sku: 'AAA' },
      b: { __typename: 'Item', sku: 'BB' },
      order: { __typename: 'Order', id: 'o7' },
    };
    await executeNode(
      ctx,
      {
        kind: 'BatchFetch',
        serviceName: 'pricing',
        operationKind: 'query',
        operation: 'query($__batch_reps_0:[_Any!]!,$__batch_reps_1:[_Any!]!){_e0:_entities(…) _e1:_entities(…) _e2:_entities(…)}',
        entityBatch: {
          aliases: [
            {
              alias: '_e0',
              representationsVariableName: '__batch_reps_0',
              paths: [[{ Field: 'a' }], [{ Field: 'b' }]],
              requires: keyOf('Item'),
            },
            { alias: '_e1', representationsVariableName: '__batch_reps_1', paths: [[{ Field: 'order' }]], requires: keyOf('Order', 'id') },
            // Shares the variable (same paths, same requires): no second copy of the representations.
            {
              alias: '_e2',
              representationsVariableName: '__batch_reps_0',
              paths: [[{ Field: 'a' }], [{ Field: 'b' }]],
              requires: keyOf('Item'),
            },
          ],
        },
      },
      { path: [], data },
    );
    expect(calls).toHaveLength(1);
    expect(calls[0]!.variables).toEqual({
      __batch_reps_0: [
        { __typename: 'Item', sku: 'AAA' },
        { __typename: 'Item', sku: 'BB' },
      ],
      __batch_reps_1: [{ __typename: 'Order', id: 'o7' }],
    });
    expect(data).toEqual({
      a: { __typename: 'Item', sku: 'AAA', price: 3, name: 'shared' },
      b: { __typename: 'Item', sku: 'BB', price: 2, name: 'shared' },
      order: { __typename: 'Order', id: 'o7', total: 70 },
    });
  });

  it('takes the branch of a Condition from the variable, else from its declared default', async () => {
    const branch = (s: string): FetchNode => ({ kind: 'Fetch', serviceName: s, operationKind: 'query', operation: `{${s}}` });
    const node: PlanNode = { kind: 'Condition', condition: 'withPrice', ifClause: branch('yes'), elseClause: branch('no') };
    for (const [variables, defs, expected] of [
      [{ withPrice: true }, '($withPrice: Boolean!)', 'yes'],
      [{ withPrice: false }, '($withPrice: Boolean!)', 'no'],
      [{}, '($withPrice: Boolean = true)', 'yes'],
      [{}, '($withPrice: Boolean = false)', 'no'],
    ] as const) {
      const { ctx, calls } = context(() => ({ data: {} }), variables, defs);
      await executeNode(ctx, node, { path: [], data: {} });
      expect(calls.map((c) => c.service)).toEqual([expected]);
    }
  });

  it('follows a type condition in a Flatten path: only objects of that type (or an interface it implements)', async () => {
    const { ctx, calls } = context((_s, req) => ({
      data: { _entities: (req.variables.representations as unknown[]).map(() => ({ name: 'n' })) },
    }));
    const data = {
      nodes: [
        { __typename: 'Item', id: '1', sku: 'A' },
        { __typename: 'Service', id: '2', sku: 'S' },
        { __typename: 'Item', id: '3', sku: 'B' },
      ],
    };
    await executeNode(
      ctx,
      { kind: 'Flatten', path: [{ Field: 'nodes' }, '@', { TypeCondition: ['Item'] }], node: entityFetch('inventory', 'name') },
      { path: [], data },
    );
    expect(reps(calls[0])).toEqual([
      { __typename: 'Item', sku: 'A' },
      { __typename: 'Item', sku: 'B' },
    ]);
    expect(data.nodes.map((n: any) => n.name)).toEqual(['n', undefined, 'n']);

    const viaInterface = context((_s, req) => ({ data: { _entities: (req.variables.representations as unknown[]).map(() => ({})) } }));
    await executeNode(
      viaInterface.ctx,
      { kind: 'Flatten', path: [{ Field: 'nodes' }, '@', { TypeCondition: ['Node'] }], node: entityFetch('x', 'id', keyOf('Node', 'id')) },
      { path: [], data },
    );
    expect(reps(viaInterface.calls[0])).toHaveLength(3);
  });

  it('applies input rewrites to representations and output rewrites to answers', async () => {
    const { ctx, calls } = context(() => ({ data: { _entities: [{ __typename: 'Node', renamed_total: 5 }] } }));
    const data = { order: { __typename: 'Order', id: 'o1' } };
    await executeNode(
      ctx,
      {
        kind: 'Flatten',
        path: [{ Field: 'order' }],
        node: {
          ...entityFetch('orders', 'renamed_total: total', keyOf('Order', 'id')),
          // An @interfaceObject subgraph knows the entity by its interface's name.
          inputRewrites: [{ ValueSetter: { path: [{ TypenameEquals: ['Order'] }, { Key: '__typename' }], setValueTo: 'Node' } }],
          outputRewrites: [{ KeyRenamer: { path: [{ TypenameEquals: ['Node'] }, { Key: 'renamed_total' }], renameKeyTo: 'total' } }],
        },
      },
      { path: [], data },
    );
    expect(reps(calls[0])).toEqual([{ __typename: 'Node', id: 'o1' }]);
    expect(data.order).toEqual({ __typename: 'Node', id: 'o1', total: 5 });
  });

  it('a rewrite whose type does not match leaves the value alone', () => {
    const value = { __typename: 'Item', sku: 'A', items: [{ __typename: 'Item', sku: 'B' }] };
    applyRewrite(
      { supergraphSchema: schema },
      { ValueSetter: { path: [{ TypenameEquals: ['Order'] }, { Key: 'sku' }], setValueTo: 'X' } },
      value,
    );
    expect(value.sku).toBe('A');
    applyRewrite(
      { supergraphSchema: schema },
      { kind: 'ValueSetter', path: [{ Key: 'items' }, { TypenameEquals: 'Item' }, { Key: 'sku' }], setValueTo: 'X' },
      value,
    );
    expect(value.items[0]!.sku).toBe('X');
  });

  it('resolves a fragment spread in requires from the fetch operation', async () => {
    const { ctx, calls } = context(() => ({ data: { _entities: [{ name: 'n' }] } }));
    const data = { item: { __typename: 'Item', sku: 'A', id: 'i1' } };
    await executeNode(
      ctx,
      {
        kind: 'Flatten',
        path: [{ Field: 'item' }],
        node: {
          ...entityFetch('inventory', 'name', [{ kind: 'FragmentSpread', value: 'ItemKey' }]),
          operation:
            'query($representations:[_Any!]!){_entities(representations:$representations){...on Item{name}}} fragment ItemKey on Item { __typename sku id }',
        },
      },
      { path: [], data },
    );
    expect(reps(calls[0])).toEqual([{ __typename: 'Item', sku: 'A', id: 'i1' }]);
  });

  it('keeps the other data when a subgraph fails, with the error at the fetch path', async () => {
    const { ctx } = context((service) => {
      if (service === 'pricing') throw new Error('connect ECONNREFUSED');
      return { data: { _entities: [{ name: 'n' }] } };
    });
    const data = { order: { lines: [{ item: { __typename: 'Item', sku: 'A' } }] } };
    const path = [{ Field: 'order' }, { Field: 'lines' }, '@', { Field: 'item' }] as const;
    await executeNode(
      ctx,
      {
        kind: 'Parallel',
        nodes: [
          { kind: 'Flatten', path: [...path], node: entityFetch('pricing', 'price') },
          { kind: 'Flatten', path: [...path], node: entityFetch('inventory', 'name') },
        ],
      },
      { path: [], data },
    );
    expect(data.order.lines[0]!.item).toEqual({ __typename: 'Item', sku: 'A', name: 'n' });
    expect(ctx.errors).toHaveLength(1);
    expect(ctx.errors[0]!.extensions).toMatchObject({ code: 'SUBGRAPH_UNAVAILABLE', serviceName: 'pricing' });
    expect(ctx.errors[0]!.path).toEqual(['order', 'lines', 'item']);
  });

  it("re-anchors a subgraph's entity error where the entities are, and refuses a short `_entities` answer", async () => {
    const { ctx } = context((service) =>
      service === 'pricing'
        ? {
            data: { _entities: [{ price: null }] },
            errors: [{ message: 'no contract', path: ['_entities', 0, 'price'], extensions: { code: 'NO_PRICE' } }],
          }
        : { data: { _entities: [] } },
    );
    const data = { item: { __typename: 'Item', sku: 'A' } };
    await executeNode(ctx, { kind: 'Flatten', path: [{ Field: 'item' }], node: entityFetch('pricing', 'price') }, { path: [], data });
    await executeNode(ctx, { kind: 'Flatten', path: [{ Field: 'item' }], node: entityFetch('inventory', 'name') }, { path: [], data });
    expect(ctx.errors.map((e) => [e.message, e.path, e.extensions.code])).toEqual([
      ['no contract', ['item', 'price'], 'NO_PRICE'],
      ['subgraph inventory is unavailable: subgraph inventory answered 0 entities for 1', ['item'], 'SUBGRAPH_UNAVAILABLE'],
    ]);
  });

  it('marks only queries as shareable (read-only); a mutation fetch never is', async () => {
    const { ctx, calls } = context(() => ({ data: { createCart: { id: 'c1' } } }));
    await executeNode(
      ctx,
      { kind: 'Fetch', serviceName: 'orders', operationKind: 'mutation', operation: 'mutation{createCart{id}}' },
      { path: [], data: {} },
    );
    expect(calls[0]!.readOnly).toBe(false);
  });

  it('merges answers key by key and never writes through __proto__', () => {
    const target: Record<string, any> = { a: { x: 1 }, list: [{ y: 1 }, { y: 2 }] };
    deepMerge(target, JSON.parse('{"a":{"z":2},"list":[{"w":1},{"w":2}],"__proto__":{"polluted":true}}'));
    expect(target).toMatchObject({
      a: { x: 1, z: 2 },
      list: [
        { y: 1, w: 1 },
        { y: 2, w: 2 },
      ],
    });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(target)).toBe(Object.prototype);
  });

  it('splits a subscription plan into its primary and the rest, in either planner shape', () => {
    const primary: FetchNode = { serviceName: 'orders', operationKind: 'subscription', operation: 'subscription{orderUpdated{cursor}}' };
    const a: PlanNode = { kind: 'Flatten', path: [{ Field: 'orderUpdated' }], node: entityFetch('pricing', 'price') };
    const b: PlanNode = { kind: 'Flatten', path: [{ Field: 'orderUpdated' }], node: entityFetch('inventory', 'name') };
    expect(subscriptionParts({ kind: 'Sequence', nodes: [{ kind: 'Subscription', primary }, a] })).toEqual({ primary, rest: a });
    expect(subscriptionParts({ kind: 'Sequence', nodes: [{ kind: 'Subscription', primary }, a, b] })).toEqual({
      primary,
      rest: { kind: 'Sequence', nodes: [a, b] },
    });
    expect(subscriptionParts({ kind: 'Subscription', primary })).toEqual({ primary });
    expect(subscriptionParts({ kind: 'Subscription', primary, rest: a })).toEqual({ primary, rest: a });
    expect(subscriptionParts(a)).toBeUndefined();
  });
});
