/**
 * The event bus contract against both implementations: Postgres (real server when DATABASE_URL
 * is set, else PGlite) and NATS JetStream (when EVENT_BUS_URL=nats://…, as in CI). Plus what
 * only one implementation has: cross-process wake-ups (Postgres) and the factory's choice.
 */
import { randomBytes } from 'node:crypto';
import { connect } from 'nats';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestDatabase, defineEventBusContract, waitFor, type TestDatabase } from './index.js';
import { createEventBus, PostgresEventBus, type BusEvent } from '@portal/platform/bus';

const natsUrl = process.env.EVENT_BUS_URL?.startsWith('nats://') ? process.env.EVENT_BUS_URL : undefined;

defineEventBusContract('postgres', async () => {
  const db = await createTestDatabase('portal_bus');
  return {
    create: async () => {
      const bus = await createEventBus({ databaseUrl: db.url, schema: 'bus' });
      expect(bus.kind).toBe('postgres');
      return bus;
    },
    dispose: () => db.close(),
  };
});

defineEventBusContract(
  'nats',
  async () => {
    // A stream and subject prefix of this run only, so concurrent runs never see each other.
    const run = `${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
    const stream = `PORTAL_TEST_${run}`;
    return {
      create: async () => {
        const bus = await createEventBus({ eventBusUrl: natsUrl, stream, subjectPrefix: `portal_test_${run}`, ackWaitMs: 1000 });
        expect(bus.kind).toBe('nats');
        return bus;
      },
      async dispose() {
        const nc = await connect({ servers: natsUrl });
        try {
          const jsm = await nc.jetstreamManager();
          await jsm.streams.delete(stream);
        } finally {
          await nc.close();
        }
      },
    };
  },
  { skip: !natsUrl },
);

describe('postgres event bus across processes', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase('portal_bus_x');
  });
  afterAll(async () => {
    await db?.close();
  });

  it('wakes a subscriber in another process (LISTEN/NOTIFY on Postgres, the poll on PGlite)', async () => {
    // A different URL keeps the two instances off each other's in-process wake-ups, as if they
    // ran in separate processes.
    const other = new URL(db.url);
    other.searchParams.set('application_name', 'portal_bus_other');
    const publisher = await PostgresEventBus.open({ url: db.url });
    // NOTIFY is not relayed by pglite-socket, so there only the poll can wake the other side.
    const subscriber = await PostgresEventBus.open({
      url: other.toString(),
      pollIntervalMs: db.kind === 'postgres' ? 60_000 : 100,
    });
    try {
      const got: BusEvent[] = [];
      await subscriber.subscribe('xproc.orders', { durableName: 'x' }, async (e) => {
        got.push(e);
      });
      // Let the subscriber find nothing and go idle, so only a wake-up can deliver what follows.
      await new Promise((r) => setTimeout(r, 200));
      const started = Date.now();
      const r = await publisher.publish('xproc.orders', { key: 'o1', type: 'order.submitted', payload: { n: 1 } });
      await waitFor(() => got.some((e) => e.id === r.id), 5_000);
      expect(Date.now() - started).toBeLessThan(5_000);
      expect(got.map((e) => e.id)).toEqual([r.id]);
    } finally {
      await subscriber.close();
      await publisher.close();
    }
  });
});

describe('postgres event bus statements', () => {
  it("sends a consumer's read, claim and ack as named prepared statements, one name per statement", async () => {
    const db = await createTestDatabase('portal_bus_p');
    const sent: { text: string; name?: string }[] = [];
    const realQuery = pg.Client.prototype.query;
    const spy = vi.spyOn(pg.Client.prototype, 'query').mockImplementation(function (this: pg.Client, ...args: unknown[]) {
      const first = args[0] as string | { text: string; name?: string };
      sent.push(typeof first === 'string' ? { text: first } : { text: first.text, ...(first.name ? { name: first.name } : {}) });
      return (realQuery as (...a: unknown[]) => unknown).apply(this, args) as never;
    });
    const bus = await PostgresEventBus.open({ url: db.url });
    try {
      const got: BusEvent[] = [];
      await bus.subscribe('prep.orders', { durableName: 'p' }, async (e) => {
        got.push(e);
      });
      for (let n = 0; n < 6; n++) await bus.publish('prep.orders', { key: `o${n}`, type: 'order.submitted', payload: { n } });
      await waitFor(() => got.length === 6, 5_000);
      // The read of the next events, the claim of one (with the ack of the one before) and the last ack.
      const delivery = sent.filter((q) => /seq > \$2 order by seq|returning deliveries|and position < \$3/.test(q.text));
      expect(delivery.length).toBeGreaterThanOrEqual(6);
      for (const q of delivery) expect(q.name).toMatch(/^p_[0-9a-f]{20}$/);
      // The same statement text always goes under the same name.
      const names = new Map<string, Set<string>>();
      for (const q of delivery) names.set(q.text, (names.get(q.text) ?? new Set()).add(q.name!));
      for (const set of names.values()) expect(set.size).toBe(1);
      expect(got.map((e) => e.payload)).toEqual([0, 1, 2, 3, 4, 5].map((n) => ({ n })));
    } finally {
      spy.mockRestore();
      await bus.close();
      await db.close();
    }
  });
});

describe('createEventBus', () => {
  it('refuses an EVENT_BUS_URL it does not understand, and a missing database URL', async () => {
    await expect(createEventBus({ eventBusUrl: 'nat://127.0.0.1:4222' })).rejects.toThrow(/EVENT_BUS_URL must start with nats:\/\//);
    await expect(createEventBus({})).rejects.toThrow(/needs a database URL/);
  });
});
