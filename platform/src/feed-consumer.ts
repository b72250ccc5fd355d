/**
 * Consuming an upstream change feed (the ERP's) into a service's own tables, effectively once:
 * long-poll from the stored cursor, and for each event of the consumer's types run the handler,
 * record the event id in the inbox and advance the cursor in one transaction. A redelivered event
 * (at-least-once feeds, a crash between handling and the cursor update) finds its id in the inbox
 * and is skipped. Events of other types only move the cursor, with the next transaction or one
 * statement after the page. An event the handler can take without a transaction of its own
 * (`quick`) is recorded with its inbox row and cursor move in one statement. Sync state, lag and
 * counts are exposed for /metrics and status queries. Retries back off while the upstream is
 * down; the consumer never stops on its own.
 */
import { defineEntity } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import client from 'prom-client';
import type { Logger } from './logger.js';
import { registry } from './metrics.js';
import { SyncState } from './sync.js';

export const InboxEntry = defineEntity({
  name: 'InboxEntry',
  tableName: 'inbox',
  properties: (p) => ({
    eventId: p.string().primary(),
    consumer: p.string(),
    seq: p.bigint('number'),
    type: p.string(),
    /** APPLIED, or IGNORED (not relevant / older than what we have). */
    outcome: p.string(),
    processedAt: p.datetime(),
  }),
});

export interface FeedEvent {
  seq: number;
  id: string;
  type: string;
  key: string;
  occurredAt: string;
  payload: Record<string, unknown>;
}

export interface FeedPage {
  events: FeedEvent[];
  nextCursor: number;
}

/** What a handler did with an event: applied it, or ignored it (irrelevant, or stale by version). */
export type HandleOutcome = 'APPLIED' | 'IGNORED';

export interface FeedConsumerOptions {
  /** Consumer name, unique per service (the cursor is stored as `feed:<name>` in sync_state). */
  name: string;
  service: string;
  em: EntityManager;
  logger: Logger;
  /**
   * One page after `after`. `types` (the consumer's, when it has some) lets the source pass other
   * events over; then `nextCursor` may lie past the last event handed out.
   */
  poll: (after: number, opts: { limit: number; waitMs: number; types?: readonly string[] }) => Promise<FeedPage>;
  /** Runs inside the transaction that records the event. */
  handle: (tx: EntityManager, event: FeedEvent) => Promise<HandleOutcome>;
  /**
   * Events taken without a transaction: the event's `outcome`, with at most one statement that
   * does its work — an idempotent `update … returning` (it runs for a redelivered event too), which
   * answers a row when it has done the work. The statement, the inbox row and the cursor's move go
   * in one statement. When it answers no row, nothing is recorded and the event goes through
   * `handle` as usual. Null: `handle` it is. Anything else `quick` does must be harmless to repeat.
   */
  quick?: (event: FeedEvent) => { outcome: HandleOutcome; statement?: { sql: string; params: unknown[] } } | null;
  /** Only these event types reach `handle`; others are recorded as IGNORED. */
  types?: readonly string[];
  waitMs?: number;
  batch?: number;
  /** First retry delay after an upstream error; doubles up to 30 s. */
  retryMs?: number;
  /** Called once an event's transaction has committed (e.g. to wake readers of what it wrote). */
  afterCommit?: (event: FeedEvent, outcome: HandleOutcome | 'DUPLICATE') => void;
}

export interface FeedStatus {
  name: string;
  cursor: number;
  running: boolean;
  lastEventAt: string | null;
  lastPollAt: string | null;
  /** Seconds between the newest event's occurrence and when it was applied here. */
  lagSeconds: number | null;
  applied: number;
  ignored: number;
  duplicates: number;
  errors: number;
  lastError: string | null;
}

const lagGauge = new client.Gauge({
  name: 'portal_feed_lag_seconds',
  help: 'Upstream event occurrence to local apply',
  labelNames: ['service', 'feed'] as const,
  registers: [registry],
});
const eventsCounter = new client.Counter({
  name: 'portal_feed_events_total',
  help: 'Feed events by outcome',
  labelNames: ['service', 'feed', 'outcome'] as const,
  registers: [registry],
});
const cursorGauge = new client.Gauge({
  name: 'portal_feed_cursor',
  help: 'Last applied feed position',
  labelNames: ['service', 'feed'] as const,
  registers: [registry],
});

export class FeedConsumer {
  private stopped = false;
  private loop: Promise<void> | undefined;
  private readonly status: FeedStatus;
  private readonly wake = new Set<() => void>();
  /** The stored position as this consumer's last committed move answered it: the next poll needs no read. */
  private stored: number | undefined;

  constructor(private readonly opts: FeedConsumerOptions) {
    this.status = {
      name: opts.name,
      cursor: 0,
      running: false,
      lastEventAt: null,
      lastPollAt: null,
      lagSeconds: null,
      applied: 0,
      ignored: 0,
      duplicates: 0,
      errors: 0,
      lastError: null,
    };
  }

