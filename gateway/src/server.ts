/**
 * The gateway: Apollo Server 5 + @apollo/gateway over a static supergraph file. Verifies the JWT
 * once, forwards the viewer signed to subgraphs, exposes /health, /ready (supergraph loaded and
 * every subgraph healthy) and /metrics. Any valid Federation 2 supergraph can be served.
 */
import { readFileSync } from 'node:fs';
import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { AuthError, bearerToken, createJwtVerifier } from '@portal/platform/auth';
import { startHttpService } from '@portal/platform/http';
import { createLogger, type Logger } from '@portal/platform/logger';
import { metrics } from '@portal/platform/metrics';
import type { RunningService } from '@portal/platform/service';
import { authGraphQLError } from '@portal/platform/subgraph';
import { subgraphTimeoutMs, subgraphUrlOverride, type GatewayConfig } from './config.js';
import type { GatewayContext } from './context.js';
import { documentRoutes } from './documents.js';
import { graphiqlRoutes } from './graphiql.js';
import { reportsRoutes } from './reports.js';
import { PortalDataSource, instrumentSubgraphFetch } from './datasource.js';
import { limitBatches, limitsPlugin } from './limits.js';
import { persistedOnlyPlugin, persistedOperations, persistedRoutes } from './persisted.js';
import { flushTelemetry, metricsPlugin, setupTelemetry, traceRequests, subscriptionOpened, subscriptionClosed } from './telemetry.js';
import { FederatedPlanner } from './executor/planner.js';
import { attachSubscriptions, sseRoutes } from './subscriptions.js';
import { subgraphFetcher } from './executor/transport.js';
import { portalGateway } from './executor/gateway.js';

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
  const routes = new Map<string, string>();
  setupTelemetry(config, logger); // before ApolloGateway: it reads APOLLO_TELEMETRY_DISABLED when constructed
  const persisted = persistedOperations(config.PERSISTED_OPERATIONS_DIR);
  const dataSources: PortalDataSource[] = [];
  let draining = false;
  const planner = new FederatedPlanner(sdl);
  const gateway = new ApolloGateway({
    supergraphSdl: sdl,
    buildService({ name, url }) {
      const target = opts.subgraphUrls?.[name] ?? subgraphUrlOverride(name) ?? url;
      if (!target) throw new Error(`subgraph ${name} has no routing URL`);
      routes.set(name, target);
      const timeoutMs = subgraphTimeoutMs(name, config);
      const source = new PortalDataSource({ name, url: target, hmacSecret: config.INTERNAL_HMAC_SECRET, timeoutMs, logger });
      dataSources.push(source);
      return source;
    },
  });
  const verify = createJwtVerifier({
    devSecret: config.JWT_DEV_SECRET,
    ...(config.JWT_JWKS_URL ? { jwksUrl: config.JWT_JWKS_URL } : {}),
    ...(config.JWT_ISSUER ? { issuer: config.JWT_ISSUER } : {}),
    ...(config.JWT_AUDIENCE ? { audience: config.JWT_AUDIENCE } : {}),
  });
  const apollo = new ApolloServer<GatewayContext>({
    // Our executor runs the plans (GATEWAY_EXECUTOR=apollo: @apollo/gateway's, for comparison).
    gateway:
      config.GATEWAY_EXECUTOR === 'apollo'
        ? gateway
        : portalGateway({
            inner: gateway,
            planner,
            // Typed SUBGRAPH_TIMEOUT / SUBGRAPH_UNAVAILABLE errors and per-subgraph metrics (datasource.ts).
            fetchFor: (ctx) =>
              instrumentSubgraphFetch(
                subgraphFetcher(
                  {
                    subgraphUrl: (name) => routes.get(name),
                    hmacSecret: config.INTERNAL_HMAC_SECRET,
                    timeoutMs: (name) => subgraphTimeoutMs(name, config),
                  },
                  { viewer: ctx.viewer, correlationId: ctx.correlationId },
                  ctx.trace,
                ),
                { timeoutMs: (name) => subgraphTimeoutMs(name, config), logger },
              ),
          }),
    introspection: config.INTROSPECTION,
    plugins: [
      ApolloServerPluginLandingPageDisabled(),
      metricsPlugin(),
      persistedOnlyPlugin(persisted, config.PERSISTED_ONLY),
      limitsPlugin({
        maxDepth: config.MAX_DEPTH,
        maxCost: config.MAX_COST,
        maxAliases: config.MAX_ALIASES,
        maxRootFields: config.MAX_ROOT_FIELDS,
        defaultListSize: config.DEFAULT_LIST_SIZE,
      }),
    ],
    csrfPrevention: true, // Apollo's default, stated: simple (non-preflighted) browser requests are refused
    allowBatchedHttpRequests: config.MAX_BATCH > 1,
    persistedQueries: { cache: persisted.store },
    parseOptions: { maxTokens: config.MAX_TOKENS },
    includeStacktraceInErrorResponses: false,
    formatError(formatted, error) {
      const code = String(formatted.extensions?.code ?? 'INTERNAL_SERVER_ERROR');
      metrics.graphqlErrors.labels('gateway', code).inc();
      if (code === 'INTERNAL_SERVER_ERROR') logger.error({ err: error }, 'operation failed');
      return formatted;
    },
  });
  await apollo.start();

  // Subscriptions (graphql-ws and SSE) run on the gateway's own plan executor.
  const subscriptionOptions = {
    planner,
    verify,
    subgraphUrl: (name: string) => routes.get(name),
    hmacSecret: config.INTERNAL_HMAC_SECRET,
    timeoutMs: (name: string) => subgraphTimeoutMs(name, config),
    maxBodyBytes: config.MAX_BODY_BYTES,
    logger,
    limits: {
      maxDepth: config.MAX_DEPTH,
      maxCost: config.MAX_COST,
      maxAliases: config.MAX_ALIASES,
      maxRootFields: config.MAX_ROOT_FIELDS,
      defaultListSize: config.DEFAULT_LIST_SIZE,
      maxTokens: config.MAX_TOKENS,
    },
    onOpen: subscriptionOpened,
    onClose: subscriptionClosed,
  };
  const http = await startHttpService<GatewayContext>({
    service: 'gateway',
    logger,
    host: config.HOST,
    port: opts.port ?? config.PORT,
    maxBodyBytes: config.MAX_BODY_BYTES,
    routes: {
      ...graphiqlRoutes(),
      ...reportsRoutes(),
      ...persistedRoutes(persisted),
      ...sseRoutes(subscriptionOptions),
      ...documentRoutes({
        documentSecret: config.DOCUMENT_URL_SECRET,
        hmacSecret: config.INTERNAL_HMAC_SECRET,
        invoicesUrl: () => routes.get('invoices'),
        verify,
        timeoutMs: config.SUBGRAPH_TIMEOUT_MS,
      }),
    },
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
    graphql: {
      path: '/graphql',
      apollo: limitBatches(traceRequests(apollo), config.MAX_BATCH),
      async context(req, scope) {
        const token = bearerToken(req.headers.authorization);
        try {
          if (!token) throw new AuthError('UNAUTHENTICATED', 'missing bearer token');
          const viewer = await verify(token);
          return { viewer, correlationId: scope.correlationId, trace: scope.trace };
        } catch (err) {
          throw authGraphQLError(err);
        }
      },
    },
  });
  const subscriptions = attachSubscriptions(http.server, subscriptionOptions);
  logger.info({ url: `${http.url}/graphql`, subgraphs: Object.fromEntries(routes) }, 'gateway listening');
  return {
    name: 'gateway',
    url: http.url,
    port: http.port,
    subgraphs: [...routes.entries()].map(([name, url]) => ({ name, url })),
    async close() {
      draining = true; // /ready answers 503 while in-flight requests finish
      await subscriptions.close();
      await http.close();
      await apollo.stop();
      await Promise.all(dataSources.map((s) => s.close()));
      await flushTelemetry();
    },
  };
}
