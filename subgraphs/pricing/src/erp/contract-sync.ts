/**
 * Full sync of condition records and customer pricing master from the ERP's pricing port.
 *
 * Conditions arrive in large keyset pages; each page goes into a staging table in one statement,
 * in the same transaction as the cursor, so a sync that stops resumes after the last staged page.
 * A page the ERP gives as tab-separated text (the reference ERP's database formats it) is loaded as
 * it is with `COPY … FROM STDIN`: no record is parsed, no object built, no text formatted in Node.
 * Records (an ERP without the text form) are copied as COPY text built here. The embedded database
 * takes COPY FROM STDIN too, so both databases load the same way. The next page is already on its
 * way while one is written. With the last page the staging table is merged into
 * `price_condition` — guarded by version like the feed, so a newer record from the change feed is
 * never overwritten with an older one — and emptied.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Knex } from '@mikro-orm/postgresql';
import type { ErpCondition, PageRequest, PricingPort, TextPage } from '@portal/erp/port';
import type { Logger } from '@portal/platform/logger';
import { SyncState, runFullSync, type FullSyncResult } from '@portal/platform/sync';
import { CustomerPricing, ItemTaxClass } from '../entities/index.js';
import { copyChunks, copyFrom, type CopyClient } from '@portal/platform/db';

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

/** The staging table's columns and where each comes from in a record. */
const COLUMNS: readonly (readonly [string, (c: ErpCondition) => string | number | null])[] = [
  ['id', (c) => c.id],
  ['version', (c) => c.version],
  ['condition_type', (c) => c.conditionType],
  ['access', (c) => c.access],
  ['sku', (c) => c.sku ?? null],
  ['account_id', (c) => c.accountId ?? null],
  ['price_list_id', (c) => c.priceListId ?? null],
  ['tier', (c) => c.tier ?? null],
  ['currency', (c) => c.currency],
  ['amount', (c) => c.amount ?? null],
  ['rate', (c) => c.rate ?? null],
  ['scales', (c) => (c.scales?.length ? JSON.stringify(c.scales) : '[]')],
  ['valid_from', (c) => c.validFrom],
  ['valid_to', (c) => c.validTo ?? null],
  ['contract_id', (c) => c.contractId ?? null],
  ['contract_version', (c) => c.contractVersion ?? null],
  ['country', (c) => c.country ?? null],
  ['tax_class', (c) => c.taxClass ?? null],
];
const LIST = COLUMNS.map(([c]) => `"${c}"`).join(', ');
/** The staging table's column of each of the export's field names (`conditionType` → `condition_type`). */
const COLUMN_OF_FIELD = new Map(COLUMNS.map(([c]) => [c.replace(/_([a-z])/g, (_, l: string) => l.toUpperCase()), c]));
const REQUIRED = ['id', 'version', 'condition_type', 'access', 'currency', 'valid_from'];

/** The staging table's columns for a text page's fields, in its order; an unknown or missing field fails the page. */
export function textColumns(fields: readonly string[]): string {
  const columns = fields.map((f) => {
    const c = COLUMN_OF_FIELD.get(f);
    if (!c) throw new Error(`the ERP's condition export has a field this sync does not know: ${JSON.stringify(f)}`);
    return c;
  });
  const missing = REQUIRED.filter((c) => !columns.includes(c));
  if (missing.length) throw new Error(`the ERP's condition export lacks ${missing.join(', ')}`);
  return columns.map((c) => `"${c}"`).join(', ');
}
const SET = COLUMNS.filter(([c]) => c !== 'id')
  .map(([c]) => `"${c}" = s."${c}"`)
  .join(', ');
const FIELDS = COLUMNS.map(([, get]) => get);

const trx = (tx: EntityManager) => tx.getTransactionContext<Knex.Transaction>()!;

/**
 * One page into the staging table in one statement, `COPY … FROM STDIN` (text format): a text page
 * as the ERP sent it, records as text built here. A plain insert into a table without a key: the
 * export is paged along the record id, so no record comes twice (pages staged before a stop are
 * committed with their cursor and never read again); an export that gives one twice all the same
 * is refused by the merge.
 */
async function stage(tx: EntityManager, page: ConditionPage): Promise<void> {
  if (!page.rows) return;
  // The transaction's own connection (a transaction's client hands out only that one).
  const client = (await trx(tx).client.acquireConnection()) as CopyClient;
  const into = `copy "pricing"."price_condition_staging"`;
  if (page.kind === 'items') {
    await copyFrom(client, `${into} (${LIST}) from stdin`, copyChunks(page.items, FIELDS));
    return;
  }
  const copied = await copyFrom(client, `${into} (${textColumns(page.page.columns)}) from stdin`, [page.page.data]);
  if (copied !== page.rows) throw new Error(`the ERP's condition page said ${page.rows} records and held ${copied}`);
}

/**
 * The export's pages in order, up to `ahead` of them fetched before they are taken: each page's
 * request starts as soon as the page before it arrives (its cursor is in it), not when the page
 * before it has been staged. A failed request fails the page that is taken in its place.
 */
