/**
 * Tax and header discounts on billing documents: what an invoice's or credit memo's goods lines add
 * up to beyond their amounts, and the part a credit memo reverses of what a line billed.
 */
import { Decimal } from '@portal/platform/money';
import type { BillingLine } from './entities/index.js';

/**
 * What a billing document's goods lines add up to beyond their amounts: the header-discount shares
 * and the tax (each already rounded per line), and the tax per rate (base = amount − share).
 */
export function taxSummary(lines: BillingLine[], places: number) {
  const byRate = new Map<string, { rate: string; base: Decimal; amount: Decimal }>();
  for (const l of lines) {
    if (l.taxRate === null || l.taxRate === undefined) continue;
    const t = byRate.get(l.taxRate) ?? { rate: l.taxRate, base: new Decimal(0), amount: new Decimal(0) };
    t.base = t.base.plus(l.amount).minus(l.headerDiscount ?? 0);
    t.amount = t.amount.plus(l.tax ?? 0);
    byRate.set(l.taxRate, t);
  }
  const taxLines = [...byRate.values()]
    .sort((a, b) => new Decimal(b.rate).comparedTo(a.rate))
    .map((t) => ({ conditionType: 'TX00', label: 'Tax', rate: t.rate, base: t.base.toFixed(places), amount: t.amount.toFixed(places) }));
  const headerDiscount = lines.reduce((s, l) => s.plus(l.headerDiscount ?? 0), new Decimal(0));
  const tax = lines.reduce((s, l) => s.plus(l.tax ?? 0), new Decimal(0));
  return { taxLines, headerDiscount, tax };
}

/**
 * A credited part of an invoice line takes its part of the line's header-discount share and tax
 * with it: by quantity, rounded to the currency's places, the last units the rest (so crediting
 * a whole line reverses exactly what it billed); a credited amount (a price dispute) takes the
 * line's tax rate on that amount.
 */
export function creditedTax(
  il: BillingLine,
  credited: BillingLine[],
  credit: { quantity: number; amount: Decimal; rest: boolean },
  places: number,
): Pick<BillingLine, 'headerDiscount' | 'taxRate' | 'tax'> {
  if (il.taxRate === undefined && il.headerDiscount === undefined) return {};
  const before = (field: 'headerDiscount' | 'tax') =>
    credited.filter((l) => l.lineNo === il.lineNo).reduce((s, l) => s.plus(l[field] ?? 0), new Decimal(0));
  const part = (field: 'headerDiscount' | 'tax') =>
    credit.rest
      ? new Decimal(il[field] ?? 0).minus(before(field))
      : new Decimal(il[field] ?? 0).mul(credit.quantity).div(il.quantity).toDecimalPlaces(places, Decimal.ROUND_HALF_UP);
  const rate = il.taxRate === null || il.taxRate === undefined ? null : new Decimal(il.taxRate);
  if (credit.quantity === 0) {
    const tax = rate === null ? new Decimal(0) : credit.amount.mul(rate).div(100).toDecimalPlaces(places, Decimal.ROUND_HALF_UP);
    return { headerDiscount: (0).toFixed(places), taxRate: il.taxRate ?? null, tax: tax.toFixed(places) };
  }
  return { headerDiscount: part('headerDiscount').toFixed(places), taxRate: il.taxRate ?? null, tax: part('tax').toFixed(places) };
}
