/**
 * The order timeline: append (hash-chained, under the account's append lock so that within an
 * account the sequence order is the commit order), verification, the outbox publisher that puts
 * each event on the bus, and the live stream that subscriptions read: replay from the table after
 * a cursor, then wait for the next append (in-process signal, the bus from other replicas, or a
 * safety-net poll) — the table is the truth, so nothing is skipped or delivered twice.
 */
import { EventEmitter } from 'node:events';
import { randomUUID } from 'node:crypto';
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import type { BusinessClock } from '@portal/erp/port';
import { BatchPublishError, publishAll, type EventBus, type Subscription } from '@portal/platform/bus';
import { executeInOrder } from '@portal/platform/db';
import { currentScope, runOutsideScope } from '@portal/platform/context';
import { ORDER_TIMELINE_TOPIC, type OrderTimelineBusEvent } from '@portal/platform/events';
import type { Logger } from '@portal/platform/logger';
import { timelineHash, verifyChain, type ChainVerification } from './domain/timeline-hash.js';
import { type TimelineEventEntity } from './entities/index.js';

export type TimelineSource = 'PORTAL' | 'ERP' | 'INVOICES';

export interface AppendInput {
  /**
   * What the event records, stable whoever reports it and however often: an ERP document and its
   * version (`orderFactKey` of the ERP port), or the portal command that did it. A fact already
   * stored is not appended again.
   */
  factKey: string;
  orderId: string;
  accountId: string;
  type: string;
  source: TimelineSource;
  summary: string;
  data?: Record<string, unknown>;
  /** When the fact happened (business time; the ERP document's date where there is one). Default: now. */
  occurredAt?: Date;
  /** Rebuilt from the ERP's document flow, not seen as it happened. */
  reconstructed?: boolean;
  actor?: string | null;
  correlationId?: string;
}

/** The business clock that dates a fact appended without its own time (see `useBusinessClock`). */
let businessClock: BusinessClock | null = null;
/** Date facts appended without a time of their own by the ERP's business clock (its last known time, moved on). */
export function useBusinessClock(clock: BusinessClock | undefined): void {
  if (clock) businessClock = clock;
}
const businessTimeNow = () => (businessClock ? new Date(businessClock.peek().at) : new Date());
/** The business time now, read from the ERP's clock (memoised briefly); call outside a transaction. */
export async function businessTime(): Promise<Date> {
  if (!businessClock) return new Date();
  try {
    return new Date((await businessClock.now()).at);
  } catch {
    return businessTimeNow();
  }
}

/** Process-wide signal: a timeline append committed (here, or on another replica via the bus). */
export const timelineSignal = new EventEmitter();
timelineSignal.setMaxListeners(0);
function signal(kind: 'appended' | 'remote'): void {
  timelineSignal.emit(kind);
}
export const notifyTimeline = () => signal('appended');

/** The statement that takes the account's timeline lock until the end of the transaction. */
export const accountLockStatement = (accountId: string) => ({
  sql: `select pg_advisory_xact_lock(hashtext(?))`,
  params: [`timeline:${accountId}`],
});

/** The accounts whose timeline lock a transaction holds already (by its transaction context). */
const lockedAccounts = new WeakMap<object, Set<string>>();

/**
 * Take the account's timeline lock for the rest of the caller's transaction (re-entrant). A
 * transaction that locks order or exception rows and then appends must take this first: the feed
 * takes it before it writes those rows, and the opposite order deadlocks.
 */
export async function lockAccountTimeline(tx: EntityManager, accountId: string): Promise<void> {
  const ctx = tx.getTransactionContext() as object | undefined;
  if (!ctx) throw new Error('lockAccountTimeline needs a transaction');
  // Held until the transaction ends: asking again in the same transaction needs no round trip.
  let held = lockedAccounts.get(ctx);
  if (held?.has(accountId)) return;
  const lock = accountLockStatement(accountId);
  await tx.getConnection().execute(lock.sql, lock.params, 'all', ctx);
  if (!held) lockedAccounts.set(ctx, (held = new Set()));
  held.add(accountId);
}

/**
 * Take the account's timeline lock (as `lockAccountTimeline`) and then run `reads`, in one round
 * trip: the statements go in one simple query, run one after the other, so each read takes its
 * snapshot once the lock is held and sees everything committed under it before. Returns the rows
 * of each read.
 */
