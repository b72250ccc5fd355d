/**
 * Request-scoped context carried through async calls (AsyncLocalStorage): correlation id,
 * W3C trace context and a SQL statement counter. Loggers and outgoing HTTP calls read it,
 * so nobody has to thread these values by hand.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { TraceContext } from './trace.js';

export interface RequestScope {
  correlationId: string;
  trace: TraceContext;
  /** SQL statements issued while serving this request (for N+1 checks). */
  sqlCount: number;
}

const storage = new AsyncLocalStorage<RequestScope>();

export function currentScope(): RequestScope | undefined {
  return storage.getStore();
}

export function runInScope<T>(scope: RequestScope, fn: () => T): T {
  return storage.run(scope, fn);
}

/** Run `fn` in no request's scope: background work a request only wakes (it is not the request's work). */
export function runOutsideScope<T>(fn: () => T): T {
  return storage.exit(fn);
}

export function newCorrelationId(): string {
  return randomUUID();
}

/** Accept a client-supplied correlation id only if it is short and printable. */
export function sanitizeCorrelationId(value: string | string[] | undefined): string | undefined {
  const v = Array.isArray(value) ? value[0] : value;
  if (!v) return undefined;
  return /^[A-Za-z0-9._:-]{1,128}$/.test(v) ? v : undefined;
}
