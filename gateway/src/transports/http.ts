/**
 * GraphQL over HTTP on `/graphql`: GET (query string) and POST (JSON body, or an array of up to
 * MAX_BATCH operations run side by side). A thin adapter: it reads the request, admits it through
 * the pipeline once (auth, CSRF), runs each operation through the pipeline and writes the JSON.
 * Each request runs in a server span (`POST /graphql`) when tracing is on.
 */
import type { Route } from '@portal/platform/http';
import type { Logger } from '@portal/platform/logger';
import { limitError } from '../limits.js';
import { Refusal, refusal, type Pipeline } from '../pipeline.js';
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
        const head = requestHead('http', method, req, scope);
        const caller = await pipeline.admit(head);
        const params = method === 'GET' ? paramsFromSearch(req.url) : await paramsFromBody(req, opts.maxBodyBytes);
        if (Array.isArray(params)) {
          checkBatch(params.length, opts.maxBatch);
          const bodies = await Promise.all(
            params.map(async (piece) => {
              const outcome = await pipeline.run(caller, head, piece);
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
        sendGraphQL(res, 200, outcome.kind === 'result' ? outcome.body : unreachable());
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

/** The pipeline refuses subscriptions on `/graphql` (method rule), so no stream reaches here. */
function unreachable(): never {
  throw new Error('a subscription reached GraphQL over HTTP');
}
