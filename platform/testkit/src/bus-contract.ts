/**
 * The event bus contract as a reusable vitest suite: every EventBus implementation runs the same
 * cases (ordering, redelivery, cursors, restarts, dedupe, retries, fan-out, validation). Cases
 * assert exact delivery sequences; "nothing else arrived" is shown by ordering: once the last
 * expected event is in, anything stray would have been delivered before it.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { publishAll as publishBatch, type BusEvent, type EventBus, type Handler, type Subscription } from '@portal/platform/bus';
import { waitFor } from './wait.js';

export interface EventBusContractTarget {
  /** A new bus on the shared backing store; called again within a case to simulate a restart. */
  create(): Promise<EventBus>;
  /** Removes the backing store (database, stream) after the suite. */
  dispose?(): Promise<void>;
}

export interface EventBusContractOptions {
  /** Skip the suite (e.g. the backing server is not configured here). */
  skip?: boolean;
  /** Per wait for deliveries. Default 15 s. */
  timeoutMs?: number;
}

interface Recorder<T> {
  events: BusEvent<T>[];
  handler: Handler<T>;
}

function recorder<T>(onEvent?: (event: BusEvent<T>, attempt: number) => Promise<void> | void): Recorder<T> {
  const events: BusEvent<T>[] = [];
  const attempts = new Map<string, number>();
  return {
    events,
    handler: async (event) => {
      events.push(event);
      const attempt = (attempts.get(event.id) ?? 0) + 1;
      attempts.set(event.id, attempt);
      await onEvent?.(event, attempt);
    },
  };
}

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

interface Item {
  n: number;
  key?: string;
}

