/**
 * Work done for one trace, per service: requests served, time spent serving them, SQL statements
 * and time spent in SQL. Every HTTP service continues the caller's trace (`traceparent`), so one
 * client request through the gateway is one trace id across the gateway, the subgraphs, the
 * internal calls between them and the reference ERP — summing by trace id attributes work to the
 * request that caused it and leaves out background work (feed polls, outboxes), which runs in no
 * request's scope.
 *
 * Off unless turned on (`recordRequestWork(true)`): for tests and benchmarks that run the stack in
 * their own process. When on, every finished request and every statement of a traced scope is
 * added up; `takeRequestWork(traceId)` reads and forgets one trace.
 */
import { currentScope } from './context.js';

export interface ServiceWork {
  /** Requests this service served for the trace (HTTP, any route). */
  requests: number;
  /** Wall time of those requests, summed (ms). */
  ms: number;
  /** SQL statements issued while serving them. */
  sql: number;
  /** Time from sending a statement until its answer, summed (ms). */
  sqlMs: number;
  /** Named steps of the service's own work timed for the trace (`timeStep`), summed per name (ms). */
  steps?: Record<string, number>;
}

let traces: Map<string, Map<string, ServiceWork>> | undefined;

/** Turn recording on or off (off forgets everything recorded). */
export function recordRequestWork(on: boolean): void {
  traces = on ? (traces ?? new Map()) : undefined;
}

export function requestWorkRecording(): boolean {
  return traces !== undefined;
}

function entry(traceId: string, service: string): ServiceWork {
  let byService = traces!.get(traceId);
  if (!byService) traces!.set(traceId, (byService = new Map()));
  let w = byService.get(service);
  if (!w) byService.set(service, (w = { requests: 0, ms: 0, sql: 0, sqlMs: 0 }));
  return w;
}

/** A request of `service` finished after `ms` (called by the HTTP server for every request). */
export function noteRequest(service: string, traceId: string, ms: number): void {
  if (!traces) return;
  const w = entry(traceId, service);
  w.requests++;
  w.ms += ms;
}

/** A statement of `service` was sent from the current request scope. */
export function noteStatement(service: string): void {
  if (!traces) return;
  const scope = currentScope();
  if (scope) entry(scope.trace.traceId, service).sql++;
}

/** A statement of `service` sent from the current request scope was answered after `ms`. */
export function noteStatementTime(service: string, ms: number): void {
  if (!traces) return;
  const scope = currentScope();
  if (scope) entry(scope.trace.traceId, service).sqlMs += ms;
}

/**
 * Run `work` as the step `step` of `service` for the current request: when recording, its wall time
 * is added to the trace's work (steps that overlap are each timed whole). Otherwise just `work()`.
 */
export async function timeStep<T>(service: string, step: string, work: () => Promise<T>): Promise<T> {
  const scope = traces ? currentScope() : undefined;
  if (!scope) return work();
  const started = performance.now();
  try {
    return await work();
  } finally {
    const w = entry(scope.trace.traceId, service);
    (w.steps ??= {})[step] = (w.steps[step] ?? 0) + (performance.now() - started);
  }
}

/** What each service did for `traceId` so far; forgets the trace. */
export function takeRequestWork(traceId: string): Record<string, ServiceWork> {
  const byService = traces?.get(traceId);
  traces?.delete(traceId);
  return Object.fromEntries(byService ?? []);
}
