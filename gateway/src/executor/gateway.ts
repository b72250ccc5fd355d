/**
 * The pipeline's last two steps, plan and execute (pipeline.ts `OperationExecutor`). The gateway's
 * own: plans by our cached planner (Hive Router's, span `gateway.plan`), queries and mutations by our plan
 * executor, subscriptions by the federated subscription executor — every subgraph call with the
 * signed viewer, correlation id and trace context, typed SUBGRAPH_* errors and metrics, in a
 * `gateway.fetch` span. `GATEWAY_EXECUTOR=apollo` runs queries and mutations with @apollo/gateway's
 * executor instead (for comparison; it plans them itself); subscriptions stay ours.
 */
import type { ApolloGateway } from '@apollo/gateway';
import { trace as otel, SpanStatusCode } from '@opentelemetry/api';
import { print, type ExecutionResult, type OperationDefinitionNode } from 'graphql';
import type { Logger } from '@portal/platform/logger';
import type { GatewayContext } from '../context.js';
import { tracingOn } from '../telemetry.js';
import type { Caller, CheckedOperation, IncrementalResult, OperationExecutor, PreparedOperation } from '../pipeline.js';
import { executePlan, type ExecutionContext, type SubgraphFetch } from './execute.js';
import { incrementalItems, splitDefer, usesDefer, withoutDefer, type DeferSplit } from './defer.js';
import type { FederatedPlanner, PlannedOperation } from './planner.js';
import { federatedSubscribe, type UpstreamOpener } from './subscribe.js';

const tracer = otel.getTracer('portal-gateway');

export interface PortalExecutorOptions {
  planner: FederatedPlanner;
  /** Subgraph HTTP calls for one caller (signed viewer, trace, timeouts, typed failures). */
  fetchFor: (caller: Caller) => SubgraphFetch;
  /** A subscription's primary stream from its owning subgraph, for one caller. */
  upstreamFor: (caller: Caller) => UpstreamOpener;
  logger: Logger;
}

export function portalExecutor(opts: PortalExecutorOptions): OperationExecutor {
  const traced =
    (base: SubgraphFetch): SubgraphFetch =>
    (serviceName, request) =>
      !tracingOn()
        ? base(serviceName, request)
        : tracer.startActiveSpan('gateway.fetch', { attributes: { service: serviceName } }, async (span) => {
            try {
              return await base(serviceName, request);
            } catch (err) {
              span.setStatus({ code: SpanStatusCode.ERROR, message: (err as Error).message });
              throw err;
            } finally {
              span.end();
            }
          });
  const run = (op: PreparedOperation, planned: PlannedOperation, fetch: SubgraphFetch, operation: OperationDefinitionNode) => {
    const ctx: ExecutionContext = {
      supergraphSchema: opts.planner.supergraphSchema,
      apiSchema: opts.planner.apiSchema,
      operation: planned.operation,
      variables: op.variables,
      variableDefinitions: operation.variableDefinitions ?? [],
      fetch,
      errors: [],
    };
    const node = planned.plan.node;
    return executePlan(ctx, node && node.kind !== 'Subscription' ? node : undefined);
  };
  /** The plan (our cached planner's); `@defer` splits the document for a client that takes increments. */
  const planOf = (op: CheckedOperation): PlannedOperation | DeferredPlan => {
    // `@defer` (`@ defer` is valid too, hence the loose test): split for a client that takes
    // increments; otherwise the fragments run inline.
    if (op.source.includes('defer') && usesDefer(op.document)) {
      const split = op.incremental ? splitDefer(op.document, op.operationName, op.variables) : null;
      if (!split) return opts.planner.plan(withoutDefer(op.document), op.operationName);
      return {
        kind: 'deferred' as const,
        split,
        primary: opts.planner.plan(split.primary, op.operationName),
        full: opts.planner.plan(split.full, op.operationName),
      };
    }
    return opts.planner.plan(op.document, op.operationName, op.queryHash);
  };
  return {
    plan(op: CheckedOperation): PlannedOperation | DeferredPlan {
      if (!tracingOn()) return planOf(op);
      return tracer.startActiveSpan('gateway.plan', (span) => {
        try {
          return planOf(op);
        } finally {
          span.end();
        }
      });
    },
    async execute(op, caller) {
      const plan = op.plan as PlannedOperation | DeferredPlan;
      const fetch = traced(opts.fetchFor(caller));
      if (!('kind' in plan)) return run(op, plan, fetch, op.operation);
      // Both documents start at once; the primary answers first, the deferred fields follow.
      const full = run(op, plan.full, fetch, op.operation);
      full.catch(() => undefined); // awaited below; not unhandled while the primary is sent
      const primary = run(op, plan.primary, fetch, op.operation);
      return payloads(primary, full, plan.split, op.variables);
    },
    subscribe(op, caller) {
      return federatedSubscribe({
        planner: opts.planner,
        planned: op.plan as PlannedOperation,
        document: op.document,
        ...(op.operationName ? { operationName: op.operationName } : {}),
        variables: op.variables,
        fetch: traced(opts.fetchFor(caller)),
        openUpstream: opts.upstreamFor(caller),
        onReconnect: (attempt, err) =>
          opts.logger.warn(
            { attempt, err: (err as Error)?.message, correlationId: caller.correlationId },
            'subgraph stream dropped; resuming from the last cursor',
          ),
      });
    },
  };
}

