/**
 * The gateway's query-plan executor: runs Sequence / Parallel / Flatten / Fetch / BatchFetch /
 * Condition nodes (plan.ts: Hive Router's plan format) against the subgraphs, builds `_entities`
 * representations from what earlier fetches returned, applies the plan's input and output
 * rewrites, merges the answers, and shapes the final response to the client's operation (aliases,
 * fragments, `__typename`, nulls) with Apollo's result shaping. It can start from existing data,
 * which is what a subscription needs: each event from the owning subgraph is the root that the
 * rest of the plan completes with fields from the other subgraphs.
 */
import {
  executeSync,
  GraphQLError,
  Kind,
  parse,
  type DocumentNode,
  type GraphQLSchema,
  type SelectionNode,
  type VariableDefinitionNode,
} from 'graphql';
import type { FieldSelection, Operation } from '@apollo/federation-internals';
import { applyRewrite, deepMerge, satisfies, satisfiesAny } from './data.js';
import { shapeResult } from './shape.js';
import type { BatchFetchNode, ConditionNode, FetchNode, FetchRewrite, FlattenPathSegment, PlanNode, RequiresSelection } from './plan.js';

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
  /** The supergraph: which object types an interface or union condition covers. */
  supergraphSchema: GraphQLSchema;
  apiSchema: GraphQLSchema;
  operation: Operation;
  variables: Record<string, unknown>;
  fetch: SubgraphFetch;
  errors: GraphQLError[];
  /** The client operation's variable definitions (defaults for conditions; introspection variables). */
  variableDefinitions: readonly VariableDefinitionNode[];
}

