/**
 * The plan executor on real plans of the portal's supergraph: Hive's planner plans, the executor
 * runs the plan against canned subgraph answers and shapes the merged answer to the client's
 * selection; subscriptions split into their primary and the rest; introspection is answered by the
 * gateway itself (hand-written plans: execute.test.ts).
 */
import { readFileSync } from 'node:fs';
import { getIntrospectionQuery, parse, print, type OperationDefinitionNode } from 'graphql';
import { describe, expect, it } from 'vitest';
import { executePlan, type ExecutionContext } from './execute.js';
import { subscriptionParts } from './plan.js';
import { FederatedPlanner, withoutIntrospection } from './planner.js';

describe('a real plan of the portal supergraph', () => {
  const planner = new FederatedPlanner(readFileSync(new URL('../../../schema/supergraph.graphql', import.meta.url), 'utf8'));

  it("plans with Hive's planner and shapes the merged answers to the client's selection", async () => {
    const document = parse(
      `query Line($sku: ID!) { it: item(sku: $sku) { sku name p: price(quantity: 2) { unitPrice { amount currency } } } }`,
    );
    const { plan, operation } = planner.plan(document, 'Line');
    const services: string[] = [];
    const ctx: ExecutionContext = {
      supergraphSchema: planner.supergraphSchema,
      apiSchema: planner.apiSchema,
      operation,
      variables: { sku: 'BOLT-1' },
      variableDefinitions: (document.definitions[0] as OperationDefinitionNode).variableDefinitions ?? [],
      errors: [],
      fetch: async (service, req) => {
        services.push(service);
        if (!req.variables.representations) return { data: { it: { __typename: 'Item', sku: 'BOLT-1', name: 'Bolt' } } };
        return { data: { _entities: [{ p: { unitPrice: { amount: '1.50', currency: 'USD' } } }] } };
      },
    };
    expect(await executePlan(ctx, plan.node)).toEqual({
      data: { it: { sku: 'BOLT-1', name: 'Bolt', p: { unitPrice: { amount: '1.50', currency: 'USD' } } } },
    });
    expect(services).toEqual(['inventory', 'pricing']);
  });

  it('plans a subscription as its primary on the owning subgraph and the rest per event', () => {
    const document = parse(`subscription { orderUpdated(orderId: "o1") { cursor order { status invoices { number } } } }`);
    const parts = subscriptionParts(planner.plan(document, undefined).plan.node);
    expect(parts?.primary.serviceName).toBe('orders');
    expect(JSON.stringify(parts?.rest)).toContain('"serviceName":"invoices"');
  });

  it('answers introspection itself: only the rest of the operation is planned', async () => {
    const strip = (q: string) => {
      const out = withoutIntrospection(parse(q), undefined, 'Query');
      return out && print(out).replace(/\s+/g, ' ').trim();
    };
    expect(strip('{ __schema { queryType { name } } __typename }')).toBeNull();
    expect(strip(getIntrospectionQuery())).toBeNull();
    expect(strip('{ __type(name: "Item") { name } me { user { id } } }')).toBe('{ me { user { id } } }');
    expect(
      strip('query { ...Q ... on Query { __schema { types { name } } } } fragment Q on Query { __type(name: "X") { name } me { roles } }'),
    ).toBe('{ ...Q } fragment Q on Query { me { roles } }');
    expect(strip('{ ...Only me { roles } } fragment Only on Query { __schema { types { name } } }')).toBe('{ me { roles } }');

    const document = parse('{ __type(name: "Money") { kind } item(sku: "A") { sku } }');
    const { plan, operation } = planner.plan(document, undefined);
    const ctx: ExecutionContext = {
      supergraphSchema: planner.supergraphSchema,
      apiSchema: planner.apiSchema,
      operation,
      variables: {},
      variableDefinitions: [],
      errors: [],
      fetch: async () => ({ data: { item: { sku: 'A' } } }),
    };
    expect(await executePlan(ctx, plan.node)).toEqual({ data: { __type: { kind: 'OBJECT' }, item: { sku: 'A' } } });
    expect(planner.plan(parse(getIntrospectionQuery()), 'IntrospectionQuery').plan.node).toBeUndefined();
  });
});
