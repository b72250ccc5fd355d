import { describe, expect, it } from 'vitest';
import { checkEditable, checkLines, mergeLines } from './cart-rules.js';

const facts = [
  { sku: 'A-1', discontinued: false, successorSku: null },
  { sku: 'OLD-1', discontinued: true, successorSku: 'NEW-1' },
];

describe('cart rules', () => {
  it('only active and saved carts change', () => {
    expect(checkEditable('ACTIVE')).toBeNull();
    expect(checkEditable('SAVED')).toBeNull();
    expect(checkEditable('PENDING_APPROVAL')).toEqual({ kind: 'CART_LOCKED', status: 'PENDING_APPROVAL' });
  });
  it('refuses bad quantities, unknown and discontinued SKUs, with the successor as a hint', () => {
    expect(checkLines([{ sku: 'A-1', quantity: 0 }], facts, 0)).toEqual({ kind: 'INVALID_QUANTITY', quantity: 0 });
    expect(checkLines([{ sku: 'A-1', quantity: 1.5 }], facts, 0)).toEqual({ kind: 'INVALID_QUANTITY', quantity: 1.5 });
    expect(
      checkLines(
        [
          { sku: 'NOPE', quantity: 1 },
          { sku: 'NOPE', quantity: 2 },
        ],
        facts,
        0,
      ),
    ).toEqual({ kind: 'UNKNOWN_SKU', skus: ['NOPE'] });
    expect(checkLines([{ sku: 'OLD-1', quantity: 1 }], facts, 0)).toEqual({
      kind: 'DISCONTINUED_ITEM',
      sku: 'OLD-1',
      successorSku: 'NEW-1',
    });
    expect(checkLines([{ sku: 'A-1', quantity: 1 }], facts, 500)?.kind).toBe('INVALID_INPUT');
    expect(checkLines([{ sku: 'A-1', quantity: 3 }], facts, 0)).toBeNull();
  });
  it('merges a SKU already in the cart (same requested date) and new duplicates', () => {
    const r = mergeLines(
      [{ id: 'l1', sku: 'A-1', quantity: 2, requestedDate: null }],
      [
        { sku: 'A-1', quantity: 3 },
        { sku: 'B-2', quantity: 1 },
        { sku: 'B-2', quantity: 4 },
        { sku: 'A-1', quantity: 1, requestedDate: '2026-12-01' },
      ],
    );
    expect(r.updates).toEqual([{ id: 'l1', quantity: 5 }]);
    expect(r.inserts).toEqual([
      { sku: 'B-2', quantity: 5, requestedDate: null },
      { sku: 'A-1', quantity: 1, requestedDate: '2026-12-01' },
    ]);
  });
});
