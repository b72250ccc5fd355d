/**
 * Spending limits and who may approve, pure. Every user has a limit: their own, else the
 * account's default (zero: every order needs approval) — nothing is unlimited by omission. An
 * order whose total is above the submitter's limit waits for approval; an approver may approve up
 * to their own limit; admins are the top level; nobody approves their own cart above their own limit.
 */
import type { Role } from '@portal/platform/auth';
import { Decimal, formatAmount } from '@portal/platform/money';

/** The limit that applies to a user: theirs, else the account's default, else zero. */
export function effectiveLimit(userLimit: string | null | undefined, accountDefault: string | null | undefined): Decimal {
  return new Decimal(userLimit ?? accountDefault ?? '0');
}

export const needsApproval = (total: Decimal, limit: Decimal): boolean => total.gt(limit);

export type ApprovalRefusal = { code: 'OWN_CART' | 'APPROVAL_LIMIT_EXCEEDED' | 'NOT_AN_APPROVER'; message: string };

/** May this user approve a cart of `total` submitted by `requesterId`? Null: yes. */
export function mayApprove(
  a: { userId: string; roles: readonly Role[]; limit: Decimal; currency?: string },
  requesterId: string,
  total: Decimal,
): ApprovalRefusal | null {
  // With the currency's places (JPY 0, USD 2, KWD 3); exact without one.
  const shown = (v: Decimal) => (a.currency ? formatAmount(v, a.currency) : v.toFixed());
  const admin = a.roles.includes('admin');
  if (!admin && !a.roles.includes('approver')) return { code: 'NOT_AN_APPROVER', message: 'only approvers and admins approve carts' };
  if (a.userId === requesterId && total.gt(a.limit))
    return {
      code: 'OWN_CART',
      message: `nobody approves their own cart above their own limit (${shown(a.limit)}); another approver must`,
    };
  if (admin) return null;
  if (total.gt(a.limit))
    return {
      code: 'APPROVAL_LIMIT_EXCEEDED',
      message: `the total ${shown(total)} is above your approval limit ${shown(a.limit)}: an admin or an approver with a higher limit must approve`,
    };
  return null;
}
