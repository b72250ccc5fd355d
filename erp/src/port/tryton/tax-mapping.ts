/**
 * Tryton's taxes → canonical shapes, pure (no I/O). How Tryton taxes a sale line (`sale.line`
 * `compute_taxes`): the customer taxes of the product's account category, each passed through the
 * party's customer tax rule (`account.tax.rule`: the first matching line substitutes it, or drops it
 * when it names no tax). A line's tax is `unit price × quantity × rate`, rounded half to even to the
 * currency's digits — per line when the company's tax rounding is "per line", else per tax over the
 * document.
 *
 * The portal prices tax with records per ship-to country and item tax class (TX00,
 * COUNTRY_TAX_CLASS): an item's tax class is its account category's name; a party's ship-to country
 * is the country of its first address with one; the rate for (country, class) is what Tryton's rule
 * of the parties shipping there makes of the class's taxes. Parties of one country whose rules make
 * different rates cannot be expressed (`TrytonMappingError`), nor can a class taxed twice.
 */
import { Decimal } from '@portal/platform/money';
import type { ConditionRecord } from '@portal/pricing-engine';
import type { ErpTaxLine } from '../types.js';
import { TrytonMappingError } from './mapping.js';

export interface TTax {
  id: number;
  name: string;
  /** percentage, fixed or none */
  type: string;
  /** A fraction (0.19 = 19 %) for a percentage tax. */
  rate: string | null;
  start_date: string | null;
  end_date: string | null;
  stamp: number;
}

export interface TTaxRuleLine {
  id: number;
  rule: number;
  sequence: number | null;
  origin_tax: number | null;
  tax: number | null;
  group: number | null;
  keep_origin: boolean;
  start_date: string | null;
  end_date: string | null;
  stamp: number;
}

/** An account category: its name is the tax class of the products in it; `taxes` its customer taxes used. */
export interface TTaxCategory {
  id: number;
  name: string;
  taxes: number[];
  stamp: number;
}

export interface TTaxCustomer {
  accountId: string;
  currency: string;
  /** ISO code of the party's ship-to country (its first address with a country), null: none. */
  country: string | null;
  /** The party's customer tax rule. */
  rule: number | null;
}

/** The condition type and label tax lines carry (the pricing procedure's tax condition). */
export const TAX_CONDITION = { conditionType: 'TX00', label: 'Tax' } as const;

/** A Tryton rate (a fraction) as the portal's percentage: 0.19 → '19', 0.07 → '7', 0 → '0'. */
export const percentOf = (rate: string | number | null) => new Decimal(rate ?? 0).times(100).toString();

const inWindow = (date: string, from: string | null, to: string | null) => (!from || from <= date) && (!to || date <= to);

/** `account.tax.rule.apply`: the first matching line (by sequence) substitutes the tax; no match keeps it. */
function applyRule(lines: TTaxRuleLine[], tax: number | null, date: string): number[] | null {
  for (const l of lines) {
    if (!inWindow(date, l.start_date, l.end_date)) continue;
    // A line without a group matches only taxes without one (the seed's taxes have none); a line naming an origin matches only it.
    if (l.group !== null) continue;
    if (l.origin_tax !== null && l.origin_tax !== tax) continue;
    if (l.tax === null) return null;
    return l.keep_origin && tax !== null ? [l.tax, tax] : [l.tax];
  }
  return tax !== null ? [tax] : null;
}

/** The taxes Tryton puts on a sale line of this party for a product of this category (`sale.line.compute_taxes`). */
export function lineTaxes(category: Pick<TTaxCategory, 'taxes'> | undefined, ruleLines: TTaxRuleLine[] | null, date: string): number[] {
  const out = new Set<number>();
  const lines = ruleLines ? [...ruleLines].sort((a, b) => (a.sequence ?? 0) - (b.sequence ?? 0) || a.id - b.id) : null;
  for (const id of category?.taxes ?? []) {
    if (!lines) {
      out.add(id);
      continue;
    }
    for (const t of applyRule(lines, id, date) ?? []) out.add(t);
  }
  if (lines) for (const t of applyRule(lines, null, date) ?? []) out.add(t);
  return [...out].sort((a, b) => a - b);
}

/** The one percentage tax of a line (null: untaxed); several, or another kind, cannot be expressed as one rate. */
export function singleRate(ids: number[], taxes: Map<number, TTax>, where: string): TTax | null {
  const live = ids.map((id) => taxes.get(id)).filter((t): t is TTax => t !== undefined && t.type !== 'none');
  if (live.length === 0) return null;
  if (live.length > 1 || live[0]!.type !== 'percentage')
    throw new TrytonMappingError(`${where}: taxes ${live.map((t) => t.name).join(', ')} are not one percentage rate`);
  return live[0]!;
}

