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
import { subgraphUrlOverride, type GatewayConfig } from './config.js';
import type { GatewayContext } from './context.js';
import { documentRoutes } from './documents.js';
import { graphiqlRoutes } from './graphiql.js';
import { PortalDataSource } from './datasource.js';

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
  const logger = opts.logger ?? createLogger('gateway', config.LOG_LEVEL);
  const sdl = opts.supergraphSdl ?? readFileSync(opts.supergraphPath ?? config.SUPERGRAPH_PATH, 'utf8');
  const routes = new Map<string, string>();
  const gateway = new ApolloGateway({
    supergraphSdl: sdl,
    buildService({ name, url }) {
      const target = opts.subgraphUrls?.[name] ?? subgraphUrlOverride(name) ?? url;
      if (!target) throw new Error(`subgraph ${name} has no routing URL`);
      routes.set(name, target);
      return new PortalDataSource({ name, url: target, hmacSecret: config.INTERNAL_HMAC_SECRET, timeoutMs: config.SUBGRAPH_TIMEOUT_MS });
    },
  });
  const verify = createJwtVerifier({
    devSecret: config.JWT_DEV_SECRET,
    ...(config.JWT_JWKS_URL ? { jwksUrl: config.JWT_JWKS_URL } : {}),
    ...(config.JWT_ISSUER ? { issuer: config.JWT_ISSUER } : {}),
    ...(config.JWT_AUDIENCE ? { audience: config.JWT_AUDIENCE } : {}),
  });
  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    introspection: config.INTROSPECTION,
    plugins: [ApolloServerPluginLandingPageDisabled()],
    includeStacktraceInErrorResponses: false,
    formatError(formatted, error) {
      const code = String(formatted.extensions?.code ?? 'INTERNAL_SERVER_ERROR');
      metrics.graphqlErrors.labels('gateway', code).inc();
      if (code === 'INTERNAL_SERVER_ERROR') logger.error({ err: error }, 'operation failed');
      return formatted;
    },
  });
  await apollo.start();

  const http = await startHttpService<GatewayContext>({
    service: 'gateway',
    logger,
    host: config.HOST,
    port: opts.port ?? config.PORT,
    maxBodyBytes: config.MAX_BODY_BYTES,
    routes: {
      ...graphiqlRoutes(),
      ...documentRoutes({
        documentSecret: config.DOCUMENT_URL_SECRET,
        hmacSecret: config.INTERNAL_HMAC_SECRET,
        invoicesUrl: () => routes.get('invoices'),
        verify,
        timeoutMs: config.SUBGRAPH_TIMEOUT_MS,
      }),
    },
    ready: async () => {
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
      apollo,
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
  logger.info({ url: `${http.url}/graphql`, subgraphs: Object.fromEntries(routes) }, 'gateway listening');
  return {
    name: 'gateway',
    url: http.url,
    port: http.port,
    subgraphs: [...routes.entries()].map(([name, url]) => ({ name, url })),
    async close() {
      await http.close();
      await apollo.stop();
    },
  };
}
