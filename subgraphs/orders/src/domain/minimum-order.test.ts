import { describe, expect, it } from 'vitest';
import { shortOfMinimum } from './minimum-order.js';

describe('shortOfMinimum', () => {
  it('compares the goods (net after header discounts) with the minimum; freight and tax do not count', () => {
    const s = shortOfMinimum({
      net: '120.00',
      headerDiscount: '0.00',
      freight: '20.00',
      tax: '22.80',
      total: '162.80',
      minimumOrderValue: '150.0000',
    });
    expect([s?.goods.toFixed(2), s?.shortBy.toFixed(2)]).toEqual(['120.00', '30.00']);
    // A header discount can take a cart below the minimum.
    expect(shortOfMinimum({ net: '151.00', headerDiscount: '3.02', total: '170.00', minimumOrderValue: '150' })?.shortBy.toFixed(2)).toBe(
      '2.02',
    );
  });

  it('is null at or above the minimum, and for an account without one', () => {
    expect(shortOfMinimum({ net: '150.00', headerDiscount: '0.00', total: '150.00', minimumOrderValue: '150.00' })).toBeNull();
    expect(shortOfMinimum({ net: '10.00', total: '35.00' })).toBeNull();
  });
});
