/** Request validation for the ERP API: zod schemas, turned into 400 errors naming every problem. */
import type http from 'node:http';
import type { z } from 'zod';
import { HttpError, readBody } from '@portal/platform/http';

export async function readJson<S extends z.ZodType>(req: http.IncomingMessage, schema: S, limit = 5_000_000): Promise<z.infer<S>> {
  const raw = await readBody(req, limit);
  let json: unknown;
  try {
    json = raw.length ? JSON.parse(raw.toString('utf8')) : {};
  } catch {
    throw new HttpError(400, 'BAD_JSON', 'request body is not valid JSON');
  }
  return parseOr400(schema, json);
}

export function parseOr400<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success)
    throw new HttpError(
      400,
      'VALIDATION_FAILED',
      parsed.error.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`).join('; '),
    );
  return parsed.data;
}

export function queryParams(req: http.IncomingMessage): URLSearchParams {
  return new URL(req.url ?? '/', 'http://erp').searchParams;
}
