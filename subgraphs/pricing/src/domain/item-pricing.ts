/**
 * Item prices for the portal: the shared condition-technique engine (@portal/pricing-engine, the
 * same code the ERP prices with) applied to synced records for many (sku, quantity) pairs at once.
 * Pure: records in, prices out.
 */
import {
  DEFAULT_CONDITION_TYPES,
  DEFAULT_PROCEDURE,
  createPricer,
  type ConditionRecord,
  type LinePrice,
  type Pricer,
  type PricingCustomer,
} from '@portal/pricing-engine';

export const PRICING_CONFIG = { procedure: DEFAULT_PROCEDURE, conditionTypes: DEFAULT_CONDITION_TYPES };

export interface PricedItem extends LinePrice {
  currency: string;
  pricingDate: string;
}

/**
 * One engine run prices every requested pair (as the lines of one document, without its header
 * discount, tax and totals, which no item price shows); pairs without a valid price come back undefined.
 */
export function priceItems(
  records: readonly ConditionRecord[],
  customer: PricingCustomer,
  requests: readonly { sku: string; quantity: number }[],
  pricingDate: string,
): (PricedItem | undefined)[] {
  if (!requests.length) return [];
  return priceItemsWith(createPricer({ ...PRICING_CONFIG, records, customer, pricingDate }), requests);
}

/** `priceItems` with a pricer the caller holds (and may price other documents with). */
export function priceItemsWith(pricer: Pricer, requests: readonly { sku: string; quantity: number }[]): (PricedItem | undefined)[] {
  if (!requests.length) return [];
  const doc = pricer.priceLines(requests.map((r, i) => ({ lineId: String(i), sku: r.sku, quantity: r.quantity })));
  const byLine = new Map(doc.lines.map((l) => [l.lineId, l]));
  return requests.map((_r, i) => {
    const line = byLine.get(String(i));
    return line ? { ...line, currency: doc.currency, pricingDate: doc.pricingDate } : undefined;
  });
}