  private get stateName() {
    return `feed:${this.opts.name}`;
  }

  /** The stored position (read each poll: another replica of the service may have moved it). */
  async cursor(): Promise<number> {
    const [state] = await this.opts.em
      .getConnection()
      .execute<{ cursor: string | null }[]>(`select cursor from "${this.opts.service}"."sync_state" where name = ?`, [this.stateName]);
    return state?.cursor ? Number(state.cursor) : 0;
  }

  /** Start from a position (e.g. the feed's head before a first full sync); no-op once the feed has a cursor. */
  async initialise(start: number | (() => Promise<number>)): Promise<void> {
    const em = this.opts.em.fork();
    if (await em.findOne(SyncState, { name: this.stateName })) return;
    const cursor = typeof start === 'number' ? start : await start();
    await em.upsert(SyncState, { name: this.stateName, cursor: String(cursor), rows: 0, startedAt: new Date(), completedAt: null });
  }

  snapshot(): FeedStatus {
    return { ...this.status };
  }

  /** Apply one page; returns the number of events seen. Exposed for tests and catch-up runs. */
  async runOnce(waitMs = 0): Promise<number> {
    // The position the last page's move committed (another replica's moves included, as of then);
    // read when there is none. A position behind the stored one only brings events the inbox knows.
    const after = this.stored ?? (await this.cursor());
    this.stored = undefined;
    let stored: number | undefined;
    const page = await this.opts.poll(after, {
      limit: this.opts.batch ?? 200,
      waitMs,
      ...(this.opts.types ? { types: this.opts.types } : {}),
    });
    this.status.lastPollAt = new Date().toISOString();
    let position = after;
    // Events of other types only move the cursor: no inbox row, nothing to deduplicate, no
    // transaction of their own. The next relevant event's transaction moves the cursor past them,
    // or one statement does after the page; they count as ignored once it has.
    const skipped: FeedEvent[] = [];
    const settleSkipped = () => skipped.splice(0).forEach((e) => this.settled(e, 'IGNORED'));
    for (const event of page.events) {
      if (this.stopped) break;
      position = Math.max(position, event.seq);
      if (this.opts.types && !this.opts.types.includes(event.type)) {
        skipped.push(event);
        continue;
      }
      // Repeated events (at-least-once feeds) go through apply too: the inbox turns them into no-ops.
      stored = await this.apply(event);
      settleSkipped();
    }
    // The source passed events of other types over: the cursor moves past them too (one
    // statement, with the skipped ones' move if any).
    const passedOver = !this.stopped && Number.isSafeInteger(page.nextCursor) && page.nextCursor > position ? page.nextCursor : undefined;
    if (skipped.length || passedOver !== undefined) {
      stored = await this.advance(this.opts.em.fork(), passedOver ?? skipped.at(-1)!.seq);
      settleSkipped();
    }
    if (passedOver !== undefined) position = passedOver;
    if (!this.stopped) this.stored = stored;
    this.status.cursor = position;
    cursorGauge.labels(this.opts.service, this.opts.name).set(this.status.cursor);
    return page.events.length;
  }

  /**
   * The cursor to `seq`, never back (a duplicate of an old event must not rewind it); with an
   * event's outcome, its inbox row gets it in the same statement. Answers the cursor now stored.
   */
  private async advance(em: EntityManager, seq: number, inbox?: { eventId: string; outcome: HandleOutcome }): Promise<number> {
    const schema = this.opts.service;
    const [row] = await em.getConnection().execute<{ cursor: string }[]>(
      `${inbox ? `with outcome as (update "${schema}"."inbox" set outcome = ? where event_id = ?) ` : ''}
       insert into "${schema}"."sync_state" (name, cursor, rows, started_at, completed_at) values (?, ?, 1, now(), null)
         on conflict (name) do update set cursor = greatest(coalesce("sync_state".cursor, '0')::bigint, excluded.cursor::bigint)::text, rows = "sync_state".rows + 1
         returning cursor`,
      [...(inbox ? [inbox.outcome, inbox.eventId] : []), this.stateName, String(seq)],
      'all',
      em.getTransactionContext(),
    );
    return Number(row!.cursor);
  }

