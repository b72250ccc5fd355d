/**
 * A small HTTP server shared by every service: request scope (correlation id + W3C trace
 * context), JSON access logs, Prometheus metrics, `/health`, `/ready`, `/metrics`, a body-size
 * limit, and Apollo Server 5 mounted without a web framework (executeHTTPGraphQLRequest).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { HeaderMap, type ApolloServer, type BaseContext, type HTTPGraphQLRequest } from '@apollo/server';
import { newCorrelationId, runInScope, sanitizeCorrelationId, type RequestScope } from './context.js';
import { continueTrace, formatTraceparent } from './trace.js';
import type { Logger } from './logger.js';
import { metrics, renderMetrics } from './metrics.js';
import { noteRequest } from './request-work.js';

export type Route = (
  req: http.IncomingMessage,
  res: http.ServerResponse,
  scope: RequestScope,
  /** Values of `:name` segments of the route's path. */
  params: Record<string, string>,
) => Promise<void> | void;

interface CompiledRoute {
  method: string | undefined;
  pattern: string;
  regex: RegExp;
  names: string[];
  handler: Route;
}

/** Route keys are `METHOD /path` or `/path`; `:name` segments match one path segment. */
function compileRoutes(routes: Record<string, Route>): CompiledRoute[] {
  return Object.entries(routes).map(([key, handler]) => {
    const [first, second] = key.split(' ');
    const method = second === undefined ? undefined : first;
    const pattern = (second ?? first)!;
    const names: string[] = [];
    const source = pattern
      .split('/')
      .map((seg) => {
        if (!seg.startsWith(':')) return seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        names.push(seg.slice(1));
        return '([^/]+)';
      })
      .join('/');
    return { method, pattern, regex: new RegExp(`^${source}$`), names, handler };
  });
}

function matchRoute(
  compiled: CompiledRoute[],
  method: string,
  path: string,
): { route: CompiledRoute; params: Record<string, string> } | undefined {
  for (const route of compiled) {
    if (route.method && route.method !== method) continue;
    const m = route.regex.exec(path);
    if (!m) continue;
    const params: Record<string, string> = {};
    route.names.forEach((name, i) => {
      params[name] = decodeURIComponent(m[i + 1]!);
    });
    return { route, params };
  }
  return undefined;
}

export interface GraphQLMount<C extends BaseContext> {
  path: string;
  apollo: ApolloServer<C>;
  context: (req: http.IncomingMessage, scope: RequestScope) => Promise<C>;
}

export interface HttpServiceOptions<C extends BaseContext> {
  service: string;
  logger: Logger;
  host: string;
  port: number;
  /** Exact-path routes (`GET /x` or `/x` for any method). */
  routes?: Record<string, Route>;
  graphql?: GraphQLMount<C>;
  /** Readiness probe for `/ready`; throw or return false when not ready. */
  ready?: () => Promise<boolean>;
  maxBodyBytes?: number;
  /** On close, in-flight requests get this long to finish before their connections are cut (default 5000). */
  shutdownTimeoutMs?: number;
}

