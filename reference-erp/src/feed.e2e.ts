/**
 * The change feed's ordering: an event that commits later never has a lower `seq` than one a reader
 * can already see, so a reader polling "after seq N" skips nothing. Meaningful on real PostgreSQL
 * (concurrent transactions); on embedded PGlite transactions run one at a time and it holds trivially.
 * And a reader of some event types (over HTTP, as the portal reads): it gets only those, moves past
 * the others, and its long-poll waits for one of its types.
 */
import { randomBytes } from 'node:crypto';
import { MikroORM } from '@mikro-orm/postgresql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { metrics } from '@portal/platform';
import { startEmbeddedPostgres } from '@portal/platform/db';
import { loadErpConfig } from './config.js';
import { appendEvent, notifyAppended, readFeed } from './feed.js';
import { startErpService, type RunningErp } from './server.js';

let db: { url: string; close(): Promise<void> };
let erp: RunningErp;
const config = loadErpConfig({ LOG_LEVEL: 'fatal', ERP_FULFILMENT_INTERVAL_MS: '0' });

/** A database of its own: on DATABASE_URL's server when set, else embedded. */
async function testDatabase(): Promise<{ url: string; close(): Promise<void> }> {
  const server = process.env.DATABASE_URL;
  if (!server) {
    const embedded = await startEmbeddedPostgres();
    return { url: embedded.url, close: () => embedded.stop() };
  }
  const name = `portal_erp_feed_${randomBytes(4).toString('hex')}`;
  const admin = async (sql: string) => {
    const orm = await MikroORM.init({
      clientUrl: server,
      entities: [],
      discovery: { warnWhenNoEntities: false },
      allowGlobalContext: true,
    });
    try {
      await orm.em.getConnection().execute(sql);
    } finally {
      await orm.close();
    }
  };
  await admin(`create database "${name}"`);
  const url = new URL(server);
  url.pathname = `/${name}`;
  return { url: url.toString(), close: () => admin(`drop database if exists "${name}" with (force)`) };
}

beforeAll(async () => {
  db = await testDatabase();
  erp = await startErpService({ config, databaseUrl: db.url, port: 0, onProgress: () => {} });
}, 120_000);
afterAll(async () => {
  await erp?.close();
  await db?.close();
});

const sleep = (ms: number) => new Promise<null>((resolve) => setTimeout(() => resolve(null), ms));

async function head(): Promise<number> {
  let after = 0;
  for (let page = await readFeed(erp.orm.em.fork(), after, 500); page.length; page = await readFeed(erp.orm.em.fork(), after, 500))
    after = page[page.length - 1]!.seq;
  return after;
}

/** The feed as the portal reads it: GET /v1/events. */
function feedOverHttp() {
  return {
    async poll(after: number, o: { limit?: number; waitMs?: number; types?: string[] } = {}) {
      const q = new URLSearchParams({ after: String(after), limit: String(o.limit ?? 100), waitMs: String(o.waitMs ?? 0) });
      if (o.types) q.set('types', o.types.join(','));
      const res = await fetch(`${erp.url}/v1/events?${q}`, { headers: { 'x-erp-api-key': config.ERP_API_KEY } });
      if (!res.ok) throw Object.assign(new Error(`GET /v1/events answered ${res.status}`), { status: res.status });
      return (await res.json()) as { events: { seq: number; key: string }[]; nextCursor: number };
    },
  };
}

