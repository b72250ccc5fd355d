/** Full sync of invoices from the ERP's invoices port. */
import type { EntityManager } from '@mikro-orm/postgresql';
import type { InvoicesPort } from '@portal/erp/port';
import type { Logger } from '@portal/platform/logger';
import { runFullSync } from '@portal/platform/sync';
import { Invoice } from '../entities/index.js';

export function syncInvoices(port: InvoicesPort, em: EntityManager, logger: Logger, force = false) {
  return runFullSync({
    name: 'invoices',
    em,
    logger,
    force,
    fetchPage: (cursor) => port.exportInvoices({ cursor, limit: 500 }),
    async apply(tx, items) {
      if (!items.length) return;
      await tx.upsertMany(
        Invoice,
        items.map((i) => ({
          number: i.number,
          accountId: i.accountId,
          orderId: i.portalOrderId,
          erpOrderNumber: i.orderNumber,
          currency: i.currency,
          issuedAt: i.issuedAt,
          dueDate: i.dueDate,
          total: i.total,
          balance: i.balance,
          erpStatus: i.status,
        })),
      );
    },
  });
}