export function readAhead<P extends { nextCursor: string | null }>(
  fetch: (cursor: string | null) => Promise<P>,
  cursor: string | null,
  ahead: number,
): { take(): Promise<P> } {
  const pages: Promise<P>[] = [];
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

/**
 * The staged export into the live table; returns how many records changed. The live table is
 * locked against other writers (the change feed) meanwhile, so no record arrives in between;
 * readers go on. An empty live table (the first sync) takes the staged records in one plain
 * insert, its key and indexes built afterwards. Otherwise two statements instead of one upsert
 * (a third faster: no speculative insert per record): records the live table holds at an older
 * version are updated, records it lacks are inserted. A record the export gave twice fails the
 * merge either way, with nothing changed (the staging table has no key of its own).
 */
async function merge(tx: EntityManager): Promise<number> {
  const k = trx(tx);
  await k.raw(`lock table "pricing"."price_condition" in share row exclusive mode`);
  const live = await k.raw<{ rows: { any: boolean }[] }>(`select exists (select 1 from "pricing"."price_condition") as any`);
  let changed = 0;
  if (live.rows[0]?.any) {
    // An update from a record given twice would take either one: refused before.
    const twice = await k.raw<{ rows: { id: string }[] }>(
      `select id from "pricing"."price_condition_staging" group by id having count(*) > 1 limit 1`,
    );
    if (twice.rows[0]) throw givenTwice(twice.rows[0].id);
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
    changed = updated.rowCount + inserted.rowCount;
  } else {
    // Its primary key and secondary indexes are built once from all the rows after the insert
    // (from sorted input for the key) rather than record by record during it. Dropping them takes
    // the table from readers until the commit: an empty table has nothing for them yet.
    const table = `'"pricing"."price_condition"'::regclass`;
    const indexes = await k.raw<{ rows: { name: string; definition: string }[] }>(
      `select c.relname as name, pg_get_indexdef(i.indexrelid) as definition
         from pg_index i join pg_class c on c.oid = i.indexrelid
        where i.indrelid = ${table} and not i.indisprimary and not i.indisunique`,
    );
    const keys = await k.raw<{ rows: { name: string; definition: string }[] }>(
      `select conname as name, pg_get_constraintdef(oid) as definition from pg_constraint where conrelid = ${table} and contype = 'p'`,
    );
    for (const index of indexes.rows) await k.raw(`drop index "pricing"."${index.name}"`);
    for (const key of keys.rows) await k.raw(`alter table "pricing"."price_condition" drop constraint "${key.name}"`);
    const inserted = await k.raw<{ rowCount: number }>(
      `insert into "pricing"."price_condition" (${LIST}) select ${LIST} from "pricing"."price_condition_staging"`,
    );
    for (const key of keys.rows)
      await k.raw(`alter table "pricing"."price_condition" add constraint "${key.name}" ${key.definition}`).catch((err: unknown) => {
        const duplicated = /\(id\)=\((.*)\) is duplicated/.exec((err as { detail?: string }).detail ?? '');
        throw duplicated ? givenTwice(duplicated[1]!) : err;
      });
    for (const index of indexes.rows) await k.raw(index.definition);
    changed = inserted.rowCount;
  }
  await k.raw(`truncate "pricing"."price_condition_staging"`);
  return changed;
}

const givenTwice = (id: string) => new Error(`the ERP's condition export gave record ${id} more than once; nothing was merged`);

/** A page of the export: records, or the same as tab-separated text where the ERP gives it so. */
type ConditionPage =
  | { kind: 'items'; items: ErpCondition[]; rows: number; nextCursor: string | null }
  | { kind: 'text'; page: TextPage; rows: number; nextCursor: string | null };

/** How the sync reads the export: as tab-separated text where the ERP's adapter gives it, else as records. */
function conditionPages(port: PricingPort): (req: PageRequest) => Promise<ConditionPage> {
  const text = port.exportConditionsText?.bind(port);
  if (text)
    return async (req) => {
      const page = await text(req);
      return { kind: 'text', page, rows: page.rows, nextCursor: page.nextCursor };
    };
  return async (req) => {
    const page = await port.exportConditions(req);
    return { kind: 'items', items: page.items, rows: page.items.length, nextCursor: page.nextCursor };
  };
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
  let resume = !!state && !force;
  if (resume && state?.rows) {
    // The staging table is unlogged: a server crash empties it, while the cursor (logged) stays.
    // Resuming then would merge only the pages after the cursor, so the export is read again.
    const counted = await db.getConnection().execute<{ n: string }[]>(`select count(*) as n from "pricing"."price_condition_staging"`);
    const staged = Number(counted[0]?.n ?? 0);
    if (staged !== state.rows) {
      logger.warn(
        { sync: name, rows: state.rows, staged },
        `full sync ${name}: the staged pages are gone (the database restarted); reading the export again from the start`,
      );
      resume = false;
    }
  }
  let cursor = resume ? (state?.cursor ?? null) : null;
  let rows = resume ? (state?.rows ?? 0) : 0;
  const startedAt = (resume ? state?.startedAt : null) ?? new Date();
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
  // The next pages travel while one is written (their calls start outside the transactions).
  const fetchPage = conditionPages(port);
  const pages = readAhead((from) => fetchPage({ cursor: from, limit: CONDITION_PAGE }), cursor, PAGES_AHEAD);
  for (;;) {
    let t = performance.now();
    const page = await pages.take();
    phases.exportWait += since(t);
    let merged = 0;
    const tx0 = performance.now();
    let work = 0;
    await db.transactional(async (tx) => {
      // A staged page need not wait for its commit to reach the disk: a server crash can lose only
      // whole page transactions, their rows together with their cursor, and the sync resumes before
      // them. The last one (the merge, the sync complete) waits as usual.
      if (page.nextCursor) await trx(tx).raw(`set local synchronous_commit = off`);
      t = performance.now();
      await stage(tx, page);
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
        rows: rows + page.rows,
        startedAt,
        completedAt: page.nextCursor ? null : new Date(),
      });
    });
    phases.commit += since(tx0) - work;
    rows += page.rows;
    thisRun += page.rows;
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
