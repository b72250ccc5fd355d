/**
 * The gateway's query-plan executor: runs Sequence / Parallel / Flatten / Fetch / Condition nodes
 * against the subgraphs, builds `_entities` representations from what earlier fetches returned,
 * merges the answers, and shapes the final response to the client's operation (aliases, fragments,
 * `__typename`, nulls) with Apollo's own result shaping. It can start from existing data, which is
 * what a subscription needs: each event from the owning subgraph is the root that the rest of the
 * plan completes with fields from the other subgraphs.
 */
import {
  executeSync,
  GraphQLError,
  Kind,
  TypeNameMetaFieldDef,
  type DocumentNode,
  type GraphQLSchema,
  type VariableDefinitionNode,
} from 'graphql';
import type { Operation } from '@apollo/federation-internals';
import { evaluateCondition, getResponseName, type FetchNode, type PlanNode, type QueryPlanSelectionNode } from '@apollo/query-planner';
import { applyRewrites, isObjectOfType } from '@apollo/gateway/dist/dataRewrites.js';
import { computeResponse } from '@apollo/gateway/dist/resultShaping.js';
import { deepMerge } from '@apollo/gateway/dist/utilities/deepMerge.js';

type Data = Record<string, any>;

export interface SubgraphRequest {
  query: string;
  operationName?: string;
  variables: Record<string, unknown>;
  /** Not sent: lets the transport share identical in-flight queries (never mutations). */
  readOnly?: boolean;
}

export interface SubgraphResponse {
  data?: Data | null;
  errors?: readonly { message: string; path?: readonly (string | number)[]; extensions?: Record<string, unknown> }[];
}

/** Sends one operation to a subgraph (auth, tracing and timeouts are the caller's). */
export type SubgraphFetch = (serviceName: string, request: SubgraphRequest) => Promise<SubgraphResponse>;

export interface ExecutionContext {
  supergraphSchema: GraphQLSchema;
  apiSchema: GraphQLSchema;
  operation: Operation;
  variables: Record<string, unknown>;
  fetch: SubgraphFetch;
  errors: GraphQLError[];
  /** The client operation's variable definitions (for introspection fields that use variables). */
  variableDefinitions?: readonly VariableDefinitionNode[];
}

interface Cursor {
  path: (string | number)[];
  data: Data | Data[];
}

export async function executeNode(ctx: ExecutionContext, node: PlanNode, cursor: Cursor | undefined): Promise<void> {
  if (!cursor) return;
  switch (node.kind) {
    case 'Sequence':
      for (const child of node.nodes) await executeNode(ctx, child, cursor);
      return;
    case 'Parallel':
      await Promise.all(node.nodes.map((child) => executeNode(ctx, child, cursor)));
      return;
    case 'Flatten':
      return executeNode(ctx, node.node, moveInto(cursor, node.path));
    case 'Fetch':
      try {
        await executeFetch(ctx, node, cursor);
      } catch (err) {
        ctx.errors.push(fetchFailure(err, node.serviceName, cursor.path));
      }
      return;
    case 'Condition': {
      const branch = evaluateCondition(node, ctx.operation.variableDefinitions, ctx.variables) ? node.ifClause : node.elseClause;
      if (branch) await executeNode(ctx, branch, cursor);
      return;
    }
    case 'Defer':
      throw new GraphQLError('@defer is not supported by this gateway', { extensions: { code: 'DEFER_NOT_SUPPORTED' } });
  }
}

function fetchFailure(err: unknown, serviceName: string, path: (string | number)[]): GraphQLError {
  if (err instanceof GraphQLError) return err;
  const message = (err as Error)?.message ?? String(err);
  return new GraphQLError(`subgraph ${serviceName} is unavailable: ${message}`, {
    path: path.filter((p) => p !== '@'),
    extensions: { code: 'SUBGRAPH_UNAVAILABLE', serviceName },
  });
}

async function executeFetch(ctx: ExecutionContext, fetch: FetchNode, cursor: Cursor): Promise<void> {
  const entities = (Array.isArray(cursor.data) ? cursor.data : [cursor.data]).filter((e) => e !== null && e !== undefined);
  if (!entities.length) return;
  const variables: Record<string, unknown> = Object.create(null);
  for (const name of fetch.variableUsages ?? []) if (ctx.variables[name] !== undefined) variables[name] = ctx.variables[name];

  if (!fetch.requires) {
    const data = await send(ctx, fetch, variables, cursor);
    if (!data) return;
    applyRewrites(ctx.supergraphSchema, fetch.outputRewrites, data);
    for (const entity of entities) deepMerge(entity, data);
    return;
  }
  // The same entity often appears many times (one item on many order lines): send each distinct
  // representation once and give every occurrence the one answer.
  const representations: Data[] = [];
  const slotOf = new Map<string, number>();
  const owners: { entity: Data; slot: number }[] = [];
  for (const entity of entities) {
    const representation = selectInto(ctx.supergraphSchema, entity, fetch.requires);
    if (!representation || !representation[TypeNameMetaFieldDef.name]) continue;
    applyRewrites(ctx.supergraphSchema, fetch.inputRewrites, representation);
    const key = JSON.stringify(representation);
    let slot = slotOf.get(key);
    if (slot === undefined) {
      slot = representations.push(representation) - 1;
      slotOf.set(key, slot);
    }
    owners.push({ entity, slot });
  }
  if (!representations.length) return;
  const data = await send(ctx, fetch, { ...variables, representations }, cursor);
  if (!data) return;
  const received = data._entities as (Data | null)[] | undefined;
  if (!Array.isArray(received) || received.length !== representations.length)
    throw new Error(`subgraph ${fetch.serviceName} answered ${received?.length ?? 'no'} entities for ${representations.length}`);
  const rewritten = new Set<number>();
  for (const { entity: target, slot } of owners) {
    const entity = received[slot];
    if (!entity) continue;
    if (!entity.__typename) entity.__typename = target.__typename;
    if (!rewritten.has(slot)) {
      applyRewrites(ctx.supergraphSchema, fetch.outputRewrites, entity);
      rewritten.add(slot);
    }
    deepMerge(target, entity);
  }
}

