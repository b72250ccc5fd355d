/** Full sync of the item master from the ERP's inventory port (resumable, once at first start). */
import type { EntityManager } from '@mikro-orm/postgresql';
import type { InventoryPort } from '@portal/erp/port';
import type { Logger } from '@portal/platform/logger';
import { runFullSync } from '@portal/platform/sync';
import { Item } from '../entities/index.js';

export function syncItems(port: InventoryPort, em: EntityManager, logger: Logger, force = false) {
  return runFullSync({
    name: 'items',
    em,
    logger,
    force,
    fetchPage: (cursor) => port.exportItems({ cursor, limit: 500 }),
    async apply(tx, items) {
      if (!items.length) return;
      const now = new Date();
      await tx.upsertMany(
        Item,
        items.map((i) => ({
          sku: i.sku,
          name: i.name,
          searchName: i.name.toLowerCase(),
          uom: i.uom,
          leadTimeDays: i.leadTimeDays,
          discontinued: i.discontinued,
          successorSku: i.successorSku,
          syncedAt: now,
        })),
      );
    },
  });
}
