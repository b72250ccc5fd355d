/**
 * Full sync of billing from the ERP's invoices port: invoices (with lines), credit memos and
 * payments. Resumable (runFullSync stores the cursor with each page); invoice rows are stamped
 * with the change feed's start position so the feed only replaces them with newer snapshots.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import type { InvoicesPort } from '@portal/erp/port';
import type { Logger } from '@portal/platform/logger';
import { runFullSync } from '@portal/platform/sync';
import { insertCreditMemos, insertPayments, upsertInvoices } from '../entities/billing-store.js';

const PAGE = 500;

export async function syncBilling(port: InvoicesPort, em: EntityManager, logger: Logger, feedStart: number, force = false) {
  // `:v2` names: the first version synced invoices only (no lines); a new name syncs everything once.
  const invoices = await runFullSync({
    name: 'billing-invoices:v2',
    em,
    logger,
    force,
    fetchPage: (cursor) => port.exportInvoices({ cursor, limit: PAGE }),
    apply: async (tx, items) => void (await upsertInvoices(tx, items, feedStart, 'atLeast')),
  });
  const memos = await runFullSync({
    name: 'billing-credit-memos:v2',
    em,
    logger,
    force,
    fetchPage: (cursor) => port.exportCreditMemos({ cursor, limit: PAGE }),
    apply: async (tx, items) => void (await insertCreditMemos(tx, items)),
  });
  const payments = await runFullSync({
    name: 'billing-payments:v2',
    em,
    logger,
    force,
    fetchPage: (cursor) => port.exportPayments({ cursor, limit: PAGE }),
    apply: async (tx, items) => void (await insertPayments(tx, items)),
  });
  return [invoices, memos, payments];
}
