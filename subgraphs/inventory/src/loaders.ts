/** Request-scoped DataLoaders of the inventory subgraph: one batched query or ERP call per lookup kind. */
import DataLoader from 'dataloader';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Viewer } from '@portal/platform/auth';
import type { AvailabilityService, AvailabilityKey } from './availability-service.js';
import { AvailabilityRefused, keyFor } from './availability-service.js';
import { GraphQLError } from 'graphql';
import type { AvailabilityView } from './domain/availability.js';
import type { ItemEntity } from './entities/index.js';

export interface CartLineRef {
  id: string;
  sku: string;
  quantity: number;
  /** The line's own requested date, else the cart's (orders applies the rule). */
  effectiveRequestedDate?: string | null;
}

export function createLoaders(em: EntityManager, viewer: Viewer, availability: AvailabilityService) {
  const itemBySku = new DataLoader<string, ItemEntity | null>(async (skus) => {
    const rows = await itemRows(em, skus);
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
      { cacheKeyFn: (k) => keyFor(viewer.accountId, k) },
    ),
  };
}
export type Loaders = ReturnType<typeof createLoaders>;

/**
 * Items by SKU as plain rows shaped like the entity: a read-only projection, so a cart page of 200
 * lines hydrates no managed entities.
 */
async function itemRows(em: EntityManager, skus: readonly string[]): Promise<ItemEntity[]> {
  const rows = await em.getConnection().execute<
    {
      sku: string;
      name: string;
      search_name: string;
      uom: string;
      lead_time_days: number;
      discontinued: boolean;
      successor_sku: string | null;
      synced_at: Date;
      source_seq: string;
    }[]
  >(
    `select sku, name, search_name, uom, lead_time_days, discontinued, successor_sku, synced_at, source_seq
     from "inventory"."item" where sku in (${skus.map(() => '?').join(', ')})`,
    [...skus],
  );
  return rows.map(
    (r) =>
      ({
        sku: r.sku,
        name: r.name,
        searchName: r.search_name,
        uom: r.uom,
        leadTimeDays: r.lead_time_days,
        discontinued: r.discontinued,
        successorSku: r.successor_sku,
        syncedAt: r.synced_at,
        sourceSeq: Number(r.source_seq),
      }) as ItemEntity,
  );
}
