/** Full sync of condition records and customer pricing master from the ERP's pricing port. */
import type { EntityManager } from '@mikro-orm/postgresql';
import type { PricingPort } from '@portal/erp/port';
import type { Logger } from '@portal/platform/logger';
import { runFullSync } from '@portal/platform/sync';
import { CustomerPricing } from '../entities/index.js';
import { upsertNewer } from './condition-feed.js';

export async function syncPricing(port: PricingPort, em: EntityManager, logger: Logger, force = false) {
  const customers = await runFullSync({
    name: 'customers',
    em,
    logger,
    force,
    fetchPage: (cursor) => port.exportCustomers({ cursor, limit: 500 }),
    async apply(tx, items) {
      if (items.length) await tx.upsertMany(CustomerPricing, items);
    },
  });
  const conditions = await runFullSync({
    name: 'conditions',
    em,
    logger,
    force,
    fetchPage: (cursor) => port.exportConditions({ cursor, limit: 1000 }),
    async apply(tx, items) {
      // Version-guarded like the feed: a full sync never overwrites a newer record with an older one.
      await upsertNewer(tx, items);
    },
  });
  return [customers, conditions];
}
