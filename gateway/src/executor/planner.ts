/**
 * Query planning for the gateway's own executor: the supergraph, its API schema (what clients
 * see and are validated against) and the query planner — Hive Router's (Rust, through N-API;
 * `@graphql-hive/router-query-planner`, MIT) by default, or `@apollo/query-planner` with
 * `GATEWAY_PLANNER=apollo` (its plans translated by apollo-plan.ts) — with plans cached per document
 * and operation name.
 * The supergraph is read with `@apollo/federation-internals` for the API schema, the subgraphs'
 * routing URLs and the operation model Apollo's result shaping works on. Any valid Federation 2
 * supergraph works.
 */
import { Supergraph, operationFromDocument, type Operation } from '@apollo/federation-internals';
import { QueryPlanner as ApolloQueryPlanner } from '@apollo/query-planner';
import { QueryPlanner } from '@graphql-hive/router-query-planner';
import {
  Kind,
  print,
  type DefinitionNode,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionNode,
  type SelectionSetNode,
} from 'graphql';
import { fromApolloPlan } from './apollo-plan.js';
import type { QueryPlan } from './plan.js';

/** Which query planner plans for the executor (`GATEWAY_PLANNER`). */
export type PlannerKind = 'hive' | 'apollo';

export interface PlannedOperation {
  plan: QueryPlan;
  operation: Operation;
}

/** No progressive-override labels are active (the portal's supergraph uses none). */
const NO_OVERRIDE_LABELS = new Set<string>();

export class FederatedPlanner {
  readonly supergraphSchema: GraphQLSchema;
  readonly apiSchema: GraphQLSchema;
  private readonly api: ReturnType<Supergraph['apiSchema']>;
  private readonly planner: QueryPlanner | undefined;
  private readonly apolloPlanner: ApolloQueryPlanner | undefined;
  private readonly cache = new Map<string, PlannedOperation>();
  /** Each subgraph's name and routing URL, as composed into the supergraph. */
  readonly subgraphs: readonly { name: string; url: string }[];

  constructor(
    supergraphSdl: string,
    private readonly maxCached = 1000,
    readonly kind: PlannerKind = 'hive',
  ) {
    const supergraph = Supergraph.build(supergraphSdl);
    this.supergraphSchema = supergraph.schema.toGraphQLJSSchema();
    this.api = supergraph.apiSchema();
    // `@defer` is the gateway's (defer.ts): clients see and validate against the directive.
    this.apiSchema = this.api.toGraphQLJSSchema({ includeDefer: true });
    if (kind === 'apollo') this.apolloPlanner = new ApolloQueryPlanner(supergraph);
    else this.planner = new QueryPlanner(supergraphSdl);
    this.subgraphs = supergraph.subgraphsMetadata();
  }

  /** The plan for an operation of a (validated) document; `key` defaults to the printed document. */
  plan(document: DocumentNode, operationName: string | undefined, key?: string): PlannedOperation {
    const text = key === undefined ? print(document) : undefined;
    const cacheKey = `${operationName ?? ''}\u0000${key ?? text}`;
    const hit = this.cache.get(cacheKey);
    if (hit) {
      // LRU: move to the end.
      this.cache.delete(cacheKey);
      this.cache.set(cacheKey, hit);
      return hit;
    }
    const operation = operationFromDocument(this.api, document, { operationName, validate: false });
    if (this.apolloPlanner) {
      // Apollo's planner plans introspection itself (nothing to fetch) and takes the operation model.
      const planned = { plan: fromApolloPlan(this.apolloPlanner.buildQueryPlan(operation)), operation };
      this.remember(cacheKey, planned);
      return planned;
    }
    const toPlan = withoutIntrospection(document, operationName, this.apiSchema.getQueryType()?.name ?? 'Query');
    const plan: QueryPlan = !toPlan
      ? { kind: 'QueryPlan' }
      : (this.planner!.plan(
          toPlan === document ? (text ?? print(document)) : print(toPlan),
          operationName ?? null,
          NO_OVERRIDE_LABELS,
          0,
        ) as QueryPlan);
    const planned = { plan, operation };
    this.remember(cacheKey, planned);
    return planned;
  }

  private remember(cacheKey: string, planned: PlannedOperation): void {
    this.cache.set(cacheKey, planned);
    if (this.cache.size > this.maxCached) this.cache.delete(this.cache.keys().next().value!);
  }
}

const INTROSPECTION_ROOTS = new Set(['__schema', '__type']);

/**
 * The document to plan: the gateway answers `__schema` and `__type` itself (result shaping runs
 * them against the API schema) and Hive's planner refuses them, so they are taken out of the
 * root selection — its fields, inline fragments and fragments on the query type. Null when
 * nothing is left for a subgraph (only introspection and root `__typename`).
 */
export function withoutIntrospection(document: DocumentNode, operationName: string | undefined, queryType: string): DocumentNode | null {
  const op = document.definitions.find(
    (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION && (!operationName || d.name?.value === operationName),
  );
  if (!op || op.operation !== 'query') return document;
  const rootFragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions)
    if (d.kind === Kind.FRAGMENT_DEFINITION && d.typeCondition.name.value === queryType) rootFragments.set(d.name.value, d);
  let changed = false;
  const emptied = new Set<string>();
  const strip = (set: SelectionSetNode): SelectionSetNode => {
    const selections = set.selections.flatMap((s): SelectionNode[] => {
      if (s.kind === Kind.FIELD) {
        if (!INTROSPECTION_ROOTS.has(s.name.value)) return [s];
        changed = true;
        return [];
      }
      if (s.kind === Kind.INLINE_FRAGMENT) {
        if (s.typeCondition && s.typeCondition.name.value !== queryType) return [s];
        const inner = strip(s.selectionSet);
        return inner.selections.length ? [inner === s.selectionSet ? s : { ...s, selectionSet: inner }] : [];
      }
      if (!emptied.has(s.name.value)) return [s];
      changed = true;
      return [];
    });
    return selections.length === set.selections.length ? set : { ...set, selections };
  };
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const [name, def] of rootFragments) {
    const inner = strip(def.selectionSet);
    if (!inner.selections.length) emptied.add(name);
    else fragments.set(name, inner === def.selectionSet ? def : { ...def, selectionSet: inner });
  }
  // A fragment emptied by the strip may be spread in another root fragment: strip those again.
  for (const [name, def] of fragments) {
    const inner = strip(def.selectionSet);
    if (inner.selections.length) fragments.set(name, { ...def, selectionSet: inner });
    else {
      emptied.add(name);
      fragments.delete(name);
    }
  }
  const root = strip(op.selectionSet);
  const fetchesSomething = (set: SelectionSetNode): boolean =>
    set.selections.some((s) =>
      s.kind === Kind.FIELD
        ? s.name.value !== '__typename'
        : s.kind === Kind.INLINE_FRAGMENT
          ? fetchesSomething(s.selectionSet)
          : !!fragments.get(s.name.value) && fetchesSomething(fragments.get(s.name.value)!.selectionSet),
    );
  if (!fetchesSomething(root)) return null;
  if (!changed) return document;
  const definitions: DefinitionNode[] = document.definitions.flatMap((d) => {
    if (d === op) return [{ ...op, selectionSet: root }];
    if (d.kind === Kind.FRAGMENT_DEFINITION && rootFragments.has(d.name.value)) {
      const kept = fragments.get(d.name.value);
      return kept ? [kept] : [];
    }
    return [d];
  });
  return { ...document, definitions };
}
