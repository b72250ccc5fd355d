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
  type ConditionRow,
  type DocumentPrice,
  type PriceTier,
  type PricingCustomer,
} from '@portal/pricing-engine';
import { Item, type ConditionEntity, type CustomerEntity, type ItemEntity } from './entities/index.js';
import { CUSTOMER_JSON, ITEMS_JSON, itemsBySku, query, textArray, type CustomerRow, type ItemRow } from './projections.js';

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

/**
 * The condition records that can apply to the customer `c` for the SKUs `p.skus` (or
 * SKU-independent ones) on the date `p.date`, the customer's own first. Each arm of the OR is an
 * index condition on account and SKU.
 */
export const CONDITIONS_JSON = `(select coalesce(json_agg(json_build_object('id', k.id, 'version', k.version,
    'conditionType', k.condition_type, 'access', k.access, 'sku', k.sku, 'accountId', k.account_id, 'priceListId', k.price_list_id,
    'tier', k.tier, 'currency', k.currency, 'amount', k.amount::text, 'rate', k.rate::text, 'scales', k.scales,
    'validFrom', k.valid_from, 'validTo', k.valid_to, 'contractId', k.contract_id, 'contractVersion', k.contract_version,
    'country', k.country, 'taxClass', k.tax_class) order by k.account_id is null), '[]')
    from "erp"."condition" k
   where k.currency = c.currency and k.valid_from <= p.date and (k.valid_to is null or k.valid_to >= p.date)
     and (k.price_list_id is null or k.price_list_id = c.price_list_id) and (k.tier is null or k.tier = c.tier)
     and (k.country is null or k.country = coalesce(c.ship_to_country, ''))
     and ((k.account_id = c.id and (k.sku = any(p.skus) or k.sku is null))
       or (k.account_id is null and (k.sku = any(p.skus) or k.sku is null))))`;

/** Records that can apply to this customer for these SKUs (or SKU-independent ones) on the date. */
async function applicableRecords(
  em: EntityManager,
  customer: PricingCustomer,
  skus: string[],
  pricingDate: string,
): Promise<ConditionRecord[]> {
  const [row] = await query<{ conditions: ConditionRow[] }>(
    em,
    `with p as (select ${textArray} as skus, ?::date as date),
          c as (select ?::text as id, ?::text as currency, ?::text as price_list_id, ?::text as tier, ?::text as ship_to_country)
     select ${CONDITIONS_JSON} as conditions from p, c`,
    [JSON.stringify(skus), pricingDate, customer.accountId, customer.currency, customer.priceListId, customer.tier, customer.shipToCountry],
  );
  return row!.conditions.map(toConditionRecord);
}

/** What a price simulation reads, in one statement: the customer, its records, the items' tax classes. */
export async function readPricing(
  em: EntityManager,
  accountId: string,
  skus: string[],
  pricingDate: string,
): Promise<{ customer: CustomerRow | null; records: ConditionRecord[]; items: Map<string, ItemRow> }> {
  const [row] = await query<{ customer: CustomerRow | null; conditions: ConditionRow[]; items: ItemRow[] }>(
    em,
    `with p as (select ?::text as account, ${textArray} as skus, ?::date as date)
     select ${CUSTOMER_JSON} as customer, ${CONDITIONS_JSON} as conditions, ${ITEMS_JSON} as items
       from p left join "erp"."customer" c on c.id = p.account`,
    [accountId, JSON.stringify(skus), pricingDate],
  );
  return { customer: row!.customer, records: row!.conditions.map(toConditionRecord), items: itemsBySku(row!.items) };
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
  /** The records when the caller has read them (`readPricing`, `CONDITIONS_JSON`). */
  known?: ConditionRecord[],
): Promise<DocumentPrice> {
  const pc = pricingCustomer(customer);
  const skus = [...new Set(lines.map((l) => l.sku))];
  const records = known ?? (await applicableRecords(em, pc, skus, pricingDate));
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
