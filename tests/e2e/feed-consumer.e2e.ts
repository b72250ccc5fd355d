/**
 * The change-feed consumer on a real database: every relevant event is handled once, in its own
 * transaction with its inbox row and the cursor; events of other types only move the cursor — in
 * one statement after the page, not a transaction each; a source that passes other types over
 * (asked with the consumer's types) moves the cursor past them; a redelivered page is a run of
 * duplicates; the cursor never moves back. An event the handler takes without a transaction
 * (`quick`) is recorded, with its work, in one statement — or goes through the handler when that
 * work's statement finds nothing to do.
 */
import type { MikroORM } from '@mikro-orm/postgresql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { metrics } from '@portal/platform';
import { openServiceDatabase } from '@portal/platform/db';
import { FeedConsumer, type FeedEvent } from '@portal/platform/feed';
import { createLogger } from '@portal/platform/logger';
import { entities, migrations } from '@portal/pricing/internals';
import { createTestDatabase, type TestDatabase } from '@portal/testkit';

let db: TestDatabase;
let orm: MikroORM;
beforeAll(async () => {
  db = await createTestDatabase('portal_feed');
  orm = await openServiceDatabase({ schema: 'pricing', url: db.url, entities, migrations });
}, 120_000);
afterAll(async () => {
  await orm?.close();
  await db?.close();
});

const event = (seq: number, type: string): FeedEvent => ({
  seq,
  id: `evt-${seq}`,
  type,
  key: `k${seq}`,
  occurredAt: new Date().toISOString(),
  payload: { seq },
});

const statements = async () => (await metrics.sqlStatements.get()).values.find((v) => v.labels.service === 'pricing')?.value ?? 0;

function consumer(name: string, pages: FeedEvent[][], handled: number[]) {
  const polls: number[] = [];
  const c = new FeedConsumer({
    name,
    service: 'pricing',
    em: orm.em,
    logger: createLogger('feed-test', 'silent'),
    types: ['wanted'],
    async poll(after) {
      polls.push(after);
      return { events: pages.shift() ?? [], nextCursor: after };
    },
    async handle(tx, e) {
      // Written in the event's transaction: visible only if it committed.
      await tx
        .getConnection()
        .execute(
          `insert into "pricing"."sync_state" (name, cursor, rows, started_at) values (?, '0', 0, now())`,
          [`${name}:handled:${e.seq}`],
          'run',
          tx.getTransactionContext(),
        );
      handled.push(e.seq);
      return 'APPLIED';
    },
  });
  return { c, polls };
}