export async function lockAccountTimelineAndRead<R extends unknown[][]>(
  tx: EntityManager,
  accountId: string,
  reads: { sql: string; params: unknown[] }[],
  /** Statements to run first, before the lock (their rows come first in the answer). */
  before: { sql: string; params: unknown[] }[] = [],
): Promise<R> {
  const ctx = tx.getTransactionContext() as object | undefined;
  if (!ctx) throw new Error('lockAccountTimelineAndRead needs a transaction');
  let held = lockedAccounts.get(ctx);
  const lock = held?.has(accountId) ? [] : [accountLockStatement(accountId)];
  const answers = await executeInOrder<unknown[][]>(tx, 'orders', [...before, ...lock, ...reads]);
  if (!held) lockedAccounts.set(ctx, (held = new Set()));
  held.add(accountId);
  return [...answers.slice(0, before.length), ...answers.slice(before.length + lock.length)] as R;
}

/**
 * Append one event inside the caller's transaction. Returns null when the fact (its key) is
 * already stored. Call `notifyTimeline()` after the transaction commits.
 */
export async function appendTimeline(tx: EntityManager, input: AppendInput): Promise<TimelineEventEntity | null> {
  return (await appendTimelines(tx, [input]))[0] ?? null;
}

/** The events a timeline read was sent for, to tell whether an append may use its rows. */
const factsOf = (inputs: readonly Pick<AppendInput, 'factKey' | 'orderId'>[]) => inputs.map((i) => `${i.orderId} ${i.factKey}`).join('\n');

/** What an append reads before it writes: facts stored, each order's last hash, sequence numbers. */
export type TimelineReadRows = { kind: 'seen' | 'last' | 'seq'; k: string | null; v: string | null }[];

/**
 * The read an append of `inputs` makes under the account's lock, as a statement a caller can send
 * with the lock and reads of its own (`lockAccountTimelineAndRead`), then hand to `appendTimelines`
 * with its rows. It draws the events' sequence numbers: a read whose events are then not appended
 * (another path appended them first) leaves its numbers unused, as a rolled-back append does.
 */
export function timelineRead(inputs: readonly Pick<AppendInput, 'factKey' | 'orderId'>[]): {
  sql: string;
  params: unknown[];
  facts: string;
} {
  return {
    sql: `select 'seen' as kind, e.fact_key as k, null::text as v from "orders"."timeline_event" e
      where e.fact_key in (select jsonb_array_elements_text(?::jsonb))
     union all
     select 'last', o.id, (select t.hash from "orders"."timeline_event" t where t.order_id = o.id order by t.seq desc limit 1)
       from jsonb_array_elements_text(?::jsonb) as o(id)
     union all
     select 'seq', null, nextval('"orders"."timeline_event_seq_seq"')::text from generate_series(1, ?::int)`,
    params: [JSON.stringify(inputs.map((i) => i.factKey)), JSON.stringify([...new Set(inputs.map((i) => i.orderId))]), inputs.length],
    facts: factsOf(inputs),
  };
}

/**
 * Append events of one account inside the caller's transaction, in the order given, in the same
 * few statements however many there are: the account's lock, one read (which facts are stored,
 * each order's last hash, the sequence numbers), the rows, their outbox entries. One answer per
 * input: null for a fact already stored (or given twice). Call `notifyTimeline()` after commit.
 * `read`: the rows of `timelineRead` for these very inputs, sent by the caller under the account's
 * lock in this transaction (the lock and the read are then not sent again).
 */
export async function appendTimelines(
  tx: EntityManager,
  inputs: readonly AppendInput[],
  read?: { facts: string; rows: TimelineReadRows },
): Promise<(TimelineEventEntity | null)[]> {
  if (!inputs.length) return [];
  const conn = tx.getConnection();
  const ctx = tx.getTransactionContext();
  if (!ctx) throw new Error('appendTimeline needs a transaction');
  const accountId = inputs[0]!.accountId;
  if (inputs.some((i) => i.accountId !== accountId)) throw new Error('appendTimelines: events of one account at a time');
  let rows: TimelineReadRows;
  if (read && lockedAccounts.get(ctx as object)?.has(accountId) && read.facts === factsOf(inputs)) rows = read.rows;
  else {
    // One writer per account at a time until commit: sequence order = commit order within an account.
    await lockAccountTimeline(tx, accountId);
    // Under the lock, so a concurrent append of the same fact waits and finds it; the unique
    // constraint on fact_key is the database's guarantee besides.
    const { sql, params } = timelineRead(inputs);
    rows = await conn.execute<TimelineReadRows>(sql, params, 'all', ctx);
  }
  const { events, write } = prepareAppend(inputs, rows);
  if (write) await conn.execute(write.sql, write.params, 'run', ctx);
  return events;
}

