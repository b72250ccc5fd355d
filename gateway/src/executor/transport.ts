/**
 * How the gateway's executor talks to subgraphs: HTTP POST over one undici keep-alive pool per
 * subgraph origin (queries and mutations, and the per-event rest of a subscription plan) and
 * a few shared graphql-ws connections per subgraph for subscriptions' primary streams (upstream.ts). Every call carries the viewer signed for the
 * subgraph, the correlation id and a child traceparent.
 */
import { Pool } from 'undici';
import { signViewerHeader, VIEWER_HEADER, type Viewer } from '@portal/platform/auth';
import { prom, registry } from '@portal/platform/metrics';
import { childTraceparent, continueTrace, type TraceContext } from '@portal/platform/trace';
import type { SubgraphFetch, SubgraphRequest, SubgraphResponse } from './execute.js';
import type { UpstreamOpener } from './subscribe.js';
import { UpstreamPool } from './upstream.js';

export interface TransportOptions {
  /** Routing URL per subgraph name. */
  subgraphUrl: (name: string) => string | undefined;
  hmacSecret: string;
  /** Per-fetch timeout, or a function of the subgraph name (per-subgraph overrides). */
  timeoutMs: number | ((serviceName: string) => number);
  /** graphql-ws connections per subgraph shared by all subscriptions (default 2). */
  upstreamConnections?: number;
  /** Events one subscription may have waiting before it is closed with a resumable error (default 1000). */
  subscriptionBuffer?: number;
}

export interface Caller {
  viewer: Viewer;
  correlationId: string;
}

/** HTTP POST to a subgraph with the signed viewer, correlation id and a child traceparent. */
export function subgraphFetcher(opts: TransportOptions, caller: Caller, trace: TraceContext = continueTrace(undefined)): SubgraphFetch {
  // One signature per request (valid 120 s), not one per fetch.
  const signed = signViewerHeader(caller.viewer, opts.hmacSecret);
  const viewerKey = `${caller.viewer.accountId}\u0000${caller.viewer.userId}\u0000${caller.viewer.roles.join(',')}`;
  const headers = (traceparent: string) => ({
    'content-type': 'application/json',
    [VIEWER_HEADER]: signed,
    'x-correlation-id': caller.correlationId,
    traceparent,
  });
  return async (serviceName, request) => {
    const url = opts.subgraphUrl(serviceName);
    if (!url) throw new Error(`no routing URL for subgraph ${serviceName}`);
    const timeout = typeof opts.timeoutMs === 'number' ? opts.timeoutMs : opts.timeoutMs(serviceName);
    const body = requestBody(request);
    const send = () => post(url, body, headers(childTraceparent(trace)), timeout);
    // Identical queries from the same viewer already on their way share one subgraph call; each
    // caller parses its own copy of the answer (results are merged into per-request trees).
    let answer: Promise<{ status: number; text: string }>;
    if (request.readOnly) {
      const key = `${url}\u0000${viewerKey}\u0000${body}`;
      const pending = inflight.get(key);
      if (pending) {
        dedupedCalls.inc();
        answer = pending;
      } else {
        answer = send().finally(() => inflight.delete(key));
        inflight.set(key, answer);
      }
    } else answer = send();
    const { status, text } = await answer;
    try {
      return JSON.parse(text) as SubgraphResponse;
    } catch {
      throw new Error(`HTTP ${status} from ${serviceName}: ${text.slice(0, 200)}`);
    }
  };
}

/**
 * The JSON body `{"query":…,"variables":…,"operationName":…}`. A plan's fetch sends the same query
 * text on every request: its JSON-escaped form is made once (per query text) and only the
 * variables (representations) are serialised per call.
 */
function requestBody(request: SubgraphRequest): string {
  let head = queryJson.get(request.query);
  if (head === undefined) {
    if (queryJson.size >= QUERY_JSON_CACHE_SIZE) queryJson.clear();
    head = `{"query":${JSON.stringify(request.query)},"variables":`;
    queryJson.set(request.query, head);
  }
  const variables = JSON.stringify(request.variables) ?? '{}';
  return request.operationName === undefined
    ? `${head}${variables}}`
    : `${head}${variables},"operationName":${JSON.stringify(request.operationName)}}`;
}
const QUERY_JSON_CACHE_SIZE = 5_000;
const queryJson = new Map<string, string>();

const inflight = new Map<string, Promise<{ status: number; text: string }>>();
const dedupedCalls = new prom.Counter({
  name: 'portal_gateway_subgraph_calls_deduplicated_total',
  help: 'Subgraph queries answered by an identical call already in flight for the same viewer',
  registers: [registry],
});

async function post(
  url: string,
  body: string,
  headers: Record<string, string>,
  timeoutMs: number,
): Promise<{ status: number; text: string }> {
  const target = parsedUrl(url);
  const res = await poolFor(target.origin).request({
    path: target.path,
    method: 'POST',
    headers,
    body,
    // undici's own timers (no AbortSignal and timer per call): the answer's head, then each
    // chunk of its body, must come within the subgraph's timeout.
    headersTimeout: timeoutMs,
    bodyTimeout: timeoutMs,
  });
  return { status: res.statusCode, text: await res.body.text() };
}

const parsed = new Map<string, { origin: string; path: string }>();
function parsedUrl(url: string): { origin: string; path: string } {
  let p = parsed.get(url);
  if (!p) {
    const u = new URL(url);
    p = { origin: u.origin, path: u.pathname + u.search };
    parsed.set(url, p);
  }
  return p;
}

/** One keep-alive connection pool per subgraph origin (undici: far cheaper per call than fetch). */
const pools = new Map<string, Pool>();
function poolFor(origin: string): Pool {
  let pool = pools.get(origin);
  if (!pool) {
    pool = new Pool(origin, { connections: 32, keepAliveTimeout: 30_000, pipelining: 1 });
    pools.set(origin, pool);
  }
  return pool;
}

/**
 * The owning subgraph's stream over the process's shared graphql-ws connections (upstream.ts): one
 * pool per gateway secret and size, so gateways started in one process (tests) share it too.
 */
export function upstreamOpener(
  opts: Pick<TransportOptions, 'subgraphUrl' | 'hmacSecret' | 'upstreamConnections' | 'subscriptionBuffer'>,
  caller: Caller,
): UpstreamOpener {
  const pool = upstreamPool(opts);
  return (serviceName, request) => {
    const url = opts.subgraphUrl(serviceName);
    if (!url) throw new Error(`no routing URL for subgraph ${serviceName}`);
    return pool.open(url, serviceName, request, caller);
  };
}

const upstreamPools = new Map<string, UpstreamPool>();
export function upstreamPool(opts: Pick<TransportOptions, 'hmacSecret' | 'upstreamConnections' | 'subscriptionBuffer'>): UpstreamPool {
  const connections = opts.upstreamConnections ?? 2;
  const bufferLimit = opts.subscriptionBuffer ?? 1000;
  const key = `${opts.hmacSecret}\u0000${connections}\u0000${bufferLimit}`;
  let pool = upstreamPools.get(key);
  if (!pool) upstreamPools.set(key, (pool = new UpstreamPool({ hmacSecret: opts.hmacSecret, connections, bufferLimit })));
  return pool;
}
