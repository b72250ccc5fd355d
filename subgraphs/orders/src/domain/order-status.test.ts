import { describe, expect, it } from 'vitest';
import { ORDER_STATUSES, UnknownErpStatusError, orderStatusFromErp } from './order-status.js';

describe('orderStatusFromErp', () => {
  it('maps ERP statuses onto the stable portal statuses', () => {
    expect(orderStatusFromErp('open')).toBe('CONFIRMED');
    expect(orderStatusFromErp('CREDIT_HOLD')).toBe('ON_HOLD');
    expect(orderStatusFromErp(' shipped ')).toBe('COMPLETED');
  });
  it('is the identity on portal statuses', () => {
    for (const s of ORDER_STATUSES) expect(orderStatusFromErp(s)).toBe(s);
  });
  it('refuses statuses it does not know', () => {
    expect(() => orderStatusFromErp('TELEPORTED')).toThrow(UnknownErpStatusError);
  });
});
