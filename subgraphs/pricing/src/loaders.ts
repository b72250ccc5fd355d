/**
 * Request-scoped DataLoaders of the pricing subgraph. Everything priced in one request — item
 * prices, tiers, whole carts — shares one SQL statement for the header and item conditions of all
 * SKUs involved, however many lines there are; the customer's pricing master comes from a
 * per-process cache (customer-cache.ts), so a warm request issues that one statement.
 */
import DataLoader from 'dataloader';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { BusinessNow } from '@portal/erp/port';
import type { Viewer } from '@portal/platform/auth';
import { minorUnits } from '@portal/platform/currency';
import {
  createPricer,
  priceTiers,
  toConditionRecord,
  type ConditionRecord,
  type DocumentPrice,
  type PriceTier,
  type Pricer,
  type PricingCustomer,
} from '@portal/pricing-engine';
import { PRICING_CONFIG, priceItemsWith, type PricedItem } from './domain/item-pricing.js';
import { applicableRecords, taxClassesOf } from './condition-query.js';
import type { CustomerPricingCache } from './customer-cache.js';
import { CustomerPricing, type PriceConditionEntity } from './entities/index.js';

export interface PriceKey {
  sku: string;
  quantity: number;
}

export type CurrencyTier = PriceTier & { currency: string; pricingDate: string };

export interface CartRef {
  id: string;
  lines: { id: string; sku: string; quantity: number }[];
}

/** The customer master as a cart needs it: the pricing keys and the minimum order value. */
export type CartCustomer = PricingCustomer & { minimumOrderValue?: string | null };

export interface PricedCart {
  doc: DocumentPrice;
  customer: CartCustomer;
}

export const toRecord = (c: PriceConditionEntity): ConditionRecord => toConditionRecord(c);

function memo<T>(fn: () => Promise<T>): () => Promise<T> {
  let p: Promise<T> | undefined;
  return () => (p ??= fn());
}

/**
 * `businessNow`: the ERP's business date and time (the service's business clock). Read once per
 * request: everything priced in one request is priced on the same date.
 */
export function createLoaders(
  em: EntityManager,
  viewer: Viewer,
  businessNow: () => Promise<BusinessNow>,
  customers?: CustomerPricingCache,
) {
  const now = memo(businessNow);
  const pricingDate = async () => (await now()).date;
  const customer = memo(() => {
    const load = async (): Promise<CartCustomer | null> => {
      const c = await em.findOne(CustomerPricing, { accountId: viewer.accountId }, { disableIdentityMap: true });
      return c
        ? {
            accountId: c.accountId,
            priceListId: c.priceListId,
            tier: c.tier,
            currency: c.currency,
            minorUnits: minorUnits(c.currency),
            shipToCountry: c.shipToCountry ?? null,
            minimumOrderValue: c.minimumOrderValue ?? null,
          }
        : null;
    };
    return customers ? customers.get(viewer.accountId, load) : load();
  });
  // One statement per batch of SKUs (the header records come with the first); see condition-query.ts.
  let headerRecords: Promise<ConditionRecord[]> | undefined;
  const itemRecords = new DataLoader<string, ConditionRecord[]>(async (skus) => {
    const c = await customer();
    if (!c) return skus.map(() => []);
    const withHeader = !headerRecords;
    const found = applicableRecords(em, c, await pricingDate(), skus, withHeader);
    if (withHeader) headerRecords = found.then((r) => r.header);
    const { bySku } = await found;
    return skus.map((s) => bySku.get(s) ?? []);
  });
  const recordsFor = async (skus: string[]): Promise<ConditionRecord[]> => {
    const items = await itemRecords.loadMany([...new Set(skus)]);
    if (!headerRecords) {
      // No SKU asked (an empty cart): the header records alone.
      const c = await customer();
      headerRecords = c ? applicableRecords(em, c, await pricingDate(), [], true).then((r) => r.header) : Promise.resolve([]);
    }
    return [
      ...(await headerRecords),
      ...items.flatMap((r) => {
        if (r instanceof Error) throw r;
        return r;
      }),
    ];
  };

  // One pricer for the SKUs this request prices: item prices and a cart's totals over the same
  // items index the records and resolve each governing record once. Records of other SKUs never
  // change a SKU's price (one row per record id), so a pricer over more SKUs prices the same.
  let shared: { skus: Set<string>; pricer: Pricer } | undefined;
  const pricerFor = async (c: CartCustomer, skus: readonly string[]): Promise<Pricer> => {
    let records = await recordsFor([...skus]);
    const date = await pricingDate();
    if (shared && skus.every((s) => shared!.skus.has(s))) return shared.pricer;
    const all = new Set(skus);
    if (shared) {
      for (const s of shared.skus) all.add(s);
      records = await recordsFor([...all]);
    }
    const pricer = createPricer({ ...PRICING_CONFIG, records, customer: c, pricingDate: date });
    shared = { skus: all, pricer };
    return pricer;
  };

  return {
    /** The business date and time of this request. */
    businessNow: now,
    customer,
    price: new DataLoader<PriceKey, PricedItem | null, string>(
      async (keys) => {
        const c = await customer();
        if (!c) return keys.map(() => null);
        return priceItemsWith(
          await pricerFor(
            c,
            keys.map((k) => k.sku),
          ),
          keys,
        ).map((p) => p ?? null);
      },
      { cacheKeyFn: (k) => `${k.sku}|${k.quantity}` },
    ),
    tiers: new DataLoader<string, CurrencyTier[]>(async (skus) => {
      const c = await customer();
      if (!c) return skus.map(() => []);
      const records = await recordsFor([...skus]);
      const date = await pricingDate();
      return skus.map((sku) =>
        priceTiers({ ...PRICING_CONFIG, records, customer: c, pricingDate: date, sku }).map((t) => ({
          ...t,
          currency: c.currency,
          pricingDate: date,
        })),
      );
    }),
    cart: new DataLoader<CartRef, PricedCart | null, string>(
      async (carts) => {
        const c = await customer();
        if (!c) return carts.map(() => null);
        const skus = carts.flatMap((cart) => cart.lines.map((l) => l.sku));
        const pricer = await pricerFor(c, skus);
        // Only a customer with a ship-to country is taxed: only its carts read the items' tax classes.
        const classes = c.shipToCountry ? await taxClassesOf(em, skus) : new Map<string, string | null>();
        return carts.map((cart) => ({
          customer: c as CartCustomer,
          doc: pricer.priceDocument(
            cart.lines.map((l) => ({ lineId: l.id, sku: l.sku, quantity: l.quantity, taxClass: classes.get(l.sku) ?? null })),
          ),
        }));
      },
      { cacheKeyFn: (cart) => `${cart.id}|${JSON.stringify(cart.lines)}` },
    ),
  };
}
export type Loaders = ReturnType<typeof createLoaders>;
