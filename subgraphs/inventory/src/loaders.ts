/** Request-scoped DataLoaders of the inventory subgraph: one batched query per lookup kind. */
import DataLoader from 'dataloader';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Item, type ItemEntity } from './entities/index.js';

export function createLoaders(em: EntityManager) {
  return {
    itemBySku: new DataLoader<string, ItemEntity | null>(async (skus) => {
      const rows = await em.find(Item, { sku: { $in: [...skus] } });
      const bySku = new Map(rows.map((r) => [r.sku, r]));
      return skus.map((s) => bySku.get(s) ?? null);
    }),
  };
}
export type Loaders = ReturnType<typeof createLoaders>;
