/**
 * The orders replica's timeline fan-out on a real database: the live path reads each appended
 * event once for every subscriber (statements counted with 1 and with 200 subscribers), a replay
 * from a cursor reads the table, and a subscriber that does not keep up is closed with a resumable
 * error whose cursor loses nothing.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createLogger } from '@portal/platform/logger';
import { appendTimeline, decodeCursor, notifyTimeline, TimelineFanout, type TimelineDelivery } from '@portal/orders/testing';
import { ordersDatabase } from '../support/orders-database.js';

const database = ordersDatabase();

const logger = createLogger('orders', { LOG_LEVEL: 'error', LOG_FORMAT: 'json' } as never);
let n = 0;
async function append(accountId: string, orderId = `o-${accountId}`): Promise<number> {
  const key = `test-${randomUUID()}`;
  // `factKey` names the fact (stable across reports); `id` is what older stores keyed it by.
  const input = { factKey: key, id: key, orderId, accountId, type: 'test.event', source: 'PORTAL', summary: `event ${++n}` };
  const e = await database()
    .em.fork()
    .transactional((tx) => appendTimeline(tx, input as Parameters<typeof appendTimeline>[1]));
  notifyTimeline();
  return Number(e!.seq);
}

/** Pulls from a stream in the background, collecting what arrives and how it ends. */
function reader(it: AsyncIterableIterator<TimelineDelivery>) {
  const got: number[] = [];
  let failure: unknown;
  const done = (async () => {
    try {
      for await (const d of it) got.push(Number(d.event.seq));
    } catch (err) {
      failure = err;
    }
  })();
  return { got, done, failure: () => failure, stop: () => it.return?.() };
}

async function until(check: () => boolean, ms = 10_000) {
  for (const t0 = Date.now(); !check(); await new Promise((r) => setTimeout(r, 10))) if (Date.now() - t0 > ms) throw new Error('timed out');
}

describe('timeline fan-out', () => {
  it('reads each appended event once, whether 1 or 200 subscribers wait for it', async () => {
    const fanout = new TimelineFanout(database(), { logger, bufferLimit: 100 });
    try {
      const perEvent: Record<number, number> = {};
      for (const subscribers of [1, 200]) {
        const readers = Array.from({ length: subscribers }, () => reader(fanout.stream({ accountId: 'FAN' }, null)));
        // Start every stream (the first next() joins the fan-out).
        await until(() => fanout.subscriberCount === subscribers);
        await new Promise((r) => setTimeout(r, 50));
        const before = fanout.liveReads;
        const events = 5;
        const seqs: number[] = [];
        for (let k = 0; k < events; k++) {
          seqs.push(await append('FAN'));
          await until(() => readers.every((r) => r.got.length === k + 1));
        }
        perEvent[subscribers] = (fanout.liveReads - before) / events;
        for (const r of readers) expect(r.got).toEqual(seqs);
        await Promise.all(readers.map((r) => r.stop()));
        await until(() => fanout.subscriberCount === 0);
      }
      // One query for the events, one for their orders: the same for 1 and 200 subscribers.
      expect(perEvent[1]).toBeLessThanOrEqual(2);
      expect(perEvent[200]).toBe(perEvent[1]);
    } finally {
      fanout.close();
    }
  });

  it('delivers only the scope’s events: another account’s and another order’s stay out', async () => {
    const fanout = new TimelineFanout(database(), { logger, bufferLimit: 100 });
    try {
      const account = reader(fanout.stream({ accountId: 'SCOPE-A' }, null));
      const order = reader(fanout.stream({ accountId: 'SCOPE-A', orderId: 'o-2' }, null));
      const other = reader(fanout.stream({ accountId: 'SCOPE-B' }, null));
      await until(() => fanout.subscriberCount === 3);
      const a1 = await append('SCOPE-A', 'o-1');
      const b1 = await append('SCOPE-B', 'o-b');
      const a2 = await append('SCOPE-A', 'o-2');
      await until(() => account.got.length === 2 && order.got.length === 1 && other.got.length === 1);
      await new Promise((r) => setTimeout(r, 100));
      expect(account.got).toEqual([a1, a2]);
      expect(order.got).toEqual([a2]);
      expect(other.got).toEqual([b1]);
      await Promise.all([account.stop(), order.stop(), other.stop()]);
    } finally {
      fanout.close();
    }
  });

  it('replays from a cursor out of the table, then goes live without a gap or a repeat', async () => {
    const fanout = new TimelineFanout(database(), { logger, bufferLimit: 100 });
    try {
      const first = await append('REPLAY');
      const stored = [await append('REPLAY'), await append('REPLAY')];
      const r = reader(fanout.stream({ accountId: 'REPLAY' }, first));
      await until(() => r.got.length === 2);
      const live = await append('REPLAY');
      await until(() => r.got.length === 3);
      expect(r.got).toEqual([...stored, live]);
      await r.stop();
    } finally {
      fanout.close();
    }
  });

  it('closes a subscriber that falls behind with a resumable error; resuming from its cursor loses nothing', async () => {
    const fanout = new TimelineFanout(database(), { logger, bufferLimit: 3 });
    try {
      const it = fanout.stream({ accountId: 'SLOW' }, null);
      // Join (a stream without a cursor starts at the events appended after it joined, on its first
      // pull), take one event, then stop reading.
      const firstPull = it.next();
      await until(() => fanout.subscriberCount === 1);
      const firstSeq = await append('SLOW');
      const first = await firstPull;
      const seen = [Number((first.value as TimelineDelivery).event.seq)];
      expect(seen[0]).toBe(firstSeq);
      const more: number[] = [];
      for (let k = 0; k < 6; k++) more.push(await append('SLOW'));
      await new Promise((r) => setTimeout(r, 300));
      let error: { extensions?: Record<string, unknown> } | undefined;
      try {
        for (;;) {
          const r = await it.next();
          if (r.done) break;
          seen.push(Number(r.value.event.seq));
        }
      } catch (err) {
        error = err as typeof error;
      }
      expect(error?.extensions?.code).toBe('SUBSCRIPTION_LAGGING');
      expect(error?.extensions?.resumable).toBe(true);
      expect(fanout.subscriberCount).toBe(0);
      const cursor = decodeCursor(String(error?.extensions?.cursor));
      expect(cursor).toBe(seen[seen.length - 1]);
      const resumed = reader(fanout.stream({ accountId: 'SLOW' }, cursor));
      await until(() => seen.length + resumed.got.length === 7);
      expect([...seen, ...resumed.got]).toEqual([seen[0], ...more]);
      await resumed.stop();
    } finally {
      fanout.close();
    }
  });
});