describe('feed consumer', () => {
  it('handles relevant events once and moves past the others with one statement per run of them', async () => {
    const handled: number[] = [];
    const page = [event(1, 'other'), event(2, 'other'), event(3, 'wanted'), event(4, 'other'), event(5, 'other'), event(6, 'other')];
    const { c, polls } = consumer('t1', [page, [...page]], handled);
    const before = await statements();
    expect(await c.runOnce()).toBe(6);
    // The cursor read, the relevant event's statements (inbox row, the handler's, outcome and
    // cursor in one; begin and commit are not counted), one for the three trailing events of other
    // types: none for the two before the relevant one, none to read the cursor back.
    expect((await statements()) - before).toBe(5);
    expect(handled).toEqual([3]);
    expect(await c.cursor()).toBe(6);
    expect(c.snapshot()).toMatchObject({ cursor: 6, applied: 1, ignored: 5, duplicates: 0 });
    const [inbox] = await orm.em.getConnection().execute(`select outcome from "pricing"."inbox" where event_id = 'evt-3'`);
    expect(inbox).toEqual({ outcome: 'APPLIED' });

    // The same page again (an at-least-once feed): the relevant event is a duplicate, nothing is
    // handled twice, the cursor stays.
    expect(await c.runOnce()).toBe(6);
    expect(handled).toEqual([3]);
    expect(await c.cursor()).toBe(6);
    expect(c.snapshot()).toMatchObject({ applied: 1, duplicates: 1, ignored: 10 });
    expect(polls).toEqual([0, 6]);
  });

  it('never moves the cursor back when an older page arrives', async () => {
    const handled: number[] = [];
    const { c } = consumer('t2', [[event(10, 'wanted'), event(11, 'other')], [event(7, 'other')], [event(8, 'wanted')]], handled);
    await c.runOnce();
    expect(await c.cursor()).toBe(11);
    await c.runOnce();
    expect(await c.cursor()).toBe(11);
    await c.runOnce();
    expect(await c.cursor()).toBe(11);
    expect(handled).toEqual([10, 8]);
  });

  it('leaves the cursor and the inbox as they were when the handler fails', async () => {
    const c = new FeedConsumer({
      name: 't3',
      service: 'pricing',
      em: orm.em,
      logger: createLogger('feed-test', 'silent'),
      types: ['wanted'],
      poll: async (after) => ({ events: [event(20, 'other'), event(21, 'wanted')], nextCursor: after }),
      handle: async () => {
        throw new Error('handler failed');
      },
    });
    await expect(c.runOnce()).rejects.toThrow('handler failed');
    expect(await c.cursor()).toBeLessThan(21);
    expect(await orm.em.getConnection().execute(`select 1 from "pricing"."inbox" where event_id = 'evt-21'`)).toEqual([]);
  });

  it('asks the source for its types only and follows its cursor past the events it passed over', async () => {
    const handled: number[] = [];
    const asked: (readonly string[] | undefined)[] = [];
    // The source's feed: 30 wanted, 31–39 of other types (passed over), then nothing until 45.
    const pages = [
      { events: [event(30, 'wanted')], nextCursor: 39 },
      { events: [], nextCursor: 45 },
      { events: [], nextCursor: 41 }, // a stale answer: never back
    ];
    const c = new FeedConsumer({
      name: 't4',
      service: 'pricing',
      em: orm.em,
      logger: createLogger('feed-test', 'silent'),
      types: ['wanted'],
      async poll(_after, o) {
        asked.push(o.types);
        return pages.shift()!;
      },
      async handle(_tx, e) {
        handled.push(e.seq);
        return 'APPLIED';
      },
    });
    let before = await statements();
    expect(await c.runOnce()).toBe(1);
    // The cursor read, the event's inbox row and its outcome with the cursor, one move past the rest.
    expect((await statements()) - before).toBe(4);
    expect(await c.cursor()).toBe(39);
    before = await statements();
    expect(await c.runOnce()).toBe(0);
    // From the position the last move answered (no read), one move past what was passed over.
    expect((await statements()) - before).toBe(1);
    expect(await c.cursor()).toBe(45);
    await c.runOnce();
    expect(await c.cursor()).toBe(45);
    expect(handled).toEqual([30]);
    expect(asked).toEqual([['wanted'], ['wanted'], ['wanted']]);
    expect(c.snapshot()).toMatchObject({ cursor: 45, applied: 1 });
  });

  it("polls next from the position its last move stored, another replica's move included", async () => {
    const asked: number[] = [];
    const pages = [{ events: [event(70, 'wanted')], nextCursor: 70 }];
    const c = new FeedConsumer({
      name: 't5',
      service: 'pricing',
      em: orm.em,
      logger: createLogger('feed-test', 'silent'),
      types: ['wanted'],
      async poll(after) {
        asked.push(after);
        const page = pages.shift();
        if (!page) return { events: [], nextCursor: after };
        // Another replica of the service applied up to 75 meanwhile.
        await orm.em.fork().getConnection().execute(`update "pricing"."sync_state" set cursor = '75' where name = 'feed:t5'`);
        return page;
      },
      handle: async () => 'APPLIED',
    });
    await c.initialise(60);
    expect(await c.runOnce()).toBe(1);
    const before = await statements();
    expect(await c.runOnce()).toBe(0);
    // Past the other replica's position, without a read of its own.
    expect(asked).toEqual([60, 75]);
    expect((await statements()) - before).toBe(0);
    // A page that moved nothing leaves the next poll to read the stored position again.
    await orm.em.fork().getConnection().execute(`update "pricing"."sync_state" set cursor = '90' where name = 'feed:t5'`);
    await c.runOnce();
    expect(asked).toEqual([60, 75, 90]);
  });

  it('records an event taken without a transaction, with its work, in one statement; a redelivery is a duplicate', async () => {
    const handled: number[] = [];
    // The work: a row of its own, moved to the event's position (idempotent: never back).
    await orm.em
      .getConnection()
      .execute(`insert into "pricing"."sync_state" (name, cursor, rows, started_at) values ('t6:work', '0', 0, now())`);
    const work = (e: FeedEvent) => ({
      sql: `update "pricing"."sync_state" set cursor = greatest(cursor::bigint, ?)::text where name = ? returning name`,
      params: [e.seq, e.payload.target],
    });
    const pageOf = (seq: number, target: string) => [{ ...event(seq, 'wanted'), payload: { target } }];
    const pages = [pageOf(50, 't6:work'), pageOf(50, 't6:work'), pageOf(51, 't6:nowhere'), pageOf(52, 'none')];
    const c = new FeedConsumer({
      name: 't6',
      service: 'pricing',
      em: orm.em,
      logger: createLogger('feed-test', 'silent'),
      types: ['wanted'],
      poll: async (after) => ({ events: pages.shift() ?? [], nextCursor: after }),
      quick: (e) => (e.payload.target === 'none' ? null : { outcome: 'IGNORED', statement: work(e) }),
      async handle(_tx, e) {
        handled.push(e.seq);
        return 'APPLIED';
      },
    });
    await c.initialise(0);
    let before = await statements();
    expect(await c.runOnce()).toBe(1);
    // The cursor read, then the work, the inbox row and the cursor's move in one statement.
    expect((await statements()) - before).toBe(2);
    expect(handled).toEqual([]);
    expect(await c.cursor()).toBe(50);
    const cursorOf = async (name: string) =>
      (await orm.em.getConnection().execute<{ cursor: string }[]>(`select cursor from "pricing"."sync_state" where name = ?`, [name]))[0]!
        .cursor;
    expect(await cursorOf('t6:work')).toBe('50');
    expect(await orm.em.getConnection().execute(`select outcome from "pricing"."inbox" where event_id = 'evt-50'`)).toEqual([
      { outcome: 'IGNORED' },
    ]);
    expect(c.snapshot()).toMatchObject({ ignored: 1, duplicates: 0, applied: 0 });

    // The same event again: its work is harmless to repeat, the inbox makes it a duplicate.
    before = await statements();
    await c.runOnce();
    expect((await statements()) - before).toBe(1);
    expect(c.snapshot()).toMatchObject({ ignored: 1, duplicates: 1, applied: 0 });

    // Work that finds nothing to do records nothing: the handler takes the event in its transaction.
    await c.runOnce();
    expect(handled).toEqual([51]);
    expect(await orm.em.getConnection().execute(`select outcome from "pricing"."inbox" where event_id = 'evt-51'`)).toEqual([
      { outcome: 'APPLIED' },
    ]);
    // No quick way for this one: the handler.
    await c.runOnce();
    expect(handled).toEqual([51, 52]);
    expect(await c.cursor()).toBe(52);
    expect(c.snapshot()).toMatchObject({ ignored: 1, duplicates: 1, applied: 2 });
  });
});
