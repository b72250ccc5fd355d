/**
 * Request-scoped DataLoaders of the pricing subgraph. All prices asked for in one request are
 * computed from one query for the customer and one for the condition records of every SKU.
 */
import DataLoader from 'dataloader';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Viewer } from '@portal/platform/auth';
import { priceLine, type PriceBreakdown } from './domain/price-engine.js';
import { CustomerPricing, PriceCondition } from './entities/index.js';

export interface PriceKey {
  sku: string;
  quantity: number;
}

export function createLoaders(em: EntityManager, viewer: Viewer, today = () => new Date().toISOString().slice(0, 10)) {
  let customer: Promise<Awaited<ReturnType<typeof loadCustomer>>> | undefined;
  const loadCustomer = () => em.findOne(CustomerPricing, { accountId: viewer.accountId });
  return {
    price: new DataLoader<PriceKey, PriceBreakdown | null, string>(
      async (keys) => {
        customer ??= loadCustomer();
        const c = await customer;
        if (!c) return keys.map(() => null);
        const skus = [...new Set(keys.map((k) => k.sku))];
        const rows = await em.find(PriceCondition, { sku: { $in: skus }, currency: c.currency }, { disableIdentityMap: true });
        const records = rows.map((r) => ({
          ...r,
          accountId: r.accountId ?? null,
          priceListId: r.priceListId ?? null,
          tier: r.tier ?? null,
          validTo: r.validTo ?? null,
        }));
        const pricingDate = today();
        return keys.map((k) => priceLine(records, c, { sku: k.sku, quantity: k.quantity, pricingDate }) ?? null);
      },
      { cacheKeyFn: (k) => `${k.sku}|${k.quantity}` },
    ),
  };
}
export type Loaders = ReturnType<typeof createLoaders>;
