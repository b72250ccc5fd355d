/**
 * GraphQL over HTTP framing, shared by `/graphql` and `/graphql/stream`: the request head the
 * pipeline checks, the operation from a GET query string or a POST body, and the JSON answer.
 * What the operation may do is the pipeline's business (pipeline.ts), not this module's.
 */
import type http from 'node:http';
import { HttpError, readBody, sendJson } from '@portal/platform/http';
import type { RequestScope } from '@portal/platform/context';
import type { Logger } from '@portal/platform/logger';
import { refusal, type Refusal, type RequestHead, type TransportName } from '../pipeline.js';

export function requestHead(transport: TransportName, method: 'GET' | 'POST', req: http.IncomingMessage, scope: RequestScope): RequestHead {
  return { transport, method, headers: req.headers, correlationId: scope.correlationId, trace: scope.trace };
}

/** `?query=…&operationName=…&variables=<json>&extensions=<json>`, each at most once. */
export function paramsFromSearch(url: string | undefined): Record<string, unknown> {
  const search = new URL(url ?? '/', 'http://gateway').searchParams;
  const params: Record<string, unknown> = {};
  for (const name of ['query', 'operationName', 'variables', 'extensions']) {
    const values = search.getAll(name);
    if (values.length > 1) throw refusal(400, 'BAD_REQUEST', `The '${name}' search parameter may only be specified once.`);
    const [value] = values;
    if (value === undefined) continue;
    if (name === 'variables' || name === 'extensions') {
      try {
        params[name] = JSON.parse(value) as unknown;
      } catch {
        throw refusal(400, 'BAD_REQUEST', `The ${name} search parameter contains invalid JSON.`);
      }
    } else params[name] = value;
  }
  return params;
}

/** A POST body: JSON when the content-type says so (an object, or an array for a batch), else its text. */
export async function paramsFromBody(req: http.IncomingMessage, maxBodyBytes: number): Promise<unknown> {
  let raw: Buffer;
  try {
    raw = await readBody(req, maxBodyBytes);
  } catch (err) {
    if (err instanceof HttpError) throw refusal(err.status, err.code, err.message);
    throw err;
  }
  if (!raw.length || !String(req.headers['content-type'] ?? '').includes('json')) return raw.toString('utf8');
  try {
    return JSON.parse(raw.toString('utf8')) as unknown;
  } catch {
    throw refusal(400, 'BAD_REQUEST', 'request body is not valid JSON');
  }
}

/** Something no step expected: logged, and answered in the one error shape (500) without its details. */
export function internalError(err: unknown, logger: Logger): Refusal {
  logger.error({ err }, 'GraphQL request failed');
  return refusal(500, 'INTERNAL_SERVER_ERROR', 'internal error');
}

/** A GraphQL JSON answer (result, batch or refusal): the one body shape of every HTTP transport. */
export function sendGraphQL(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (res.headersSent || res.destroyed) return;
  sendJson(res, status, body, headers);
}
