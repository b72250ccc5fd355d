/**
 * Subgraph server: Apollo Server 5 + buildSubgraphSchema on the shared HTTP server. Every
 * request must carry the gateway's signed viewer (unless SUBGRAPH_ALLOW_UNSIGNED in dev), gets a
 * forked EntityManager and fresh DataLoaders, and runs in the request scope for logs and SQL counts.
 */
import { readFileSync } from 'node:fs';
import type http from 'node:http';
import { ApolloServer, type ApolloServerPlugin, type BaseContext } from '@apollo/server';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginInlineTraceDisabled,
  ApolloServerPluginLandingPageDisabled,
} from '@apollo/server/plugin/disabled';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/resolverMap.js';
import { GraphQLError, Kind, parse, visit, type DocumentNode } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { createEventBus, type EventBus } from './bus/index.js';
import {
  AuthError,
  GATEWAY_CONNECTION_PARAM,
  VIEWER_HEADER,
  decodeUnsignedViewer,
  verifyGatewayConnection,
  verifyViewerHeader,
  type Viewer,
} from './auth.js';
import type { BaseConfig } from './config.js';
import { openServiceDatabase, type ServiceDatabaseOptions } from './db/orm.js';
import type { RequestScope } from './context.js';
import { HttpError, startHttpService, type Route } from './http.js';
import { createLogger, type Logger } from './logger.js';
import { metrics } from './metrics.js';
import type { RunningService } from './service.js';

export interface SubgraphContext<L = unknown> extends BaseContext {
  viewer: Viewer;
  em: EntityManager;
  loaders: L;
  logger: Logger;
  correlationId: string;
}

export interface SubgraphOptions<L> {
  name: string;
  typeDefs: DocumentNode;
  /** The codegen-typed `Resolvers` map (its shape is checked by codegen, not by this signature). */
  resolvers: object;
  orm: MikroORM;
  config: Pick<BaseConfig, 'INTERNAL_HMAC_SECRET' | 'SUBGRAPH_ALLOW_UNSIGNED' | 'NODE_ENV' | 'HOST'>;
  port: number;
  logger: Logger;
  createLoaders: (em: EntityManager, viewer: Viewer) => L;
  routes?: Record<string, Route>;
  /** Extra work on close (stop sync jobs, bus subscriptions...). */
  onClose?: () => Promise<void>;
  /**
   * Serve the schema's subscriptions over graphql-ws on `/graphql` (same port). Two kinds of
   * connection: the gateway's shared one (`connection_init` carries `{ "x-portal-gateway": … }`,
   * signed), where every subscribe message carries its own signed viewer in
   * `extensions["x-portal-viewer"]`, checked per operation (a missing or bad one refuses that
   * operation only); or one viewer's own, with the viewer signed in the `connection_init` payload
   * (`{ "x-portal-viewer": … }`) or the upgrade request's header. Without either the socket closes
   * with 4403.
   */
  subscriptions?: boolean;
}

/**
 * What a subscription resolver gets: the subgraph context, plus `refresh()` to start each pushed
 * event with a fresh EntityManager and loaders (no stale identity map or DataLoader cache).
 */
export interface SubscriptionContext<L = unknown> extends SubgraphContext<L> {
  refresh(): void;
}

/** Resolve the viewer a request carries, or throw UNAUTHENTICATED. */
export function viewerFromRequest(
  req: http.IncomingMessage,
  config: Pick<BaseConfig, 'INTERNAL_HMAC_SECRET' | 'SUBGRAPH_ALLOW_UNSIGNED'>,
): Viewer {
  const header = req.headers[VIEWER_HEADER];
  try {
    return verifyViewerHeader(header, config.INTERNAL_HMAC_SECRET);
  } catch (err) {
    if (config.SUBGRAPH_ALLOW_UNSIGNED) {
      const viewer = decodeUnsignedViewer(header);
      if (viewer) return viewer;
    }
    throw err;
  }
}

