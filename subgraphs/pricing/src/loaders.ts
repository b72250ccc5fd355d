/**
 * Request-scoped DataLoaders of the pricing subgraph. All prices asked for in one request are
 * computed from one query for the customer and one for the condition records that can apply.
 */
import DataLoader from 'dataloader';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Viewer } from '@portal/platform/auth';
import type { Access, ConditionRecord } from '@portal/pricing-engine';
import { priceItems, type PricedItem } from './domain/item-pricing.js';
import { CustomerPricing, PriceCondition, type PriceConditionEntity } from './entities/index.js';

export interface PriceKey {
  sku: string;
  quantity: number;
}

export function toRecord(c: PriceConditionEntity): ConditionRecord {
  return {
    id: c.id,
    version: c.version,
    conditionType: c.conditionType,
    access: c.access as Access,
    sku: c.sku ?? null,
    accountId: c.accountId ?? null,
    priceListId: c.priceListId ?? null,
    tier: c.tier ?? null,
    currency: c.currency,
    amount: c.amount ?? null,
    rate: c.rate ?? null,
    scales: c.scales,
    validFrom: c.validFrom,
    validTo: c.validTo ?? null,
    contractId: c.contractId ?? null,
    contractVersion: c.contractVersion ?? null,
  };
}

export function createLoaders(em: EntityManager, viewer: Viewer, today = () => new Date().toISOString().slice(0, 10)) {
  let customer: ReturnType<typeof loadCustomer> | undefined;
  const loadCustomer = () => em.findOne(CustomerPricing, { accountId: viewer.accountId });
  return {
    price: new DataLoader<PriceKey, PricedItem | null, string>(
      async (keys) => {
        customer ??= loadCustomer();
        const c = await customer;
        if (!c) return keys.map(() => null);
        const pricingDate = today();
        const skus = [...new Set(keys.map((k) => k.sku))];
        // Only records that can apply to this customer on this date (the engine re-checks them all).
        const rows = await em.find(
          PriceCondition,
          {
            currency: c.currency,
            validFrom: { $lte: pricingDate },
            $and: [
              { $or: [{ validTo: null }, { validTo: { $gte: pricingDate } }] },
              { $or: [{ sku: { $in: skus } }, { sku: null }] },
              { $or: [{ accountId: null }, { accountId: c.accountId }] },
              { $or: [{ priceListId: null }, { priceListId: c.priceListId }] },
              { $or: [{ tier: null }, { tier: c.tier }] },
            ],
          },
          { disableIdentityMap: true },
        );
        const customerKeys = { accountId: c.accountId, priceListId: c.priceListId, tier: c.tier, currency: c.currency };
        return priceItems(rows.map(toRecord), customerKeys, keys, pricingDate).map((p) => p ?? null);
      },
      { cacheKeyFn: (k) => `${k.sku}|${k.quantity}` },
    ),
  };
}
export type Loaders = ReturnType<typeof createLoaders>;
