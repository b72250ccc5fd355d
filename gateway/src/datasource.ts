/**
 * How the gateway calls a subgraph: the verified viewer goes in the HMAC-signed internal header,
 * the correlation id and a child `traceparent` go along, the connection is kept alive (Node's
 * fetch pools connections per origin), and every fetch has a timeout.
 */
import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { Fetcher } from '@apollo/utils.fetcher';
import { VIEWER_HEADER, signViewerHeader } from '@portal/platform/auth';
import { childTraceparent } from '@portal/platform/trace';
import type { GatewayContext } from './context.js';

export interface PortalDataSourceOptions {
  name: string;
  url: string;
  hmacSecret: string;
  timeoutMs: number;
}

/**
 * Node's fetch (keep-alive pools per origin) with a timeout. A subgraph answers a request it
 * refuses as input (e.g. a variable that does not coerce) with HTTP 400 and a GraphQL error body;
 * passed on as a normal response, its error keeps its code (BAD_USER_INPUT) instead of becoming a
 * generic fetch failure.
 */
function timeoutFetcher(timeoutMs: number): Fetcher {
  return (async (url: string, init?: RequestInit) => {
    const res = await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
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

export class PortalDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  private readonly hmacSecret: string;

  constructor(opts: PortalDataSourceOptions) {
    super({ url: opts.url, fetcher: timeoutFetcher(opts.timeoutMs) });
    this.hmacSecret = opts.hmacSecret;
  }

  override willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>): void {
    const headers = request.http?.headers;
    if (!headers) return;
    // Health checks and schema loading have no viewer; operations always do (the context refuses otherwise).
    if ('viewer' in context && context.viewer) headers.set(VIEWER_HEADER, signViewerHeader(context.viewer, this.hmacSecret));
    if ('correlationId' in context && context.correlationId) headers.set('x-correlation-id', context.correlationId);
    headers.set('traceparent', childTraceparent('trace' in context ? context.trace : undefined));
  }
}