export function authGraphQLError(err: unknown): GraphQLError {
  if (err instanceof AuthError)
    return new GraphQLError(err.message, {
      extensions: { code: err.code, http: { status: err.code === 'UNAUTHENTICATED' ? 401 : 403 } },
    });
  return err instanceof GraphQLError ? err : new GraphQLError('internal error', { extensions: { code: 'INTERNAL_SERVER_ERROR' } });
}

/**
 * Postgres text cannot hold U+0000: a NUL in any argument would fail in the database as an
 * INTERNAL_SERVER_ERROR. It is never meaningful input, so it is refused up front as the client's.
 */
function refuseNulCharacters<C extends BaseContext>(): ApolloServerPlugin<C> {
  const hasNul = (v: unknown): boolean =>
    typeof v === 'string'
      ? v.includes('\u0000')
      : Array.isArray(v)
        ? v.some(hasNul)
        : !!v && typeof v === 'object' && Object.values(v as Record<string, unknown>).some(hasNul);
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, request }) {
          let found = hasNul(request.variables ?? {});
          if (!found)
            visit(document, {
              [Kind.STRING]: (node) => {
                if (node.value.includes('\u0000')) found = true;
              },
            });
          if (found)
            throw new GraphQLError('text arguments may not contain the NUL character (U+0000)', {
              extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } },
            });
        },
      };
    },
  };
}

