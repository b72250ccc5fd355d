/**
 * GraphQL over HTTP on `/graphql`: GET (query string) and POST (JSON body, or an array of up to
 * MAX_BATCH operations run side by side). A thin adapter: it reads the request, admits it through
 * the pipeline once (auth, CSRF), runs each operation through the pipeline and writes the JSON.
 * A query with `@defer` from a client that accepts `multipart/mixed` is answered in parts
 * (`multipart/mixed; deferSpec=20220824`, as Apollo Router does); other clients get it whole.
 * Each request runs in a server span (`POST /graphql`) when tracing is on.
 */
import type http from 'node:http';
import type { Route } from '@portal/platform/http';
import type { Logger } from '@portal/platform/logger';
import { limitError } from '../limits.js';
import { Refusal, refusal, type Pipeline, type ResultStream } from '../pipeline.js';
import { inServerSpan } from '../telemetry.js';
import { internalError, paramsFromBody, paramsFromSearch, requestHead, sendGraphQL } from './http-request.js';

export interface HttpTransportOptions {
  maxBodyBytes: number;
  /** Operations per array-batched request; 1 turns batching off. */
  maxBatch: number;
  logger: Logger;
}

export function graphqlHttpRoutes(pipeline: Pipeline, opts: HttpTransportOptions): Record<string, Route> {
  const serve: Route = async (req, res, scope) => {
    const method = req.method === 'GET' || req.method === 'POST' ? req.method : undefined;
    await inServerSpan(req.method ?? 'GET', '/graphql', async () => {
      try {
        if (!method) throw refusal(405, 'BAD_REQUEST', 'GraphQL over HTTP takes GET and POST requests', {}, { allow: 'GET, POST' });
        const head = { ...requestHead('http', method, req, scope), incremental: acceptsMultipart(req.headers.accept) };
        const caller = await pipeline.admit(head);
        const params = method === 'GET' ? paramsFromSearch(req.url) : await paramsFromBody(req, opts.maxBodyBytes);
        if (Array.isArray(params)) {
          checkBatch(params.length, opts.maxBatch);
          const bodies = await Promise.all(
            params.map(async (piece) => {
              const outcome = await pipeline.run(caller, { ...head, incremental: false }, piece);
              return outcome.kind === 'stream' ? unreachable() : outcome.body;
            }),
          );
          sendGraphQL(res, 200, bodies);
          return 200;
        }
        const outcome = await pipeline.run(caller, head, params);
        if (outcome.kind === 'refused') {
          sendGraphQL(res, outcome.refusal.status, outcome.body, outcome.refusal.headers);
          return outcome.refusal.status;
        }
        if (outcome.kind === 'result') sendGraphQL(res, 200, outcome.body);
        else await sendMultipart(res, outcome.stream);
        return 200;
      } catch (err) {
        const refused = err instanceof Refusal ? err : internalError(err, opts.logger);
        sendGraphQL(res, refused.status, pipeline.refusalBody(refused), refused.headers);
        return refused.status;
      }
    });
  };
  return { '/graphql': serve };
}

/** A batch over MAX_BATCH is refused whole, before any of it runs. */
function checkBatch(size: number, maxBatch: number): void {
  if (size === 0) throw refusal(400, 'BAD_REQUEST', 'No operations found in request.');
  if (size <= maxBatch) return;
  const message =
    maxBatch <= 1
      ? `batched requests are disabled (got ${size} operations); send one operation per request`
      : `batch of ${size} operations exceeds the maximum of ${maxBatch}`;
  throw new Refusal(400, [limitError('BATCH_TOO_LARGE', message, maxBatch, size)]);
}

/** Batches never stream: the pipeline refuses subscriptions here and defers nothing in a batch. */
function unreachable(): never {
  throw new Error('a stream reached a batched GraphQL over HTTP request');
}

const acceptsMultipart = (accept: string | undefined) => !!accept && /multipart\/mixed/i.test(accept);

/** A result in parts: one JSON part per payload between `---` boundaries, `-----` after the last. */
async function sendMultipart(res: http.ServerResponse, stream: ResultStream): Promise<void> {
  const stop = () => void stream.return();
  res.once('close', stop);
  try {
    res.writeHead(200, { 'content-type': 'multipart/mixed; boundary="-"; deferSpec=20220824', 'cache-control': 'no-cache' });
    res.write('\r\n---');
    for await (const payload of stream) {
      if (res.destroyed) break;
      res.write(`\r\ncontent-type: application/json; charset=utf-8\r\n\r\n${JSON.stringify(payload)}\r\n---`);
    }
  } finally {
    res.off('close', stop);
    if (!res.writableEnded) res.end('--\r\n'); // the closing boundary, also after a failure
  }
}