/** The TX00 records of the setup: per (ship-to country, tax class, currency of the parties shipping there). */
export function taxConditionsFrom(input: {
  categories: TTaxCategory[];
  taxes: TTax[];
  ruleLines: TTaxRuleLine[];
  customers: TTaxCustomer[];
  date: string;
}): ConditionRecord[] {
  const taxes = new Map(input.taxes.map((t) => [t.id, t]));
  const byRule = new Map<number, TTaxRuleLine[]>();
  for (const l of input.ruleLines) byRule.set(l.rule, [...(byRule.get(l.rule) ?? []), l]);
  const out = new Map<string, ConditionRecord & { from: string }>();
  for (const c of input.customers) {
    if (!c.country) continue;
    const rule = c.rule === null ? null : (byRule.get(c.rule) ?? []);
    for (const cat of input.categories) {
      const tax = singleRate(lineTaxes(cat, rule, input.date), taxes, `account category ${cat.name} for ${c.accountId}`);
      if (!tax) continue;
      const id = `TX00-${c.country}-${cat.name}-${c.currency}`;
      const rate = percentOf(tax.rate);
      const seen = out.get(id);
      if (seen && seen.rate !== rate)
        throw new TrytonMappingError(
          `${c.accountId} and ${seen.from} ship to ${c.country} but their tax rules tax ${cat.name} at ${rate} % and ${seen.rate} %`,
        );
      const ruleStamp = Math.max(0, ...(rule ?? []).map((l) => l.stamp));
      const version = Math.max(tax.stamp, cat.stamp, ruleStamp, seen?.version ?? 0);
      out.set(id, {
        from: seen?.from ?? c.accountId,
        id,
        version,
        conditionType: TAX_CONDITION.conditionType,
        access: 'COUNTRY_TAX_CLASS',
        sku: null,
        accountId: null,
        priceListId: null,
        tier: null,
        currency: c.currency,
        amount: null,
        rate,
        scales: [],
        validFrom: tax.start_date ?? '2000-01-01',
        validTo: tax.end_date,
        contractId: null,
        contractVersion: null,
        country: c.country,
        taxClass: cat.name,
      });
    }
  }
  return [...out.values()].map(({ from: _f, ...r }) => r).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** Tryton's rounding of amounts: half to even, to the currency's digits (`currency.round`). */
export const roundMoney = (d: Decimal.Value, digits: number) => new Decimal(d).toDecimalPlaces(digits, Decimal.ROUND_HALF_EVEN);

/** One taxed document line as Tryton reads it: its unit price, quantity (negative on a credit note), taxes. */
export interface TaxedLine {
  unitPrice: Decimal.Value;
  quantity: number;
  taxes: number[];
}

/** What a line's taxes come to as Tryton computes them (`Tax.compute`): per tax, base and amount (unrounded). */
function computed(line: TaxedLine, taxes: Map<number, TTax>, date: string) {
  const base = new Decimal(line.unitPrice).times(line.quantity);
  return line.taxes
    .map((id) => taxes.get(id))
    .filter((t): t is TTax => t !== undefined && t.type === 'percentage' && inWindow(date, t.start_date, t.end_date))
    .map((t) => ({ tax: t, base, amount: base.times(t.rate ?? 0) }));
}

/** A line's tax (rate in percent, amount rounded as Tryton rounds a line's tax); rate null: untaxed. */
export function taxOfLine(line: TaxedLine, taxes: Map<number, TTax>, date: string, digits: number) {
  const rows = computed(line, taxes, date);
  if (!rows.length) return { rate: null, amount: roundMoney(0, digits).toFixed(digits) };
  const amount = rows.reduce((s, r) => s.plus(roundMoney(r.amount, digits)), new Decimal(0));
  return { rate: rows.length === 1 ? percentOf(rows[0]!.tax.rate) : null, amount: amount.toFixed(digits) };
}

/**
 * A document's tax lines per tax as Tryton's `_get_taxes` makes them (rates descending): the base is
 * each line's base rounded, summed; the amount each line's tax rounded and summed ("per line"), or
 * the sum rounded once ("per document"). Amounts are absolute (a credit note's are negative in Tryton).
 */
export function taxLinesOf(
  lines: TaxedLine[],
  taxes: Map<number, TTax>,
  date: string,
  digits: number,
  rounding: 'line' | 'document',
): ErpTaxLine[] {
  const byTax = new Map<number, { tax: TTax; base: Decimal; amount: Decimal }>();
  for (const line of lines)
    for (const r of computed(line, taxes, date)) {
      const entry = byTax.get(r.tax.id) ?? { tax: r.tax, base: new Decimal(0), amount: new Decimal(0) };
      entry.base = entry.base.plus(roundMoney(r.base, digits));
      entry.amount = entry.amount.plus(rounding === 'line' ? roundMoney(r.amount, digits) : r.amount);
      byTax.set(r.tax.id, entry);
    }
  return [...byTax.values()]
    .sort((a, b) => new Decimal(b.tax.rate ?? 0).comparedTo(a.tax.rate ?? 0) || a.tax.id - b.tax.id)
    .map((e) => ({
      ...TAX_CONDITION,
      rate: percentOf(e.tax.rate),
      base: e.base.abs().toFixed(digits),
      amount: roundMoney(e.amount, digits).abs().toFixed(digits),
    }));
}

/** Tax lines from Tryton's own invoice taxes (`account.invoice.tax`: tax, base, amount), merged per rate, absolute. */
export function invoiceTaxLines(
  rows: { tax: number | null; base: Decimal.Value; amount: Decimal.Value }[],
  taxes: Map<number, TTax>,
  digits: number,
): ErpTaxLine[] {
  const byRate = new Map<string, { rate: Decimal; base: Decimal; amount: Decimal }>();
  for (const r of rows) {
    const tax = r.tax === null ? undefined : taxes.get(r.tax);
    const rate = new Decimal(tax?.rate ?? 0);
    const key = rate.toString();
    const e = byRate.get(key) ?? { rate, base: new Decimal(0), amount: new Decimal(0) };
    e.base = e.base.plus(r.base);
    e.amount = e.amount.plus(r.amount);
    byRate.set(key, e);
  }
  return [...byRate.values()]
    .sort((a, b) => b.rate.comparedTo(a.rate))
    .map((e) => ({
      ...TAX_CONDITION,
      rate: percentOf(e.rate.toString()),
      base: e.base.abs().toFixed(digits),
      amount: e.amount.abs().toFixed(digits),
    }));
}
