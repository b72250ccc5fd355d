/**
 * The gateway over a static supergraph file: one operation pipeline (pipeline.ts: auth, CSRF and
 * method rules, persisted-only, introspection switch, limits, variables, plan, execute) behind
 * three thin transports — GraphQL over HTTP and graphql-ws on `/graphql`, GraphQL over SSE on
 * `/graphql/stream` — plus GraphiQL, the persisted-operations manifest, billing documents,
 * `/health`, `/ready` (every subgraph healthy) and `/metrics`. Any valid Federation 2 supergraph
 * can be served.
 */
import { readFileSync } from 'node:fs';
import { ApolloGateway } from '@apollo/gateway';
import { createJwtVerifier } from '@portal/platform/auth';
import { startHttpService, type Route } from '@portal/platform/http';
import { createLogger, type Logger } from '@portal/platform/logger';
import type { RunningService } from '@portal/platform/service';
import { subgraphTimeoutMs, subgraphUrlOverride, type GatewayConfig } from './config.js';
import { PortalDataSource, instrumentSubgraphFetch } from './datasource.js';
import { documentRoutes } from './documents.js';
import { apolloExecutor, portalExecutor } from './executor/gateway.js';
import { FederatedPlanner } from './executor/planner.js';
import { subgraphFetcher, upstreamOpener, type TransportOptions } from './executor/transport.js';
import { graphiqlRoutes } from './graphiql.js';
import { createPipeline, type OperationExecutor } from './pipeline.js';
import { persistedOperations, persistedRoutes } from './persisted.js';
import { reportsRoutes } from './reports.js';
import { flushTelemetry, setupTelemetry } from './telemetry.js';
import { graphqlHttpRoutes } from './transports/http.js';
import { sseTransport } from './transports/sse.js';
import { attachGraphqlWs } from './transports/ws.js';

export interface StartGatewayOptions {
  config: GatewayConfig;
  supergraphPath?: string;
  /** Supergraph SDL text (wins over the path). */
  supergraphSdl?: string;
  port?: number;
  /** Routing URL overrides by subgraph name (tests, launcher). */
  subgraphUrls?: Record<string, string>;
  logger?: Logger;
}

export interface RunningGateway extends RunningService {
  subgraphs: { name: string; url: string }[];
}