describe('reference ERP change feed', () => {
  it('an event appended first and committed last is never passed by a later one a reader sees', async () => {
    const after = await head();
    let commitFirst!: () => void;
    const gate = new Promise<void>((resolve) => (commitFirst = resolve));
    let firstAppended!: () => void;
    const appended = new Promise<void>((resolve) => (firstAppended = resolve));
    const first = erp.orm.em.fork().transactional(async (tx) => {
      await appendEvent(tx, new Date(), 'stock.changed', 'feed-test-first', {});
      firstAppended();
      await gate;
    });
    await appended;
    // A second append while the first is still open, committing as soon as it can.
    const second = erp.orm.em.fork().transactional(async (tx) => {
      await appendEvent(tx, new Date(), 'stock.changed', 'feed-test-second', {});
    });
    // While the first is open, a reader must not see the second (its cursor would pass the first).
    const seenEarly: string[] = [];
    for (let i = 0; i < 5; i++) {
      const page = await Promise.race([readFeed(erp.orm.em.fork(), after, 100), sleep(100)]);
      if (page) seenEarly.push(...page.map((e) => e.key));
    }
    commitFirst();
    await Promise.all([first, second]);
    expect(seenEarly).not.toContain('feed-test-second');
    const events = (await readFeed(erp.orm.em.fork(), after, 100)).filter((e) => e.key.startsWith('feed-test-'));
    expect(events.map((e) => e.key)).toEqual(['feed-test-first', 'feed-test-second']);
  }, 60_000);

  it('a reader of some types gets only those and moves past the others; a bad type is refused', async () => {
    const port = feedOverHttp();
    const after = await head();
    await erp.orm.em.fork().transactional(async (tx) => {
      await appendEvent(tx, new Date(), 'stock.changed', 'typed-1', {});
      await appendEvent(tx, new Date(), 'invoice.posted', 'typed-2', {});
      await appendEvent(tx, new Date(), 'stock.changed', 'typed-3', {});
    });
    const all = await port.poll(after, { limit: 10 });
    expect(all.events.map((e) => e.key)).toEqual(['typed-1', 'typed-2', 'typed-3']);
    const last = all.events.at(-1)!.seq;
    expect(all.nextCursor).toBe(last);
    // Only invoices: the stock event after it is passed over, the cursor is the newest event.
    const invoices = await port.poll(after, { limit: 10, types: ['invoice.posted', 'payment.received'] });
    expect(invoices.events.map((e) => e.key)).toEqual(['typed-2']);
    expect(invoices.nextCursor).toBe(last);
    // A full page ends at the last event handed out: the next page starts right after it.
    const first = await port.poll(after, { limit: 1, types: ['stock.changed'] });
    expect(first.events.map((e) => e.key)).toEqual(['typed-1']);
    expect(first.nextCursor).toBe(first.events[0]!.seq);
    const rest = await port.poll(first.nextCursor, { limit: 1, types: ['stock.changed'] });
    expect(rest.events.map((e) => e.key)).toEqual(['typed-3']);
    // Nothing of these types: no events, and past everything there is.
    const none = await port.poll(after, { limit: 10, types: ['payment.received'] });
    expect(none).toEqual({ events: [], nextCursor: last });
    await expect(port.poll(after, { types: ['no.such.type'] })).rejects.toMatchObject({ status: 400 });
  }, 60_000);

  it('a long-poll for some types waits through events of other types and answers with one of its own', async () => {
    const port = feedOverHttp();
    const after = await head();
    const append = async (type: 'stock.changed' | 'payment.received', key: string) => {
      await erp.orm.em.fork().transactional((tx) => appendEvent(tx, new Date(), type, key, {}));
      notifyAppended([type]);
    };
    const statements = async () => (await metrics.sqlStatements.get()).values.find((v) => v.labels.service === 'erp')?.value ?? 0;
    const started = Date.now();
    const answer = port.poll(after, { limit: 10, waitMs: 5_000, types: ['payment.received'] });
    let answered = false;
    void answer.then(() => (answered = true));
    await sleep(150);
    const before = await statements();
    await append('stock.changed', 'wait-other');
    await sleep(300);
    expect(answered, 'an event of another type does not answer the long-poll').toBe(false);
    // Told which type was appended, the waiting poll did not even read the feed again.
    expect((await statements()) - before, 'the append alone').toBe(1);
    await append('payment.received', 'wait-mine');
    const page = await answer;
    expect(page.events.map((e) => e.key)).toEqual(['wait-mine']);
    expect(page.nextCursor).toBe(page.events[0]!.seq);
    expect(Date.now() - started).toBeLessThan(4_000);
  }, 60_000);

  it('closing answers its waiting long-polls at once, while its database is still open', async () => {
    // A second ERP on the same database, closed here; the first stays for the other tests.
    const second = await startErpService({ config, databaseUrl: db.url, port: 0, onProgress: () => {} });
    const after = await head();
    const q = new URLSearchParams({ after: String(after), limit: '10', waitMs: '20000' });
    const answer = fetch(`${second.url}/v1/events?${q}`, { headers: { 'x-erp-api-key': config.ERP_API_KEY } }).then(async (res) => ({
      status: res.status,
      body: (await res.json()) as unknown,
    }));
    await sleep(200);
    const started = Date.now();
    await second.close();
    // Before, the poll kept its connection until the close's deadline cut it (5 s), then woke later
    // and read a closed database.
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(await answer).toEqual({ status: 200, body: { events: [], nextCursor: after } });
  }, 60_000);
});
