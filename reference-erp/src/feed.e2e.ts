/**
 * The change feed's ordering: an event that commits later never has a lower `seq` than one a reader
 * can already see, so a reader polling "after seq N" skips nothing. Meaningful on real PostgreSQL
 * (concurrent transactions); on embedded PGlite transactions run one at a time and it holds trivially.
 */
import { randomBytes } from 'node:crypto';
import { MikroORM } from '@mikro-orm/postgresql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedPostgres } from '@portal/platform/db';
import { loadErpConfig } from './config.js';
import { appendEvent, readFeed } from './feed.js';
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
});
