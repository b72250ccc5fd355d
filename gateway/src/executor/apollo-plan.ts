/**
 * `GATEWAY_PLANNER=apollo`: plans from `@apollo/query-planner`, translated into the plan format the
 * executor runs (plan.ts, Hive Router's). The node kinds map one to one; what differs is spelling:
 * Apollo's Flatten paths are response keys with `@` (and, with type-conditioned fetching, a
 * `|[A,B]` suffix), its rewrite paths are keys and `... on T` strings, a field's alias in `requires`
 * is the key both read and written (in Hive's format `name` is read, `alias` written), its subscription plan keeps
 * the rest of the plan inside the node. Apollo's `contextRewrites` (`@fromContext`) have no
 * counterpart in the executor: a plan that needs them is refused rather than run wrongly.
 */
import type {
  FetchDataRewrite,
  FetchNode as ApolloFetchNode,
  PlanNode as ApolloPlanNode,
  QueryPlan as ApolloQueryPlan,
  QueryPlanSelectionNode,
  SubscriptionNode as ApolloSubscriptionNode,
} from '@apollo/query-planner';
import type { FetchNode, FetchPathSegment, FetchRewrite, FlattenPathSegment, PlanNode, QueryPlan, RequiresSelection } from './plan.js';

export function fromApolloPlan(plan: ApolloQueryPlan): QueryPlan {
  return plan.node ? { kind: 'QueryPlan', node: node(plan.node) } : { kind: 'QueryPlan' };
}

function node(n: ApolloPlanNode | ApolloSubscriptionNode): PlanNode {
  switch (n.kind) {
    case 'Sequence':
      return { kind: 'Sequence', nodes: n.nodes.map(node) };
    case 'Parallel':
      return { kind: 'Parallel', nodes: n.nodes.map(node) };
    case 'Flatten':
      return { kind: 'Flatten', path: n.path.flatMap(flattenSegment), node: node(n.node) };
    case 'Fetch':
      return { kind: 'Fetch', ...fetch(n) };
    case 'Condition':
      return {
        kind: 'Condition',
        condition: n.condition,
        ...(n.ifClause ? { ifClause: node(n.ifClause) } : {}),
        ...(n.elseClause ? { elseClause: node(n.elseClause) } : {}),
      };
    case 'Subscription':
      return { kind: 'Subscription', primary: fetch(n.primary), ...(n.rest ? { rest: node(n.rest) } : {}) };
    case 'Defer':
      return {
        kind: 'Defer',
        primary: {
          ...(n.primary.subselection ? { subselection: n.primary.subselection } : {}),
          ...(n.primary.node ? { node: node(n.primary.node) } : {}),
        },
        deferred: n.deferred.map(({ node: deferredNode, ...d }) => ({ ...d, ...(deferredNode ? { node: node(deferredNode) } : {}) })),
      };
  }
}

function fetch(f: ApolloFetchNode): FetchNode {
  if (f.contextRewrites?.length)
    throw new Error(`the plan's fetch to ${f.serviceName} needs @fromContext rewrites, which this gateway does not run`);
  return {
    serviceName: f.serviceName,
    operation: f.operation,
    operationKind: f.operationKind,
    ...(f.operationName ? { operationName: f.operationName } : {}),
    ...(f.variableUsages?.length ? { variableUsages: f.variableUsages } : {}),
    ...(f.requires ? { requires: f.requires.map(requires) } : {}),
    ...(f.inputRewrites?.length ? { inputRewrites: f.inputRewrites.map(rewrite) } : {}),
    ...(f.outputRewrites?.length ? { outputRewrites: f.outputRewrites.map(rewrite) } : {}),
  };
}

function requires(s: QueryPlanSelectionNode): RequiresSelection {
  if (s.kind === 'InlineFragment')
    return {
      kind: 'InlineFragment',
      ...(s.typeCondition ? { typeCondition: s.typeCondition } : {}),
      selections: s.selections.map(requires),
    };
  return { kind: 'Field', name: s.alias ?? s.name, ...(s.selections ? { selections: s.selections.map(requires) } : {}) };
}

/** `items`, `@`, or with type-conditioned fetching `@|[Book,Movie]` / `media|[Book]`. */
function flattenSegment(segment: string | number): FlattenPathSegment[] {
  const s = String(segment);
  const bar = s.indexOf('|[');
  const head = bar < 0 ? s : s.slice(0, bar);
  const out: FlattenPathSegment[] = [head === '@' ? '@' : { Field: head }];
  if (bar >= 0)
    out.push({
      TypeCondition: s
        .slice(bar + 2, -1)
        .split(',')
        .filter(Boolean),
    });
  return out;
}

function rewrite(r: FetchDataRewrite): FetchRewrite {
  const path = r.path.map((p): FetchPathSegment =>
    p.startsWith('... on ') ? { TypenameEquals: [p.slice('... on '.length).trim()] } : { Key: p },
  );
  return r.kind === 'ValueSetter'
    ? { ValueSetter: { path, setValueTo: String(r.setValueTo) } }
    : { KeyRenamer: { path, renameKeyTo: r.renameKeyTo } };
}