/** A query with active `@defer` fragments: two plans, run side by side (defer.ts). */
interface DeferredPlan {
  kind: 'deferred';
  split: DeferSplit;
  primary: PlannedOperation;
  full: PlannedOperation;
}

async function* payloads(
  primary: Promise<ExecutionResult>,
  full: Promise<ExecutionResult>,
  split: DeferSplit,
  variables: Record<string, unknown>,
): AsyncGenerator<IncrementalResult> {
  const first = await primary;
  if (first.data === null || first.data === undefined) {
    yield { ...first, hasNext: false };
    return;
  }
  yield { ...first, hasNext: true };
  yield { incremental: incrementalItems(await full, split.deferred, variables), hasNext: false };
}

/**
 * @apollo/gateway's executor for queries and mutations, called with the request context Apollo
 * Server would build (its data sources sign the viewer: datasource.ts). It plans and validates
 * variables itself; the pipeline has already done both, so it finds nothing to refuse.
 */
export async function apolloExecutor(inner: ApolloGateway, portal: OperationExecutor, logger: Logger): Promise<OperationExecutor> {
  const { executor } = await inner.load();
  const cache = new Map<string, string>();
  return {
    plan: (op) => (op.type === 'subscription' ? portal.plan(op) : undefined),
    subscribe: (op, caller) => portal.subscribe(op, caller),
    async execute(op: PreparedOperation, caller: Caller): Promise<ExecutionResult> {
      const context: GatewayContext = { viewer: caller.viewer, correlationId: caller.correlationId, trace: caller.trace };
      // Apollo's schema has no @defer here: deferred fragments run inline, in the one answer.
      const document = op.source.includes('defer') ? withoutDefer(op.document) : op.document;
      const source = document === op.document ? op.source : print(document);
      const result = await executor({
        request: { query: source, ...(op.operationName ? { operationName: op.operationName } : {}), variables: op.variables },
        response: { http: { headers: new Headers(), status: undefined } },
        logger,
        schema: undefined as never, // read by Apollo Server's plugins only
        schemaHash: 'unused' as never,
        context,
        cache: {
          get: async (k: string) => cache.get(k),
          set: async (k: string, v: string) => void cache.set(k, v),
          delete: async (k: string) => cache.delete(k),
        },
        queryHash: op.queryHash,
        document,
        source,
        operationName: op.operationName ?? null,
        operation: op.operation,
        metrics: {},
        overallCachePolicy: undefined as never,
        requestIsBatched: false,
      } as unknown as Parameters<typeof executor>[0]);
      return {
        ...(result.errors ? { errors: [...result.errors] } : {}),
        ...('data' in result ? { data: result.data as Record<string, unknown> | null } : {}),
        ...(result.extensions ? { extensions: result.extensions as Record<string, unknown> } : {}),
      };
    },
  };
}
