/**
 * The full contract sync from the reference ERP's export (pages of 10,000) into the pricing
 * subgraph's tables through the staging table: it stops half-way and resumes after the last page
 * it staged without reading a page twice; nothing is live until the merge; the merge equals the
 * export, and it never replaces a newer record (from the change feed) with an older one.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MikroORM } from '@mikro-orm/postgresql';
import { createReferenceErp, type ErpCondition, type PageRequest, type PricingPort } from '@portal/erp/port';
import { openServiceDatabase } from '@portal/platform/db';
import { createLogger } from '@portal/platform/logger';
import { CONDITION_PAGE, entities, migrations, syncPricing, upsertNewer } from '@portal/pricing/internals';
import { startErpService, type RunningErp } from '@portal/reference-erp';
import { loadErpConfig } from '@portal/reference-erp/config';
import { conditionExportPage } from '@portal/reference-erp/condition-export';
import { createTestDatabase, type TestDatabase } from '@portal/testkit';

let db: TestDatabase;
let erp: RunningErp;
let orm: MikroORM;
let port: PricingPort;
const logger = createLogger('pricing', 'silent');

beforeAll(async () => {
  db = await createTestDatabase();
  const config = loadErpConfig({ LOG_LEVEL: 'error', ERP_FULFILMENT_INTERVAL_MS: '0' });
  // Enough extra records for several export pages.
  erp = await startErpService({ config, databaseUrl: db.url, port: 0, seedScale: { conditions: 2.5 * CONDITION_PAGE, accounts: 50 } });
  port = createReferenceErp({ baseUrl: erp.url, apiKey: config.ERP_API_KEY, timeoutMs: 60_000 }).pricing;
  orm = await openServiceDatabase({ schema: 'pricing', url: db.url, entities, migrations, logger });
}, 300_000);
afterAll(async () => {
  await orm?.close();
  await erp?.close();
  await db?.close();
});

const count = async (table: string) =>
  Number((await orm.em.fork().getConnection().execute<{ n: string }[]>(`select count(*) as n from "pricing"."${table}"`))[0]!.n);

async function exportAll(): Promise<ErpCondition[]> {
  const all: ErpCondition[] = [];
  for (let cursor: string | null = null; ;) {
    const page = await port.exportConditions({ cursor, limit: CONDITION_PAGE });
    all.push(...page.items);
    if (!page.nextCursor) return all;
    cursor = page.nextCursor;
  }
}

/** The port with both forms of the condition export (records, text) going through `through`: a fault, a counter. */
function exportThrough(through: <T>(next: () => Promise<T>, req: PageRequest) => Promise<T>): PricingPort {
  return {
    ...port,
    exportConditions: (req) => through(() => port.exportConditions(req), req),
    exportConditionsText: (req) => through(() => port.exportConditionsText!(req), req),
  };
}

/** The port with a made-up export of records only (no text form: the sync loads the records). */
function recordsOnly(exportConditions: PricingPort['exportConditions']): PricingPort {
  return { ...port, exportConditions, exportConditionsText: undefined };
}

/** The cursor of the page after the record `id`: the one the export gives with that record last. */
async function keyCursor(id: string): Promise<string | null> {
  for (let cursor: string | null = null; ;) {
    const page = await port.exportConditions({ cursor, limit: CONDITION_PAGE });
    const at = page.items.findIndex((c) => c.id === id);
    if (at >= 0)
      return at === page.items.length - 1 ? page.nextCursor : (await port.exportConditions({ cursor, limit: at + 1 })).nextCursor;
    if (!page.nextCursor) return null;
    cursor = page.nextCursor;
  }
}