export function defineEventBusContract(
  name: string,
  factory: () => Promise<EventBusContractTarget>,
  options: EventBusContractOptions = {},
): void {
  const timeoutMs = options.timeoutMs ?? 15_000;

  describe.skipIf(options.skip ?? false)(`event bus contract: ${name}`, () => {
    let target: EventBusContractTarget | undefined;
    const opened: EventBus[] = [];
    const run = randomBytes(3).toString('hex');
    let topics = 0;

    beforeAll(async () => {
      target = await factory();
    });
    afterEach(async () => {
      await Promise.all(opened.splice(0).map((b) => b.close()));
    });
    afterAll(async () => {
      await target?.dispose?.();
    });

    async function open(): Promise<EventBus> {
      if (!target) throw new Error('event bus contract: factory failed');
      const bus = await target.create();
      opened.push(bus);
      return bus;
    }
    /** A topic of its own per case, so cases never see each other's events. */
    const topic = (base: string): string => `contract.${run}.${base}${++topics}`;

    async function publishAll(bus: EventBus, t: string, count: number, from = 1) {
      const out = [];
      for (let n = from; n < from + count; n++) {
        out.push(await bus.publish<Item>(t, { key: `k${n % 3}`, type: 'test.item', payload: { n } }));
      }
      return out;
    }

    function until<T>(rec: Recorder<T>, what: string, pred: (events: BusEvent<T>[]) => boolean): Promise<true> {
      return waitFor(() => pred(rec.events) || undefined, {
        timeoutMs,
        message: () => `${what} (got ${JSON.stringify(rec.events.map((e) => [e.seq, e.payload]))})`,
      });
    }
    const hasEvent = <T>(rec: Recorder<T>, id: string) => until(rec, `event ${id}`, (es) => es.some((e) => e.id === id));
    const ns = (rec: Recorder<Item>) => rec.events.map((e) => e.payload.n);

    it('delivers every field of a published event', async () => {
      const bus = await open();
      const t = topic('shape');
      const id = `evt-${randomUUID()}`;
      const before = Date.now();
      const res = await bus.publish(t, {
        id,
        key: 'order-1',
        type: 'order.submitted',
        payload: { total: '12.50', lines: [{ sku: 'A-1', qty: 2 }], note: null },
        correlationId: 'corr-123',
      });
      expect(res).toEqual({ id, seq: expect.any(Number), duplicate: false });
      const generated = await bus.publish(t, { key: 'order-1', type: 'order.approved', payload: 'ok' });
      expect(generated.id).toMatch(/^[0-9a-f-]{36}$/);
      expect(generated.seq).toBeGreaterThan(res.seq);

      const rec = recorder();
      await bus.subscribe(t, { durableName: 'shape' }, rec.handler);
      await hasEvent(rec, generated.id);
      expect(rec.events).toHaveLength(2);
      const [first, second] = rec.events as [BusEvent, BusEvent];
      expect(first).toEqual({
        id,
        topic: t,
        key: 'order-1',
        type: 'order.submitted',
        payload: { total: '12.50', lines: [{ sku: 'A-1', qty: 2 }], note: null },
        occurredAt: expect.any(String),
        correlationId: 'corr-123',
        seq: res.seq,
        redelivered: false,
      });
      expect(Date.parse(first.occurredAt)).toBeGreaterThanOrEqual(before - 1000);
      expect(Date.parse(first.occurredAt)).toBeLessThanOrEqual(Date.now() + 1000);
      expect(second).toMatchObject({ id: generated.id, type: 'order.approved', payload: 'ok', seq: generated.seq });
      expect(second.correlationId).toBeUndefined();
    });

    it('keeps publish order per key across interleaved keys (60 events, 4 keys)', async () => {
      const bus = await open();
      const t = topic('order');
      // A handler that takes a little, variable time, so a bus that overlaps deliveries would reorder.
      const rec = recorder<Item>(() => new Promise((r) => setTimeout(r, Math.random() < 0.2 ? 3 : 0)));
      await bus.subscribe(t, { durableName: 'ordered' }, rec.handler);

      const keys = ['a', 'b', 'c', 'd'];
      // Four concurrent publishers, each publishing its key's events in order.
      const published = await Promise.all(
        keys.map(async (key) => {
          const out: { key: string; n: number; seq: number }[] = [];
          for (let n = 0; n < 15; n++) {
            const r = await bus.publish<Item>(t, { key, type: 'test.item', payload: { key, n } });
            out.push({ key, n, seq: r.seq });
          }
          return out;
        }),
      );
      const all = published.flat().sort((x, y) => x.seq - y.seq);
      expect(new Set(all.map((p) => p.seq)).size).toBe(60);

      await until(rec, '60 events', (es) => es.length >= 60);
      const lastSeq = all[all.length - 1]!.seq;
      const sentinel = await bus.publish<Item>(t, { key: 'z', type: 'test.sentinel', payload: { n: -1 } });
      expect(sentinel.seq).toBeGreaterThan(lastSeq);
      await hasEvent(rec, sentinel.id);

      // Exactly the published events, once each, in publish (seq) order, then the sentinel.
      expect(rec.events.map((e) => e.seq)).toEqual([...all.map((p) => p.seq), sentinel.seq]);
      for (const key of keys) {
        const got = rec.events.filter((e) => e.key === key).map((e) => e.payload.n);
        expect(got, `order for key ${key}`).toEqual([...Array(15).keys()]);
      }
      expect(rec.events.every((e) => !e.redelivered)).toBe(true);
    });

    it('delivers an event again when the consumer stopped before acking it (crash)', async () => {
      const bus = await open();
      const t = topic('crash');
      const [e1, e2] = await publishAll(bus, t, 2);
      const hang = deferred();
      const first = recorder<Item>(() => hang.promise);
      const sub1 = await bus.subscribe(t, { durableName: 'crashy' }, first.handler);
      await hasEvent(first, e1!.id);
      // Must return although the handler is still running, and must not ack it.
      await sub1.close();
      hang.resolve();
      // The late handler must not ack now. An ack is not observable, so give it a moment to happen.
      await new Promise((r) => setTimeout(r, 200));

      const second = recorder<Item>();
      await bus.subscribe(t, { durableName: 'crashy' }, second.handler);
      await hasEvent(second, e2!.id);
      expect(second.events.map((e) => [e.id, e.redelivered])).toEqual([
        [e1!.id, true],
        [e2!.id, false],
      ]);
      // The first consumer never got past the unacked event.
      expect(first.events.map((e) => e.id)).toEqual([e1!.id]);
    });

    it('resumes from a cursor ({ afterSeq }) and keeps the acked position when subscribing the same way again', async () => {
      const bus = await open();
      const t = topic('cursor');
      const p = await publishAll(bus, t, 5);
      const seqs = p.map((r) => r.seq);

      const rec1 = recorder<Item>();
      const sub1 = await bus.subscribe(t, { durableName: 'cursor', from: { afterSeq: seqs[2]! } }, rec1.handler);
      await hasEvent(rec1, p[4]!.id);
      expect(ns(rec1)).toEqual([4, 5]);
      expect(rec1.events.map((e) => e.seq)).toEqual(seqs.slice(3));
      await sub1.close();

      // Same start again (a restarted service): continues after what it acked.
      const [e6] = await publishAll(bus, t, 1, 6);
      const rec2 = recorder<Item>();
      const sub2 = await bus.subscribe(t, { durableName: 'cursor', from: { afterSeq: seqs[2]! } }, rec2.handler);
      await hasEvent(rec2, e6!.id);
      expect(ns(rec2)).toEqual([6]);
      await sub2.close();

      // A different start moves the durable.
      const rec3 = recorder<Item>();
      await bus.subscribe(t, { durableName: 'cursor', from: { afterSeq: seqs[0]! } }, rec3.handler);
      await hasEvent(rec3, e6!.id);
      expect(ns(rec3)).toEqual([2, 3, 4, 5, 6]);

      // Past the end: only what comes later.
      const rec4 = recorder<Item>();
      await bus.subscribe(t, { durableName: 'ahead', from: { afterSeq: e6!.seq } }, rec4.handler);
      const [e7] = await publishAll(bus, t, 1, 7);
      await hasEvent(rec4, e7!.id);
      expect(ns(rec4)).toEqual([7]);
    });

    it("starts a new durable at 'beginning', 'latest' or (default) the beginning", async () => {
      const bus = await open();
      const t = topic('start');
      await publishAll(bus, t, 3);
      const latest = recorder<Item>();
      const beginning = recorder<Item>();
      const stored = recorder<Item>();
      await bus.subscribe(t, { durableName: 'latest', from: 'latest' }, latest.handler);
      await bus.subscribe(t, { durableName: 'beginning', from: 'beginning' }, beginning.handler);
      await bus.subscribe(t, { durableName: 'stored' }, stored.handler);
      const [e4] = await publishAll(bus, t, 1, 4);
      await Promise.all([hasEvent(latest, e4!.id), hasEvent(beginning, e4!.id), hasEvent(stored, e4!.id)]);
      expect(ns(latest)).toEqual([4]);
      expect(ns(beginning)).toEqual([1, 2, 3, 4]);
      expect(ns(stored)).toEqual([1, 2, 3, 4]);
    });

    it('keeps the durable position across a restart (new bus instance)', async () => {
      const t = topic('restart');
      const bus1 = await open();
      const old = await publishAll(bus1, t, 3);
      const rec1 = recorder<Item>();
      await bus1.subscribe(t, { durableName: 'projector' }, rec1.handler);
      await hasEvent(rec1, old[2]!.id);
      await bus1.close();

      const bus2 = await open();
      const fresh = await publishAll(bus2, t, 2, 4);
      expect(fresh[0]!.seq).toBeGreaterThan(old[2]!.seq);
      const rec2 = recorder<Item>();
      await bus2.subscribe(t, { durableName: 'projector' }, rec2.handler);
      await hasEvent(rec2, fresh[1]!.id);
      expect(rec2.events.map((e) => [e.payload.n, e.redelivered])).toEqual([
        [4, false],
        [5, false],
      ]);
    });

    it('publishes a batch in order, one result per input; an id already stored is its duplicate', async () => {
      const bus = await open();
      const t = topic('batch');
      const seen = `batch-${randomUUID()}`;
      const first = await bus.publish<Item>(t, { id: seen, key: 'k', type: 'test.item', payload: { n: 0 } });
      const item = (n: number) => ({ key: `k${n % 2}`, type: 'test.item', payload: { n } });
      const results = await publishBatch<Item>(bus, t, [
        item(1),
        item(2),
        { id: seen, key: 'k', type: 'test.item', payload: { n: 9 } },
        item(3),
        item(4),
      ]);
      expect(results).toHaveLength(5);
      expect(results[2]).toEqual({ id: seen, seq: first.seq, duplicate: true });
      const fresh = results.filter((r) => !r.duplicate);
      expect(fresh).toHaveLength(4);
      expect(fresh[0]!.seq).toBeGreaterThan(first.seq);
      expect(fresh.every((r, i) => i === 0 || r.seq > fresh[i - 1]!.seq)).toBe(true);
      expect(await publishBatch(bus, t, [])).toEqual([]);

      const rec = recorder<Item>();
      await bus.subscribe(t, { durableName: 'batch' }, rec.handler);
      await hasEvent(rec, fresh.at(-1)!.id);
      expect(ns(rec)).toEqual([0, 1, 2, 3, 4]);
    });

    it('stores and delivers a repeated event id once', async () => {
      const bus = await open();
      const t = topic('dedupe');
      const id = `dup-${randomUUID()}`;
      const r1 = await bus.publish<Item>(t, { id, key: 'k', type: 'test.item', payload: { n: 1 } });
      const r2 = await bus.publish<Item>(t, { id, key: 'k', type: 'test.item', payload: { n: 2 } });
      expect(r1).toEqual({ id, seq: r1.seq, duplicate: false });
      expect(r2).toEqual({ id, seq: r1.seq, duplicate: true });
      const sentinel = await bus.publish<Item>(t, { key: 'k', type: 'test.item', payload: { n: 3 } });

      const rec = recorder<Item>();
      await bus.subscribe(t, { durableName: 'dedupe' }, rec.handler);
      await hasEvent(rec, sentinel.id);
      expect(rec.events.map((e) => [e.id, e.payload.n])).toEqual([
        [id, 1],
        [sentinel.id, 3],
      ]);
    });

    it('redelivers after a handler throws, holding back later events until it succeeds', async () => {
      const bus = await open();
      const t = topic('retry');
      const p = await publishAll(bus, t, 4);
      const failing = p[1]!.id;
      const rec = recorder<Item>((e, attempt) => {
        if (e.id === failing && attempt <= 2) throw new Error(`boom ${attempt}`);
      });
      await bus.subscribe(t, { durableName: 'retry' }, rec.handler);
      await hasEvent(rec, p[3]!.id);
      expect(rec.events.map((e) => [e.payload.n, e.redelivered])).toEqual([
        [1, false],
        [2, false],
        [2, true],
        [2, true],
        [3, false],
        [4, false],
      ]);
    });

    it('gives each durable consumer every event, independently of the others', async () => {
      const bus = await open();
      const t = topic('fanout');
      let unblock = false;
      const a = recorder<Item>((e) => {
        // A stuck consumer must not hold back another durable on the same topic.
        if (e.payload.n === 3 && !unblock) throw new Error('not yet');
      });
      const b = recorder<Item>();
      await bus.subscribe(t, { durableName: 'a' }, a.handler);
      await bus.subscribe(t, { durableName: 'b' }, b.handler);
      const p = await publishAll(bus, t, 10);
      await hasEvent(b, p[9]!.id);
      await until(a, 'a failing twice on event 3', (es) => es.filter((e) => e.payload.n === 3).length >= 2);
      expect(ns(b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
      expect(a.events.some((e) => e.payload.n > 3)).toBe(false);
      unblock = true;
      await hasEvent(a, p[9]!.id);
      expect(ns(a).filter((n) => n !== 3)).toEqual([1, 2, 4, 5, 6, 7, 8, 9, 10]);
    });

    it('rejects invalid topic and durable names, and use after close', async () => {
      const bus = await open();
      const ok: Handler<unknown> = async () => {};
      for (const bad of ['Orders', 'a b', '', 'a..b', '.a', 'a.', 'a.*', 'a.>', 'ä']) {
        await expect(bus.publish(bad, { key: 'k', type: 't', payload: 1 }), bad).rejects.toThrow(/invalid event bus topic/);
        await expect(bus.subscribe(bad, { durableName: 'x' }, ok), bad).rejects.toThrow(/invalid event bus topic/);
      }
      for (const bad of ['', 'a.b', 'a b', 'x'.repeat(65)]) {
        await expect(bus.subscribe(topic('v'), { durableName: bad }, ok), bad).rejects.toThrow(/invalid durable consumer name/);
      }
      await expect(bus.subscribe(topic('v'), { durableName: 'x', from: { afterSeq: -1 } }, ok)).rejects.toThrow(/from=/);
      await expect(bus.publish(topic('v'), { key: '', type: 't', payload: 1 })).rejects.toThrow(/key/);
      const subs: Subscription[] = [];
      subs.push(await bus.subscribe(topic('v'), { durableName: 'fine-Name_1' }, ok));
      await Promise.all(subs.map((s) => s.close()));
      await bus.close();
      await expect(bus.publish(topic('v'), { key: 'k', type: 't', payload: 1 })).rejects.toThrow(/closed/);
    });
  });
}
