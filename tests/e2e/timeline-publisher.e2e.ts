/**
 * The timeline's outbox publisher on a real database: events go on the bus in sequence order, and
 * the ones the bus took leave the outbox in one statement — also when a publish fails part-way,
 * so exactly the failed one and those after it are published again, in order, on the next run.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@portal/testkit';
import { metrics } from '@portal/platform';
import type { EventBus, PublishInput } from '@portal/platform/bus';
import { openServiceDatabase, type MikroORM } from '@portal/platform/db';
import { appendTimeline, entities, migrations, publishTimeline } from '@portal/orders/testing';

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
    subscribe: () => Promise.reject(new Error('not used')),
    close: async () => {},
  } as unknown as EventBus;
  return { bus, published };
}

const outbox = async () =>
  (
    await orm.em.fork().getConnection().execute<{ seq: string }[]>(`select seq::text as seq from "orders"."timeline_outbox" order by seq`)
  ).map((r) => r.seq);
const statements = async () => (await metrics.sqlStatements.get()).values.find((v) => v.labels.service === 'orders')?.value ?? 0;

describe('timeline publisher', () => {
  it('publishes in order and clears the outbox in one statement; after a failed publish, resends from it', async () => {
    // Whatever earlier appends left in the outbox goes first.
    await publishTimeline(orm, recordingBus().bus);
    const orderId = `o-${randomUUID()}`;
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const e = await orm.em
        .fork()
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
    await expect(publishTimeline(orm, failing.bus)).rejects.toThrow('bus unavailable');
    expect(failing.published).toEqual(ids.slice(0, 2));
    expect(await outbox()).toEqual(queued.slice(2));

    // The next run sends exactly the rest, in order: one read and one delete for three events.
    const working = recordingBus();
    const before = await statements();
    expect(await publishTimeline(orm, working.bus)).toBe(3);
    expect((await statements()) - before).toBe(2);
    expect(working.published).toEqual(ids.slice(2));
    expect(await outbox()).toEqual([]);
  });
});
