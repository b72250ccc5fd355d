/**
 * The account's timeline lock taken together with reads in one round trip: each read takes its
 * snapshot once the lock is held, so it sees what the transaction that held the lock before
 * committed (on a database server, where that transaction runs beside this one).
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@portal/testkit';
import { openServiceDatabase, type MikroORM } from '@portal/platform/db';
import { appendTimeline, entities, lockAccountTimelineAndRead, migrations } from '@portal/orders/testing';

let db: TestDatabase;
let orm: MikroORM;
beforeAll(async () => {
  db = await createTestDatabase();
  orm = await openServiceDatabase({ schema: 'orders', url: db.url, entities, migrations });
});
afterAll(async () => {
  await orm?.close(true);
  await db?.close();
});

describe('the account timeline lock with reads', () => {
  it('reads, after waiting for the lock, what its holder committed', async () => {
    const accountId = `acct-${randomUUID().slice(0, 8)}`;
    const orderId = `o-${randomUUID()}`;
    const count = { sql: `select count(*)::int as n from "orders"."timeline_event" where order_id = ?`, params: [orderId] };
    let release!: () => void;
    const holding = new Promise<void>((r) => (release = r));
    let appended!: () => void;
    const appendedYet = new Promise<void>((r) => (appended = r));
    // The holder appends under the lock and commits only when told to.
    const holder = orm.em.fork().transactional(async (tx) => {
      await appendTimeline(tx, {
        factKey: `lock-${randomUUID()}`,
        orderId,
        accountId,
        type: 'test.event',
        source: 'PORTAL',
        summary: 'first',
      });
      appended();
      await holding;
    });
    await appendedYet;
    const reader = orm.em
      .fork()
      .transactional((tx) => lockAccountTimelineAndRead<[{ n: number }[], { n: number }[]]>(tx, accountId, [count, count]));
    await new Promise((r) => setTimeout(r, 300));
    release();
    await holder;
    const [first, second] = await reader;
    expect(first[0]!.n).toBe(1);
    expect(second[0]!.n).toBe(1);
    // Held already in the same transaction: the reads alone, and one read answers its rows.
    await orm.em.fork().transactional(async (tx) => {
      await lockAccountTimelineAndRead(tx, accountId, []);
      const [rows] = await lockAccountTimelineAndRead<[{ n: number }[]]>(tx, accountId, [count]);
      expect(rows[0]!.n).toBe(1);
    });
  });
});
