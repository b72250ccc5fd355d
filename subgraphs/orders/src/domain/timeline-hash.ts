/**
 * The timeline's hash chain: each event's hash covers its own content and the previous event's
 * hash, so changing, removing or reordering any stored event breaks every hash after it.
 * Canonical JSON (sorted keys, no whitespace) makes the hash independent of key order in storage.
 */
import { createHash } from 'node:crypto';

export interface HashedContent {
  seq: number;
  id: string;
  orderId: string;
  accountId: string;
  at: Date;
  type: string;
  source: string;
  correlationId: string;
  actor: string | null;
  summary: string;
  data: unknown;
}

export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

export function timelineHash(e: HashedContent, prevHash: string | null): string {
  const content = canonicalJson({
    seq: e.seq,
    id: e.id,
    orderId: e.orderId,
    accountId: e.accountId,
    at: e.at.toISOString(),
    type: e.type,
    source: e.source,
    correlationId: e.correlationId,
    actor: e.actor,
    summary: e.summary,
    data: e.data,
  });
  return createHash('sha256')
    .update(prevHash ?? 'genesis')
    .update('\n')
    .update(content)
    .digest('hex');
}

export interface ChainVerification {
  valid: boolean;
  checked: number;
  /** The first event whose stored hash or link does not match (null when valid). */
  brokenEventId: string | null;
  reason: string | null;
}

/** Verify one order's events, oldest first. */
export function verifyChain(events: (HashedContent & { prevHash: string | null; hash: string })[]): ChainVerification {
  let prev: string | null = null;
  for (const [i, e] of events.entries()) {
    if (e.prevHash !== prev)
      return {
        valid: false,
        checked: i + 1,
        brokenEventId: e.id,
        reason: 'link to the previous event does not match (removed or reordered)',
      };
    if (timelineHash(e, prev) !== e.hash)
      return { valid: false, checked: i + 1, brokenEventId: e.id, reason: 'content does not match its hash' };
    prev = e.hash;
  }
  return { valid: true, checked: events.length, brokenEventId: null, reason: null };
}
