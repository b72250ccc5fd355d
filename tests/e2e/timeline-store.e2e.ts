/**
 * The order timeline's store on a real database, without a stack:
 * - the account's timeline lock taken together with reads in one round trip: each read takes its
 *   snapshot once the lock is held, so it sees what the transaction that held the lock before
 *   committed (on a database server, where that transaction runs beside this one);
 * - the outbox publisher: events go on the bus in sequence order, and the ones the bus took leave
 *   the outbox in one statement — also when a publish fails part-way, so exactly the failed one and
 *   those after it are published again, in order, on the next run; the workers, woken by an
 *   append, publish it with one read and one delete (a short batch was all there was).
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { metrics } from '@portal/platform';
import type { EventBus, PublishInput } from '@portal/platform/bus';
import { createLogger } from '@portal/platform/logger';
import {
  appendTimeline,
  appendTimelines,
  lockAccountTimelineAndRead,
  notifyTimeline,
  publishTimeline,
  startTimelineWorkers,
  timelineRead,
  type TimelineReadRows,
} from '@portal/orders/testing';
import { ordersDatabase } from '../support/orders-database.js';

const database = ordersDatabase();

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
    const holder = database()
      .em.fork()
      .transactional(async (tx) => {
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
    const reader = database()
      .em.fork()
      .transactional((tx) => lockAccountTimelineAndRead<[{ n: number }[], { n: number }[]]>(tx, accountId, [count, count]));
    await new Promise((r) => setTimeout(r, 300));
    release();
    await holder;
    const [first, second] = await reader;
    expect(first[0]!.n).toBe(1);
    expect(second[0]!.n).toBe(1);
    // Held already in the same transaction: the reads alone, and one read answers its rows.
    await database()
      .em.fork()
      .transactional(async (tx) => {
        await lockAccountTimelineAndRead(tx, accountId, []);
        const [rows] = await lockAccountTimelineAndRead<[{ n: number }[]]>(tx, accountId, [count]);
        expect(rows[0]!.n).toBe(1);
      });
  });
});

describe("an append's read sent with the lock", () => {
  it('is used for the events it was sent for only; others are read for', async () => {
    const accountId = `acct-${randomUUID().slice(0, 8)}`;
    const orderId = `o-${randomUUID()}`;
    const event = (summary: string) => ({
      factKey: `read-${randomUUID()}`,
      orderId,
      accountId,
      type: 'test.event',
      source: 'PORTAL' as const,
      summary,
    });
    const a = event('a');
    const b = event('b');
    await database()
      .em.fork()
      .transactional(async (tx) => {
        const read = timelineRead([a]);
        const [rows] = await lockAccountTimelineAndRead<[TimelineReadRows]>(tx, accountId, [read]);
        let before = await statements();
        const [first] = await appendTimelines(tx, [a], { facts: read.facts, rows });
        // The rows only.
        expect((await statements()) - before).toBe(1);
        before = await statements();
        const [second] = await appendTimelines(tx, [b], { facts: read.facts, rows });
        // Not the read it was given: its own read, then the rows.
        expect((await statements()) - before).toBe(2);
        expect(second!.prevHash).toBe(first!.hash);
        expect(Number(second!.seq)).toBeGreaterThan(Number(first!.seq));
      });
  });
});

/** A bus that records what it is given and refuses the publish numbered `failAt` (1-based), once. */
function recordingBus(failAt?: number) {
  const published: string[] = [];
  let calls = 0;
  const bus = {
    kind: 'postgres',
    async publish<T>(_topic: string, input: PublishInput<T>) {
      if (++calls === failAt) throw new Error('bus unavailable');
      published.push(input.id!);
      return { id: input.id!, seq: published.length, duplicate: false };
    },
    // The workers' live listener: nothing comes from other replicas here.
    subscribe: async () => ({ close: async () => {} }),
    close: async () => {},
  } as unknown as EventBus;
  return { bus, published };
}

const outbox = async () =>
  (
    await database()
      .em.fork()
      .getConnection()
      .execute<{ seq: string }[]>(`select seq::text as seq from "orders"."timeline_outbox" order by seq`)
  ).map((r) => r.seq);
const statements = async () => (await metrics.sqlStatements.get()).values.find((v) => v.labels.service === 'orders')?.value ?? 0;

describe('timeline publisher', () => {
  it('publishes in order and clears the outbox in one statement; after a failed publish, resends from it', async () => {
    // Whatever earlier appends left in the outbox goes first.
    await publishTimeline(database(), recordingBus().bus);
    const orderId = `o-${randomUUID()}`;
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const e = await database()
        .em.fork()
        .transactional((tx) =>
          appendTimeline(tx, {
            factKey: `pub-${randomUUID()}`,
            orderId,
            accountId: 'ACME',
            type: 'test.event',
            source: 'PORTAL',
            summary: `event ${i}`,
          }),
        );
      ids.push(e!.id);
    }
    const queued = await outbox();
    expect(queued).toHaveLength(5);

    // The third publish fails: the first two leave the outbox, the rest stay, and the error surfaces.
    const failing = recordingBus(3);
    await expect(publishTimeline(database(), failing.bus)).rejects.toThrow('bus unavailable');
    expect(failing.published).toEqual(ids.slice(0, 2));
    expect(await outbox()).toEqual(queued.slice(2));

    // The next run sends exactly the rest, in order: one read and one delete for three events.
    const working = recordingBus();
    const before = await statements();
    expect(await publishTimeline(database(), working.bus)).toBe(3);
    expect((await statements()) - before).toBe(2);
    expect(working.published).toEqual(ids.slice(2));
    expect(await outbox()).toEqual([]);
  });
});

describe('timeline workers', () => {
  it('publish what an append signals with one read and one delete', async () => {
    const { bus, published } = recordingBus();
    const workers = await startTimelineWorkers({
      orm: database(),
      bus,
      logger: createLogger('timeline-test', 'silent'),
      instanceId: `test-${randomUUID()}`,
      pollMs: 60_000,
    });
    try {
      // The start's own run empties what earlier appends left.
      await expect.poll(outbox).toEqual([]);
      await new Promise((r) => setTimeout(r, 100));
      const e = await database()
        .em.fork()
        .transactional((tx) =>
          appendTimeline(tx, {
            factKey: `wk-${randomUUID()}`,
            orderId: `o-${randomUUID()}`,
            accountId: 'ACME',
            type: 'test.event',
            source: 'PORTAL',
            summary: 'signalled',
          }),
        );
      const before = await statements();
      notifyTimeline();
      await expect.poll(() => published.includes(e!.id)).toBe(true);
      await new Promise((r) => setTimeout(r, 200));
      expect((await statements()) - before).toBe(2);
      expect(await outbox()).toEqual([]);
    } finally {
      await workers.close();
    }
  });
});
