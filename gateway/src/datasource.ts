/**
 * How the gateway calls a subgraph: the verified viewer goes in the HMAC-signed internal header,
 * the correlation id and the fetch span's `traceparent` go along, connections are kept alive in
 * one pool per subgraph, and every fetch has a timeout (per subgraph if configured). A subgraph
 * that is down, times out or answers with an HTTP error does not fail the whole operation: its
 * fields are null and the response carries a typed error naming it (SUBGRAPH_UNAVAILABLE or
 * SUBGRAPH_TIMEOUT, `extensions.serviceName`), next to the data of the other subgraphs.
 * `PortalDataSource` does this for @apollo/gateway's executor; `instrumentSubgraphFetch` does it
 * for the gateway's own plan executor (executor/), which brings its own fetch.
 */
import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { GraphQLError } from 'graphql';
import type { Fetcher } from '@apollo/utils.fetcher';
import { Agent, fetch as undiciFetch } from 'undici';
import { VIEWER_HEADER, signViewerHeader } from '@portal/platform/auth';
import type { Logger } from '@portal/platform/logger';
import { childTraceparent } from '@portal/platform/trace';
import type { GatewayContext } from './context.js';
import { activeTraceparent, gatewayMetrics } from './telemetry.js';

export interface PortalDataSourceOptions {
  name: string;
  url: string;
  hmacSecret: string;
  timeoutMs: number;
  logger?: Logger;
}

/** Idle keep-alive sockets live this long (subgraph servers keep theirs 65 s, so we close first). */
const KEEP_ALIVE_MS = 30_000;

/**
 * undici's fetch over the subgraph's own pool, with a timeout. A subgraph answers a request it
 * refuses as input (e.g. a variable that does not coerce) with HTTP 400 and a GraphQL error body;
 * passed on as a normal response, its error keeps its code (BAD_USER_INPUT) instead of becoming a
 * generic fetch failure.
 */
function poolFetcher(agent: Agent, timeoutMs: number): Fetcher {
  return (async (url: string, init?: RequestInit) => {
    const res = (await undiciFetch(url, {
      ...(init as object),
      dispatcher: agent,
      signal: AbortSignal.timeout(timeoutMs),
    })) as unknown as Response;
    if (res.status !== 400 || !(res.headers.get('content-type') ?? '').includes('json')) return res;
    const text = await res.text();
    try {
      const body = JSON.parse(text) as { errors?: unknown[] };
      if (Array.isArray(body.errors) && body.errors.length) return new Response(text, { status: 200, headers: res.headers });
    } catch {
      // not a GraphQL body: fall through with the original status
    }
    return new Response(text, { status: res.status, statusText: res.statusText, headers: res.headers });
  }) as unknown as Fetcher;
}

function isTimeout(err: unknown): boolean {
  for (let e = err as { name?: string; cause?: unknown } | undefined; e; e = e.cause as typeof e) {
    // AbortSignal.timeout (@apollo/gateway's data sources); undici's headers/body timeouts (ours).
    if (e.name === 'TimeoutError' || e.name === 'HeadersTimeoutError' || e.name === 'BodyTimeoutError') return true;
  }
  return false;
}

