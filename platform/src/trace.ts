/**
 * W3C Trace Context (`traceparent`) parsing and propagation. A service continues the caller's
 * trace (same trace id, new span id) or starts one; outgoing calls carry a child traceparent.
 */
import { randomBytes } from 'node:crypto';

export interface TraceContext {
  traceId: string;
  spanId: string;
  /** The caller's span, if the trace was continued. */
  parentSpanId?: string;
  flags: string;
}

const TRACEPARENT = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;

export function parseTraceparent(header: string | string[] | undefined): { traceId: string; spanId: string; flags: string } | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  if (!value) return undefined;
  const m = TRACEPARENT.exec(value.trim().toLowerCase());
  if (!m) return undefined;
  const [, version, traceId, spanId, flags] = m as unknown as [string, string, string, string, string];
  if (version === 'ff' || /^0+$/.test(traceId) || /^0+$/.test(spanId)) return undefined;
  return { traceId, spanId, flags };
}

/**
 * Random ids come from a pool refilled 4 KiB at a time: an id per subgraph call (the gateway makes
 * several per request) would otherwise be a call into the system's random source each.
 */
const POOL_BYTES = 4096;
let pool = randomBytes(POOL_BYTES);
let poolOffset = 0;

function hex(bytes: number): string {
  if (poolOffset + bytes > POOL_BYTES) {
    pool = randomBytes(POOL_BYTES);
    poolOffset = 0;
  }
  const id = pool.toString('hex', poolOffset, poolOffset + bytes);
  poolOffset += bytes;
  return id;
}

/** The context for work done here: continues `incoming` when valid, else starts a new trace. */
export function continueTrace(incoming: string | string[] | undefined): TraceContext {
  const parent = parseTraceparent(incoming);
  if (parent) return { traceId: parent.traceId, spanId: hex(8), parentSpanId: parent.spanId, flags: parent.flags };
  return { traceId: hex(16), spanId: hex(8), flags: '01' };
}

export function formatTraceparent(ctx: Pick<TraceContext, 'traceId' | 'spanId' | 'flags'>): string {
  return `00-${ctx.traceId}-${ctx.spanId}-${ctx.flags}`;
}

let activeSpanTraceparent: (() => string | undefined) | undefined;

/**
 * A service that records spans (the gateway with OpenTelemetry on) registers where the active
 * span's traceparent comes from, so outgoing calls name the span they were made in.
 */
export function useActiveSpanForOutgoingCalls(current: (() => string | undefined) | undefined): void {
  activeSpanTraceparent = current;
}

/**
 * Header value for an outgoing call made while handling `ctx`: the active span of the same trace
 * when spans are recorded, else same trace with a fresh span id.
 */
export function childTraceparent(ctx: TraceContext | undefined): string {
  const active = activeSpanTraceparent?.();
  if (active && (!ctx || parseTraceparent(active)?.traceId === ctx.traceId)) return active;
  if (!ctx) return formatTraceparent({ traceId: hex(16), spanId: hex(8), flags: '01' });
  return formatTraceparent({ traceId: ctx.traceId, spanId: hex(8), flags: ctx.flags });
}
