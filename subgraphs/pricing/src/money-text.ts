/**
 * `Money.amount` of the pricing subgraph: the platform's `formatAmount` (exactly the currency's
 * minor units, significant places beyond them kept, never "-0"), computed on the text for the plain
 * decimal strings the engine produces — a cart page shows several amounts per line, and parsing
 * each into a Decimal only to print it again was a measurable share of serving it. Anything else
 * (a Decimal, a number, an exponent) goes to `formatAmount` itself.
 */
import { formatAmount, minorUnits, type Decimal } from '@portal/platform/money';

const PLAIN = /^(-?)(\d+)(?:\.(\d+))?$/;

export function moneyAmount(value: Decimal.Value, currency: string): string {
  const m = typeof value === 'string' ? PLAIN.exec(value) : null;
  if (!m) return formatAmount(value, currency);
  const scale = minorUnits(currency);
  let int = m[2]!;
  let i = 0;
  while (i < int.length - 1 && int.charCodeAt(i) === 48) i++;
  if (i) int = int.slice(i);
  let frac = m[3] ?? '';
  let end = frac.length;
  while (end > 0 && frac.charCodeAt(end - 1) === 48) end--;
  if (end !== frac.length) frac = frac.slice(0, end);
  const sign = m[1] && (int !== '0' || frac !== '') ? '-' : '';
  if (frac.length > scale) return `${sign}${int}.${frac}`;
  return scale === 0 ? `${sign}${int}` : `${sign}${int}.${frac.padEnd(scale, '0')}`;
}

export const MoneyAmountResolvers = {
  amount: (m: { amount: Decimal.Value; currency: string }): string => moneyAmount(m.amount, m.currency),
};
