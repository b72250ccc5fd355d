import { describe, expect, it } from 'vitest';
import type { Viewer } from './auth.js';
import { InternalCallError, type InternalClient } from './internal-client.js';
import { availabilityRecheck, getQuote, itemsLookup, parseAnswer, postInternal, quoteValidate } from './internal-contracts.js';

const viewer: Viewer = { userId: 'u1', accountId: 'A1', roles: ['buyer'] } as Viewer;

/** A client that answers every call with `body` and records what it was asked. */
function answering(body: unknown) {
  const calls: { method: string; path: string; body?: unknown }[] = [];
  const client: InternalClient = {
    post: async <T>(path: string, b: unknown) => {
      calls.push({ method: 'POST', path, body: b });
      return body as T;
    },
    get: async <T>(path: string) => {
      calls.push({ method: 'GET', path });
      return body as T;
    },
  };
  return { client, calls };
}

const quote = {
  id: 'q1',
  accountId: 'A1',
  cartId: null,
  pricingDate: '2026-12-01',
  currency: 'EUR',
  source: 'portal',
  lines: [{ lineId: 'l1', sku: 'S-1', quantity: 2, unitPrice: '5.00', netAmount: '10.00', components: [], basis: {} }],
  totals: { subtotal: '10.00', discount: '0.00', surcharge: '0.00', freight: '0.00', net: '10.00', total: '10.00' },
  createdAt: '2026-12-01T10:00:00.000Z',
  expiresAt: '2026-12-02T10:00:00.000Z',
};

describe('internal contracts', () => {
  it('posts to the contract path and returns the parsed answer', async () => {
    const { client, calls } = answering({ items: [{ sku: 'S-1', name: 'Bolt', discontinued: false, successorSku: null }] });
    const answer = await postInternal(client, itemsLookup, { skus: ['S-1'] }, viewer);
    expect(calls).toEqual([{ method: 'POST', path: '/internal/items/lookup', body: { skus: ['S-1'] } }]);
    expect(answer.items).toEqual([{ sku: 'S-1', name: 'Bolt', discontinued: false, successorSku: null }]);
  });

  it('refuses an answer outside the contract as the callee’s fault (502), naming the field', async () => {
    const { client } = answering({ status: 'VALID', checkedAgainst: 'ERP', quote: { id: 'q1' }, differences: [], freight: null });
    const err = await postInternal(client, quoteValidate, { quoteId: 'q1' }, viewer).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InternalCallError);
    expect(err).toMatchObject({ status: 502, code: 'INTERNAL_CONTRACT_MISMATCH' });
    expect((err as Error).message).toContain('quote.expiresAt');
  });

  it('keeps every quote total, and drops line fields the caller does not read', async () => {
    const { client, calls } = answering(quote);
    const q = await getQuote(client, 'q/1', viewer);
    expect(calls[0]!.path).toBe('/internal/quotes/q%2F1');
    expect(q.totals).toEqual(quote.totals);
    expect(q.lines).toEqual([{ lineId: 'l1', sku: 'S-1', quantity: 2, unitPrice: '5.00', netAmount: '10.00' }]);
  });

  it('the request schemas the servers validate with refuse what the caller may not send', () => {
    expect(itemsLookup.request.safeParse({ skus: [] }).success).toBe(false);
    expect(itemsLookup.request.safeParse({ skus: ['x'.repeat(65)] }).success).toBe(false);
    expect(quoteValidate.request.safeParse({ quoteId: '' }).success).toBe(false);
    const line = { lineId: 'l1', sku: 'S-1', quantity: 1, requestedDate: '2026-12-24' };
    expect(availabilityRecheck.request.safeParse({ lines: [line] }).success).toBe(true);
    expect(availabilityRecheck.request.safeParse({ lines: [{ ...line, quantity: 0 }] }).success).toBe(false);
    expect(availabilityRecheck.request.safeParse({ lines: [{ ...line, requestedDate: '24.12.2026' }] }).success).toBe(false);
  });

  it('parseAnswer names the body when the answer is not an object at all', () => {
    expect(() => parseAnswer(itemsLookup.answer, 'oops', 'POST /x')).toThrow(/POST \/x answered outside its contract: \(body\)/);
  });
});
