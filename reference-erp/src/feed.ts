/**
 * The ERP change feed: one ordered stream of events (conditions, stock, orders, deliveries,
 * invoices, credit memos, payments). Events are written in the same transaction as the change
 * (a transactional outbox); a transaction-scoped lock, taken with the insert, makes `seq` order equal commit order, so a
 * reader polling "after seq N" never skips an event that commits late. Delivery is at-least-once:
 * consumers deduplicate by event id.
 */
import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { FeedEvent } from '@portal/platform/feed';
import { isoInstant, query } from './projections.js';

/** One change-feed event on the wire: the shape the portal's feed consumer reads. */
export type { FeedEvent };

export const EVENT_TYPES = [
  'condition.changed',
  'item.changed',
  'stock.changed',
  'order.created',
  'order.changed',
  'delivery.shipped',
  'delivery.delivered',
  'invoice.posted',
  'credit_memo.issued',
  'payment.received',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

const appended = new EventEmitter();
appended.setMaxListeners(0);

/**
 * Append an event inside `tx` (must be a transaction). Call `notifyAppended()` after commit.
 *
 * One statement takes the feed's lock, then inserts the row (its `seq` drawn under the lock); the
 * lock is held until commit, so `seq` order is commit order and a reader polling "after seq N"
 * never skips an event that commits later with a lower number. Appenders call this last, just
 * before committing, so the lock is held only for the insert and the commit.
 */
export async function appendEvent(
  tx: EntityManager,
  at: Date,
  type: EventType,
  key: string,
  payload: Record<string, unknown>,
  /**
   * The change's own writes, as data-modifying CTEs (`name as (insert …)`, comma-separated) sent
   * with the event in its statement: one round trip; they commit with it, so the feed's lock is
   * held for that statement (a few rows' inserts more than the event's alone) and the commit.
   */
  writes?: { ctes: string; params: unknown[] },
): Promise<void> {
  await tx.getConnection().execute(
    `with ${writes ? `${writes.ctes},` : ''} locked as materialized (select pg_advisory_xact_lock(hashtext('erp.events')))
     insert into "erp"."event" (id, type, key, occurred_at, payload)
     select ?, ?, ?, ?, ?::jsonb from locked`,
    [...(writes?.params ?? []), randomUUID(), type, key, at, JSON.stringify(payload)],
    'all',
    tx.getTransactionContext(),
  );
}

/**
 * Wake the long-polls after a commit that appended events. `types`, when the caller knows them,
 * wakes only the polls that wait for one of them (or for any type).
 */
export function notifyAppended(types?: readonly EventType[]): void {
  appended.emit('appended', types);
}

/** Events after `after`, by `seq`, at most `limit` (plain rows). */
export async function readFeed(em: EntityManager, after: number, limit: number): Promise<FeedEvent[]> {
  return (await readFeedPage(em, after, limit)).events;
}

/**
 * A page of the feed after `after`, only events of `types` when given (empty or absent: all), and
 * the cursor to continue from. Events of other types are passed over, not handed out: when the
 * page is not full the cursor is the newest event committed (a later one cannot commit with a
 * lower `seq`, see `appendEvent`), so a reader of some types moves past the others without reading
 * them; when it is full, the last event handed out.
 */
export async function readFeedPage(
  em: EntityManager,
  after: number,
  limit: number,
  types?: readonly string[],
): Promise<{ events: FeedEvent[]; nextCursor: number }> {
  const filtered = !!types?.length;
  const rows = await query<Omit<FeedEvent, 'seq'> & { seq: string | null; head: string | null }>(
    em,
    `select e.seq::text as seq, e.id, e.type, e.key, ${isoInstant('e.occurred_at')} as "occurredAt", e.payload,
            ${filtered ? `(select max(h.seq) from "erp"."event" h)::text` : 'null'} as head
       from (select 1) as one
       left join lateral (
         select * from "erp"."event" e where e.seq > ?${filtered ? ` and e.type = any(?::text[])` : ''} order by e.seq limit ?
       ) e on true`,
    filtered ? [after, `{${types.map((t) => `"${t}"`).join(',')}}`, limit] : [after, limit],
  );
  const events = rows
    .filter((r) => r.seq !== null)
    .map((r) => ({ seq: Number(r.seq), id: r.id, type: r.type, key: r.key, occurredAt: r.occurredAt, payload: r.payload }));
  const last = events.at(-1)?.seq ?? after;
  const head = Number(rows[0]?.head ?? 0);
  const nextCursor = filtered && events.length < limit ? Math.max(after, last, head) : Math.max(after, last);
  return { events, nextCursor };
}

/**
 * Long-poll: answer at once if there are events after `after` (of `types`, when given), else wait
 * up to `waitMs` for one. An append of other types wakes the wait, finds nothing and waits on.
 * `closing` (the service closing) ends the wait with nothing new, without reading again.
 */
export async function waitForFeed(
  em: EntityManager,
  after: number,
  limit: number,
  waitMs: number,
  types?: readonly string[],
  closing?: AbortSignal,
): Promise<{ events: FeedEvent[]; nextCursor: number }> {
  const until = Date.now() + waitMs;
  for (let page = await readFeedPage(em, after, limit, types); ; page = await readFeedPage(em, after, limit, types)) {
    const left = until - Date.now();
    if (page.events.length || left <= 0 || closing?.aborted) return page;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, left);
      function wake(appendedTypes?: readonly string[]) {
        if (!types?.length || !appendedTypes || appendedTypes.some((t) => types.includes(t))) done();
      }
      function done() {
        clearTimeout(timer);
        appended.off('appended', wake);
        closing?.removeEventListener('abort', done);
        resolve();
      }
      appended.on('appended', wake);
      closing?.addEventListener('abort', done);
    });
    if (closing?.aborted) return { events: [], nextCursor: page.nextCursor };
  }
}
