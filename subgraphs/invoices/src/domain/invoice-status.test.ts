import { describe, expect, it } from 'vitest';
import { aging, balances, daysOverdue, invoiceStatus } from './invoice-status.js';

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

describe('daysOverdue', () => {
  it('counts whole days past the due date, across months and years', () => {
    expect(daysOverdue('2026-12-01', '2026-12-01')).toBe(0);
    expect(daysOverdue('2026-12-01', '2026-11-01')).toBe(0);
    expect(daysOverdue('2026-12-01', '2026-12-02')).toBe(1);
    expect(daysOverdue('2026-12-31', '2027-03-01')).toBe(60);
  });
});

describe('aging', () => {
  it('puts each open balance in its bucket by days past due; the buckets add up to the open balance', () => {
    const today = '2026-06-30';
    const invoices = [
      inv({ dueDate: '2026-07-15', balance: '10.00' }), // current
      inv({ dueDate: '2026-06-30', balance: '1.01' }), // due today: current
      inv({ dueDate: '2026-06-29', balance: '2.00' }), // 1 day
      inv({ dueDate: '2026-05-31', balance: '3.00' }), // 30 days
      inv({ dueDate: '2026-05-30', balance: '4.00' }), // 31 days
      inv({ dueDate: '2026-05-01', balance: '5.00' }), // 60 days
      inv({ dueDate: '2026-04-30', balance: '6.00' }), // 61 days
      inv({ dueDate: '2026-04-01', balance: '7.00' }), // 90 days
      inv({ dueDate: '2026-03-31', balance: '8.00' }), // 91 days
      inv({ dueDate: '2025-01-01', balance: '0.00', erpStatus: 'PAID' }), // paid: nowhere
      inv({ dueDate: '2025-01-01', balance: '9.00', erpStatus: 'CANCELLED' }), // cancelled: nowhere
    ];
    const a = aging(invoices, today);
    expect(Object.fromEntries(Object.entries(a).map(([k, v]) => [k, v.toFixed(2)]))).toEqual({
      current: '11.01',
      days1To30: '5.00',
      days31To60: '9.00',
      days61To90: '13.00',
      over90: '8.00',
    });
    const sum = Object.values(a).reduce((s, v) => s.plus(v), a.current.minus(a.current));
    expect(sum.toFixed(2)).toBe(balances(invoices, today).open.toFixed(2));
    expect(sum.minus(a.current).toFixed(2)).toBe(balances(invoices, today).overdue.toFixed(2));
  });
});
