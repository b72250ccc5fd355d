/**
 * The minimum order value: a cart whose goods — net after header discounts, before freight and
 * tax — are below the account's minimum cannot be submitted. Read from the totals of the quote the
 * buyer accepted (pricing puts the account's minimum there), so submit decides on what was priced.
 */
import { Decimal } from '@portal/platform/money';

export interface MinimumShortfall {
  minimum: Decimal;
  goods: Decimal;
  shortBy: Decimal;
}

/** What the cart lacks to reach the minimum, or null when it reaches it or the account has none. */
export function shortOfMinimum(totals: Record<string, string | undefined>): MinimumShortfall | null {
  const minimum = totals.minimumOrderValue;
  if (minimum === undefined || totals.net === undefined) return null;
  const goods = new Decimal(totals.net).minus(totals.headerDiscount ?? 0);
  const shortBy = new Decimal(minimum).minus(goods);
  return shortBy.gt(0) ? { minimum: new Decimal(minimum), goods, shortBy } : null;
}
