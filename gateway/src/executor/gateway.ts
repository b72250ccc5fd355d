/**
 * Apollo Server's gateway interface with the gateway's own executor: `@apollo/gateway` still
 * loads the supergraph (and reports schema updates), but operations are planned by our cached
 * planner and run by our plan executor — fetches straight to the subgraphs over keep-alive
 * connections, with the signed viewer, correlation id and trace context.
 */
import type { ApolloGateway } from '@apollo/gateway';
import type { GatewayExecutor, GatewayInterface } from '@apollo/server-gateway-interface';
import { trace as otel, SpanStatusCode } from '@opentelemetry/api';
import { GraphQLError } from 'graphql';
import type { GatewayContext } from '../context.js';
import { executePlan, type SubgraphFetch } from './execute.js';
import type { FederatedPlanner } from './planner.js';

const tracer = otel.getTracer('portal-gateway');

export interface PortalGatewayOptions {
  inner: ApolloGateway;
  planner: FederatedPlanner;
  /** A subgraph fetch bound to one request's viewer and trace. */
  fetchFor: (context: GatewayContext) => SubgraphFetch;
}

export function portalGateway(opts: PortalGatewayOptions): GatewayInterface {
  const executor: GatewayExecutor = async (rc) => {
    const context = rc.context as unknown as GatewayContext;
    let planned;
    try {
      planned = tracer.startActiveSpan('gateway.plan', (span) => {
        try {
          return opts.planner.plan(rc.document, rc.operationName ?? undefined, rc.queryHash);
        } finally {
          span.end();
        }
      });
    } catch (err) {
      return {
        errors: [
          err instanceof GraphQLError
            ? err
            : new GraphQLError((err as Error).message, { extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }),
        ],
      };
    }
    const node = planned.plan.node;
    if (node?.kind === 'Subscription')
      return {
        errors: [
          new GraphQLError('subscriptions run over graphql-ws on /graphql or SSE on /graphql/stream', {
            extensions: { code: 'BAD_REQUEST' },
          }),
        ],
      };
    const base = opts.fetchFor(context);
    const fetch: SubgraphFetch = (serviceName, request) =>
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
    return executePlan(
      {
        supergraphSchema: opts.planner.supergraphSchema,
        apiSchema: opts.planner.apiSchema,
        operation: planned.operation,
        variables: (rc.request.variables ?? {}) as Record<string, unknown>,
        variableDefinitions: rc.operation.variableDefinitions ?? [],
        fetch,
        errors: [],
      },
      node,
    );
  };
  return {
    onSchemaLoadOrUpdate: (cb) => opts.inner.onSchemaLoadOrUpdate(cb),
    async load(options) {
      const loaded = await opts.inner.load(options);
      return { ...loaded, executor };
    },
    stop: () => opts.inner.stop(),
  };
}
