/**
 * Live timeline delivery for one orders replica: when an append is signalled (here, or on another
 * replica through the bus, or found by the shared watch), the new events of every account that has
 * subscribers are read in one query, their orders in one more, and each event is handed to every
 * matching subscription in memory. A subscription reads the database itself only to replay what
 * came after its cursor and before it joined.
 *
 * Order: within an account a sequence number is taken under the account's append lock and kept
 * until commit, so per account the sequence order is the commit order, and a per-account cursor
 * never skips an event that commits late.
 *
 * Slow consumers: each subscription buffers at most `bufferLimit` events; past that its buffer is
 * dropped and the stream ends with a `SUBSCRIPTION_LAGGING` error that carries the last delivered
 * cursor (`extensions.resumable`, `extensions.cursor`): subscribing again with `after` loses nothing.
 */
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { GraphQLError } from 'graphql';
import type { Logger } from '@portal/platform/logger';
import { prom, registry } from '@portal/platform/metrics';
import { Order, TimelineEvent, type OrderEntity, type TimelineEventEntity } from './entities/index.js';
import { encodeCursor, timelineSignal } from './timeline.js';

export interface TimelineDelivery {
  event: TimelineEventEntity;
  /** The order as it was read for this event (shared by every subscriber: read-only). */
  order: OrderEntity | null;
}

export interface FanoutScope {
  accountId: string;
  /** Only this order's events (`orderUpdated`); else the whole account's. */
  orderId?: string;
}

const PAGE = 500;

const liveReadStatements = new prom.Counter({
  name: 'portal_orders_subscription_live_reads_total',
  help: 'Statements the live subscription delivery issued (events, then their orders), whatever the number of subscribers',
  registers: [registry],
});

class Subscriber {
  queue: TimelineDelivery[] = [];
  overflowed = false;
  private wake: (() => void) | undefined;
  constructor(
    readonly scope: FanoutScope,
    private readonly limit: number,
  ) {}
  push(d: TimelineDelivery): void {
    if (this.overflowed) return;
    if (this.scope.orderId && d.event.orderId !== this.scope.orderId) return;
    if (this.queue.length >= this.limit) {
      this.overflowed = true;
      this.queue = [];
    } else this.queue.push(d);
    this.notify();
  }
  notify(): void {
    const w = this.wake;
    this.wake = undefined;
    w?.();
  }
  waitForMore(): Promise<void> {
    return new Promise((resolve) => (this.wake = resolve));
  }
}

interface AccountFeed {
  /** Every event of the account up to here has been handed out (or was there before anyone joined). */
  cursor: number;
  subscribers: Set<Subscriber>;
}

export class TimelineFanout {
  private readonly accounts = new Map<string, AccountFeed>();
  /** Joins, leaves and reads run one at a time (a join sees a consistent account cursor). */
  private chain: Promise<unknown> = Promise.resolve();
  private pumping = false;
  private again = false;
  private listening = false;
  private closed = false;
  private readonly onSignal = () => this.pump();
  /** Statements issued by the live path (not replays), for tests and metrics. */
  liveReads = 0;

  constructor(
    private readonly orm: MikroORM,
    private readonly opts: { logger: Logger; bufferLimit: number },
  ) {}

