/**
 * Request-scoped DataLoaders of the pricing subgraph. Everything priced in one request — item
 * prices, tiers, whole carts — shares one query for the customer, one for header conditions and
 * one for the item conditions of all SKUs involved, however many lines there are.
 */
import DataLoader from 'dataloader';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { BusinessNow } from '@portal/erp/port';
import type { Viewer } from '@portal/platform/auth';
import {
  priceDocument,
  priceTiers,
  toConditionRecord,
  type ConditionRecord,
  type DocumentPrice,
  type PriceTier,
  type PricingCustomer,
} from '@portal/pricing-engine';
import { PRICING_CONFIG, priceItems, type PricedItem } from './domain/item-pricing.js';
import { CustomerPricing, PriceCondition, type PriceConditionEntity } from './entities/index.js';

export interface PriceKey {
  sku: string;
  quantity: number;
}

export type CurrencyTier = PriceTier & { currency: string; pricingDate: string };

export interface CartRef {
  id: string;
  lines: { id: string; sku: string; quantity: number }[];
}

export interface PricedCart {
  doc: DocumentPrice;
  customer: PricingCustomer;
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
export function createLoaders(em: EntityManager, viewer: Viewer, businessNow: () => Promise<BusinessNow>) {
  const now = memo(businessNow);
  const pricingDate = async () => (await now()).date;
  const customer = memo(async (): Promise<PricingCustomer | null> => {
    const c = await em.findOne(CustomerPricing, { accountId: viewer.accountId });
    return c ? { accountId: c.accountId, priceListId: c.priceListId, tier: c.tier, currency: c.currency } : null;
  });
  /** Only records that can apply to this customer on this date (the engine re-checks them all). */
  const applicable = (c: PricingCustomer, date: string, accountId: string | null) => ({
    currency: c.currency,
    accountId,
    validFrom: { $lte: date },
    $and: [
      { $or: [{ validTo: null }, { validTo: { $gte: date } }] },
      { $or: [{ priceListId: null }, { priceListId: c.priceListId }] },
      { $or: [{ tier: null }, { tier: c.tier }] },
    ],
  });
  // Two index-friendly queries (this customer's records, and records for everyone) instead of one
  // `account_id is null or account_id = ?`, which reads every customer's contracts for the SKUs.
  const findApplicable = async (c: PricingCustomer, where: object) => {
    const date = await pricingDate();
    const [own, general] = await Promise.all([
      em.find(PriceCondition, { ...applicable(c, date, c.accountId), ...where }, { disableIdentityMap: true }),
      em.find(PriceCondition, { ...applicable(c, date, null), ...where }, { disableIdentityMap: true }),
    ]);
    return [...own, ...general];
  };
  const headerRecords = memo(async () => {
    const c = await customer();
    if (!c) return [];
    return (await findApplicable(c, { sku: null })).map(toRecord);
  });
  const itemRecords = new DataLoader<string, ConditionRecord[]>(async (skus) => {
    const c = await customer();
    if (!c) return skus.map(() => []);
    const rows = await findApplicable(c, { sku: { $in: [...skus] } });
    const bySku = new Map<string, ConditionRecord[]>();
    for (const r of rows) bySku.set(r.sku!, [...(bySku.get(r.sku!) ?? []), toRecord(r)]);
    return skus.map((s) => bySku.get(s) ?? []);
  });
  const recordsFor = async (skus: string[]): Promise<ConditionRecord[]> => {
    const [header, items] = await Promise.all([headerRecords(), itemRecords.loadMany([...new Set(skus)])]);
    return [
      ...header,
      ...items.flatMap((r) => {
        if (r instanceof Error) throw r;
        return r;
      }),
    ];
  };

  return {
    /** The business date and time of this request. */
    businessNow: now,
    customer,
    price: new DataLoader<PriceKey, PricedItem | null, string>(
      async (keys) => {
        const c = await customer();
        if (!c) return keys.map(() => null);
        const records = await recordsFor(keys.map((k) => k.sku));
        return priceItems(records, c, keys, await pricingDate()).map((p) => p ?? null);
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
        const records = await recordsFor(carts.flatMap((cart) => cart.lines.map((l) => l.sku)));
        const date = await pricingDate();
        return carts.map((cart) => ({
          customer: c,
          doc: priceDocument({
            ...PRICING_CONFIG,
            records,
            customer: c,
            pricingDate: date,
            lines: cart.lines.map((l) => ({ lineId: l.id, sku: l.sku, quantity: l.quantity })),
          }),
        }));
      },
      { cacheKeyFn: (cart) => `${cart.id}|${JSON.stringify(cart.lines)}` },
    ),
  };
}
export type Loaders = ReturnType<typeof createLoaders>;
