import { describe, expect, it } from 'vitest';
import { returnStatus, returnedByLine, returnsOf } from './returns.js';

const memo = (n: number, data: Record<string, unknown>) => ({ type: 'credit_memo.issued', at: new Date(Date.UTC(2026, 10, n)), data });

describe('returns from the timeline', () => {
  const events = [
    { type: 'invoice.posted', at: new Date(Date.UTC(2026, 10, 1)), data: {} },
    memo(5, {
      creditMemoNumber: 'CM-2',
      total: '50.00',
      currency: 'USD',
      returnNumber: 'RET-2',
      lines: [{ lineNo: 1, sku: 'A', quantity: 5 }],
    }),
    memo(3, {
      creditMemoNumber: 'CM-1',
      total: '30.00',
      currency: 'USD',
      returnNumber: 'RET-1',
      lines: [
        { lineNo: 1, sku: 'A', quantity: 3 },
        { lineNo: 2, sku: 'B', quantity: 2 },
      ],
    }),
    // A price credit names no return: it is no return.
    memo(4, {
      creditMemoNumber: 'CM-X',
      total: '9.00',
      currency: 'USD',
      returnNumber: null,
      lines: [{ lineNo: 1, sku: 'A', quantity: 1 }],
    }),
  ];

  it('lists each return once, oldest first, and sums quantities per line', () => {
    const returns = returnsOf([...events, events[1]!]);
    expect(returns.map((r) => [r.number, r.creditMemoNumber, r.status])).toEqual([
      ['RET-1', 'CM-1', 'CREDITED'],
      ['RET-2', 'CM-2', 'CREDITED'],
    ]);
    expect(Object.fromEntries(returnedByLine(returns))).toEqual({ 1: 8, 2: 2 });
  });

  it('says NONE, PARTIALLY_RETURNED or RETURNED against what shipped', () => {
    const returns = returnsOf(events);
    expect(returnStatus([{ lineNo: 1, shippedQuantity: 8 }], [])).toBe('NONE');
    expect(
      returnStatus(
        [
          { lineNo: 1, shippedQuantity: 8 },
          { lineNo: 2, shippedQuantity: 4 },
        ],
        returns,
      ),
    ).toBe('PARTIALLY_RETURNED');
    expect(
      returnStatus(
        [
          { lineNo: 1, shippedQuantity: 8 },
          { lineNo: 2, shippedQuantity: 2 },
        ],
        returns,
      ),
    ).toBe('RETURNED');
  });
});
