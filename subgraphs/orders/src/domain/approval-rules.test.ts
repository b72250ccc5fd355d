import { describe, expect, it } from 'vitest';
import { Decimal } from '@portal/platform/money';
import { effectiveLimit, mayApprove, needsApproval } from './approval-rules.js';

describe('spending limits', () => {
  it('uses the user limit, else the account default, else zero', () => {
    expect(effectiveLimit('5000.00', '100.00').toFixed(2)).toBe('5000.00');
    expect(effectiveLimit(null, '100.00').toFixed(2)).toBe('100.00');
    expect(effectiveLimit(undefined, null).toFixed(2)).toBe('0.00');
  });
  it('needs approval above the limit only; a zero limit needs it for every order', () => {
    expect(needsApproval(new Decimal('5000.00'), new Decimal('5000.00'))).toBe(false);
    expect(needsApproval(new Decimal('5000.01'), new Decimal('5000.00'))).toBe(true);
    expect(needsApproval(new Decimal('0.01'), new Decimal('0'))).toBe(true);
  });
});

describe('who may approve', () => {
  const approver = { userId: 'alex', roles: ['approver' as const], limit: new Decimal('50000') };
  const admin = { userId: 'ada', roles: ['admin' as const], limit: new Decimal('5000') };
  it('an approver up to their own limit, then the next level', () => {
    expect(mayApprove(approver, 'bea', new Decimal('49999.99'))).toBeNull();
    expect(mayApprove(approver, 'bea', new Decimal('50000.01'))?.code).toBe('APPROVAL_LIMIT_EXCEEDED');
    expect(mayApprove(admin, 'bea', new Decimal('1000000'))).toBeNull();
  });
  it('nobody approves their own cart above their own limit, admins included', () => {
    expect(mayApprove(approver, 'alex', new Decimal('60000'))?.code).toBe('OWN_CART');
    expect(mayApprove(admin, 'ada', new Decimal('6000'))?.code).toBe('OWN_CART');
  });
  it('buyers and analysts do not approve', () => {
    expect(mayApprove({ userId: 'bea', roles: ['buyer'], limit: new Decimal('1e9') }, 'x', new Decimal('1'))?.code).toBe('NOT_AN_APPROVER');
  });
});