/**
 * The events an append of `inputs` makes, given the rows of `timelineRead` for them (taken under
 * the account's lock in the same transaction), and the one statement that stores them with their
 * outbox entries (null when every fact is stored already). For callers that send the statement
 * themselves, with other writes of their transaction.
 */
export function prepareAppend(
  inputs: readonly AppendInput[],
  rows: TimelineReadRows,
): { events: (TimelineEventEntity | null)[]; write: { sql: string; params: unknown[] } | null } {
  const seen = new Set(rows.filter((r) => r.kind === 'seen').map((r) => r.k!));
  const lastHash = new Map(rows.filter((r) => r.kind === 'last').map((r) => [r.k!, r.v]));
  const seqs = rows
    .filter((r) => r.kind === 'seq')
    .map((r) => Number(r.v))
    .sort((x, y) => x - y);
  const events: (TimelineEventEntity | null)[] = [];
  const appended: number[] = [];
  const stored: object[] = [];
  for (const input of inputs) {
    if (seen.has(input.factKey)) {
      events.push(null);
      continue;
    }
    seen.add(input.factKey);
    const content = {
      seq: seqs[appended.length]!,
      id: randomUUID(),
      orderId: input.orderId,
      accountId: input.accountId,
      // Millisecond precision survives the round trip through timestamptz, so the hash verifies later.
      at: new Date(Math.floor((input.occurredAt ?? businessTimeNow()).getTime())),
      type: input.type,
      source: input.source,
      correlationId: input.correlationId ?? currentScope()?.correlationId ?? `sys-${randomUUID()}`,
      actor: input.actor ?? null,
      summary: input.summary,
      data: JSON.parse(JSON.stringify(input.data ?? {})) as Record<string, unknown>,
    };
    const prevHash = lastHash.get(input.orderId) ?? null;
    const hash = timelineHash(content, prevHash);
    lastHash.set(input.orderId, hash);
    appended.push(content.seq);
    const event = {
      ...content,
      factKey: input.factKey,
      recordedAt: new Date(),
      reconstructed: input.reconstructed ?? false,
      prevHash,
      hash,
    };
    stored.push(event);
    events.push(event as TimelineEventEntity);
  }
  if (!stored.length) return { events, write: null };
  // The rows and their outbox entries in one statement, from one JSON parameter (no entity per row).
  return {
    events,
    write: {
      sql: `with appended as (
       insert into "orders"."timeline_event"
         (seq, id, fact_key, order_id, account_id, at, recorded_at, reconstructed, type, source, correlation_id, actor, summary, data, prev_hash, hash)
       select seq, id, "factKey", "orderId", "accountId", at, "recordedAt", reconstructed, type, source, "correlationId", actor, summary, data, "prevHash", hash
         from jsonb_to_recordset(?::jsonb) as x(seq bigint, id text, "factKey" text, "orderId" text, "accountId" text, at timestamptz,
           "recordedAt" timestamptz, reconstructed boolean, type text, source text, "correlationId" text, actor text, summary text,
           data jsonb, "prevHash" text, hash text)
       returning seq)
     insert into "orders"."timeline_outbox" (seq) select seq from appended`,
      params: [JSON.stringify(stored)],
    },
  };
}

/** Recompute the hash chain of one order's events (oldest first). */
export function verifyEvents(events: readonly TimelineEventEntity[]): ChainVerification {
  return verifyChain(events.map((e) => ({ ...e, seq: Number(e.seq), actor: e.actor ?? null, prevHash: e.prevHash ?? null })));
}

// ---- cursors ----

export const encodeCursor = (seq: number) => Buffer.from(`tl:${seq}`).toString('base64url');
export function decodeCursor(cursor: string): number | null {
  const m = /^tl:(\d{1,18})$/.exec(Buffer.from(cursor, 'base64url').toString());
  return m ? Number(m[1]) : null;
}

// ---- publishing and the live stream ----

/** Outbox entries published per run of `publishTimeline`. */
export const PUBLISH_BATCH = 200;