export async function startGateway(opts: StartGatewayOptions): Promise<RunningGateway> {
  const { config } = opts;
  const logger = opts.logger ?? createLogger('gateway', config);
  const sdl = opts.supergraphSdl ?? readFileSync(opts.supergraphPath ?? config.SUPERGRAPH_PATH, 'utf8');
  setupTelemetry(config, logger); // before ApolloGateway: it reads APOLLO_TELEMETRY_DISABLED when constructed
  const planner = new FederatedPlanner(sdl, undefined, config.GATEWAY_PLANNER);

  // Where each subgraph is: the supergraph's routing URL unless the options or SUBGRAPH_<NAME>_URL say otherwise.
  const routes = new Map<string, string>();
  for (const { name, url } of planner.subgraphs) {
    const target = opts.subgraphUrls?.[name] ?? subgraphUrlOverride(name) ?? url;
    if (!target) throw new Error(`subgraph ${name} has no routing URL`);
    routes.set(name, target);
  }
  const timeoutMs = (name: string) => subgraphTimeoutMs(name, config);
  const transport: TransportOptions = {
    subgraphUrl: (name) => routes.get(name),
    hmacSecret: config.INTERNAL_HMAC_SECRET,
    timeoutMs,
    upstreamConnections: config.GATEWAY_UPSTREAM_CONNECTIONS,
    subscriptionBuffer: config.GATEWAY_SUBSCRIPTION_BUFFER,
  };

  // Plan and execute: the gateway's own executor (GATEWAY_EXECUTOR=apollo: @apollo/gateway's for queries and mutations).
  const portal = portalExecutor({
    planner,
    // Typed SUBGRAPH_TIMEOUT / SUBGRAPH_UNAVAILABLE errors and per-subgraph metrics (datasource.ts).
    fetchFor: (caller) => instrumentSubgraphFetch(subgraphFetcher(transport, caller, caller.trace), { timeoutMs, logger }),
    upstreamFor: (caller) => upstreamOpener(transport, caller),
    logger,
  });
  const apollo = config.GATEWAY_EXECUTOR === 'apollo' ? apolloGateway(sdl, routes, config, logger) : undefined;
  const executor: OperationExecutor = apollo ? await apolloExecutor(apollo.gateway, portal, logger) : portal;

  const verify = createJwtVerifier({
    devSecret: config.JWT_DEV_SECRET,
    ...(config.JWT_JWKS_URL ? { jwksUrl: config.JWT_JWKS_URL } : {}),
    ...(config.JWT_ISSUER ? { issuer: config.JWT_ISSUER } : {}),
    ...(config.JWT_AUDIENCE ? { audience: config.JWT_AUDIENCE } : {}),
  });
  const persisted = persistedOperations(config.PERSISTED_OPERATIONS_DIR);
  const pipeline = createPipeline({
    apiSchema: planner.apiSchema,
    verify,
    persisted,
    persistedOnly: config.PERSISTED_ONLY,
    introspection: config.INTROSPECTION,
    limits: {
      maxDepth: config.MAX_DEPTH,
      maxCost: config.MAX_COST,
      maxAliases: config.MAX_ALIASES,
      maxRootFields: config.MAX_ROOT_FIELDS,
      defaultListSize: config.DEFAULT_LIST_SIZE,
    },
    maxTokens: config.MAX_TOKENS,
    executor,
    logger,
  });

  // The transports: thin adapters over the pipeline.
  const sse = sseTransport(pipeline, { maxBodyBytes: config.MAX_BODY_BYTES, logger });
  const graphqlRoutes: Record<string, Route> = {
    ...graphqlHttpRoutes(pipeline, { maxBodyBytes: config.MAX_BODY_BYTES, maxBatch: config.MAX_BATCH, logger }),
    ...sse.routes,
  };
  // Everything else the gateway serves; a new route (e.g. /reports) goes here.
  const otherRoutes: Record<string, Route> = {
    ...graphiqlRoutes(),
    ...reportsRoutes(),
    ...persistedRoutes(persisted),
    ...documentRoutes({
      documentSecret: config.DOCUMENT_URL_SECRET,
      hmacSecret: config.INTERNAL_HMAC_SECRET,
      invoicesUrl: () => routes.get('invoices'),
      verify,
      timeoutMs: config.SUBGRAPH_TIMEOUT_MS,
    }),
  };

  let draining = false;
  const http = await startHttpService({
    service: 'gateway',
    logger,
    host: config.HOST,
    port: opts.port ?? config.PORT,
    maxBodyBytes: config.MAX_BODY_BYTES,
    routes: { ...graphqlRoutes, ...otherRoutes },
    shutdownTimeoutMs: config.SHUTDOWN_TIMEOUT_MS,
    ready: async () => {
      if (draining) throw new Error('shutting down');
      const checks = await Promise.all(
        [...routes.entries()].map(async ([name, url]) => {
          try {
            const res = await fetch(new URL('/health', url), { signal: AbortSignal.timeout(2_000) });
            return res.ok ? null : name;
          } catch {
            return name;
          }
        }),
      );
      const down = checks.filter(Boolean);
      if (down.length) throw new Error(`subgraphs not reachable: ${down.join(', ')}`);
      return routes.size > 0;
    },
  });
  const ws = attachGraphqlWs(http.server, pipeline, { apiSchema: planner.apiSchema, logger });
  logger.info({ url: `${http.url}/graphql`, subgraphs: Object.fromEntries(routes) }, 'gateway listening');
  return {
    name: 'gateway',
    url: http.url,
    port: http.port,
    subgraphs: [...routes.entries()].map(([name, url]) => ({ name, url })),
    async close() {
      draining = true; // /ready answers 503 while in-flight requests finish
      await Promise.all([ws.close(), sse.close()]);
      await http.close();
      if (apollo) {
        await apollo.gateway.stop();
        await Promise.all(apollo.dataSources.map((s) => s.close()));
      }
      await flushTelemetry();
    },
  };
}

/** @apollo/gateway over the same supergraph and routes, its data sources signing the viewer (datasource.ts). */
function apolloGateway(sdl: string, routes: Map<string, string>, config: GatewayConfig, logger: Logger) {
  const dataSources: PortalDataSource[] = [];
  const gateway = new ApolloGateway({
    supergraphSdl: sdl,
    logger,
    buildService({ name }) {
      const url = routes.get(name);
      if (!url) throw new Error(`subgraph ${name} has no routing URL`);
      const source = new PortalDataSource({
        name,
        url,
        hmacSecret: config.INTERNAL_HMAC_SECRET,
        timeoutMs: subgraphTimeoutMs(name, config),
        logger,
      });
      dataSources.push(source);
      return source;
    },
  });
  return { gateway, dataSources };
}
