/**
 * What the plan executor's tests share: a small schema (items, services, orders with lines), a
 * context whose subgraphs answer from a function and record every call, and builders for the key
 * selections and entity fetches a hand-written plan is made of.
 */
import { buildSchema, parse, type OperationDefinitionNode } from 'graphql';
import type { ExecutionContext, SubgraphRequest, SubgraphResponse } from './execute.js';
import type { FetchNode, RequiresSelection } from './plan.js';

export const schema = buildSchema(`
  interface Node { id: ID! }
  type Item implements Node { id: ID! sku: String! name: String price: Int }
  type Service implements Node { id: ID! sku: String! name: String }
  type Line { sku: String! item: Item }
  type Order implements Node { id: ID! lines: [Line!]! items: [Node!]! total: Int }
  type Query { orders: [Order!]! order: Order nodes: [Node!]! }
`);

type Call = SubgraphRequest & { service: string };

/** A context whose subgraphs answer with `answer(service, request)`; every call is recorded. */
export function context(
  answer: (service: string, request: SubgraphRequest) => SubgraphResponse | Promise<SubgraphResponse>,
  variables: Record<string, unknown> = {},
  variableDefinitions = '',
) {
  const calls: Call[] = [];
  const op = parse(`query ${variableDefinitions} { __typename }`).definitions[0] as OperationDefinitionNode;
  const ctx: ExecutionContext = {
    supergraphSchema: schema,
    apiSchema: schema,
    operation: undefined as never, // only result shaping reads it
    variables,
    variableDefinitions: op.variableDefinitions ?? [],
    errors: [],
    fetch: async (service, request) => {
      calls.push({ service, ...request });
      return answer(service, request);
    },
  };
  return { ctx, calls };
}

export const keyOf = (type: string, key = 'sku'): RequiresSelection[] => [
  {
    kind: 'InlineFragment',
    typeCondition: type,
    selections: [
      { kind: 'Field', name: '__typename' },
      { kind: 'Field', name: key },
    ],
  },
];

export const entityFetch = (service: string, fields: string, requires = keyOf('Item')): FetchNode => ({
  kind: 'Fetch',
  serviceName: service,
  operationKind: 'query',
  operation: `query($representations:[_Any!]!){_entities(representations:$representations){...on Item{${fields}}}}`,
  requires,
});

export const reps = (call: Call | undefined) => (call?.variables.representations ?? call?.variables) as unknown;
