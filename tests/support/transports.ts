/**
 * What the gateway transport e2e files (gateway-transports-refused, gateway-transports-accepted)
 * share: a stack with two more gateways (introspection off, persisted-only), one client that
 * sends an operation over five transports — GraphQL over HTTP (POST and GET on /graphql), GraphQL
 * over SSE (GET and POST on /graphql/stream) and graphql-ws — and reduces each answer to what must
 * be equal across them, and the gateway's metrics. Each e2e file runs in its own process: the
 * stack here is the one that file started.
 */
import { createHash } from 'node:crypto';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import type { RunningGateway } from '@portal/gateway';
import { gql } from './graphql.js';
import { startTestStack, type TestStack } from './stack.js';

let stack: TestStack;
let token: string;
export const gateways: Record<'default' | 'noIntrospection' | 'persistedOnly', string> = {
  default: '',
  noIntrospection: '',
  persistedOnly: '',
};

/** Another gateway over this file's stack, with its own settings (closed when the stack stops). */
export const extraGateway = (env: Record<string, string>, urls: Record<string, string> = {}): Promise<RunningGateway> =>
  stack.extraGateway(env, urls);

/** Starts the stack and the two extra gateways; `token` is the ACME buyer's, sent by default. */
export async function startTransportStack(): Promise<{ stack: TestStack; token: string }> {
  stack = await startTestStack({ ERP_FULFILMENT_INTERVAL_MS: '0', ORDERS_SUBSCRIPTION_POLL_MS: '1000' });
  token = stack.token('ACME', 'buyer');
  gateways.default = stack.services.gateway.url;
  gateways.noIntrospection = (await extraGateway({ INTROSPECTION: 'false' })).url;
  gateways.persistedOnly = (await extraGateway({ PERSISTED_ONLY: 'true' })).url;
  return { stack, token };
}

export async function stopTransportStack(): Promise<void> {
  await stack?.stop();
}

// ---------------------------------------------------------------- one client, five transports

export type Transport = 'http POST' | 'http GET' | 'sse GET' | 'sse POST' | 'graphql-ws';
export const ALL: Transport[] = ['http POST', 'http GET', 'sse GET', 'sse POST', 'graphql-ws'];
export const POSTS: Transport[] = ['http POST', 'sse POST'];
export const GETS: Transport[] = ['http GET', 'sse GET'];

export interface Request {
  query?: string;
  variables?: Record<string, unknown>;
  /** `variables` as JSON text, sent as is (a value too deep for this process's JSON.stringify). */
  rawVariables?: string;
  operationName?: string;
  extensions?: Record<string, unknown>;
  /** `null`: no Authorization at all. */
  token?: string | null;
  /** POST content-type (default application/json). */
  contentType?: string;
  /** Send the CSRF preflight header on GET (default true: a well-behaved non-browser client). */
  preflight?: boolean;
}

/** What came back, reduced to what must be equal across transports. */
export interface Answer {
  /** HTTP status (HTTP and SSE); graphql-ws has none. */
  status?: number;
  /** graphql-ws: the socket's close code, when it was closed instead of answered. */
  closeCode?: number;
  codes: string[];
  messages: string[];
  /** The body had the one error shape: `{ errors: [{ message, extensions: { code } }] }` and nothing else. */
  errorShape: boolean;
  data?: unknown;
  serviceNames: string[];
}

function reduce(status: number | undefined, body: any): Answer {
  const errors: any[] = Array.isArray(body?.errors) ? body.errors : [];
  return {
    ...(status !== undefined ? { status } : {}),
    codes: errors.map((e) => e?.extensions?.code),
    messages: errors.map((e) => e?.message),
    errorShape:
      errors.length > 0 &&
      !('error' in (body ?? {})) &&
      errors.every((e) => typeof e?.message === 'string' && typeof e?.extensions?.code === 'string'),
    ...(body && 'data' in body ? { data: body.data } : {}),
    serviceNames: errors.map((e) => e?.extensions?.serviceName).filter(Boolean),
  };
}

const auth = (r: Request): Record<string, string> => {
  const t = r.token === undefined ? token : r.token;
  return t === null ? {} : { authorization: `Bearer ${t}` };
};

export function search(r: Request): string {
  const q = new URLSearchParams();
  if (r.query !== undefined) q.set('query', r.query);
  if (r.operationName) q.set('operationName', r.operationName);
  if (r.variables) q.set('variables', JSON.stringify(r.variables));
  if (r.extensions) q.set('extensions', JSON.stringify(r.extensions));
  return q.toString();
}

/** The operation as JSON text, with `rawVariables` spliced in verbatim. */
function jsonBody(r: Request): string {
  const text = JSON.stringify({
    ...(r.query !== undefined ? { query: r.query } : {}),
    ...(r.operationName ? { operationName: r.operationName } : {}),
    variables: r.rawVariables ? '\u0000raw' : (r.variables ?? {}),
    ...(r.extensions ? { extensions: r.extensions } : {}),
  });
  return r.rawVariables ? text.replace('"\\u0000raw"', r.rawVariables) : text;
}

/** Reads an SSE answer: a refusal is JSON; a stream is read up to its first `next` event. */
async function sseAnswer(res: Response, controller: AbortController): Promise<Answer> {
  if (!(res.headers.get('content-type') ?? '').includes('text/event-stream')) return reduce(res.status, await res.json());
  const reader = res.body!.getReader();
  let text = '';
  const deadline = Date.now() + 15_000;
  while (!/event: next\ndata: .*\n\n/.test(text) && Date.now() < deadline) {
    const { value, done } = await reader.read();
    if (done) break;
    text += new TextDecoder().decode(value);
  }
  controller.abort();
  const data = /event: next\ndata: (.*)\n\n/.exec(text)?.[1];
  return reduce(res.status, data ? JSON.parse(data) : { errors: [{ message: `no next event: ${text.slice(0, 200)}` }] });
}

