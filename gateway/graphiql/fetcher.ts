/**
 * GraphiQL's fetcher for the gateway: queries and mutations go to POST /graphql with the headers
 * editor's headers; subscriptions go over graphql-ws to the same origin's /graphql, with the headers
 * editor's Authorization in the `connection_init` payload. The token can change while the page is
 * open, so there is one lazy graphql-ws client per Authorization value (a client's connection
 * params are fixed when it connects); a client for an older value is disposed once another one is
 * used.
 *
 * GraphiQL fetches the schema as soon as it mounts, before the headers editor exists, and then
 * passes no headers at all: the fetcher sends the active tab's headers instead (the token from
 * `#token=` or one pasted earlier), so the first schema fetch is authenticated like every other.
 */
import { createGraphiQLFetcher, type Fetcher } from '@graphiql/toolkit';
import { createClient, type Client } from 'graphql-ws';

export const GRAPHQL_PATH = '/graphql';

export function httpUrl(): string {
  return new URL(GRAPHQL_PATH, window.location.href).toString();
}

export function wsUrl(): string {
  const url = new URL(GRAPHQL_PATH, window.location.href);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  return url.toString();
}

/** The Authorization header of a headers object, whatever its case. */
export function authorizationOf(headers: Record<string, unknown> | undefined): string | undefined {
  for (const [key, value] of Object.entries(headers ?? {}))
    if (key.toLowerCase() === 'authorization' && typeof value === 'string') return value;
  return undefined;
}

export interface PortalFetcherOptions {
  /** Headers to send when GraphiQL passes none (its editor is not there yet): the active tab's. */
  fallbackHeaders?: () => Record<string, string>;
}

export function createPortalFetcher(options: PortalFetcherOptions = {}): Fetcher {
  let current: { auth: string | undefined; client: Client; fetcher: Fetcher } | undefined;
  const forAuth = (auth: string | undefined) => {
    if (current && current.auth === auth) return current;
    const previous = current;
    const client = createClient({
      url: wsUrl(),
      lazy: true,
      retryAttempts: 0,
      connectionParams: auth ? { Authorization: auth } : {},
    });
    current = { auth, client, fetcher: createGraphiQLFetcher({ url: httpUrl(), wsClient: client }) };
    // A subscription still running on the old token ends; new ones use the new token.
    if (previous) void previous.client.dispose();
    return current;
  };
  return async (params, given) => {
    const headers = given?.headers ?? options.fallbackHeaders?.();
    const opts = headers ? { ...given, headers } : given;
    const result = await forAuth(authorizationOf(headers)).fetcher(params, opts);
    return isAsyncIterable(result) ? explainSocketErrors(result) : result;
  };
}

function isAsyncIterable<T>(value: unknown): value is AsyncIterable<T> {
  return typeof value === 'object' && value !== null && Symbol.asyncIterator in value;
}

/** A failed or closed WebSocket surfaces as a DOM event, which GraphiQL would show as `{"isTrusted": true}`. */
async function* explainSocketErrors<T>(results: AsyncIterable<T>): AsyncGenerator<T> {
  try {
    yield* results;
  } catch (err) {
    if (err instanceof Error || typeof err !== 'object' || err === null || !('type' in err)) throw err;
    const close = err as { type: string; code?: number; reason?: string };
    throw new Error(
      close.code !== undefined
        ? `the subscription's WebSocket closed: ${close.code}${close.reason ? ` ${close.reason}` : ''}`
        : `the subscription's WebSocket to ${wsUrl()} failed (${close.type}); is the gateway serving graphql-ws?`,
    );
  }
}
