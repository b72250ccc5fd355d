/** Full sync of condition records and customer pricing master from the ERP's pricing port. */
import type { EntityManager } from '@mikro-orm/postgresql';
import type { PricingPort } from '@portal/erp/port';
import type { Logger } from '@portal/platform/logger';
import { runFullSync } from '@portal/platform/sync';
import { CustomerPricing, PriceCondition } from '../entities/index.js';

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
      if (!items.length) return;
      await tx.upsertMany(
        PriceCondition,
        items.map((c) => ({
          id: c.id,
          version: c.version,
          conditionType: c.conditionType,
          access: c.access,
          sku: c.sku,
          accountId: c.accountId,
          priceListId: c.priceListId,
          tier: c.tier,
          currency: c.currency,
          amount: c.amount ?? null,
          rate: c.rate ?? null,
          scales: (c.scales ?? []).map((s) => ({ ...s })),
          validFrom: c.validFrom,
          validTo: c.validTo,
          contractId: c.contractId ?? null,
          contractVersion: c.contractVersion ?? null,
        })),
      );
    },
  });
  return [customers, conditions];
}