export class PortalDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  readonly name: string;
  private readonly hmacSecret: string;
  private readonly timeoutMs: number;
  private readonly agent: Agent;
  private readonly log: Logger | undefined;

  constructor(opts: PortalDataSourceOptions) {
    const agent = new Agent({ keepAliveTimeout: KEEP_ALIVE_MS, keepAliveMaxTimeout: KEEP_ALIVE_MS });
    super({ url: opts.url, fetcher: poolFetcher(agent, opts.timeoutMs) });
    this.name = opts.name;
    this.agent = agent;
    this.hmacSecret = opts.hmacSecret;
    this.timeoutMs = opts.timeoutMs;
    this.log = opts.logger;
  }

  override willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>): void {
    const headers = request.http?.headers;
    if (!headers) return;
    // Health checks and schema loading have no viewer; operations always do (the context refuses otherwise).
    if ('viewer' in context && context.viewer) headers.set(VIEWER_HEADER, signViewerHeader(context.viewer, this.hmacSecret));
    if ('correlationId' in context && context.correlationId) headers.set('x-correlation-id', context.correlationId);
    // The fetch span's own context when tracing is on; else a child of the request scope's trace.
    headers.set('traceparent', activeTraceparent() ?? childTraceparent('trace' in context ? context.trace : undefined));
  }

  override async process(
    options: GraphQLDataSourceProcessOptions<GatewayContext>,
  ): ReturnType<RemoteGraphQLDataSource<GatewayContext>['process']> {
    const started = process.hrtime.bigint();
    const observe = (outcome: string) => {
      gatewayMetrics.subgraphFetches.labels(this.name, outcome).inc();
      gatewayMetrics.subgraphFetchDuration.labels(this.name).observe(Number(process.hrtime.bigint() - started) / 1e9);
    };
    try {
      const response = await super.process(options);
      observe('ok');
      return response;
    } catch (err) {
      // Health checks and schema loading keep failing loudly; only client operations degrade.
      if (String(options.kind) !== 'incoming operation') throw err;
      const failure = subgraphFailure(this.name, err, this.timeoutMs, this.log);
      observe(failure.extensions.code === 'SUBGRAPH_TIMEOUT' ? 'timeout' : 'unavailable');
      return { errors: [{ message: failure.message, extensions: failure.extensions }] };
    }
  }

  /** Close the pool's sockets (after the HTTP server has drained). */
  async close(): Promise<void> {
    await this.agent.close();
  }
}

/**
 * The typed error for a subgraph that could not answer: SUBGRAPH_TIMEOUT or SUBGRAPH_UNAVAILABLE
 * with `serviceName`. The cause stays in the log: the client learns which subgraph, not its address.
 */
export function subgraphFailure(serviceName: string, err: unknown, timeoutMs: number, log?: Logger): GraphQLError {
  const timeout = isTimeout(err);
  const status = (err as { extensions?: { response?: { status?: number } } }).extensions?.response?.status;
  log?.warn({ subgraph: serviceName, err: (err as Error)?.message ?? String(err), status }, 'subgraph fetch failed');
  const message = timeout
    ? `subgraph "${serviceName}" did not answer within ${timeoutMs} ms; its fields are null`
    : `subgraph "${serviceName}" is unavailable${status ? ` (HTTP ${status})` : ''}; its fields are null`;
  return new GraphQLError(message, { extensions: { code: timeout ? 'SUBGRAPH_TIMEOUT' : 'SUBGRAPH_UNAVAILABLE', serviceName } });
}

/**
 * Wraps a plan executor's subgraph fetch: counts and times each fetch per subgraph, and turns a
 * failure (refused connection, timeout, non-GraphQL answer) into the typed error above, which the
 * executor reports next to the other subgraphs' data.
 */
export function instrumentSubgraphFetch<Req, Res>(
  fetch: (serviceName: string, request: Req) => Promise<Res>,
  opts: { timeoutMs: (serviceName: string) => number; logger?: Logger },
): (serviceName: string, request: Req) => Promise<Res> {
  // The labelled series of each subgraph, looked up once (a `labels()` call hashes its labels).
  const series = new Map<string, { duration: { observe(v: number): void }; outcome: Map<string, { inc(): void }> }>();
  const seriesOf = (serviceName: string) => {
    let s = series.get(serviceName);
    if (!s) series.set(serviceName, (s = { duration: gatewayMetrics.subgraphFetchDuration.labels(serviceName), outcome: new Map() }));
    return s;
  };
  return async (serviceName, request) => {
    const started = process.hrtime.bigint();
    const observe = (outcome: string) => {
      const s = seriesOf(serviceName);
      let counter = s.outcome.get(outcome);
      if (!counter) s.outcome.set(outcome, (counter = gatewayMetrics.subgraphFetches.labels(serviceName, outcome)));
      counter.inc();
      s.duration.observe(Number(process.hrtime.bigint() - started) / 1e9);
    };
    try {
      const res = await fetch(serviceName, request);
      observe('ok');
      return res;
    } catch (err) {
      const failure = subgraphFailure(serviceName, err, opts.timeoutMs(serviceName), opts.logger);
      observe(failure.extensions.code === 'SUBGRAPH_TIMEOUT' ? 'timeout' : 'unavailable');
      throw failure;
    }
  };
}
