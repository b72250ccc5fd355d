/**
 * The query-plan format the executor runs: Hive Router's plans (`@graphql-hive/router-query-planner`
 * emits them as JSON), written down here so the executor, its unit tests and hand-written plans
 * depend on the format, not on the planner. Sequence / Parallel / Flatten / Fetch / BatchFetch /
 * Condition / Subscription / Defer nodes; paths are `{ Field }`, `"@"` (each list element) and
 * `{ TypeCondition }`; rewrites are `ValueSetter` and `KeyRenamer` over `{ Key }` /
 * `{ TypenameEquals }` paths.
 */

export interface QueryPlan {
  kind: 'QueryPlan';
  node?: PlanNode;
}

export type PlanNode =
  FetchNode | BatchFetchNode | SequenceNode | ParallelNode | FlattenNode | ConditionNode | SubscriptionNode | DeferNode;

export type OperationKind = 'query' | 'mutation' | 'subscription';

export interface FetchNode {
  /** Absent on a subscription's primary fetch. */
  kind?: 'Fetch';
  serviceName: string;
  variableUsages?: string[];
  operationKind?: OperationKind;
  operationName?: string;
  operation: string;
  /** Entity fetches: the representation selected from each entity (`$representations`). */
  requires?: RequiresSelection[];
  inputRewrites?: FetchRewrite[];
  outputRewrites?: FetchRewrite[];
}

/** Several entity fetches to one subgraph in one request: `_e0: _entities(representations: $__batch_reps_0)`, … */
export interface BatchFetchNode {
  kind: 'BatchFetch';
  serviceName: string;
  variableUsages?: string[];
  operationKind?: OperationKind;
  operationName?: string;
  operation: string;
  entityBatch: { aliases: EntityBatchAlias[] };
}

export interface EntityBatchAlias {
  alias: string;
  representationsVariableName: string;
  /** Where the entities are, from the node's position (each path as a Flatten path). */
  paths: FlattenPathSegment[][];
  requires: RequiresSelection[];
  inputRewrites?: FetchRewrite[];
  outputRewrites?: FetchRewrite[];
}

export interface SequenceNode {
  kind: 'Sequence';
  nodes: PlanNode[];
}

export interface ParallelNode {
  kind: 'Parallel';
  nodes: PlanNode[];
}

export type FlattenPathSegment = { Field: string } | { TypeCondition: string[] } | '@';

export interface FlattenNode {
  kind: 'Flatten';
  path: FlattenPathSegment[];
  node: PlanNode;
}

/** Runs `ifClause` when the Boolean variable `condition` is true, else `elseClause`. */
export interface ConditionNode {
  kind: 'Condition';
  condition: string;
  ifClause?: PlanNode;
  elseClause?: PlanNode;
}

/** The primary (the owning subgraph's stream); the rest of the plan follows it in a Sequence. */
export interface SubscriptionNode {
  kind: 'Subscription';
  primary: FetchNode;
  /** Apollo's plans carry the rest here; Hive's put it after the node in a Sequence. */
  rest?: PlanNode;
}

export interface DeferNode {
  kind: 'Defer';
  primary: { subselection?: string; node?: PlanNode };
  deferred: DeferredNode[];
}

export interface DeferredNode {
  depends: { id: string; deferLabel?: string }[];
  label?: string;
  queryPath: string[];
  subselection?: string;
  node?: PlanNode;
}

/** In a `Field`, `name` is the key read from the data and `alias` (if any) the key written into the representation. */
export type RequiresSelection =
  | { kind: 'Field'; name: string; alias?: string; selections?: RequiresSelection[] }
  | { kind: 'InlineFragment'; typeCondition?: string; selections: RequiresSelection[]; skipIf?: string; includeIf?: string }
  | { kind: 'FragmentSpread'; value: string };

export type FetchPathSegment = { Key: string } | { TypenameEquals: string[] | string };

export interface ValueSetter {
  path: FetchPathSegment[];
  setValueTo: string;
}

export interface KeyRenamer {
  path: FetchPathSegment[];
  renameKeyTo: string;
}

export type FetchRewrite = { ValueSetter: ValueSetter } | { KeyRenamer: KeyRenamer } | ({ kind: 'ValueSetter' } & ValueSetter);

/** A subscription plan split into the primary fetch and the rest (run per event). */
export function subscriptionParts(node: PlanNode | undefined): { primary: FetchNode; rest?: PlanNode } | undefined {
  if (node?.kind === 'Subscription') return { primary: node.primary, ...(node.rest ? { rest: node.rest } : {}) };
  if (node?.kind !== 'Sequence' || node.nodes[0]?.kind !== 'Subscription') return undefined;
  const [first, ...others] = node.nodes;
  const rest: PlanNode | undefined = others.length > 1 ? { kind: 'Sequence', nodes: others } : others[0];
  return { primary: first.primary, ...(rest ? { rest } : {}) };
}
