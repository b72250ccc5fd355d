import { describe, expect, it } from 'vitest';
import { openOrderValue } from './credit.js';

/** A line of 10 units: 1,000.00 net, 20.00 of the header discount, 19 % tax on the rest. */
const line = (over: Partial<Parameters<typeof openOrderValue>[1][number]> = {}) => ({
  status: 'CONFIRMED',
  quantity: 10,
  netAmount: '1000.00',
  headerDiscount: '20.00',
  taxAmount: '186.20',
  cancelledQuantity: 0,
  invoicedQuantity: 0,
  ...over,
});

describe("an order's open value, as its invoices will bill it", () => {
  it('nothing invoiced: net − header discount + tax, and the freight the first invoice bills', () => {
    expect(openOrderValue({ freight: '15.00' }, [line()]).toFixed(2)).toBe('1181.20');
    expect(
      openOrderValue({ freight: '0' }, [line(), line({ netAmount: '500.00', headerDiscount: '0', taxAmount: '35.00' })]).toFixed(2),
    ).toBe('1701.20');
  });

  it('partly invoiced: the uninvoiced part of each line, and no freight (the first invoice billed it)', () => {
    expect(openOrderValue({ freight: '15.00' }, [line({ invoicedQuantity: 4 })]).toFixed(2)).toBe('699.72');
    expect(openOrderValue({ freight: '15.00' }, [line({ invoicedQuantity: 10, status: 'SHIPPED' })]).toFixed(2)).toBe('0.00');
  });

  it('cancelled lines count nothing; an order with nothing left open counts no freight either', () => {
    const cancelled = line({ status: 'CANCELLED', cancelledQuantity: 10, netAmount: '0.00', headerDiscount: '0', taxAmount: '0' });
    expect(openOrderValue({ freight: '15.00' }, [cancelled]).toFixed(2)).toBe('0.00');
    expect(openOrderValue({ freight: '15.00' }, [cancelled, line()]).toFixed(2)).toBe('1181.20');
  });
});
