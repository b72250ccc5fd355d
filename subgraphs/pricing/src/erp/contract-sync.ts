/**
 * Full sync of condition records and customer pricing master from the ERP's pricing port.
 *
 * Conditions arrive in large keyset pages; each page goes into a staging table in one statement
 * (one typed array per column, `unnest`ed: no per-row bind parameters, ORM entities or JSON
 * objects), in the same transaction as the cursor, so a sync that stops resumes after the last
 * staged page. The next page is already on its way while one is written. With the last page the
 * staging table is merged into `price_condition` — guarded by version like the feed, so a newer
 * record from the change feed is never overwritten with an older one — and emptied.
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

/** The staging table's columns with the SQL type of each one's array parameter. */
const COLUMNS: readonly (readonly [string, string, (c: ErpCondition) => string | number | null])[] = [
  ['id', 'text', (c) => c.id],
  ['version', 'int', (c) => c.version],
  ['condition_type', 'text', (c) => c.conditionType],
  ['access', 'text', (c) => c.access],
  ['sku', 'text', (c) => c.sku ?? null],
  ['account_id', 'text', (c) => c.accountId ?? null],
  ['price_list_id', 'text', (c) => c.priceListId ?? null],
  ['tier', 'text', (c) => c.tier ?? null],
  ['currency', 'text', (c) => c.currency],
  ['amount', 'numeric', (c) => c.amount ?? null],
  ['rate', 'numeric', (c) => c.rate ?? null],
  ['scales', 'jsonb', (c) => (c.scales?.length ? JSON.stringify(c.scales) : '[]')],
  ['valid_from', 'date', (c) => c.validFrom],
  ['valid_to', 'date', (c) => c.validTo ?? null],
  ['contract_id', 'text', (c) => c.contractId ?? null],
  ['contract_version', 'int', (c) => c.contractVersion ?? null],
  ['country', 'text', (c) => c.country ?? null],
  ['tax_class', 'text', (c) => c.taxClass ?? null],
];
const LIST = COLUMNS.map(([c]) => `"${c}"`).join(', ');
const SET = COLUMNS.filter(([c]) => c !== 'id')
  .map(([c]) => `"${c}" = s."${c}"`)
  .join(', ');
const UNNEST = COLUMNS.map(([, type]) => `?::${type}[]`).join(', ');

const SPECIAL = /[\\"]/;
const SPECIAL_ALL = /[\\"]/g;
/**
 * A Postgres array literal (`{"a",NULL,"b"}`) of one column of a page: one text parameter per
 * column, values only — a third of the bytes of the same page as JSON objects, no object per row.
 * Every text is quoted; only a text with a quote or backslash in it is escaped.
 */
export function arrayLiteral(values: readonly (string | number | null)[]): string {
  const parts = new Array<string>(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === null || v === undefined) parts[i] = 'NULL';
    else if (typeof v === 'number') parts[i] = String(v);
    else parts[i] = SPECIAL.test(v) ? `"${v.replace(SPECIAL_ALL, '\\$&')}"` : `"${v}"`;
  }
  return `{${parts.join(',')}}`;
}

const trx = (tx: EntityManager) => tx.getTransactionContext<Knex.Transaction>()!;

/**
 * One page into the staging table in one statement: each column as one typed array, `unnest`ed
 * into rows. A plain insert: the export is paged along the record id, so no record comes twice
 * (pages staged before a stop are committed with their cursor and never read again); a record
 * that did would fail the page, which stays resumable, rather than be staged twice.
 */
async function stage(tx: EntityManager, items: readonly ErpCondition[]): Promise<void> {
  if (!items.length) return;
  const params = COLUMNS.map(([, , get]) => arrayLiteral(items.map(get)));
  await trx(tx).raw(`insert into "pricing"."price_condition_staging" (${LIST}) select * from unnest(${UNNEST})`, params);
}

/**
 * The staged export into the live table; returns how many records changed. Two statements instead of
 * one upsert (a third faster: no speculative insert per record): records the live table holds at
 * an older version are updated, records it lacks are inserted. The live table is locked against
 * other writers (the change feed) meanwhile, so no record arrives between the two; readers go on.
 */
async function merge(tx: EntityManager): Promise<number> {
  const k = trx(tx);
  await k.raw(`lock table "pricing"."price_condition" in share row exclusive mode`);
  const updated = await k.raw<{ rowCount: number }>(
    `update "pricing"."price_condition" as p set ${SET}
       from "pricing"."price_condition_staging" as s
      where p.id = s.id and p.version < s.version`,
  );
  const inserted = await k.raw<{ rowCount: number }>(
    `insert into "pricing"."price_condition" (${LIST})
     select ${LIST} from "pricing"."price_condition_staging" as s
      where not exists (select 1 from "pricing"."price_condition" as p where p.id = s.id)`,
  );
  await k.raw(`truncate "pricing"."price_condition_staging"`);
  return updated.rowCount + inserted.rowCount;
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
  // Where the time goes (ms): waiting for export pages (what the prefetch does not hide), staging,
  // the merge, and the rest of each page's transaction (cursor upsert, begin/commit).
  const phases = { exportWait: 0, stage: 0, merge: 0, commit: 0 };
  const since = (t: number) => performance.now() - t;
  let thisRun = 0;
  let next = port.exportConditions({ cursor, limit: CONDITION_PAGE });
  for (;;) {
    let t = performance.now();
    const page = await next;
    phases.exportWait += since(t);
    // The next page travels while this one is written (the call starts outside the transaction).
    if (page.nextCursor) {
      next = port.exportConditions({ cursor: page.nextCursor, limit: CONDITION_PAGE });
      next.catch(() => undefined); // awaited on the next turn; not unhandled if this page fails
    }
    let merged = 0;
    const tx0 = performance.now();
    let work = 0;
    await db.transactional(async (tx) => {
      t = performance.now();
      await stage(tx, page.items);
      phases.stage += since(t);
      work = since(t);
      if (!page.nextCursor) {
        t = performance.now();
        merged = await merge(tx);
        phases.merge += since(t);
        work += since(t);
      }
      await tx.upsert(SyncState, {
        name,
        cursor: page.nextCursor,
        rows: rows + page.items.length,
        startedAt,
        completedAt: page.nextCursor ? null : new Date(),
      });
    });
    phases.commit += since(tx0) - work;
    rows += page.items.length;
    thisRun += page.items.length;
    cursor = page.nextCursor;
    const rowsPerSecond = Math.round(thisRun / ((performance.now() - started) / 1000));
    const done = !cursor;
    onProgress?.({ sync: name, rows, rowsPerSecond, done });
    logger.info({ sync: name, rows, rowsPerSecond, done, ...(done ? { merged } : {}) }, `full sync ${name}: ${rows} rows`);
    if (done) break;
  }
  const ms = Math.round(performance.now() - started);
  const rounded = Object.fromEntries(Object.entries(phases).map(([k, v]) => [k, Math.round(v)]));
  logger.info({ sync: name, rows, ms, phases: rounded }, `full sync ${name} complete`);
  return { name, rows, skipped: false, ms, phases: rounded };
}
