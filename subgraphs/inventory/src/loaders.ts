/** Request-scoped DataLoaders of the inventory subgraph: one batched query or ERP call per lookup kind. */
import DataLoader from 'dataloader';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Viewer } from '@portal/platform/auth';
import type { AvailabilityService, AvailabilityKey } from './availability-service.js';
import { AvailabilityRefused, keyOf } from './availability-service.js';
import { GraphQLError } from 'graphql';
import type { AvailabilityView } from './domain/availability.js';
import { Item, type ItemEntity } from './entities/index.js';

export interface CartLineRef {
  id: string;
  sku: string;
  quantity: number;
  /** The line's own requested date, else the cart's (orders applies the rule). */
  effectiveRequestedDate?: string | null;
}

export function createLoaders(em: EntityManager, viewer: Viewer, availability: AvailabilityService) {
  const itemBySku = new DataLoader<string, ItemEntity | null>(async (skus) => {
    const rows = await em.find(Item, { sku: { $in: [...skus] } });
    const bySku = new Map(rows.map((r) => [r.sku, r]));
    return skus.map((s) => bySku.get(s) ?? null);
  });
  /** Lead times for answers past the ERP's budget: from the items this request loads anyway. */
  const leadTimeOf = async (skus: string[]) => {
    const items = await itemBySku.loadMany(skus);
    return new Map(items.flatMap((i) => (i && !(i instanceof Error) ? [[i.sku, i.leadTimeDays] as const] : [])));
  };
  return {
    itemBySku,
    /** Every availability asked in one request: one ERP call (cached lines excepted). */
    availability: new DataLoader<Omit<AvailabilityKey, 'accountId'>, AvailabilityView | GraphQLError, string>(
      async (keys) => {
        try {
          return await availability.check(
            keys.map((k) => ({ ...k, accountId: viewer.accountId })),
            leadTimeOf,
          );
        } catch (err) {
          if (!(err instanceof AvailabilityRefused)) throw err;
          const refused = new GraphQLError(err.message, { extensions: { code: err.code } });
          return keys.map(() => refused);
        }
      },
      { cacheKeyFn: (k) => keyOf({ ...k, accountId: viewer.accountId }) },
    ),
  };
}
export type Loaders = ReturnType<typeof createLoaders>;