export async function startSubgraph<L>(opts: SubgraphOptions<L>): Promise<RunningService> {
  const schema = buildSubgraphSchema({ typeDefs: opts.typeDefs, resolvers: opts.resolvers as GraphQLResolverMap<unknown> });
  const apollo = new ApolloServer<SubgraphContext<L>>({
    schema,
    // No Apollo Studio: skip inline traces (ftv1) that only Studio reads. No cache hints either: the
    // gateway never reads a subgraph's cache-control header, and computing it wraps every field's
    // resolver (a measurable share of a 200-line cart's CPU).
    plugins: [
      ApolloServerPluginLandingPageDisabled(),
      ApolloServerPluginInlineTraceDisabled(),
      ApolloServerPluginCacheControlDisabled(),
      refuseNulCharacters(),
    ],
    includeStacktraceInErrorResponses: opts.config.NODE_ENV !== 'production',
    formatError(formatted, error) {
      // graphql-js stops coercing variables after 50 bad values with an error Apollo Server does not
      // recognise as the client's (INTERNAL_SERVER_ERROR); it is the client's input all the same.
      if (!formatted.path && formatted.message.startsWith('Too many errors processing variables'))
        formatted = { ...formatted, extensions: { ...formatted.extensions, code: 'BAD_USER_INPUT' } };
      const code = String(formatted.extensions?.code ?? 'INTERNAL_SERVER_ERROR');
      metrics.graphqlErrors.labels(opts.name, code).inc();
      if (code === 'INTERNAL_SERVER_ERROR') opts.logger.error({ err: error, path: formatted.path }, 'resolver failed');
      return formatted;
    },
  });
  await apollo.start();

  const http = await startHttpService<SubgraphContext<L>>({
    service: opts.name,
    logger: opts.logger,
    host: opts.config.HOST,
    port: opts.port,
    routes: opts.routes,
    ready: async () => {
      await opts.orm.em.getConnection().execute('select 1');
      return true;
    },
    graphql: {
      path: '/graphql',
      apollo,
      context: async (req, scope: RequestScope) => {
        let viewer: Viewer;
        try {
          viewer = viewerFromRequest(req, opts.config);
        } catch (err) {
          throw authGraphQLError(err);
        }
        const em = opts.orm.em.fork();
        return {
          viewer,
          em,
          loaders: opts.createLoaders(em, viewer),
          logger: opts.logger.child({ userId: viewer.userId, accountId: viewer.accountId }),
          correlationId: scope.correlationId,
        };
      },
    },
  });
  let closeSubscriptions: (() => Promise<void>) | undefined;
  if (opts.subscriptions) {
    const wss = new WebSocketServer({ server: http.server, path: '/graphql' });
    const viewerOf = (params: Record<string, unknown> | undefined, req: http.IncomingMessage): Viewer => {
      const signed = params?.[VIEWER_HEADER];
      const headers = typeof signed === 'string' ? { ...req.headers, [VIEWER_HEADER]: signed } : req.headers;
      return viewerFromRequest({ headers } as http.IncomingMessage, opts.config);
    };
    const isGateway = (params: Record<string, unknown> | undefined) =>
      verifyGatewayConnection(params?.[GATEWAY_CONNECTION_PARAM], opts.config.INTERNAL_HMAC_SECRET);
    /** The operation's own signed viewer, else (a viewer's own connection) the connection's. */
    const operationViewer = (
      params: Record<string, unknown> | undefined,
      req: http.IncomingMessage,
      extensions: Record<string, unknown> | null | undefined,
    ): Viewer => {
      const signed = extensions?.[VIEWER_HEADER];
      if (signed !== undefined)
        return viewerFromRequest({ headers: { [VIEWER_HEADER]: signed } } as unknown as http.IncomingMessage, opts.config);
      return viewerOf(params, req);
    };
    const kinds = new WeakMap<object, 'gateway' | 'viewer'>();
    const server = useServer<Record<string, unknown> | undefined, { request: http.IncomingMessage }>(
      {
        schema,
        onConnect(ctx) {
          let kind: 'gateway' | 'viewer';
          if (isGateway(ctx.connectionParams)) kind = 'gateway';
          else
            try {
              viewerOf(ctx.connectionParams, ctx.extra.request);
              kind = 'viewer';
            } catch (err) {
              opts.logger.info({ err: (err as Error).message }, 'subscription connection refused');
              return false;
            }
          kinds.set(ctx, kind);
          metrics.subscriptionConnections.labels(opts.name, kind).inc();
          return true;
        },
        onDisconnect(ctx) {
          const kind = kinds.get(ctx);
          if (kind) metrics.subscriptionConnections.labels(opts.name, kind).dec();
        },
        onSubscribe(ctx, _id, payload) {
          try {
            operationViewer(ctx.connectionParams, ctx.extra.request, payload.extensions);
          } catch (err) {
            return [authGraphQLError(err)];
          }
        },
        onOperation() {
          metrics.subscriptionOperations.labels(opts.name).inc();
        },
        onComplete() {
          metrics.subscriptionOperations.labels(opts.name).dec();
        },
        context(ctx, _id, payload): SubscriptionContext<L> {
          const viewer = operationViewer(ctx.connectionParams, ctx.extra.request, payload.extensions);
          const correlationId = payload.extensions?.correlationId ?? ctx.connectionParams?.correlationId;
          const context = {
            viewer,
            em: opts.orm.em.fork(),
            loaders: undefined as L,
            logger: opts.logger.child({ userId: viewer.userId, accountId: viewer.accountId, subscription: true }),
            correlationId: String(correlationId ?? `ws-${Date.now().toString(36)}`),
            refresh() {
              context.em = opts.orm.em.fork();
              context.loaders = opts.createLoaders(context.em, viewer);
            },
          };
          context.refresh();
          return context;
        },
        onError(_ctx, _id, _payload, errors) {
          for (const e of errors) metrics.graphqlErrors.labels(opts.name, String(e.extensions?.code ?? 'SUBSCRIPTION_ERROR')).inc();
        },
      },
      wss,
    );
    closeSubscriptions = async () => {
      await server.dispose();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    };
  }
  opts.logger.info({ url: `${http.url}/graphql` }, `${opts.name} subgraph listening`);
  return {
    name: opts.name,
    url: http.url,
    port: http.port,
    async close() {
      await closeSubscriptions?.();
      await http.close();
      await apollo.stop();
      await opts.onClose?.();
    },
  };
}