async function send(
  ctx: ExecutionContext,
  fetch: FetchNode,
  variables: Record<string, unknown>,
  cursor: Cursor,
): Promise<Data | null | undefined> {
  const res = await ctx.fetch(fetch.serviceName, {
    query: fetch.operation,
    variables,
    readOnly: fetch.operationKind === 'query',
    ...(fetch.operationName ? { operationName: fetch.operationName } : {}),
  });
  for (const e of res.errors ?? []) {
    // Entity fetch errors point into `_entities`; re-anchor them at the cursor (without indexes).
    const path = e.path
      ? fetch.requires
        ? [...cursor.path.filter((p) => p !== '@'), ...e.path.slice(2)]
        : [...cursor.path, ...e.path]
      : undefined;
    ctx.errors.push(
      new GraphQLError(e.message || `error from subgraph ${fetch.serviceName}`, {
        ...(path ? { path } : {}),
        extensions: { code: 'DOWNSTREAM_SERVICE_ERROR', ...(e.extensions ?? {}), serviceName: fetch.serviceName },
      }),
    );
  }
  return res.data;
}

/** The representation of an entity: the `requires` selection of what is known about it. */
function selectInto(schema: GraphQLSchema, source: Data | null, selections: readonly QueryPlanSelectionNode[]): Data | null {
  if (source === null) return null;
  const result: Data = Object.create(null);
  for (const s of selections) {
    if (s.kind === Kind.FIELD) {
      const name = getResponseName(s);
      const value = source[name];
      if (value === undefined) return null;
      if (Array.isArray(value)) result[name] = value.map((v) => (s.selections ? selectInto(schema, v, s.selections) : v));
      else if (s.selections) result[name] = selectInto(schema, value, s.selections);
      else result[name] = value;
    } else if (s.typeCondition && isObjectOfType(schema, source, s.typeCondition)) {
      deepMerge(result, selectInto(schema, source, s.selections));
    }
  }
  return result;
}

function moveInto(cursor: Cursor, path: (string | number)[]): Cursor | undefined {
  const data = flatten(cursor.data, path);
  return data ? { path: cursor.path.concat(path), data } : undefined;
}

function flatten(value: any, path: (string | number)[]): any {
  if (!path.length || value === null || value === undefined) return value;
  const [head, ...rest] = path;
  if (head === '@') return (value as any[]).flatMap((v) => flatten(v, rest));
  return flatten(value[head as string], rest);
}

/** Shape what the fetches gathered to the client's operation. */
export function shapeResponse(ctx: ExecutionContext, data: Data): { data?: Data | null; errors?: GraphQLError[] } {
  const { data: shaped, errors: shapingErrors } = computeResponse({
    operation: ctx.operation,
    variables: ctx.variables,
    input: data,
    introspectionHandling: (f) => introspect(ctx.apiSchema, f.expandFragments().toSelectionNode(), ctx),
  });
  const errors = ctx.errors.length ? ctx.errors : shapingErrors;
  return errors.length ? { data: shaped, errors } : { data: shaped };
}

function introspect(
  schema: GraphQLSchema,
  selection: ReturnType<Parameters<Parameters<typeof computeResponse>[0]['introspectionHandling']>[0]['toSelectionNode']>,
  ctx: ExecutionContext,
) {
  const document: DocumentNode = {
    kind: Kind.DOCUMENT,
    definitions: [
      {
        kind: Kind.OPERATION_DEFINITION,
        operation: 'query' as never,
        variableDefinitions: ctx.variableDefinitions ?? [],
        selectionSet: { kind: Kind.SELECTION_SET, selections: [selection] },
      },
    ],
  };
  const { data } = executeSync({ schema, document, rootValue: {}, variableValues: ctx.variables });
  return data?.[selection.alias?.value ?? selection.name.value];
}

/** Run a whole query or mutation plan from empty data. */
export async function executePlan(
  ctx: ExecutionContext,
  node: PlanNode | undefined,
): Promise<{ data?: Data | null; errors?: GraphQLError[] }> {
  const data: Data = Object.create(null);
  if (node) await executeNode(ctx, node, { path: [], data });
  return shapeResponse(ctx, data);
}
