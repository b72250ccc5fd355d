/**
 * Operation limits at the gateway: depth, estimated cost, aliases, root fields (and the error for
 * the size of array-batched HTTP requests). The measure is pure (`measureOperation`, unit-tested);
 * the pipeline (pipeline.ts, step 7) refuses an operation over a limit before it is planned, on
 * every transport, with a typed 400 naming the limit and the measured value. Subgraph fetches the
 * gateway plans itself are not measured: only what clients send.
 *
 * Cost model: every field costs 1 each time it resolves (`__typename` is free). A list field
 * multiplies what is below it by its page size: its own `first`/`last` argument, else the `first`
 * of the connection field above it (`items(first: 20) { nodes { … } }`), else
 * `defaultListSize`. So `items(first: 20) { nodes { sku name } }` costs 1 + 1 + 20 × 2 = 42.
 * Introspection is measured apart, as Apollo's own router does: the schema is small and local, so
 * its lists do not multiply (each selection costs 1) and a type reference's `ofType` chain adds
 * no depth (it only unwraps NonNull/List wrappers); but the recursive lists (`fields`,
 * `inputFields`, `interfaces`, `possibleTypes`) may nest at most twice — a third level is how an
 * introspection query grows exponentially. GraphiQL's full introspection query nests them once.
 */
