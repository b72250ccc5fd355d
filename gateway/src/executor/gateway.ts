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
import type { ExecutionResult } from 'graphql';
import type { Logger } from '@portal/platform/logger';
import type { GatewayContext } from '../context.js';
import type { Caller, CheckedOperation, OperationExecutor, PreparedOperation } from '../pipeline.js';
import { executePlan, type SubgraphFetch } from './execute.js';
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
      tracer.startActiveSpan('gateway.fetch', { attributes: { service: serviceName } }, async (span) => {
        try {
          return await base(serviceName, request);
        } catch (err) {
          span.setStatus({ code: SpanStatusCode.ERROR, message: (err as Error).message });
          throw err;
        } finally {
          span.end();
        }
      });
  return {
    plan(op: CheckedOperation): PlannedOperation {
      return tracer.startActiveSpan('gateway.plan', (span) => {
        try {
          return opts.planner.plan(op.document, op.operationName, op.queryHash);
        } finally {
          span.end();
        }
      });
    },
    async execute(op, caller) {
      const { plan, operation } = op.plan as PlannedOperation;
      return executePlan(
        {
          supergraphSchema: opts.planner.supergraphSchema,
          apiSchema: opts.planner.apiSchema,
          operation,
          variables: op.variables,
          variableDefinitions: op.operation.variableDefinitions ?? [],
          fetch: traced(opts.fetchFor(caller)),
          errors: [],
        },
        plan.node && plan.node.kind !== 'Subscription' ? plan.node : undefined,
      );
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
      const result = await executor({
        request: { query: op.source, ...(op.operationName ? { operationName: op.operationName } : {}), variables: op.variables },
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
        document: op.document,
        source: op.source,
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