  /**
   * An event `quick` takes: its work (if it has a statement, and only if that answers a row), the
   * inbox row with the outcome (a redelivered event finds its row there: a duplicate) and the
   * cursor's move, as one statement. Undefined when the work's statement answered no row.
   */
  private async applyQuick(
    event: FeedEvent,
    plan: { outcome: HandleOutcome; statement?: { sql: string; params: unknown[] } },
  ): Promise<{ stored: number; outcome: HandleOutcome | 'DUPLICATE' } | undefined> {
    const schema = this.opts.service;
    const work = plan.statement;
    const onlyIfDone = work ? ' where exists (select 1 from work)' : '';
    const [row] = await this.opts.em.getConnection().execute<{ cursor: string; inserted: number }[]>(
      `with ${work ? `work as (${work.sql}), ` : ''}
         inbox as (
           insert into "${schema}"."inbox" (event_id, consumer, seq, type, outcome, processed_at)
           select ?, ?, ?, ?, ?, now()${onlyIfDone}
           on conflict (event_id) do nothing returning event_id)
       insert into "${schema}"."sync_state" (name, cursor, rows, started_at, completed_at)
         select ?, ?, 1, now(), null${onlyIfDone}
         on conflict (name) do update set cursor = greatest(coalesce("sync_state".cursor, '0')::bigint, excluded.cursor::bigint)::text, rows = "sync_state".rows + 1
         returning cursor, (select count(*) from inbox)::int as inserted`,
      [...(work?.params ?? []), event.id, this.opts.name, event.seq, event.type, plan.outcome, this.stateName, String(event.seq)],
    );
    if (!row) return undefined;
    return { stored: Number(row.cursor), outcome: row.inserted ? plan.outcome : 'DUPLICATE' };
  }

  /**
   * One relevant event in one transaction: its inbox row (a redelivered one finds it there and is
   * a duplicate), the handler, the outcome and the cursor.
   */
  private async apply(event: FeedEvent): Promise<number> {
    const plan = this.opts.quick?.(event);
    const quick = plan ? await this.applyQuick(event, plan) : undefined;
    if (quick) {
      this.settled(event, quick.outcome);
      return quick.stored;
    }
    let stored = event.seq;
    const outcome = await this.opts.em.fork().transactional(async (tx): Promise<HandleOutcome | 'DUPLICATE'> => {
      const inserted = await tx
        .getConnection()
        .execute<{ event_id: string }[]>(
          `insert into "${this.opts.service}"."inbox" (event_id, consumer, seq, type, outcome, processed_at) values (?, ?, ?, ?, 'PENDING', now()) on conflict (event_id) do nothing returning event_id`,
          [event.id, this.opts.name, event.seq, event.type],
          'all',
          tx.getTransactionContext(),
        );
      if (!inserted.length) {
        stored = await this.advance(tx, event.seq);
        return 'DUPLICATE';
      }
      const result = await this.opts.handle(tx, event);
      stored = await this.advance(tx, event.seq, { eventId: event.id, outcome: result });
      return result;
    });
    this.settled(event, outcome);
    return stored;
  }

  /** Counts, metrics and wake-ups once an event's cursor move has committed. */
  private settled(event: FeedEvent, outcome: HandleOutcome | 'DUPLICATE'): void {
    if (outcome === 'DUPLICATE') this.status.duplicates++;
    else if (outcome === 'APPLIED') this.status.applied++;
    else this.status.ignored++;
    eventsCounter.labels(this.opts.service, this.opts.name, outcome).inc();
    this.opts.afterCommit?.(event, outcome);
    if (outcome === 'APPLIED') {
      const lag = Math.max(0, (Date.now() - Date.parse(event.occurredAt)) / 1000);
      this.status.lagSeconds = lag;
      this.status.lastEventAt = event.occurredAt;
      lagGauge.labels(this.opts.service, this.opts.name).set(lag);
    }
    for (const w of this.wake) w();
  }

  /** Resolves once an event with this id has been processed (tests: event-to-visible lag). */
  waitForEvent(predicate: () => Promise<boolean>, timeoutMs = 10_000): Promise<boolean> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => done(false), timeoutMs);
      const check = () => void predicate().then((ok) => ok && done(true));
      const done = (ok: boolean) => {
        clearTimeout(timer);
        this.wake.delete(check);
        resolve(ok);
      };
      this.wake.add(check);
      check();
    });
  }

  start(): void {
    if (this.loop) return;
    this.status.running = true;
    const waitMs = this.opts.waitMs ?? 10_000;
    let delay = this.opts.retryMs ?? 500;
    this.loop = (async () => {
      while (!this.stopped) {
        try {
          await this.runOnce(waitMs);
          delay = this.opts.retryMs ?? 500;
        } catch (err) {
          this.status.errors++;
          this.status.lastError = (err as Error).message;
          this.opts.logger.warn({ err: (err as Error).message, feed: this.opts.name, retryInMs: delay }, 'feed poll failed; retrying');
          await new Promise((r) => setTimeout(r, delay));
          delay = Math.min(delay * 2, 30_000);
        }
      }
      this.status.running = false;
    })();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    // A long-poll in flight ends by itself (waitMs); do not wait for it longer than that.
    await Promise.race([this.loop, new Promise((r) => setTimeout(r, 200))]);
  }
}