export async function send(base: string, transport: Transport, r: Request): Promise<Answer> {
  const preflight: Record<string, string> = r.preflight === false ? {} : { 'apollo-require-preflight': 'true' };
  const postHeaders = { 'content-type': r.contentType ?? 'application/json', ...auth(r) };
  switch (transport) {
    case 'http POST': {
      const res = await fetch(`${base}/graphql`, { method: 'POST', headers: postHeaders, body: jsonBody(r) });
      return reduce(res.status, await res.json());
    }
    case 'http GET': {
      const res = await fetch(`${base}/graphql?${search(r)}`, { headers: { ...preflight, ...auth(r) } });
      return reduce(res.status, await res.json());
    }
    case 'sse GET': {
      const controller = new AbortController();
      const res = await fetch(`${base}/graphql/stream?${search(r)}`, {
        headers: { accept: 'text/event-stream', ...preflight, ...auth(r) },
        signal: controller.signal,
      });
      return sseAnswer(res, controller);
    }
    case 'sse POST': {
      const controller = new AbortController();
      const res = await fetch(`${base}/graphql/stream`, {
        method: 'POST',
        headers: { accept: 'text/event-stream', ...postHeaders },
        body: jsonBody(r),
        signal: controller.signal,
      });
      return sseAnswer(res, controller);
    }
    case 'graphql-ws':
      return r.rawVariables ? rawWsAnswer(base, r) : wsAnswer(base, r);
  }
}

function wsAnswer(base: string, r: Request): Promise<Answer> {
  const t = r.token === undefined ? token : r.token;
  const client = createClient({
    url: `${base.replace(/^http/, 'ws')}/graphql`,
    webSocketImpl: WebSocket,
    connectionParams: t === null ? {} : { Authorization: `Bearer ${t}` },
    retryAttempts: 0,
    lazy: true,
  });
  return new Promise<Answer>((resolve) => {
    let closeCode: number | undefined;
    const finish = (a: Answer) => {
      stop();
      void client.dispose();
      resolve(a);
    };
    client.on('closed', (e) => (closeCode ??= (e as { code?: number }).code));
    const stop = client.subscribe(
      {
        query: r.query ?? '',
        ...(r.operationName ? { operationName: r.operationName } : {}),
        variables: r.variables ?? {},
        ...(r.extensions ? { extensions: r.extensions } : {}),
      },
      {
        next: (result) => finish(reduce(undefined, result)),
        error: (err) =>
          finish(
            Array.isArray(err)
              ? reduce(undefined, { errors: err })
              : {
                  closeCode: closeCode ?? (err as { code?: number }).code ?? -1,
                  codes: [],
                  messages: [],
                  errorShape: false,
                  serviceNames: [],
                },
          ),
        complete: () => finish(reduce(undefined, { errors: [{ message: 'completed without a result' }] })),
      },
    );
  });
}

/** graphql-ws by hand (the client library would JSON.stringify the variables): init, one subscribe, its first answer. */
function rawWsAnswer(base: string, r: Request): Promise<Answer> {
  const socket = new WebSocket(`${base.replace(/^http/, 'ws')}/graphql`, 'graphql-transport-ws');
  return new Promise<Answer>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no answer over graphql-ws')), 15_000);
    const done = (a: Answer) => {
      clearTimeout(timer);
      socket.close();
      resolve(a);
    };
    socket.on('open', () =>
      socket.send(JSON.stringify({ type: 'connection_init', payload: { Authorization: `Bearer ${r.token ?? token}` } })),
    );
    socket.on('close', (code) => done({ closeCode: code, codes: [], messages: [], errorShape: false, serviceNames: [] }));
    socket.on('message', (raw) => {
      const message = JSON.parse(String(raw)) as { type: string; payload?: any };
      if (message.type === 'connection_ack') socket.send(`{"id":"1","type":"subscribe","payload":${jsonBody(r)}}`);
      else if (message.type === 'error') done(reduce(undefined, { errors: message.payload }));
      else if (message.type === 'next') done(reduce(undefined, message.payload));
    });
  });
}

// ---------------------------------------------------------------- metrics

export async function metricsText(base = gateways.default): Promise<string> {
  return (await fetch(`${base}/metrics`)).text();
}
export function metricValue(text: string, name: string, labels: Record<string, string> = {}): number {
  let sum = 0;
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    if (!Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`))) continue;
    sum += Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return sum;
}
export const subgraphFetches = async () => metricValue(await metricsText(), 'portal_gateway_subgraph_fetches_total');
export const activeSubscriptions = async () => metricValue(await metricsText(), 'portal_gateway_active_subscriptions');
export const upstreamOperations = async () => metricValue(await metricsText(), 'portal_gateway_upstream_operations');

// ---------------------------------------------------------------- what both files send

export const ME = '{ me { account { id } } }';
export const TWO_OPS = 'query A { me { user { id } } } query B { me { account { id } } }';
export const sha = (text: string) => createHash('sha256').update(text).digest('hex');

export async function cartCount(): Promise<number> {
  const r = await gql(`${gateways.default}/graphql`, '{ carts { id } }', { token });
  return (r.body.data?.carts as unknown[] | undefined)?.length ?? -1;
}
