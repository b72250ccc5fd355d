/**
 * GraphQL over SSE on `/graphql/stream` (distinct connections): `POST` with a JSON body as for
 * `/graphql`, or `GET ?query=…&variables=…` (queries and subscriptions only; GET needs the CSRF
 * preflight header like `/graphql`). A thin adapter over the pipeline: a refusal is the same JSON
 * answer, with the same status, as on `/graphql`; an accepted operation streams `event: next`
 * per result and `event: complete` at the end, with a comment ping every 15 s.
 *
 * The client may go away at any moment — while its body is still being read, before the first
 * event, mid-stream. The response's `close` is the one event that says so on every method (the
 * request's `close` fires once a POST body has been read), so it is watched from the first line:
 * it ends the subscription (and with it the upstream one and the gauge) and clears the ping.
 */
import type http from 'node:http';
import type { FormattedExecutionResult } from 'graphql';
import type { Logger } from '@portal/platform/logger';
import type { Route } from '@portal/platform/http';
import { Refusal, refusal, type Outcome, type Pipeline, type ResultStream } from '../pipeline.js';
import { internalError, paramsFromBody, paramsFromSearch, requestHead, sendGraphQL } from './http-request.js';

export interface SseTransportOptions {
  maxBodyBytes: number;
  logger: Logger;
  pingMs?: number;
}

export interface SseTransport {
  routes: Record<string, Route>;
  /** Open streams right now. */
  active(): number;
  /** Shutdown: every open stream gets `complete` and ends (its upstream subscription with it). */
  close(): Promise<void>;
}

export function sseTransport(pipeline: Pipeline, opts: SseTransportOptions): SseTransport {
  const pingMs = opts.pingMs ?? 15_000;
  const open = new Set<ResultStream>();

  const serve: Route = async (req, res, scope) => {
    const gone = new AbortController();
    res.once('close', () => gone.abort());
    const method = req.method === 'GET' ? 'GET' : 'POST';
    const head = requestHead('sse', method, req, scope);
    let outcome: Outcome;
    try {
      const caller = await pipeline.admit(head);
      const params = method === 'GET' ? paramsFromSearch(req.url) : await paramsFromBody(req, opts.maxBodyBytes);
      if (Array.isArray(params))
        throw refusal(400, 'BAD_REQUEST', 'GraphQL over SSE runs one operation per request; batches go to /graphql');
      outcome = await pipeline.run(caller, head, params);
    } catch (err) {
      const refused = err instanceof Refusal ? err : internalError(err, opts.logger);
      outcome = { kind: 'refused', refusal: refused, body: pipeline.refusalBody(refused) };
    }
    if (outcome.kind === 'refused') {
      sendGraphQL(res, outcome.refusal.status, outcome.body, outcome.refusal.headers);
      return;
    }
    if (gone.signal.aborted) {
      if (outcome.kind === 'stream') await outcome.stream.return();
      return;
    }
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', connection: 'keep-alive' });
    res.flushHeaders();
    if (outcome.kind === 'result') {
      event(res, 'next', outcome.body);
      event(res, 'complete');
      res.end();
      return;
    }
    await stream(res, outcome.stream, gone.signal);
  };

  async function stream(res: http.ServerResponse, results: ResultStream, gone: AbortSignal): Promise<void> {
    open.add(results);
    const ping = setInterval(() => writable(res) && res.write(':\n\n'), pingMs);
    const stop = () => void results.return();
    gone.addEventListener('abort', stop, { once: true });
    try {
      for await (const result of results) {
        if (!writable(res)) break;
        event(res, 'next', result);
      }
      event(res, 'complete');
    } catch (err) {
      opts.logger.warn({ err: (err as Error)?.message }, 'SSE subscription ended with an error');
      event(res, 'next', { errors: pipeline.formatErrors([err]) } satisfies FormattedExecutionResult);
      event(res, 'complete');
    } finally {
      clearInterval(ping);
      gone.removeEventListener('abort', stop);
      open.delete(results);
      if (!res.writableEnded) res.end();
    }
  }

  return {
    routes: { 'GET /graphql/stream': serve, 'POST /graphql/stream': serve },
    active: () => open.size,
    async close() {
      await Promise.all([...open].map((s) => s.return()));
    },
  };
}

const writable = (res: http.ServerResponse) => !res.destroyed && !res.writableEnded;

function event(res: http.ServerResponse, name: 'next' | 'complete', data?: unknown): void {
  if (writable(res)) res.write(`event: ${name}\ndata: ${data === undefined ? '' : JSON.stringify(data)}\n\n`);
}
