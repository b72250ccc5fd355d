/**
 * Price simulation in the reference ERP: loads the condition records that can apply to a customer
 * and a set of SKUs on a pricing date (one query), then runs the shared condition-technique engine
 * with the ERP's procedure. Nothing is saved.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { HttpError } from '@portal/platform/http';
import { minorUnits } from '@portal/platform/currency';
import {
  DEFAULT_CONDITION_TYPES,
  DEFAULT_PROCEDURE,
  PricingInputError,
  priceDocument,
  priceTiers,
  toConditionRecord,
  type ConditionRecord,
  type DocumentPrice,
  type PriceTier,
  type PricingCustomer,
} from '@portal/pricing-engine';
import { Condition, Item, type ConditionEntity, type CustomerEntity, type ItemEntity } from './entities/index.js';

export const PRICING_CONFIG = { procedure: DEFAULT_PROCEDURE, conditionTypes: DEFAULT_CONDITION_TYPES };

type PricedCustomer = Pick<CustomerEntity, 'id' | 'priceListId' | 'tier' | 'currency'> & { shipToCountry?: string | null };

export function pricingCustomer(c: PricedCustomer): PricingCustomer {
  return {
    accountId: c.id,
    priceListId: c.priceListId,
    tier: c.tier,
    currency: c.currency,
    minorUnits: minorUnits(c.currency),
    shipToCountry: c.shipToCountry ?? null,
  };
}

export const toRecord = (c: ConditionEntity): ConditionRecord => toConditionRecord(c);

/** Records that can apply to this customer for these SKUs (or SKU-independent ones) on the date. */
async function applicableRecords(
  em: EntityManager,
  customer: PricingCustomer,
  skus: string[],
  pricingDate: string,
): Promise<ConditionRecord[]> {
  const where = (accountId: string | null) => ({
    currency: customer.currency,
    accountId,
    validFrom: { $lte: pricingDate },
    $and: [
      { $or: [{ validTo: null }, { validTo: { $gte: pricingDate } }] },
      { $or: [{ sku: { $in: skus } }, { sku: null }] },
      { $or: [{ priceListId: null }, { priceListId: customer.priceListId }] },
      { $or: [{ tier: null }, { tier: customer.tier }] },
      { $or: [{ country: null }, { country: customer.shipToCountry ?? '' }] },
    ],
  });
  // One statement; each arm of the OR is an index condition on account and SKU.
  const rows = await em.find(Condition, { $or: [where(customer.accountId), where(null)] }, { disableIdentityMap: true });
  // The customer's own records first, as when they were read apart.
  return [...rows.filter((r) => r.accountId !== null), ...rows.filter((r) => r.accountId === null)].map(toRecord);
}

function asHttp(err: unknown): never {
  if (err instanceof PricingInputError) throw new HttpError(400, err.code, err.message);
  throw err;
}

/** Tax class per SKU, from the item master (a SKU the ERP does not know has none). */
export async function taxClasses(em: EntityManager, skus: string[]): Promise<Map<string, string | null>> {
  if (!skus.length) return new Map();
  const items = await em.find(Item, { sku: { $in: skus } }, { fields: ['sku', 'taxClass'], disableIdentityMap: true });
  return new Map(items.map((i) => [i.sku, i.taxClass ?? null]));
}

export async function simulatePricing(
  em: EntityManager,
  customer: PricedCustomer,
  lines: { lineId: string; sku: string; quantity: number }[],
  pricingDate: string,
  /** The lines' items when the caller has read them (their tax classes are not read again). */
  items?: Map<string, Pick<ItemEntity, 'taxClass'>>,
): Promise<DocumentPrice> {
  const pc = pricingCustomer(customer);
  const skus = [...new Set(lines.map((l) => l.sku))];
  const records = await applicableRecords(em, pc, skus, pricingDate);
  // Only a customer with a ship-to country can be taxed: the others need no item read.
  const classes = !pc.shipToCountry
    ? new Map<string, string | null>()
    : items
      ? new Map(skus.map((sku) => [sku, items.get(sku)?.taxClass ?? null]))
      : await taxClasses(em, skus);
  const taxed = lines.map((l) => ({ ...l, taxClass: classes.get(l.sku) ?? null }));
  try {
    return priceDocument({ ...PRICING_CONFIG, records, customer: pc, pricingDate, lines: taxed });
  } catch (err) {
    return asHttp(err);
  }
}

export async function simulateTiers(em: EntityManager, customer: CustomerEntity, sku: string, pricingDate: string): Promise<PriceTier[]> {
  const pc = pricingCustomer(customer);
  const records = await applicableRecords(em, pc, [sku], pricingDate);
  try {
    return priceTiers({ ...PRICING_CONFIG, records, customer: pc, pricingDate, sku });
  } catch (err) {
    return asHttp(err);
  }
}