import {
  GraphQLError,
  Kind,
  SchemaMetaFieldDef,
  TypeMetaFieldDef,
  getNamedType,
  getNullableType,
  isListType,
  isObjectType,
  isInterfaceType,
  isInputType,
  typeFromAST,
  valueFromAST,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';

export interface OperationLimits {
  maxDepth: number;
  maxCost: number;
  maxAliases: number;
  maxRootFields: number;
  /** Page size assumed for a list without `first`. */
  defaultListSize: number;
}

export interface OperationMeasure {
  depth: number;
  cost: number;
  aliases: number;
  rootFields: number;
  /** Deepest nesting of introspection's recursive lists (`fields` in `type` in `fields`…). */
  introspectionDepth: number;
  /** The walk stopped early because the cost passed `stopAtCost`. */
  truncated: boolean;
}

export type LimitCode =
  'QUERY_TOO_DEEP' | 'INTROSPECTION_TOO_DEEP' | 'QUERY_TOO_COMPLEX' | 'TOO_MANY_ALIASES' | 'TOO_MANY_ROOT_FIELDS' | 'BATCH_TOO_LARGE';

const PAGE_ARGS = ['first', 'last'];
const RECURSIVE_INTROSPECTION_LISTS = new Set(['fields', 'inputFields', 'interfaces', 'possibleTypes']);
/** Nesting of recursive introspection lists allowed (apollo-compiler's introspection check uses 2 too). */
export const MAX_INTROSPECTION_DEPTH = 2;

/**
 * Measure an operation against a schema, fragments expanded. `stopAtCost` bounds the work: a
 * fragment that spreads itself twice per level grows exponentially when expanded, so the walk
 * stops as soon as the cost is known to be too high.
 */
export function measureOperation(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  fragments: Record<string, FragmentDefinitionNode>,
  variables: Record<string, unknown> = {},
  opts: { defaultListSize: number; stopAtCost?: number },
): OperationMeasure {
  const stopAt = opts.stopAtCost ?? Number.POSITIVE_INFINITY;
  const m: OperationMeasure = { depth: 0, cost: 0, aliases: 0, rootFields: 0, introspectionDepth: 0, truncated: false };
  const root = schema.getRootType(operation.operation);
  if (!root) return m;
  // Variables the request leaves out take the operation's defaults.
  variables = { ...variables };
  for (const def of operation.variableDefinitions ?? []) {
    const name = def.variable.name.value;
    if (variables[name] !== undefined || !def.defaultValue) continue;
    const type = typeFromAST(schema, def.type);
    if (type && isInputType(type)) variables[name] = valueFromAST(def.defaultValue, type);
  }

  const pageSize = (field: GraphQLField<unknown, unknown> | undefined, args: readonly { name: { value: string }; value: unknown }[]) => {
    for (const name of PAGE_ARGS) {
      const node = args.find((a) => a.name.value === name);
      const def = field?.args.find((a) => a.name === name);
      let value: unknown;
      if (node && def) value = valueFromAST(node.value as never, def.type, variables);
      else if (node && (node.value as { kind: string; value?: string }).kind === Kind.INT)
        value = Number((node.value as { value: string }).value);
      else if (def) value = def.defaultValue;
      if (typeof value === 'number' && Number.isFinite(value)) return Math.max(1, Math.floor(value));
    }
    return undefined;
  };

  const walk = (
    set: SelectionSetNode,
    parent: GraphQLNamedType | undefined,
    depth: number,
    multiplier: number,
    page: number | undefined,
    isRoot: boolean,
    /** -1 outside introspection, else how many recursive introspection lists enclose this set. */
    introspection: number,
    seen: Set<string>,
  ): void => {
    for (const sel of set.selections) {
      if (m.cost > stopAt) {
        m.truncated = true;
        return;
      }
      if (sel.kind === Kind.FRAGMENT_SPREAD) {
        const frag = fragments[sel.name.value];
        if (!frag || seen.has(frag.name.value)) continue; // cycles are a validation error anyway
        const type = schema.getType(frag.typeCondition.name.value) ?? parent;
        walk(frag.selectionSet, type, depth, multiplier, page, isRoot, introspection, new Set(seen).add(frag.name.value));
        continue;
      }
      if (sel.kind === Kind.INLINE_FRAGMENT) {
        const type = sel.typeCondition ? (schema.getType(sel.typeCondition.name.value) ?? parent) : parent;
        walk(sel.selectionSet, type, depth, multiplier, page, isRoot, introspection, seen);
        continue;
      }
      const name = sel.name.value;
      if (sel.alias) m.aliases += 1;
      if (name === '__typename') continue;
      if (isRoot) m.rootFields += 1;
      const field = resolveField(schema, parent, name);
      let inner = introspection < 0 && name.startsWith('__') ? 0 : introspection;
      if (inner >= 0 && RECURSIVE_INTROSPECTION_LISTS.has(name)) inner += 1;
      m.introspectionDepth = Math.max(m.introspectionDepth, inner);
      // A type reference's ofType chain only unwraps wrappers; it does not nest data.
      const level = inner >= 0 && name === 'ofType' ? depth : depth + 1;
      m.depth = Math.max(m.depth, level);
      m.cost += multiplier;
      if (!sel.selectionSet) continue;
      const own = pageSize(field, sel.arguments ?? []);
      const fieldType = field ? getNullableType(field.type) : undefined;
      let childMultiplier = multiplier;
      let childPage: number | undefined;
      if (inner >= 0)
        childMultiplier = 1; // introspection lists do not multiply (see the header)
      else if (fieldType && isListType(fieldType)) childMultiplier = multiplier * (own ?? page ?? opts.defaultListSize);
      else childPage = own; // a connection: its `first` sizes the lists below it
      walk(sel.selectionSet, field ? getNamedType(field.type) : undefined, level, childMultiplier, childPage, false, inner, seen);
    }
  };

  walk(operation.selectionSet, root, 0, 1, undefined, true, -1, new Set());
  return m;
}

function resolveField(
  schema: GraphQLSchema,
  parent: GraphQLNamedType | undefined,
  name: string,
): GraphQLField<unknown, unknown> | undefined {
  // graphql-js keeps the meta fields apart from every type's field map.
  if (name === '__schema') return SchemaMetaFieldDef;
  if (name === '__type') return TypeMetaFieldDef;
  if (parent && (isObjectType(parent) || isInterfaceType(parent))) return parent.getFields()[name];
  return undefined;
}

/** The first limit a measure breaks, as the error the client gets (HTTP 400). */
export function checkLimits(measure: OperationMeasure, limits: OperationLimits): GraphQLError | undefined {
  const checks: [LimitCode, number, number, string][] = [
    ['TOO_MANY_ALIASES', measure.aliases, limits.maxAliases, 'aliases'],
    ['TOO_MANY_ROOT_FIELDS', measure.rootFields, limits.maxRootFields, 'root fields'],
    ['QUERY_TOO_DEEP', measure.depth, limits.maxDepth, 'levels deep'],
    ['INTROSPECTION_TOO_DEEP', measure.introspectionDepth, MAX_INTROSPECTION_DEPTH, 'nested introspection lists'],
    ['QUERY_TOO_COMPLEX', measure.cost, limits.maxCost, 'cost'],
  ];
  for (const [code, measured, limit, what] of checks) {
    if (measured <= limit) continue;
    const value = code === 'QUERY_TOO_COMPLEX' && measure.truncated ? `more than ${limit}` : String(measured);
    const message =
      code === 'QUERY_TOO_COMPLEX'
        ? `operation cost ${value} exceeds the maximum of ${limit} (lists count by their page size)`
        : code === 'QUERY_TOO_DEEP'
          ? `operation is ${measured} levels deep; the maximum is ${limit}`
          : `operation has ${measured} ${what}; the maximum is ${limit}`;
    return limitError(code, message, limit, measured);
  }
  return undefined;
}

export function limitError(code: LimitCode, message: string, limit: number, measured: number): GraphQLError {
  return new GraphQLError(message, { extensions: { code, limit, measured } });
}
