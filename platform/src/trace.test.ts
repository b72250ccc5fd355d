import { describe, expect, it } from 'vitest';
import { childTraceparent, continueTrace, formatTraceparent, parseTraceparent } from './trace.js';

const TP = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

describe('W3C traceparent', () => {
  it('parses a valid header and rejects invalid ones', () => {
    expect(parseTraceparent(TP)).toEqual({ traceId: '4bf92f3577b34da6a3ce929d0e0e4736', spanId: '00f067aa0ba902b7', flags: '01' });
    for (const bad of [
      '',
      'garbage',
      TP.replace('00-', 'ff-'),
      `00-${'0'.repeat(32)}-00f067aa0ba902b7-01`,
      `00-4bf92f3577b34da6a3ce929d0e0e4736-${'0'.repeat(16)}-01`,
    ])
      expect(parseTraceparent(bad)).toBeUndefined();
  });
  it('continues the caller trace with a new span, or starts one', () => {
    const ctx = continueTrace(TP);
    expect(ctx.traceId).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
    expect(ctx.parentSpanId).toBe('00f067aa0ba902b7');
    expect(ctx.spanId).not.toBe('00f067aa0ba902b7');
    const fresh = continueTrace(undefined);
    expect(fresh.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(parseTraceparent(formatTraceparent(fresh))).toBeDefined();
  });
  it('gives outgoing calls the same trace id and a fresh span id', () => {
    const ctx = continueTrace(TP);
    const out = parseTraceparent(childTraceparent(ctx))!;
    expect(out.traceId).toBe(ctx.traceId);
    expect(out.spanId).not.toBe(ctx.spanId);
  });

  it('gives well-formed, distinct ids across refills of its random pool', () => {
    // 1000 traces × 24 bytes is several refills of the 4 KiB pool.
    const ids = Array.from({ length: 1000 }, () => continueTrace(undefined));
    for (const { traceId, spanId } of ids) {
      expect(traceId).toMatch(/^[0-9a-f]{32}$/);
      expect(spanId).toMatch(/^[0-9a-f]{16}$/);
    }
    expect(new Set(ids.flatMap((c) => [c.traceId, c.spanId])).size).toBe(2000);
  });
});