interface Cursor {
  /** Where `data` is, as response keys and `@` for "each element". */
  path: (string | number)[];
  data: Data | Data[];
  /** The whole response so far (to find an entity's exact path when a subgraph reports an error on it); default `data`. */
  root?: Data;
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
      return executeNode(ctx, node.node, moveInto(ctx, cursor, node.path));
    case 'Fetch':
    case undefined:
      try {
        await executeFetch(ctx, node, cursor);
      } catch (err) {
        ctx.errors.push(fetchFailure(err, node.serviceName, cursor.path));
      }
      return;
    case 'BatchFetch':
      try {
        await executeBatch(ctx, node, cursor);
      } catch (err) {
        ctx.errors.push(fetchFailure(err, node.serviceName, cursor.path));
      }
      return;
    case 'Condition': {
      const branch = conditionHolds(ctx, node) ? node.ifClause : node.elseClause;
      if (branch) await executeNode(ctx, branch, cursor);
      return;
    }
    case 'Defer':
      throw new GraphQLError('@defer is not supported by this gateway', { extensions: { code: 'DEFER_NOT_SUPPORTED' } });
    case 'Subscription':
      throw new GraphQLError('a subscription plan runs through the subscription executor', { extensions: { code: 'BAD_REQUEST' } });
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

/** A Boolean variable's value, else its declared default (Condition nodes come from @skip/@include). */
function variableIsTrue(ctx: ExecutionContext, name: string): boolean {
  const given = ctx.variables[name];
  if (given !== undefined && given !== null) return given === true;
  const def = ctx.variableDefinitions.find((d) => d.variable.name.value === name);
  return def?.defaultValue?.kind === Kind.BOOLEAN && def.defaultValue.value;
}

const conditionHolds = (ctx: ExecutionContext, node: ConditionNode) => variableIsTrue(ctx, node.condition);

function usedVariables(ctx: ExecutionContext, names: readonly string[] | undefined): Record<string, unknown> {
  const variables: Record<string, unknown> = Object.create(null);
  for (const name of names ?? []) if (ctx.variables[name] !== undefined) variables[name] = ctx.variables[name];
  return variables;
}

/** The distinct representations sent for one `$representations` variable, and who gets each answer. */
interface RepresentationPool {
  representations: Data[];
  slotOf: Map<string, number>;
}

interface Owner {
  entity: Data;
  slot: number;
}

const newPool = (): RepresentationPool => ({ representations: [], slotOf: new Map() });

/**
 * The same entity often appears many times (one item on many order lines): each distinct
 * representation is sent once and every occurrence gets the one answer.
 */
function represent(
  ctx: ExecutionContext,
  entities: readonly Data[],
  requires: readonly RequiresSelection[],
  inputRewrites: readonly FetchRewrite[] | undefined,
  pool: RepresentationPool,
  fragments: () => Map<string, RequiresSelection[]>,
): Owner[] {
  const owners: Owner[] = [];
  for (const entity of entities) {
    const representation = selectInto(ctx, entity, requires, fragments);
    if (!representation || !representation.__typename) continue;
    if (inputRewrites) for (const rewrite of inputRewrites) applyRewrite(ctx, rewrite, representation);
    const key = JSON.stringify(representation);
    let slot = pool.slotOf.get(key);
    if (slot === undefined) {
      slot = pool.representations.push(representation) - 1;
      pool.slotOf.set(key, slot);
    }
    owners.push({ entity, slot });
  }
  return owners;
}

function mergeEntities(
  ctx: ExecutionContext,
  serviceName: string,
  received: unknown,
  expected: number,
  owners: readonly Owner[],
  outputRewrites: readonly FetchRewrite[] | undefined,
): void {
  if (!Array.isArray(received) || received.length !== expected)
    throw new Error(`subgraph ${serviceName} answered ${Array.isArray(received) ? received.length : 'no'} entities for ${expected}`);
  const rewritten = new Set<number>();
  for (const { entity: target, slot } of owners) {
    const entity = received[slot] as Data | null;
    if (!entity) continue;
    if (!entity.__typename) entity.__typename = target.__typename;
    if (outputRewrites && !rewritten.has(slot)) {
      for (const rewrite of outputRewrites) applyRewrite(ctx, rewrite, entity);
      rewritten.add(slot);
    }
    deepMerge(target, entity);
  }
}

async function executeFetch(ctx: ExecutionContext, fetch: FetchNode, cursor: Cursor): Promise<void> {
  const entities = objectsIn(cursor.data);
  if (!entities.length) return;
  const variables = usedVariables(ctx, fetch.variableUsages);
  if (!fetch.requires) {
    const data = await send(ctx, fetch, variables, (path) => [...cursor.path, ...path]);
    if (!data) return;
    if (fetch.outputRewrites) for (const rewrite of fetch.outputRewrites) applyRewrite(ctx, rewrite, data);
    for (const entity of entities) deepMerge(entity, data);
    return;
  }
  const pool = newPool();
  const owners = represent(ctx, entities, fetch.requires, fetch.inputRewrites, pool, fragmentsOf(fetch));
  if (!pool.representations.length) return;
  const anchor = (path: readonly (string | number)[]) => [...entityPath(cursor, [cursor.path], owners, path[1]), ...path.slice(2)];
  const data = await send(ctx, fetch, { ...variables, representations: pool.representations }, anchor);
  if (data) mergeEntities(ctx, fetch.serviceName, data._entities, pool.representations.length, owners, fetch.outputRewrites);
}

/** One request for several entity fetches to the same subgraph, each under its own alias. */
async function executeBatch(ctx: ExecutionContext, batch: BatchFetchNode, cursor: Cursor): Promise<void> {
  const pools = new Map<string, RepresentationPool>();
  const groups = batch.entityBatch.aliases.map((alias) => {
    let pool = pools.get(alias.representationsVariableName);
    if (!pool) pools.set(alias.representationsVariableName, (pool = newPool()));
    // Aliases that share a variable have the same paths and requires: their representations are
    // already in the pool and get the same slots.
    const entities = alias.paths.flatMap((path) => objectsIn(moveInto(ctx, cursor, path)?.data));
    const owners = represent(ctx, entities, alias.requires, alias.inputRewrites, pool, fragmentsOf(batch));
    return { alias, pool, owners };
  });
  if (![...pools.values()].some((p) => p.representations.length)) return;
  const variables = usedVariables(ctx, batch.variableUsages);
  for (const [name, pool] of pools) variables[name] = pool.representations;
  const anchor = (path: readonly (string | number)[]) => {
    const group = groups.find((g) => g.alias.alias === path[0]);
    if (!group) return [...cursor.path.filter((p) => p !== '@'), ...path.slice(1)];
    const paths = group.alias.paths.map((p) => [...cursor.path, ...responsePath(p)]);
    return [...entityPath(cursor, paths, group.owners, path[1]), ...path.slice(2)];
  };
  const data = await send(ctx, batch, variables, anchor);
  if (!data) return;
  for (const { alias, pool, owners } of groups)
    mergeEntities(ctx, batch.serviceName, data[alias.alias], pool.representations.length, owners, alias.outputRewrites);
}

/**
 * The response path of the entity whose representation had index `slot` (an error from
 * `_entities[slot]` belongs there): found by walking the response along the fetch's paths. Only
 * errors need it, so nothing is tracked while all goes well.
 */
function entityPath(
  cursor: Cursor,
  paths: readonly (readonly (string | number)[])[],
  owners: readonly Owner[],
  slot: unknown,
): (string | number)[] {
  const owner = typeof slot === 'number' ? owners.find((o) => o.slot === slot) : undefined;
  if (owner)
    for (const path of paths) {
      const found = pathTo(cursor.root ?? cursor.data, path, 0, owner.entity, []);
      if (found) return found;
    }
  return (paths[0] ?? cursor.path).filter((p) => p !== '@');
}

function pathTo(
  value: unknown,
  path: readonly (string | number)[],
  i: number,
  target: Data,
  at: (string | number)[],
): (string | number)[] | undefined {
  if (i === path.length) return value === target ? at : undefined;
  if (value === null || typeof value !== 'object') return undefined;
  const segment = path[i]!;
  if (segment !== '@') return pathTo((value as Data)[segment], path, i + 1, target, [...at, segment]);
  if (!Array.isArray(value)) return pathTo(value, path, i + 1, target, at);
  for (let n = 0; n < value.length; n++) {
    const found = pathTo(value[n], path, i + 1, target, [...at, n]);
    if (found) return found;
  }
  return undefined;
}

async function send(
  ctx: ExecutionContext,
  fetch: FetchNode | BatchFetchNode,
  variables: Record<string, unknown>,
  anchor: (path: readonly (string | number)[]) => (string | number)[],
): Promise<Data | null | undefined> {
  const res = await ctx.fetch(fetch.serviceName, {
    query: fetch.operation,
    variables,
    readOnly: (fetch.operationKind ?? 'query') === 'query',
    ...(fetch.operationName ? { operationName: fetch.operationName } : {}),
  });
  for (const e of res.errors ?? []) {
    // Entity errors point into `_entities` (or a batch alias): re-anchor them where the entities are.
    const path = e.path ? anchor(e.path) : undefined;
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
function selectInto(
  ctx: ExecutionContext,
  source: Data | null,
  selections: readonly RequiresSelection[],
  fragments: () => Map<string, RequiresSelection[]>,
): Data | null {
  if (source === null || typeof source !== 'object') return null;
  const result: Data = Object.create(null);
  for (const s of selections) {
    if (s.kind === 'Field') {
      // `name` is the key in the data, `alias` the key the subgraph expects in the representation
      // (Hive's planner fetches a required field with other arguments under an alias).
      const value = source[s.name];
      const name = s.alias ?? s.name;
      if (value === undefined) return null;
      if (Array.isArray(value)) result[name] = value.map((v) => (s.selections ? selectInto(ctx, v, s.selections, fragments) : v));
      else if (s.selections) result[name] = selectInto(ctx, value, s.selections, fragments);
      else result[name] = value;
    } else if (s.kind === 'InlineFragment') {
      if (s.skipIf && variableIsTrue(ctx, s.skipIf)) continue;
      if (s.includeIf && !variableIsTrue(ctx, s.includeIf)) continue;
      if (!s.typeCondition || satisfies(ctx.supergraphSchema, source.__typename, s.typeCondition))
        deepMerge(result, selectInto(ctx, source, s.selections, fragments));
    } else {
      const fragment = fragments().get(s.value);
      if (!fragment) throw new Error(`requires names fragment ${s.value}, which the fetch does not define`);
      deepMerge(result, selectInto(ctx, source, fragment, fragments));
    }
  }
  return result;
}

/** A fetch's named fragments as requires selections (a `requires` may spread them), parsed once per node. */
const fragmentCache = new WeakMap<object, Map<string, RequiresSelection[]>>();
function fragmentsOf(fetch: FetchNode | BatchFetchNode): () => Map<string, RequiresSelection[]> {
  return () => {
    let fragments = fragmentCache.get(fetch);
    if (!fragments) {
      fragments = new Map();
      for (const def of parse(fetch.operation).definitions)
        if (def.kind === Kind.FRAGMENT_DEFINITION) {
          const inner = [...def.selectionSet.selections].map(toRequires);
          fragments.set(def.name.value, [{ kind: 'InlineFragment', typeCondition: def.typeCondition.name.value, selections: inner }]);
        }
      fragmentCache.set(fetch, fragments);
    }
    return fragments;
  };
}

function toRequires(s: SelectionNode): RequiresSelection {
  if (s.kind === Kind.FIELD)
    return {
      kind: 'Field',
      name: s.name.value,
      ...(s.alias ? { alias: s.alias.value } : {}),
      ...(s.selectionSet ? { selections: s.selectionSet.selections.map(toRequires) } : {}),
    };
  if (s.kind === Kind.INLINE_FRAGMENT)
    return {
      kind: 'InlineFragment',
      ...(s.typeCondition ? { typeCondition: s.typeCondition.name.value } : {}),
      selections: s.selectionSet.selections.map(toRequires),
    };
  return { kind: 'FragmentSpread', value: s.name.value };
}

/** The objects a cursor points at (a list flattened by `@`, nulls dropped). */
function objectsIn(data: Data | Data[] | undefined): Data[] {
  if (data === undefined || data === null) return [];
  return (Array.isArray(data) ? data : [data]).filter((e) => e !== null && typeof e === 'object' && !Array.isArray(e));
}

function moveInto(ctx: ExecutionContext, cursor: Cursor, path: readonly FlattenPathSegment[]): Cursor | undefined {
  const data = flatten(ctx.supergraphSchema, cursor.data, path);
  return data === undefined || data === null
    ? undefined
    : { path: cursor.path.concat(responsePath(path)), data, root: cursor.root ?? (cursor.data as Data) };
}

/** A Flatten path as a response path for errors (`@` for "each element"; type conditions dropped). */
function responsePath(path: readonly FlattenPathSegment[]): (string | number)[] {
  const out: (string | number)[] = [];
  for (const s of path)
    if (s === '@') out.push('@');
    else if ('Field' in s) out.push(s.Field);
  return out;
}

/** The values at `path` from `value` (walked by index: no copies of the path per step). */
function flatten(schema: GraphQLSchema, value: any, path: readonly FlattenPathSegment[], i = 0): any {
  if (i === path.length || value === null || value === undefined) return value;
  const head = path[i]!;
  if (head === '@')
    return Array.isArray(value) ? value.flatMap((v) => flatten(schema, v, path, i + 1) ?? []) : flatten(schema, value, path, i + 1);
  if (Array.isArray(value)) return value.flatMap((v) => flatten(schema, v, path, i) ?? []);
  if ('TypeCondition' in head)
    return satisfiesAny(schema, value.__typename, head.TypeCondition) ? flatten(schema, value, path, i + 1) : undefined;
  return flatten(schema, value[head.Field], path, i + 1);
}

/** Shape what the fetches gathered to the client's operation (shape.ts). */
export function shapeResponse(ctx: ExecutionContext, data: Data): { data?: Data | null; errors?: GraphQLError[] } {
  const { data: shaped, errors: shapingErrors } = shapeResult(ctx.operation, ctx.variables, data, (f) =>
    introspect(ctx.apiSchema, f.expandFragments().toSelectionNode(), ctx),
  );
  const errors = ctx.errors.length ? ctx.errors : shapingErrors;
  return errors.length ? { data: shaped, errors } : { data: shaped };
}

function introspect(schema: GraphQLSchema, selection: ReturnType<FieldSelection['toSelectionNode']>, ctx: ExecutionContext) {
  const document: DocumentNode = {
    kind: Kind.DOCUMENT,
    definitions: [
      {
        kind: Kind.OPERATION_DEFINITION,
        operation: 'query' as never,
        variableDefinitions: ctx.variableDefinitions,
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
  if (node) await executeNode(ctx, node, { path: [], data, root: data });
  return shapeResponse(ctx, data);
}
