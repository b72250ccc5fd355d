import { describe, expect, it } from 'vitest';
import { balances, invoiceStatus } from './invoice-status.js';

const inv = (over: Partial<Parameters<typeof invoiceStatus>[0]>) => ({
  erpStatus: 'OPEN',
  total: '100.00',
  balance: '100.00',
  dueDate: '2026-12-01',
  ...over,
});

describe('invoiceStatus', () => {
  it('derives the buyer-facing status', () => {
    expect(invoiceStatus(inv({}), '2026-11-30')).toBe('OPEN');
    expect(invoiceStatus(inv({}), '2026-12-01')).toBe('OPEN'); // due today is not overdue
    expect(invoiceStatus(inv({}), '2026-12-02')).toBe('OVERDUE');
    expect(invoiceStatus(inv({ balance: '40.00' }), '2026-11-30')).toBe('PARTIALLY_PAID');
    expect(invoiceStatus(inv({ balance: '0.00', erpStatus: 'PAID' }), '2027-01-01')).toBe('PAID');
    expect(invoiceStatus(inv({ erpStatus: 'CANCELLED' }), '2027-01-01')).toBe('CANCELLED');
  });
  it('sums open and overdue balances exactly', () => {
    const b = balances([inv({ balance: '0.10' }), inv({ balance: '0.20', dueDate: '2026-01-01' }), inv({ balance: '0.00' })], '2026-06-01');
    expect(b.open.toFixed(2)).toBe('0.30');
    expect(b.overdue.toFixed(2)).toBe('0.20');
  });
});
