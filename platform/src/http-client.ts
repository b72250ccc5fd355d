/**
 * HTTP calls from one of the portal's processes to another (and to an ERP spoken to over HTTP):
 * undici's request API over one keep-alive agent per process, a pool per origin. The global
 * `fetch` builds a WHATWG Request, Response and web streams around every call; between services,
 * where a submit makes several calls, that was about five times the CPU of this (see
 * docs/architecture.md, Runtime). As with `fetch`, the agent opens as many connections per origin as calls are in
 * flight, so a long-poll never holds up another call.
 */
import { Agent } from 'undici';

export interface HttpCall {
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  /** The answer's head must come within this many ms, and then each chunk of its body. */
  timeoutMs: number;
}

export interface HttpAnswer {
  status: number;
  ok: boolean;
  /** A header of the answer (the first, if it came more than once). */
  header(name: string): string | undefined;
  json<T = unknown>(): Promise<T>;
  text(): Promise<string>;
  bytes(): Promise<Buffer>;
}

const KEEP_ALIVE_MS = 30_000;
let agent: Agent | undefined;

/**
 * One call to `origin` (scheme, host and port) + `path` (with its query). Rejects when the origin
 * cannot be reached or does not answer in time; an answer of any status resolves.
 */
export async function httpCall(origin: string, path: string, call: HttpCall): Promise<HttpAnswer> {
  agent ??= new Agent({ keepAliveTimeout: KEEP_ALIVE_MS, keepAliveMaxTimeout: KEEP_ALIVE_MS });
  const res = await agent.request({
    origin,
    path,
    method: call.method ?? 'GET',
    headers: call.body === undefined ? call.headers : { 'content-length': String(Buffer.byteLength(call.body)), ...call.headers },
    body: call.body,
    headersTimeout: call.timeoutMs,
    bodyTimeout: call.timeoutMs,
  });
  const { statusCode, headers, body } = res;
  return {
    status: statusCode,
    ok: statusCode >= 200 && statusCode < 300,
    header(name) {
      const v = headers[name.toLowerCase()];
      return Array.isArray(v) ? v[0] : v;
    },
    json: <T>() => body.json() as Promise<T>,
    text: () => body.text(),
    bytes: async () => Buffer.from(await body.arrayBuffer()),
  };
}

/** The origin and the base path of a service's address (`http://host:port/prefix/` → both parts). */
export function splitBase(baseUrl: string): { origin: string; prefix: string } {
  const u = new URL(baseUrl);
  return { origin: u.origin, prefix: u.pathname.replace(/\/$/, '') };
}