/** COPY's text format read as the server reads it: `\N` null, backslash escapes; numbers and JSON by field. */
function parseTextPage(columns: string[], data: Buffer): Record<string, unknown>[] {
  const names: Record<string, string> = { b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v' };
  const text = data.toString('utf8');
  return (text ? text.slice(0, -1).split('\n') : []).map((line) => {
    const fields = line.split('\t');
    expect(fields).toHaveLength(columns.length);
    return Object.fromEntries(
      columns.map((name, i) => {
        const raw = fields[i]!;
        if (raw === '\\N') return [name, null];
        const value = raw.replace(/\\(.)/g, (_, c: string) => names[c] ?? c);
        return [name, name === 'version' || name === 'contractVersion' ? Number(value) : name === 'scales' ? JSON.parse(value) : value];
      }),
    );
  });
}

describe('full contract sync through the staging table', () => {
  it('reads the export page by page along the primary key, never scanning the whole table per page', async () => {
    // Right after the seed the table has no statistics (the embedded database never gathers them):
    // a planner left alone scans and sorts all records for every page.
    const conn = orm.em.fork().getConnection();
    const scans = async () =>
      (
        await conn.execute<{ seq: string; idx: string }[]>(
          `select pg_stat_force_next_flush(), seq_scan as seq, idx_scan as idx from pg_stat_user_tables where schemaname = 'erp' and relname = 'condition'`,
        )
      ).map((r) => ({ seq: Number(r.seq), idx: Number(r.idx) }))[0]!;
    const before = await scans();
    const pages = Math.ceil((await exportAll()).length / CONDITION_PAGE);
    let after = await scans();
    for (let waited = 0; after.idx < before.idx + pages && waited < 15_000; waited += 250) {
      await new Promise((r) => setTimeout(r, 250)); // other connections report their counters when idle
      after = await scans();
    }
    expect(after.idx - before.idx).toBeGreaterThanOrEqual(pages);
    expect(after.seq - before.seq).toBe(0);
  }, 60_000);

  it('sends each record over HTTP as the export query gives it as a row', async () => {
    const http = await port.exportConditions({ limit: CONDITION_PAGE });
    const rows = await conditionExportPage(orm.em.fork(), undefined, CONDITION_PAGE);
    expect(http.items).toHaveLength(CONDITION_PAGE);
    expect(http.items).toEqual(rows);
    expect(http.nextCursor).toBeTruthy();
    const next = await port.exportConditions({ cursor: http.nextCursor, limit: 3 });
    expect(next.items).toEqual(await conditionExportPage(orm.em.fork(), rows[rows.length - 1]!.id, 3));
  }, 60_000);

  it('resumes after the last staged page, merges the export exactly and keeps newer feed records', async () => {
    const expected = await exportAll();
    expect(expected.length).toBeGreaterThan(2 * CONDITION_PAGE);

    // The ERP stops answering after the first page.
    let calls = 0;
    const failing = exportThrough((next) => (++calls > 1 ? Promise.reject(new Error('ERP gone')) : next()));
    await expect(syncPricing(failing, orm.em.fork(), logger)).rejects.toThrow('ERP gone');
    const state = await orm.em
      .fork()
      .getConnection()
      .execute<{ cursor: string | null; rows: number; completed_at: Date | null }[]>(
        `select cursor, rows, completed_at from "pricing"."sync_state" where name = 'conditions'`,
      );
    expect(state[0]).toMatchObject({ rows: CONDITION_PAGE, completed_at: null });
    expect(state[0]!.cursor).toBeTruthy();
    expect(await count('price_condition_staging')).toBe(CONDITION_PAGE);
    expect(await count('price_condition')).toBe(0); // nothing live before the merge

    // Meanwhile the change feed delivers a newer version of a record of the first page and one of a later page.
    const newerEarly = { ...expected[5]!, version: expected[5]!.version + 1, amount: '12345.5' };
    const newerLate = { ...expected[expected.length - 3]!, version: expected[expected.length - 3]!.version + 1, amount: '54321.25' };
    await orm.em.fork().transactional((tx) => upsertNewer(tx, [newerEarly, newerLate]));

    // Resumed: only the pages after the cursor are read.
    const cursors: (string | null)[] = [];
    const counting = exportThrough((next, req) => (cursors.push(req.cursor ?? null), next()));
    const conditions = (await syncPricing(counting, orm.em.fork(), logger)).find((r) => r.name === 'conditions');
    expect(conditions).toMatchObject({ rows: expected.length, skipped: false });
    expect(cursors[0]).toBe(state[0]!.cursor);
    expect(cursors).toHaveLength(Math.ceil(expected.length / CONDITION_PAGE) - 1);
    expect(await count('price_condition_staging')).toBe(0);

    const rows = await orm.em
      .fork()
      .getConnection()
      .execute<{ id: string; version: number; amount: string | null; valid_from: string; scales: unknown }[]>(
        `select id, version, trim_scale(amount)::text as amount, to_char(valid_from, 'YYYY-MM-DD') as valid_from, scales
           from "pricing"."price_condition" order by id`,
      );
    expect(rows).toHaveLength(expected.length);
    const byId = new Map(rows.map((r) => [r.id, r]));
    for (const c of expected) {
      const newer = c.id === newerEarly.id ? newerEarly : c.id === newerLate.id ? newerLate : undefined;
      const want = newer ?? c;
      expect(byId.get(c.id), c.id).toEqual({
        id: c.id,
        version: want.version,
        amount: want.amount ?? null,
        valid_from: c.validFrom,
        scales: c.scales ?? [],
      });
    }

    // Completed: a restart does not sync again.
    const again = (await syncPricing(counting, orm.em.fork(), logger)).find((r) => r.name === 'conditions');
    expect(again).toMatchObject({ skipped: true });
  }, 300_000);

  it('gives the same pages as tab-separated text formatted by the database: the same records, text and cursors', async () => {
    // Records whose text needs COPY's escapes (and JSON's), straight into the ERP's table.
    const tricky = [
      'a "quoted" name',
      'back\\slash \\" both',
      'tab\there',
      'two\nlines\r\n',
      '\\N',
      '\\.',
      'Zürich ✓ 東京',
      'ends in \\',
      'NULL',
    ];
    const conn = orm.em.fork().getConnection();
    for (const [k, text] of tricky.entries())
      await conn.execute(
        `insert into "erp"."condition" (id, version, condition_type, access, sku, account_id, currency, amount, scales, valid_from, contract_id, contract_version, tier)
         values (?, 3, 'PR00', 'ACCOUNT_ITEM', 'BRG-0004', 'ACME', 'EUR', 12.5, ?::jsonb, '2026-01-01', ?, 2, ?)`,
        [`TSV-${k}`, JSON.stringify([{ from: '10', amount: text.length ? '9.5' : '1' }]), text, k % 2 ? null : text],
      );
    const ids = (await exportAll()).map((c) => c.id);
    expect(ids).toContain('TSV-0');
    const text = port.exportConditionsText!;
    // Pages of the whole export, and pages that end exactly at the last record or one before it.
    const nearEnd = ids[ids.length - 8]!;
    const pages: [string | null, number][] = [
      [null, CONDITION_PAGE],
      [nearEnd, 7],
      [nearEnd, 6],
    ];
    for (const [from, limit] of pages) {
      const cursor = from === null ? null : (await keyCursor(from))!;
      const json = await port.exportConditions({ cursor, limit });
      const tsv = await text({ cursor, limit });
      expect(tsv.rows).toBe(json.items.length);
      expect(tsv.nextCursor).toBe(json.nextCursor);
      expect(parseTextPage(tsv.columns, tsv.data)).toEqual(json.items);
    }
    const last = await text({ cursor: await keyCursor(nearEnd), limit: 7 });
    expect(last.nextCursor).toBeNull();
    expect(last.rows).toBe(7);

    // A sync loads the text as it is, on a PostgreSQL server and on the embedded database alike
    // (both take COPY FROM STDIN); the live records are the export's.
    const used = { text: 0, records: 0 };
    const spying: PricingPort = {
      ...port,
      exportConditions: (req) => (used.records++, port.exportConditions(req)),
      exportConditionsText: (req) => (used.text++, text(req)),
    };
    await conn.execute(`truncate "pricing"."price_condition"`);
    await syncPricing(spying, orm.em.fork(), logger, true);
    expect(used.text).toBe(Math.ceil(ids.length / CONDITION_PAGE));
    expect(used.records).toBe(0);
    const live = await conn.execute<{ id: string; contract_id: string | null; tier: string | null; scales: unknown; amount: string }[]>(
      `select id, contract_id, tier, scales, trim_scale(amount)::text as amount from "pricing"."price_condition" where id like 'TSV-%' order by id`,
    );
    const exported = (await exportAll()).filter((c) => c.id.startsWith('TSV-'));
    expect(live).toEqual(exported.map((c) => ({ id: c.id, contract_id: c.contractId, tier: c.tier, scales: c.scales, amount: c.amount })));
    expect(live.map((r) => r.contract_id)).toEqual(tricky);
  }, 120_000);

  it('reads the export again from the start when a crash emptied the staging table, which is unlogged', async () => {
    const expected = await exportAll();
    const conn = orm.em.fork().getConnection();
    const persistence = await conn.execute<{ p: string }[]>(
      `select relpersistence as p from pg_class where oid = '"pricing"."price_condition_staging"'::regclass`,
    );
    expect(persistence[0]!.p).toBe('u');
    await conn.execute(`truncate "pricing"."price_condition"`);
    let calls = 0;
    const failing = exportThrough((next) => (++calls > 2 ? Promise.reject(new Error('ERP gone')) : next()));
    await expect(syncPricing(failing, orm.em.fork(), logger, true)).rejects.toThrow('ERP gone');
    expect(await count('price_condition_staging')).toBe(2 * CONDITION_PAGE);
    // What a server crash does to an unlogged table; the cursor after two pages stays.
    await conn.execute(`truncate "pricing"."price_condition_staging"`);

    const cursors: (string | null)[] = [];
    const counting = exportThrough((next, req) => (cursors.push(req.cursor ?? null), next()));
    const conditions = (await syncPricing(counting, orm.em.fork(), logger)).find((r) => r.name === 'conditions');
    expect(cursors[0]).toBeNull();
    expect(conditions).toMatchObject({ rows: expected.length, skipped: false });
    expect(await count('price_condition')).toBe(expected.length);
    expect(await count('price_condition_staging')).toBe(0);
  }, 300_000);

  it('stages text as the ERP sent it: quotes, backslashes, tabs, line breaks, commas, braces, NULL and \\N as words, non-ASCII', async () => {
    const base = (await port.exportConditions({ limit: 1 })).items[0]!;
    const tricky = [
      'a "quoted" name',
      'back\\slash \\" both',
      'comma, {brace}',
      'NULL',
      '',
      'Zürich ✓ 東京',
      'tab\there',
      'two\nlines\r\n',
      '\\N',
      '\\.',
      'ends in \\',
    ];
    const items: ErpCondition[] = tricky.map((text, k) => ({
      ...base,
      id: `ZZ-TRICKY-${String(k).padStart(2, '0')}`,
      version: 1,
      contractId: text,
      tier: k % 2 ? null : text,
      scales: k % 2 ? [] : [{ from: '10', amount: '9.5' }],
    }));
    const onePage = recordsOnly(() => Promise.resolve({ items, nextCursor: null }));
    const conditions = (await syncPricing(onePage, orm.em.fork(), logger, true)).find((r) => r.name === 'conditions');
    expect(conditions).toMatchObject({ rows: items.length, skipped: false });
    const rows = await orm.em
      .fork()
      .getConnection()
      .execute<{ id: string; contract_id: string | null; tier: string | null; scales: unknown }[]>(
        `select id, contract_id, tier, scales from "pricing"."price_condition" where id like 'ZZ-TRICKY-%' order by id`,
      );
    expect(rows).toEqual(items.map((c) => ({ id: c.id, contract_id: c.contractId, tier: c.tier, scales: c.scales })));

    // Synced again: a newer version replaces the live record; an older one does not, nor one at the
    // same version with other content (a live record stays unless the export's is newer); records
    // this export lacks stay as they are.
    const others = (await count('price_condition')) - items.length;
    expect(others).toBeGreaterThan(0);
    const again = items.map((c, k) => ({ ...c, version: k % 2 ? 2 : k % 4 ? 1 : 0, contractId: `changed ${k}` }));
    const secondPage = recordsOnly(() => Promise.resolve({ items: again, nextCursor: null }));
    await syncPricing(secondPage, orm.em.fork(), logger, true);
    expect(await count('price_condition')).toBe(others + items.length);
    const after = await orm.em
      .fork()
      .getConnection()
      .execute<{ id: string; version: number; contract_id: string | null }[]>(
        `select id, version, contract_id from "pricing"."price_condition" where id like 'ZZ-TRICKY-%' order by id`,
      );
    expect(after).toEqual(
      items.map((c, k) =>
        k % 2 ? { id: c.id, version: 2, contract_id: `changed ${k}` } : { id: c.id, version: 1, contract_id: c.contractId },
      ),
    );
  }, 120_000);

  it('takes the whole export in one insert into an empty live table (the first sync)', async () => {
    const expected = await exportAll();
    await orm.em.fork().getConnection().execute(`truncate "pricing"."price_condition"`);
    const conditions = (await syncPricing(port, orm.em.fork(), logger, true)).find((r) => r.name === 'conditions');
    expect(conditions).toMatchObject({ rows: expected.length, skipped: false });
    const rows = await orm.em
      .fork()
      .getConnection()
      .execute<
        { id: string; version: number; amount: string | null; valid_to: string | null; scales: unknown; contract_id: string | null }[]
      >(
        `select id, version, trim_scale(amount)::text as amount, to_char(valid_to, 'YYYY-MM-DD') as valid_to, scales, contract_id
           from "pricing"."price_condition" order by id`,
      );
    const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
    expect(rows.sort(byId)).toEqual(
      [...expected].sort(byId).map((c) => ({
        id: c.id,
        version: c.version,
        amount: c.amount ?? null,
        valid_to: c.validTo ?? null,
        scales: c.scales ?? [],
        contract_id: c.contractId ?? null,
      })),
    );
    expect(await count('price_condition_staging')).toBe(0);
    // Its key and indexes, built after the insert, are there as the migrations made them, and used.
    const sql = orm.em.fork().getConnection();
    const indexes = await sql.execute<{ definition: string; valid: boolean }[]>(
      `select pg_get_indexdef(i.indexrelid) as definition, i.indisvalid as valid
         from pg_index i join pg_class c on c.oid = i.indexrelid
        where i.indrelid = '"pricing"."price_condition"'::regclass order by c.relname`,
    );
    expect(indexes.map((r) => `${r.definition} ${r.valid ? 'valid' : 'invalid'}`)).toEqual([
      'CREATE INDEX price_condition_account_id_sku_index ON pricing.price_condition USING btree (account_id, sku) valid',
      'CREATE UNIQUE INDEX price_condition_pkey ON pricing.price_condition USING btree (id) valid',
    ]);
    const keys = await sql.execute<{ name: string; definition: string }[]>(
      `select conname as name, pg_get_constraintdef(oid) as definition from pg_constraint
        where conrelid = '"pricing"."price_condition"'::regclass and contype = 'p'`,
    );
    expect(keys).toEqual([{ name: 'price_condition_pkey', definition: 'PRIMARY KEY (id)' }]);
    const withContract = rows.find((r) => r.contract_id !== null)!;
    const plan = await sql.execute<{ 'QUERY PLAN': string }[]>(
      `explain select id from "pricing"."price_condition" where account_id = (select account_id from "pricing"."price_condition" where id = ?) and sku = 'X'`,
      [withContract.id],
    );
    expect(plan.map((r) => r['QUERY PLAN']).join('\n')).toContain('price_condition_account_id_sku_index');
  }, 300_000);

  it('a page whose transaction fails after staging leaves none of its rows: resumed, no record is staged twice', async () => {
    const expected = await exportAll();
    const conn = orm.em.fork().getConnection();
    // The second page's cursor cannot be written: its transaction fails after the page was staged.
    await conn.execute(
      `create function "pricing"."stop_second_page"() returns trigger language plpgsql as $$
       begin
         if new.name = 'conditions' and new.rows > ${CONDITION_PAGE} then raise exception 'stopped before the cursor'; end if;
         return new;
       end $$`,
    );
    await conn.execute(
      `create trigger "stop_second_page" before insert or update on "pricing"."sync_state" for each row execute function "pricing"."stop_second_page"()`,
    );
    try {
      await expect(syncPricing(port, orm.em.fork(), logger, true)).rejects.toThrow('stopped before the cursor');
    } finally {
      await conn.execute(`drop trigger "stop_second_page" on "pricing"."sync_state"`);
      await conn.execute(`drop function "pricing"."stop_second_page"()`);
    }
    expect(await count('price_condition_staging')).toBe(CONDITION_PAGE);

    const conditions = (await syncPricing(port, orm.em.fork(), logger)).find((r) => r.name === 'conditions');
    expect(conditions).toMatchObject({ rows: expected.length, skipped: false });
    expect(await count('price_condition_staging')).toBe(0);
    const ids = await conn.execute<{ n: string; distinct: string }[]>(
      `select count(*) as n, count(distinct id) as distinct from "pricing"."price_condition" where id not like 'ZZ-%'`,
    );
    expect(ids[0]).toEqual({ n: String(expected.length), distinct: String(expected.length) });
  }, 300_000);

  it('refuses an export that gives a record twice, naming it, and changes nothing live', async () => {
    const expected = await exportAll();
    // Two pages; the second gives a record of the first again, at a newer version.
    const first = expected.slice(0, CONDITION_PAGE);
    const twice = { ...first[7]!, version: first[7]!.version + 1, amount: '999.99' };
    const second = [...expected.slice(CONDITION_PAGE), twice];
    const duplicating = recordsOnly((req) =>
      Promise.resolve(req.cursor ? { items: second, nextCursor: null } : { items: first, nextCursor: 'second' }),
    );
    const conn = orm.em.fork().getConnection();
    const live = () =>
      conn.execute<{ n: string; amount: string | null }[]>(
        `select count(*) as n, (select trim_scale(amount)::text from "pricing"."price_condition" where id = ?) as amount
           from "pricing"."price_condition"`,
        [twice.id],
      );

    // The first sync, into an empty live table.
    await conn.execute(`truncate "pricing"."price_condition"`);
    await expect(syncPricing(duplicating, orm.em.fork(), logger, true)).rejects.toThrow(
      `the ERP's condition export gave record ${twice.id} more than once`,
    );
    expect(await live()).toEqual([{ n: '0', amount: null }]);

    // A sync over a live table that holds the export.
    await syncPricing(port, orm.em.fork(), logger, true);
    const before = await live();
    expect(before[0]!.n).toBe(String(expected.length));
    await expect(syncPricing(duplicating, orm.em.fork(), logger, true)).rejects.toThrow(
      `the ERP's condition export gave record ${twice.id} more than once`,
    );
    expect(await live()).toEqual(before);
  }, 300_000);
});
