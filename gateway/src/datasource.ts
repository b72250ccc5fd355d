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

function timeoutFetcher(timeoutMs: number): Fetcher {
  return ((url: string, init?: RequestInit) => fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) })) as unknown as Fetcher;
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
