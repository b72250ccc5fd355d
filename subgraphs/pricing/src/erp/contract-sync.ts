/**
 * Full sync of condition records and customer pricing master from the ERP's pricing port.
 *
 * Conditions arrive in large keyset pages; each page goes into a staging table with no index, not
 * even a primary key, in one statement (`COPY … FROM STDIN`, or one typed array per column
 * `unnest`ed: no per-row bind parameters, ORM entities or JSON objects), in the same transaction
 * as the cursor, so a sync that stops resumes after the last staged page. The next page is already
 * on its way while one is written. With the last page the staging table becomes `price_condition`
 * (`swap`): its indexes built in bulk, the live records it must keep carried over — guarded by
 * version like the feed, so a newer record from the change feed is never overwritten with an older
 * one — and renamed into place, a fresh staging table made for the next sync.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Knex } from '@mikro-orm/postgresql';
import type { ErpCondition, Page, PricingPort } from '@portal/erp/port';
import type { Logger } from '@portal/platform/logger';
import { SyncState, runFullSync, type FullSyncResult } from '@portal/platform/sync';
import { CustomerPricing, ItemTaxClass } from '../entities/index.js';
import { copyChunks, copyFrom, type CopyClient } from './copy-from.js';

/** Condition records per export page (the reference ERP's largest page for conditions). */
export const CONDITION_PAGE = 10_000;
/** Export pages fetched ahead of the one being staged (each page's request starts when the one before arrives). */
export const PAGES_AHEAD = 3;

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
  // The three exports are independent: the small syncs of customers and tax classes run while the
  // large one of condition records does, not before it. Each is resumable on its own; all end
  // (none is left running) before the first failure is reported.
  const customers = runFullSync({
    name: 'customers',
    em,
    logger,
    force,
    fetchPage: (cursor) => port.exportCustomers({ cursor, limit: 1000 }),
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
        runFullSync({
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
  const conditions = syncConditions(port, em, logger, force, onProgress);
  const settled = await Promise.allSettled([customers, ...taxClasses, conditions]);
  const failed = settled.find((r) => r.status === 'rejected');
  if (failed) throw failed.reason;
  return settled.map((r) => (r as PromiseFulfilledResult<FullSyncResult>).value);
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
const UNNEST = COLUMNS.map(([, type]) => `?::${type}[]`).join(', ');
const FIELDS = COLUMNS.map(([, , get]) => get);

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
 * One page into the staging table in one statement: `COPY … FROM STDIN` (text format) where the
 * server takes it, else each column as one typed array, `unnest`ed into rows (PGlite over its
 * socket). A plain insert into a table without a key: the export is paged along the record id, so
 * no record comes twice, and pages staged before a stop are committed with their cursor and never
 * read again (a page whose transaction fails leaves neither). A record that did come twice would
 * fail the primary key's build in the swap, and with it the last page's transaction: nothing
 * would go live twice.
 */
async function stage(tx: EntityManager, items: readonly ErpCondition[], copy: boolean): Promise<void> {
  if (!items.length) return;
  if (copy) {
    // The transaction's own connection (a transaction's client hands out only that one).
    const client = (await trx(tx).client.acquireConnection()) as CopyClient;
    await copyFrom(client, `copy "pricing"."price_condition_staging" (${LIST}) from stdin`, copyChunks(items, FIELDS));
    return;
  }
  const params = FIELDS.map((get) => arrayLiteral(items.map(get)));
  await trx(tx).raw(`insert into "pricing"."price_condition_staging" (${LIST}) select * from unnest(${UNNEST})`, params);
}

/** Whether the server takes `COPY … FROM STDIN`: every Postgres server, not PGlite over its socket. */
async function takesCopy(db: EntityManager): Promise<boolean> {
  const rows = await db.getConnection().execute<{ version: string }[]>(`select version() as version`);
  return !/PGlite/i.test(rows[0]?.version ?? '');
}

/**
 * The export's pages in order, up to `ahead` of them fetched before they are taken: each page's
 * request starts as soon as the page before it arrives (its cursor is in it), not when the page
 * before it has been staged. A failed request fails the page that is taken in its place.
 */
export function readAhead<T>(
  fetch: (cursor: string | null) => Promise<Page<T>>,
  cursor: string | null,
  ahead: number,
): { take(): Promise<Page<T>> } {
  const pages: Promise<Page<T>>[] = [];
  let paused: string | null = null;
  const request = (from: string | null) => {
    const page = fetch(from);
    page.catch(() => undefined); // reported when taken; not unhandled before that
    pages.push(page);
    void page.then(
      (p) => {
        if (!p.nextCursor) return;
        if (pages.length < ahead) request(p.nextCursor);
        else paused = p.nextCursor;
      },
      () => undefined,
    );
  };
  request(cursor);
  return {
    take() {
      const page = pages.shift();
      if (!page) return Promise.reject(new Error('no export page left to take'));
      if (paused !== null && pages.length < ahead) {
        const from = paused;
        paused = null;
        request(from);
      }
      return page;
    },
  };
}

const LIVE = '"pricing"."price_condition"';
const STAGING = '"pricing"."price_condition_staging"';
/** The live table's indexes as the migrations create them: [name, columns]; the primary key apart. */
const INDEXES = [
  ['price_condition_sku_index', '"sku"'],
  ['price_condition_account_id_sku_index', '"account_id", "sku"'],
] as const;
/** Every column but the version: a staged record at the live record's version stands only if equal. */
const CONTENT = COLUMNS.filter(([c]) => c !== 'version').map(([c]) => `"${c}"`);

/** A statement renaming a table's not-null constraints named `from…` to `to…` (none where the server keeps no such names). */
function renameNotNull(table: string, from: string, to: string): string {
  const renamed = to.startsWith(from) ? `and not starts_with(conname, '${to}')` : '';
  return `do $$ declare c record; begin
    for c in select conname from pg_constraint
              where conrelid = '${table}'::regclass and contype = 'n'
                and starts_with(conname, '${from}') ${renamed} loop
      execute format('alter table ${table} rename constraint %I to %I', c.conname, '${to}' || substr(c.conname, ${from.length + 1}));
    end loop;
  end $$`;
}

/** How long the swap's exclusive lock request may keep readers queued behind it, and how often it is made. */
export const SWAP_LOCK_WAIT_MS = 500;
export const SWAP_LOCK_ATTEMPTS = 20;

/**
 * The live table's exclusive lock, for the swap. New readers queue behind a request for it, so a
 * long read under way (a report) would hold up every price query: the request gives up after
 * SWAP_LOCK_WAIT_MS, lets the queue through, and is made again, up to SWAP_LOCK_ATTEMPTS times
 * (then the sync fails and resumes with its last page).
 */
async function lockExclusive(k: Knex.Transaction): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    await k.raw(`savepoint swap_lock`);
    try {
      await k.raw(`set local lock_timeout = ${SWAP_LOCK_WAIT_MS}`);
      await k.raw(`lock table ${LIVE} in access exclusive mode`);
      await k.raw(`set local lock_timeout = default`);
      await k.raw(`release savepoint swap_lock`);
      return;
    } catch (err) {
      if ((err as { code?: string }).code !== '55P03' || attempt >= SWAP_LOCK_ATTEMPTS) throw err;
      await k.raw(`rollback to savepoint swap_lock`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

/** What the swap did, and where its time went (ms). */
interface Swap {
  /** Staged records that gave way to the live record (newer, or the same version but different). */
  superseded: number;
  /** Live records carried over into the new table (newer than staged, or not in the export). */
  kept: number;
  index: number;
  carry: number;
  swap: number;
}

/**
 * The staging table (the whole export, no index) becomes the live table, in the transaction of
 * the last page, so the new contracts become visible at once, never half:
 *
 * 1. its primary key and indexes are built (under temporary names) in bulk, where inserting the
 *    same records into an indexed table updates each index record by record, and each record is
 *    written once, not staged and then copied; its statistics are gathered (price queries right
 *    after the swap were planned without them, 200-line carts three times slower on PostgreSQL);
 * 2. the live table is locked against writers (the change feed: its writes wait, readers go on),
 *    then the new table takes from it what a version-guarded merge keeps: a record the live table
 *    holds at a newer version (delivered by the feed during the sync) replaces the staged one, as
 *    does one at the same version but different (a live record stays unless the export's is
 *    newer), and live records the export lacks are carried over as they are;
 * 3. the live table is dropped (its lock raised to exclusive for that moment: readers wait for it,
 *    a read under way finishes first — if it takes long, the lock request steps back and tries
 *    again, see `lockExclusive`), the new table and its indexes take the canonical names,
 *    and an empty staging table of the same columns is made for the next sync.
 *
 * A statement that waited for the old table (a feed write, a price query) runs on the new one: the
 * table's name is looked up again once its lock is granted, and prepared plans are replanned.
 */
async function swap(tx: EntityManager): Promise<Swap> {
  const k = trx(tx);
  let t = performance.now();
  await k.raw(`alter table ${STAGING} add constraint "price_condition_new_pkey" primary key ("id")`);
  for (const [name, columns] of INDEXES) await k.raw(`create index "${name}_new" on ${STAGING} (${columns})`);
  await k.raw(`analyze ${STAGING}`);
  const index = performance.now() - t;

  t = performance.now();
  await k.raw(`lock table ${LIVE} in share row exclusive mode`);
  const superseded = await k.raw<{ rowCount: number }>(
    `delete from ${STAGING} as s using ${LIVE} as p
      where p.id = s.id
        and (p.version > s.version or (p.version = s.version and (${CONTENT.map((c) => `p.${c}`).join(', ')}) is distinct from (${CONTENT.map((c) => `s.${c}`).join(', ')})))`,
  );
  const carried = await k.raw<{ rowCount: number }>(
    `insert into ${STAGING} (${LIST})
     select ${LIST} from ${LIVE} as p where not exists (select 1 from ${STAGING} as s where s.id = p.id)`,
  );
  const carry = performance.now() - t;

  t = performance.now();
  await lockExclusive(k);
  await k.raw(`drop table ${LIVE}`);
  await k.raw(`alter table ${STAGING} rename to "price_condition"`);
  await k.raw(`alter table ${LIVE} rename constraint "price_condition_new_pkey" to "price_condition_pkey"`);
  for (const [name] of INDEXES) await k.raw(`alter index "pricing"."${name}_new" rename to "${name}"`);
  await k.raw(`create table ${STAGING} (like ${LIVE} including defaults)`);
  // A server that keeps not-null constraints by name (PostgreSQL 18, PGlite) named the new live
  // table's after the staging table, and the fresh staging table's after the live one: each takes
  // the names the migrations give it.
  await k.raw(renameNotNull(LIVE, 'price_condition_staging_', 'price_condition_'));
  await k.raw(renameNotNull(STAGING, 'price_condition_', 'price_condition_staging_'));
  const swapMs = performance.now() - t;

  return { superseded: superseded.rowCount, kept: carried.rowCount, index, carry, swap: swapMs };
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
  const copy = await takesCopy(db);
  const started = performance.now();
  // Where the time goes (ms): waiting for export pages (what the prefetch does not hide), staging,
  // with the last page building the new table's indexes, carrying live records over (the feed's
  // writes waiting) and the swap itself, and the rest of each page's transaction (cursor upsert,
  // begin/commit).
  const phases = { exportWait: 0, stage: 0, index: 0, carry: 0, swap: 0, commit: 0 };
  const since = (t: number) => performance.now() - t;
  let thisRun = 0;
  // The next pages travel while one is written (their calls start outside the transactions).
  const pages = readAhead((from) => port.exportConditions({ cursor: from, limit: CONDITION_PAGE }), cursor, PAGES_AHEAD);
  for (;;) {
    let t = performance.now();
    const page = await pages.take();
    phases.exportWait += since(t);
    let swapped: Swap | undefined;
    const tx0 = performance.now();
    let work = 0;
    await db.transactional(async (tx) => {
      // A staged page need not wait for its commit to reach the disk: a server crash can lose only
      // whole page transactions, their rows together with their cursor, and the sync resumes before
      // them. The last one (the swap, the sync complete) waits as usual.
      if (page.nextCursor) await trx(tx).raw(`set local synchronous_commit = off`);
      t = performance.now();
      await stage(tx, page.items, copy);
      phases.stage += since(t);
      work = since(t);
      if (!page.nextCursor) {
        t = performance.now();
        swapped = await swap(tx);
        phases.index += swapped.index;
        phases.carry += swapped.carry;
        phases.swap += swapped.swap;
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
    const outcome = swapped ? { superseded: swapped.superseded, kept: swapped.kept } : {};
    logger.info({ sync: name, rows, rowsPerSecond, done, ...outcome }, `full sync ${name}: ${rows} rows`);
    if (done) break;
  }
  const ms = Math.round(performance.now() - started);
  const rounded = Object.fromEntries(Object.entries(phases).map(([k, v]) => [k, Math.round(v)]));
  logger.info({ sync: name, rows, ms, phases: rounded }, `full sync ${name} complete`);
  return { name, rows, skipped: false, ms, phases: rounded };
}
