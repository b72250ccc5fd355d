/**
 * Full sync of condition records and customer pricing master from the ERP's pricing port.
 *
 * Conditions arrive in large keyset pages; each page goes into a staging table in one statement
 * (`json_populate_recordset`: the page as one parameter, no per-row bind parameters or ORM
 * entities), in the same transaction as the cursor, so a sync that stops resumes after the last
 * staged page. The next page is already on its way while one is written. With the last page, one
 * statement merges the staging table into `price_condition` — guarded by version like the feed, so
 * a newer record from the change feed is never overwritten with an older one — and the staging
 * table is emptied.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Knex } from '@mikro-orm/postgresql';
import type { ErpCondition, PricingPort } from '@portal/erp/port';
import type { Logger } from '@portal/platform/logger';
import { SyncState, runFullSync, type FullSyncResult } from '@portal/platform/sync';
import { CustomerPricing, ItemTaxClass } from '../entities/index.js';

/** Condition records per export page (the reference ERP's largest page for conditions). */
export const CONDITION_PAGE = 10_000;

export interface SyncProgress {
  sync: string;
  rows: number;
  rowsPerSecond: number;
  done: boolean;
}

export async function syncPricing(
  port: PricingPort,
  em: EntityManager,
  logger: Logger,
  force = false,
  onProgress?: (p: SyncProgress) => void,
): Promise<FullSyncResult[]> {
  const customers = await runFullSync({
    name: 'customers',
    em,
    logger,
    force,
    fetchPage: (cursor) => port.exportCustomers({ cursor, limit: 500 }),
    async apply(tx, items) {
      if (items.length)
        await tx.upsertMany(
          CustomerPricing,
          items.map((c) => ({
            accountId: c.accountId,
            currency: c.currency,
            tier: c.tier,
            priceListId: c.priceListId,
            shipToCountry: c.shipToCountry ?? null,
            minimumOrderValue: c.minimumOrderValue ?? null,
          })),
        );
    },
  });
  // Tax classes of the items, where the ERP's adapter exports them (an ERP without: no line is taxed).
  const exportTaxClasses = port.exportItemTaxClasses?.bind(port);
  const taxClasses = exportTaxClasses
    ? [
        await runFullSync({
          name: 'item-tax-classes',
          em,
          logger,
          force,
          fetchPage: (cursor) => exportTaxClasses({ cursor, limit: 1000 }),
          async apply(tx, items) {
            if (items.length)
              await tx.upsertMany(
                ItemTaxClass,
                items.map((i) => ({ sku: i.sku, taxClass: i.taxClass })),
              );
          },
        }),
      ]
    : [];
  const conditions = await syncConditions(port, em, logger, force, onProgress);
  return [customers, ...taxClasses, conditions];
}

const COLUMNS = [
  'id',
  'version',
  'condition_type',
  'access',
  'sku',
  'account_id',
  'price_list_id',
  'tier',
  'currency',
  'amount',
  'rate',
  'scales',
  'valid_from',
  'valid_to',
  'contract_id',
  'contract_version',
  'country',
  'tax_class',
];
const LIST = COLUMNS.map((c) => `"${c}"`).join(', ');
const UPDATE = COLUMNS.filter((c) => c !== 'id')
  .map((c) => `"${c}" = excluded."${c}"`)
  .join(', ');

/** One JSON document for a page, in the staging table's column names. */
function pageJson(items: readonly ErpCondition[]): string {
  return JSON.stringify(
    items.map((c) => ({
      id: c.id,
      version: c.version,
      condition_type: c.conditionType,
      access: c.access,
      sku: c.sku,
      account_id: c.accountId,
      price_list_id: c.priceListId,
      tier: c.tier,
      currency: c.currency,
      amount: c.amount ?? null,
      rate: c.rate ?? null,
      scales: c.scales ?? [],
      valid_from: c.validFrom,
      valid_to: c.validTo,
      contract_id: c.contractId ?? null,
      contract_version: c.contractVersion ?? null,
      country: c.country ?? null,
      tax_class: c.taxClass ?? null,
    })),
  );
}

const trx = (tx: EntityManager) => tx.getTransactionContext<Knex.Transaction>()!;

async function stage(tx: EntityManager, items: readonly ErpCondition[]): Promise<void> {
  if (!items.length) return;
  await trx(tx).raw(
    `insert into "pricing"."price_condition_staging" (${LIST})
     select ${LIST} from json_populate_recordset(null::"pricing"."price_condition_staging", ?::json)
     on conflict (id) do update set ${UPDATE} where "price_condition_staging".version < excluded.version`,
    [pageJson(items)],
  );
}

/** The staged export into the live table in one statement; returns how many records changed. */
async function merge(tx: EntityManager): Promise<number> {
  const result = await trx(tx).raw<{ rowCount: number }>(
    `insert into "pricing"."price_condition" (${LIST})
     select ${LIST} from "pricing"."price_condition_staging"
     on conflict (id) do update set ${UPDATE} where "price_condition".version < excluded.version`,
  );
  await trx(tx).raw(`truncate "pricing"."price_condition_staging"`);
  return result.rowCount;
}

async function syncConditions(
  port: PricingPort,
  em: EntityManager,
  logger: Logger,
  force: boolean,
  onProgress?: (p: SyncProgress) => void,
): Promise<FullSyncResult> {
  const name = 'conditions';
  const db = em.fork();
  const state = await db.findOne(SyncState, { name });
  if (state?.completedAt && !force) return { name, rows: state.rows, skipped: true };
  const resume = !!state && !force;
  let cursor = resume ? (state.cursor ?? null) : null;
  let rows = resume ? state.rows : 0;
  const startedAt = (resume ? state.startedAt : null) ?? new Date();
  if (!resume)
    await db.transactional(async (tx) => {
      await trx(tx).raw(`truncate "pricing"."price_condition_staging"`);
      await tx.upsert(SyncState, { name, cursor: null, rows: 0, startedAt, completedAt: null });
    });
  else if (rows) logger.info({ sync: name, rows }, `full sync ${name}: resuming after ${rows} rows`);
  const started = performance.now();
  let thisRun = 0;
  let next = port.exportConditions({ cursor, limit: CONDITION_PAGE });
  for (;;) {
    const page = await next;
    // The next page travels while this one is written (the call starts outside the transaction).
    if (page.nextCursor) {
      next = port.exportConditions({ cursor: page.nextCursor, limit: CONDITION_PAGE });
      next.catch(() => undefined); // awaited on the next turn; not unhandled if this page fails
    }
    let merged = 0;
    await db.transactional(async (tx) => {
      await stage(tx, page.items);
      if (!page.nextCursor) merged = await merge(tx);
      await tx.upsert(SyncState, {
        name,
        cursor: page.nextCursor,
        rows: rows + page.items.length,
        startedAt,
        completedAt: page.nextCursor ? null : new Date(),
      });
    });
    rows += page.items.length;
    thisRun += page.items.length;
    cursor = page.nextCursor;
    const rowsPerSecond = Math.round(thisRun / ((performance.now() - started) / 1000));
    const done = !cursor;
    onProgress?.({ sync: name, rows, rowsPerSecond, done });
    logger.info({ sync: name, rows, rowsPerSecond, done, ...(done ? { merged } : {}) }, `full sync ${name}: ${rows} rows`);
    if (done) break;
  }
  logger.info({ sync: name, rows, ms: Math.round(performance.now() - started) }, `full sync ${name} complete`);
  return { name, rows, skipped: false };
}
