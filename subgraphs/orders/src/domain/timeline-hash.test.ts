import { describe, expect, it } from 'vitest';
import { canonicalJson, timelineHash, verifyChain, type HashedContent } from './timeline-hash.js';

function chain(n: number) {
  const out: (HashedContent & { prevHash: string | null; hash: string })[] = [];
  let prev: string | null = null;
  for (let i = 0; i < n; i++) {
    const e: HashedContent = {
      seq: 10 + i,
      id: `e${i}`,
      orderId: 'o1',
      accountId: 'ACME',
      at: new Date(Date.UTC(2026, 0, 1, 0, i)),
      type: i === 0 ? 'order.submitted' : 'order.status_changed',
      source: 'PORTAL',
      correlationId: `c${i}`,
      actor: null,
      summary: `step ${i}`,
      data: { b: i, a: [1, { y: 2, x: 1 }] },
    };
    const hash = timelineHash(e, prev);
    out.push({ ...e, prevHash: prev, hash });
    prev = hash;
  }
  return out;
}

describe('timeline hash chain', () => {
  it('canonical JSON ignores key order', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, 1], c: null } })).toBe(canonicalJson({ a: { c: null, d: [2, 1] }, b: 1 }));
    expect(canonicalJson({ a: [1, 2] })).not.toBe(canonicalJson({ a: [2, 1] }));
  });

  it('verifies an untouched chain', () => {
    expect(verifyChain(chain(5))).toEqual({ valid: true, checked: 5, brokenEventId: null, reason: null });
    expect(verifyChain([]).valid).toBe(true);
  });

  it('detects a changed field, a removed event and a swap', () => {
    const edited = chain(5);
    edited[2] = { ...edited[2]!, summary: 'step 2 (edited)' };
    expect(verifyChain(edited)).toMatchObject({ valid: false, brokenEventId: 'e2', reason: expect.stringMatching(/content/) });

    const dataEdited = chain(4);
    dataEdited[1] = { ...dataEdited[1]!, data: { b: 99, a: [1, { y: 2, x: 1 }] } };
    expect(verifyChain(dataEdited)).toMatchObject({ valid: false, brokenEventId: 'e1' });

    const removed = chain(5);
    removed.splice(3, 1);
    expect(verifyChain(removed)).toMatchObject({ valid: false, brokenEventId: 'e4', reason: expect.stringMatching(/link/) });

    const swapped = chain(4);
    [swapped[1], swapped[2]] = [swapped[2]!, swapped[1]!];
    expect(verifyChain(swapped).valid).toBe(false);
  });

  it('a re-hashed edit still breaks the link of the next event', () => {
    const c = chain(3);
    const forged = { ...c[1]!, summary: 'forged' };
    forged.hash = timelineHash(forged, forged.prevHash);
    c[1] = forged;
    expect(verifyChain(c)).toMatchObject({ valid: false, brokenEventId: 'e2' });
  });
});
