/**
 * Calls between services on behalf of a viewer: the viewer travels in the same HMAC-signed header
 * the gateway uses, plus the correlation id and a child traceparent. Used by the orders subgraph
 * to ask pricing (quotes) and inventory (items, ATP) at submit.
 */
import { VIEWER_HEADER, signViewerHeader, type Viewer } from './auth.js';
import { currentScope } from './context.js';
import { httpCall, splitBase, type HttpAnswer } from './http-client.js';
import { assertNoOpenTransaction } from './remote-call-guard.js';
import { childTraceparent } from './trace.js';

export class InternalCallError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'InternalCallError';
  }
}

export interface InternalCallOptions {
  /** This call's own time limit (ms), e.g. what is left of the caller's budget. */
  timeoutMs?: number;
}

export interface InternalClient {
  post<T>(path: string, body: unknown, viewer: Viewer, o?: InternalCallOptions): Promise<T>;
  get<T>(path: string, viewer: Viewer, o?: InternalCallOptions): Promise<T>;
}

export function internalClient(opts: { baseUrl: string; secret: string; timeoutMs?: number; service: string }): InternalClient {
  const { origin, prefix } = splitBase(opts.baseUrl.replace(/\/graphql$/, ''));
  async function call<T>(method: 'GET' | 'POST', path: string, viewer: Viewer, body?: unknown, o: InternalCallOptions = {}): Promise<T> {
    assertNoOpenTransaction(`${opts.service} ${method} ${path.split('?')[0]}`);
    const scope = currentScope();
    let res: HttpAnswer;
    try {
      res = await httpCall(origin, `${prefix}${path}`, {
        method,
        headers: {
          'content-type': 'application/json',
          [VIEWER_HEADER]: signViewerHeader(viewer, opts.secret),
          traceparent: childTraceparent(scope?.trace),
          ...(scope ? { 'x-correlation-id': scope.correlationId } : {}),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        timeoutMs: Math.max(1, o.timeoutMs ?? opts.timeoutMs ?? 10_000),
      });
    } catch (err) {
      throw new InternalCallError(
        503,
        `${opts.service.toUpperCase()}_UNAVAILABLE`,
        `${opts.service} unreachable: ${(err as Error).message}`,
      );
    }
    const json = (await res.json<T>().catch(() => ({}))) as T & { error?: { code?: string; message?: string } };
    if (!res.ok)
      throw new InternalCallError(
        res.status,
        json.error?.code ?? 'INTERNAL_CALL_FAILED',
        json.error?.message ?? `${opts.service} answered ${res.status}`,
      );
    return json;
  }
  return {
    post: (path, body, viewer, o) => call('POST', path, viewer, body, o),
    get: (path, viewer, o) => call('GET', path, viewer, undefined, o),
  };
}