export interface SubgraphServiceOptions<L> {
  name: string;
  /** The subgraph's SDL file (`new URL('./schema.graphql', import.meta.url)`). */
  schemaFile: URL;
  entities: ServiceDatabaseOptions['entities'];
  migrations: ServiceDatabaseOptions['migrations'];
  /** The resolver map, or a function building it once the database is open. */
  resolvers: object | ((ctx: ServiceRuntime) => object);
  config: SubgraphOptions<L>['config'] & Pick<BaseConfig, 'LOG_LEVEL' | 'LOG_FORMAT' | 'LOG_DIR' | 'EVENT_BUS_URL' | 'EVENT_BUS_NAMESPACE'>;
  databaseUrl: string;
  port: number;
  createLoaders: SubgraphOptions<L>['createLoaders'];
  /**
   * Work before serving (first sync, demo data, background consumers) with the service's ORM and
   * logger; may return internal HTTP routes and what to stop on close.
   */
  prepare?: (ctx: ServiceRuntime) => Promise<void | { routes?: Record<string, Route>; close?: () => Promise<void> }>;
  /** Open the event bus (`EVENT_BUS_URL`, else the Postgres bus on the service database) for `prepare` and resolvers. */
  bus?: boolean;
  /** Serve subscriptions over graphql-ws (see `SubgraphOptions.subscriptions`). */
  subscriptions?: boolean;
}

export interface ServiceRuntime {
  orm: MikroORM;
  logger: Logger;
  /** Present when the service asked for it (`bus: true`). */
  bus?: EventBus;
}

/**
 * The common life of a subgraph service: its own schema and migrations, `prepare` (e.g. the first
 * sync from the ERP), then serving GraphQL; closing stops the server, then the database pool.
 */
export async function startSubgraphService<L>(opts: SubgraphServiceOptions<L>): Promise<RunningService> {
  const logger = createLogger(opts.name, opts.config);
  const orm = await openServiceDatabase({
    schema: opts.name,
    url: opts.databaseUrl,
    entities: opts.entities,
    migrations: opts.migrations,
    logger,
  });
  let extra: { routes?: Record<string, Route>; close?: () => Promise<void> } | void = undefined;
  let bus: EventBus | undefined;
  try {
    if (opts.bus)
      bus = await createEventBus({
        eventBusUrl: opts.config.EVENT_BUS_URL,
        databaseUrl: opts.databaseUrl,
        stream: opts.config.EVENT_BUS_NAMESPACE.toUpperCase(),
        subjectPrefix: opts.config.EVENT_BUS_NAMESPACE,
        logger,
      });
    const runtime: ServiceRuntime = { orm, logger, ...(bus ? { bus } : {}) };
    extra = await opts.prepare?.(runtime);
    return await startSubgraph({
      name: opts.name,
      typeDefs: parse(readFileSync(opts.schemaFile, 'utf8')),
      resolvers: typeof opts.resolvers === 'function' ? opts.resolvers(runtime) : opts.resolvers,
      orm,
      config: opts.config,
      port: opts.port,
      logger,
      createLoaders: opts.createLoaders,
      ...(extra?.routes ? { routes: extra.routes } : {}),
      ...(opts.subscriptions ? { subscriptions: true } : {}),
      onClose: async () => {
        await extra?.close?.();
        await bus?.close();
        await orm.close(true);
      },
    });
  } catch (err) {
    await extra?.close?.();
    await bus?.close();
    await orm.close(true);
    throw err;
  }
}

/** For internal HTTP routes: the signed viewer, or a 401 the HTTP layer answers with. */
export function viewerOr401(
  req: http.IncomingMessage,
  config: Pick<BaseConfig, 'INTERNAL_HMAC_SECRET' | 'SUBGRAPH_ALLOW_UNSIGNED'>,
): Viewer {
  try {
    return viewerFromRequest(req, config);
  } catch (err) {
    if (err instanceof AuthError) throw new HttpError(401, err.code, err.message);
    throw err;
  }
}