/**
 * Publish outbox entries in sequence order (per order key the bus keeps that order), as one batch
 * where the bus takes one, then delete the ones the bus has in one statement — also when a publish
 * failed, so only that one and those after it are sent again. The bus id is the event id, so a
 * re-publish (after a crash before the delete) is deduplicated.
 */
export async function publishTimeline(orm: MikroORM, bus: EventBus): Promise<number> {
  const em = orm.em.fork();
  const conn = em.getConnection();
  const rows = await conn.execute<{ seq: string; id: string; order_id: string; account_id: string; type: string }[]>(
    `select e.seq::text as seq, e.id, e.order_id, e.account_id, e.type from "orders"."timeline_outbox" o
       join "orders"."timeline_event" e on e.seq = o.seq order by o.seq limit ?`,
    [PUBLISH_BATCH],
  );
  const published: string[] = [];
  try {
    const inputs = rows.map((r) => {
      const payload: OrderTimelineBusEvent = {
        type: 'order.timeline',
        orderId: r.order_id,
        accountId: r.account_id,
        eventId: r.id,
        seq: Number(r.seq),
        eventType: r.type,
      };
      return { key: r.order_id, type: 'order.timeline', id: r.id, payload };
    });
    try {
      await publishAll(bus, ORDER_TIMELINE_TOPIC, inputs);
      published.push(...rows.map((r) => r.seq));
    } catch (err) {
      if (err instanceof BatchPublishError) published.push(...rows.slice(0, err.published).map((r) => r.seq));
      throw err;
    }
  } finally {
    if (published.length)
      await conn.execute(`delete from "orders"."timeline_outbox" where seq in (select jsonb_array_elements_text(?::jsonb)::bigint)`, [
        JSON.stringify(published),
      ]);
  }
  return rows.length;
}

export interface TimelineWorkers {
  close(): Promise<void>;
}

/**
 * Start the publisher (woken by local appends, with a poll as safety net) and this replica's live
 * listener: appends on other replicas reach local subscribers through the bus.
 */
export async function startTimelineWorkers(opts: {
  orm: MikroORM;
  bus: EventBus;
  logger: Logger;
  instanceId: string;
  pollMs?: number;
  /**
   * The subscriptions' safety net, shared by all of them: one `max(seq)` query per interval wakes
   * every stream when something was appended that no signal announced (not one poll per stream).
   */
  watchMs?: number;
}): Promise<TimelineWorkers> {
  let stopped = false;
  let running: Promise<void> | null = null;
  let again = false;
  const run = () => {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    // Woken by an append inside a request, it is still background work: not the request's.
    running = runOutsideScope(async () => {
      do {
        again = false;
        try {
          // A short batch was all there was: what is appended after its read signals another run.
          while ((await publishTimeline(opts.orm, opts.bus)) >= PUBLISH_BATCH && !stopped);
        } catch (err) {
          opts.logger.warn({ err: (err as Error).message }, 'timeline publish failed; retrying');
        }
      } while (again && !stopped);
    }).finally(() => {
      running = null;
      // An append signalled after the last check: its run.
      if (again) run();
    });
  };
  timelineSignal.on('appended', run);
  const timer = setInterval(run, opts.pollMs ?? 1000);
  timer.unref();
  run();
  let lastSeen = -1;
  const watch = setInterval(() => {
    if (!timelineSignal.listenerCount('remote')) return; // nobody is waiting
    void opts.orm.em
      .fork()
      .getConnection()
      .execute<{ seq: string | null }[]>(`select max(seq)::text as seq from "orders"."timeline_event"`)
      .then(([row]) => {
        const seq = Number(row?.seq ?? 0);
        if (seq > lastSeen) {
          if (lastSeen >= 0) signal('remote');
          lastSeen = seq;
        }
      })
      .catch((err: unknown) => opts.logger.warn({ err: (err as Error).message }, 'timeline watch failed'));
  }, opts.watchMs ?? 2000);
  watch.unref();
  const live: Subscription = await opts.bus.subscribe<OrderTimelineBusEvent>(
    ORDER_TIMELINE_TOPIC,
    { durableName: `live-${opts.instanceId}`.replace(/[^A-Za-z0-9_-]/g, '-').slice(0, 64), from: 'latest' },
    async () => {
      signal('remote');
    },
  );
  return {
    async close() {
      stopped = true;
      clearInterval(timer);
      clearInterval(watch);
      timelineSignal.off('appended', run);
      await live.close();
      await running;
    },
  };
}