  get subscriberCount(): number {
    let n = 0;
    for (const a of this.accounts.values()) n += a.subscribers.size;
    return n;
  }

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.chain.then(fn, fn);
    this.chain = run.catch(() => undefined);
    return run;
  }

  private listen(on: boolean): void {
    if (on === this.listening) return;
    this.listening = on;
    if (on) {
      timelineSignal.on('appended', this.onSignal);
      timelineSignal.on('remote', this.onSignal);
    } else {
      timelineSignal.off('appended', this.onSignal);
      timelineSignal.off('remote', this.onSignal);
    }
  }

  /** Read what was appended for the accounts with subscribers and hand it out (coalesced). */
  pump(): void {
    if (this.closed) return;
    if (this.pumping) {
      this.again = true;
      return;
    }
    this.pumping = true;
    void this.serial(async () => {
      try {
        do {
          this.again = false;
          while (this.accounts.size && (await this.readOnce()) === PAGE);
        } while (this.again && !this.closed);
      } catch (err) {
        this.opts.logger.warn({ err: (err as Error).message }, 'timeline fan-out read failed; next signal retries');
      } finally {
        this.pumping = false;
      }
    });
  }

  private async readOnce(): Promise<number> {
    const em: EntityManager = this.orm.em.fork();
    const where = [...this.accounts].map(([accountId, feed]) => ({ accountId, seq: { $gt: feed.cursor } }));
    this.liveReads++;
    liveReadStatements.inc();
    const events = await em.find(TimelineEvent, { $or: where }, { orderBy: { seq: 'asc' }, limit: PAGE, disableIdentityMap: true });
    if (!events.length) return 0;
    const orderIds = [...new Set(events.map((e) => e.orderId))];
    this.liveReads++;
    liveReadStatements.inc();
    const orders = new Map((await em.find(Order, { id: { $in: orderIds } }, { disableIdentityMap: true })).map((o) => [o.id, o]));
    for (const event of events) {
      const feed = this.accounts.get(event.accountId);
      if (!feed) continue;
      const seq = Number(event.seq);
      if (seq <= feed.cursor) continue;
      feed.cursor = seq;
      const delivery = { event, order: orders.get(event.orderId) ?? null };
      for (const s of feed.subscribers) s.push(delivery);
    }
    return events.length;
  }

  private join(sub: Subscriber): Promise<number> {
    return this.serial(async () => {
      let feed = this.accounts.get(sub.scope.accountId);
      if (!feed) {
        const [last] = await this.orm.em
          .fork()
          .find(TimelineEvent, { accountId: sub.scope.accountId }, { orderBy: { seq: 'desc' }, limit: 1, fields: ['seq'] });
        feed = { cursor: last ? Number(last.seq) : 0, subscribers: new Set() };
        this.accounts.set(sub.scope.accountId, feed);
      }
      feed.subscribers.add(sub);
      this.listen(true);
      return feed.cursor;
    });
  }

  private leave(sub: Subscriber): void {
    const feed = this.accounts.get(sub.scope.accountId);
    if (!feed) return;
    feed.subscribers.delete(sub);
    if (!feed.subscribers.size) this.accounts.delete(sub.scope.accountId);
    if (!this.accounts.size) this.listen(false);
  }

  /**
   * The events of `scope` after `afterSeq` (null: from now on), oldest first, each once: the
   * stored ones after the cursor (read by this subscription), then the live ones (read once for all).
   */
  stream(scope: FanoutScope, afterSeq: number | null): AsyncIterableIterator<TimelineDelivery> {
    // Not a bare generator: closing must also end a wait for the next event (a generator's
    // return() would queue behind that wait).
    const stop = new AbortController();
    const gen = this.run(scope, afterSeq, stop.signal);
    return {
      next: () => gen.next(),
      async return() {
        stop.abort();
        return gen.return(undefined);
      },
      [Symbol.asyncIterator]() {
        return this;
      },
    };
  }

  private async *run(scope: FanoutScope, afterSeq: number | null, signal: AbortSignal): AsyncGenerator<TimelineDelivery, undefined> {
    const sub = new Subscriber(scope, this.opts.bufferLimit);
    const abort = () => sub.notify();
    signal.addEventListener('abort', abort);
    try {
      const joinedAt = await this.join(sub);
      let last = afterSeq ?? joinedAt;
      // Replay: what is stored after the cursor up to where the live feed took over.
      while (last < joinedAt && !signal.aborted) {
        const em = this.orm.em.fork();
        const where = scope.orderId ? { orderId: scope.orderId } : { accountId: scope.accountId };
        const rows = await em.find(
          TimelineEvent,
          { ...where, seq: { $gt: last, $lte: joinedAt } },
          { orderBy: { seq: 'asc' }, limit: 100, disableIdentityMap: true },
        );
        if (!rows.length) break;
        const orders = new Map(
          (await em.find(Order, { id: { $in: [...new Set(rows.map((r) => r.orderId))] } }, { disableIdentityMap: true })).map((o) => [
            o.id,
            o,
          ]),
        );
        for (const event of rows) {
          last = Number(event.seq);
          yield { event, order: orders.get(event.orderId) ?? null };
        }
      }
      while (!signal.aborted && !this.closed) {
        if (sub.overflowed)
          throw new GraphQLError(
            `this subscription fell more than ${this.opts.bufferLimit} events behind and was closed; subscribe again with \`after\` set to the cursor to resume`,
            { extensions: { code: 'SUBSCRIPTION_LAGGING', resumable: true, cursor: last > 0 ? encodeCursor(last) : null } },
          );
        const next = sub.queue.shift();
        if (!next) {
          await sub.waitForMore();
          continue;
        }
        const seq = Number(next.event.seq);
        if (seq <= last) continue;
        last = seq;
        yield next;
      }
      return undefined;
    } finally {
      signal.removeEventListener('abort', abort);
      this.leave(sub);
    }
  }

  close(): void {
    this.closed = true;
    this.listen(false);
    for (const feed of this.accounts.values()) for (const s of feed.subscribers) s.notify();
  }
}

/** What the order subscriptions yield: the event and its order as read for it. */
export interface OrderUpdate {
  cursor: string;
  event: TimelineEventEntity;
  order: OrderEntity;
}

/**
 * The order subscriptions' stream for one subscription context: each delivery starts with fresh
 * loaders (primed with the order read for the event, so field resolvers do not read it again).
 */
export function orderUpdates(
  ctx: { refresh(): void; loaders: { orderById: { prime(id: string, order: OrderEntity): unknown }; timelineFanout?: TimelineFanout } },
  scope: FanoutScope,
  afterSeq: number | null,
): AsyncIterableIterator<OrderUpdate> {
  const fanout = ctx.loaders.timelineFanout;
  if (!fanout) throw new Error('the orders subgraph serves subscriptions only once its timeline fan-out is running');
  const source = fanout.stream(scope, afterSeq);
  return {
    async next(): Promise<IteratorResult<OrderUpdate>> {
      for (;;) {
        const r = await source.next();
        if (r.done) return { done: true, value: undefined };
        const { event, order } = r.value;
        if (!order) continue;
        ctx.refresh();
        ctx.loaders.orderById.prime(order.id, order);
        return { done: false, value: { cursor: encodeCursor(Number(event.seq)), event, order } };
      }
    },
    async return(): Promise<IteratorResult<OrderUpdate>> {
      await source.return?.();
      return { done: true, value: undefined };
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}