export interface RunningHttp {
  server: http.Server;
  url: string;
  port: number;
  close(): Promise<void>;
}

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export function sendJson(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

export async function readBody(req: http.IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit) throw new HttpError(413, 'PAYLOAD_TOO_LARGE', `request body exceeds ${limit} bytes`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new HttpError(413, 'PAYLOAD_TOO_LARGE', `request body exceeds ${limit} bytes`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function toHeaderMap(req: http.IncomingMessage): HeaderMap {
  const map = new HeaderMap();
  for (const [key, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    map.set(key, Array.isArray(value) ? value.join(', ') : value);
  }
  return map;
}

async function serveGraphQL<C extends BaseContext>(
  mount: GraphQLMount<C>,
  req: http.IncomingMessage,
  res: http.ServerResponse,
  scope: RequestScope,
  maxBodyBytes: number,
): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  let body: unknown = undefined;
  if (req.method === 'POST') {
    const raw = await readBody(req, maxBodyBytes);
    const type = req.headers['content-type'] ?? '';
    if (raw.length && type.includes('json')) {
      try {
        body = JSON.parse(raw.toString('utf8'));
      } catch {
        throw new HttpError(400, 'BAD_REQUEST', 'request body is not valid JSON');
      }
    } else body = raw.toString('utf8');
  }
  const httpGraphQLRequest: HTTPGraphQLRequest = {
    method: req.method?.toUpperCase() ?? 'GET',
    headers: toHeaderMap(req),
    search: url.search,
    body,
  };
  const result = await mount.apollo.executeHTTPGraphQLRequest({
    httpGraphQLRequest,
    context: () => mount.context(req, scope),
  });
  for (const [key, value] of result.headers) res.setHeader(key, value);
  // SQL issued while executing this operation; tests and benchmarks read it to catch N+1.
  res.setHeader('x-sql-count', String(scope.sqlCount));
  res.statusCode = result.status ?? 200;
  if (result.body.kind === 'complete') {
    res.end(result.body.string);
    return;
  }
  for await (const chunk of result.body.asyncIterator) res.write(chunk);
  res.end();
}

export async function startHttpService<C extends BaseContext>(opts: HttpServiceOptions<C>): Promise<RunningHttp> {
  const maxBodyBytes = opts.maxBodyBytes ?? 1_000_000;
  const routes: Record<string, Route> = {
    'GET /health': (_req, res) => sendJson(res, 200, { status: 'ok', service: opts.service }),
    'GET /ready': async (_req, res) => {
      let ok = false;
      let reason: string | undefined;
      try {
        ok = opts.ready ? await opts.ready() : true;
      } catch (err) {
        reason = (err as Error).message;
      }
      sendJson(res, ok ? 200 : 503, { status: ok ? 'ready' : 'not ready', service: opts.service, ...(reason ? { reason } : {}) });
    },
    'GET /metrics': async (_req, res) => {
      const { contentType, body } = await renderMetrics();
      res.writeHead(200, { 'content-type': contentType });
      res.end(body);
    },
    ...opts.routes,
  };

  const compiled = compileRoutes(routes);
  let closing = false;
  const server = http.createServer((req, res) => {
    const started = process.hrtime.bigint();
    // Draining: answer what is in flight, then let keep-alive clients reconnect elsewhere.
    if (closing) res.setHeader('connection', 'close');
    const scope: RequestScope = {
      correlationId: sanitizeCorrelationId(req.headers['x-correlation-id']) ?? newCorrelationId(),
      trace: continueTrace(req.headers.traceparent),
      sqlCount: 0,
    };
    res.setHeader('x-correlation-id', scope.correlationId);
    res.setHeader('traceresponse', formatTraceparent(scope.trace));
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const isGraphQL = opts.graphql && path === opts.graphql.path;
    let matched: ReturnType<typeof matchRoute>;
    try {
      matched = isGraphQL ? undefined : matchRoute(compiled, req.method ?? 'GET', path);
    } catch {
      matched = undefined; // a malformed %-escape in the path
    }
    const routeLabel = isGraphQL ? path : matched ? matched.route.pattern : 'unmatched';

    res.on('finish', () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      noteRequest(opts.service, scope.trace.traceId, seconds * 1000);
      metrics.httpRequests.labels(opts.service, routeLabel, String(res.statusCode)).inc();
      metrics.httpDuration.labels(opts.service, routeLabel).observe(seconds);
    });

    runInScope(scope, () => {
      const work = async () => {
        if (isGraphQL && opts.graphql) {
          await serveGraphQL(opts.graphql, req, res, scope, maxBodyBytes);
        } else if (matched) await matched.route.handler(req, res, scope, matched.params);
        else sendJson(res, 404, { error: { code: 'NOT_FOUND', message: `no route ${req.method} ${path}` } });
      };
      work()
        .then(() => {
          if (routeLabel !== '/health' && routeLabel !== '/metrics')
            opts.logger.debug(
              {
                method: req.method,
                path,
                status: res.statusCode,
                ms: Number(process.hrtime.bigint() - started) / 1e6,
                sql: scope.sqlCount,
              },
              'request',
            );
        })
        .catch((err: unknown) => {
          const status = err instanceof HttpError ? err.status : 500;
          const code = err instanceof HttpError ? err.code : 'INTERNAL_SERVER_ERROR';
          // Unexpected failures are errors; deliberate 5xx answers (unavailable, injected faults) are warnings.
          if (!(err instanceof HttpError)) opts.logger.error({ err, path }, 'request failed');
          else if (status >= 500) opts.logger.warn({ code, path, message: err.message }, 'request answered with a server error');
          if (!res.headersSent) {
            const message = err instanceof HttpError ? err.message : 'internal error';
            // GraphQL clients expect a GraphQL-shaped error body.
            sendJson(res, status, isGraphQL ? { errors: [{ message, extensions: { code } }] } : { error: { code, message } });
          } else res.destroy();
        });
    });
  });
  server.keepAliveTimeout = 65_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://${opts.host}:${port}`;
  return {
    server,
    url,
    port,
    // Graceful: stop accepting, close idle keep-alive sockets, let in-flight requests finish (their
    // responses carry `connection: close`), and cut whatever is left at the deadline.
    close: () =>
      new Promise<void>((resolve) => {
        closing = true;
        const deadline = setTimeout(() => server.closeAllConnections(), opts.shutdownTimeoutMs ?? 5_000);
        // A request in flight at close time leaves its socket idle once answered: close those too.
        const sweep = setInterval(() => server.closeIdleConnections(), 50);
        deadline.unref();
        sweep.unref();
        server.close(() => {
          clearTimeout(deadline);
          clearInterval(sweep);
          resolve();
        });
        server.closeIdleConnections();
      }),
  };
}

/** Read a JSON body; malformed JSON is the caller's 400, not our 500. */
export async function readJsonBody(req: http.IncomingMessage, limit = 1_000_000): Promise<unknown> {
  const raw = await readBody(req, limit);
  if (!raw.length) return {};
  try {
    return JSON.parse(raw.toString('utf8')) as unknown;
  } catch {
    throw new HttpError(400, 'BAD_JSON', 'request body is not valid JSON');
  }
}
