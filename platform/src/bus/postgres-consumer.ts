/**
 * One durable consumer of the Postgres event bus (postgres.ts): reads its topic after its acked
 * position in batches, claims each event before its handler runs (so a delivery cut short by a
 * crash is known as a redelivery), acks after the handler, retries a failing handler with backoff,
 * and sleeps until a publish wakes it or the safety-net poll comes round. Within a batch an event's
 * ack and the next event's claim are one statement: a crash right after it redelivers that next
 * event marked as a redelivery although its handler had not started, which at-least-once allows.
 */
import { EventEmitter } from 'node:events';
import type pg from 'pg';
import type { Logger } from '../logger.js';
import { metrics } from '../metrics.js';
import { retryDelay, runHandler, type BusEvent, type Handler, type RetryOptions, type Subscription } from './types.js';

const FETCH_BATCH = 100;

/**
 * Process-wide, so several bus instances on one database (the one-process launcher runs every
 * service, each with its own bus) wake each other without waiting for NOTIFY or the poll.
 */
export const wakeups = new EventEmitter();
wakeups.setMaxListeners(0);

interface EventRow {
  seq: string;
  id: string;
  key: string;
  type: string;
  payload: string;
  correlation_id: string | null;
  occurred_at: Date | string;
}

/** What a consumer needs of its bus. */
export interface ConsumerHost {
  /** Table names, quoted. */
  readonly t: { events: string; consumers: string };
  readonly wakeKey: string;
  readonly opts: RetryOptions & { pollIntervalMs: number; logger?: Logger };
  query<R extends pg.QueryResultRow>(text: string, params?: (string | number | null)[]): Promise<pg.QueryResult<R>>;
  /** The same, as a named prepared statement (for the statements every delivery sends). */
  prepared<R extends pg.QueryResultRow>(text: string, params: (string | number | null)[]): Promise<pg.QueryResult<R>>;
}

export class PgSubscription<T> implements Subscription {
  private closed = false;
  private inHandler = false;
  private woken = false;
  private wakeWaiter: (() => void) | undefined;
  private loop: Promise<void> = Promise.resolve();
  private readonly wakeEvent: string;
  private readonly onWake = (): void => {
    this.woken = true;
    this.wakeWaiter?.();
  };

  constructor(
    private readonly bus: ConsumerHost,
    private readonly topic: string,
    private readonly durable: string,
    private readonly handler: Handler<T>,
    private readonly onClosed: () => void,
  ) {
    this.wakeEvent = `${bus.wakeKey}|${topic}`;
  }

  start(position: number): void {
    if (this.closed) return;
    wakeups.on(this.wakeEvent, this.onWake);
    this.loop = this.run(position);
  }

  /** Resolves after `ms`, on close, or (if `wakeable`) when an event is published. */
  private sleep(ms: number, wakeable: boolean): Promise<void> {
    if (this.closed || (wakeable && this.woken)) return Promise.resolve();
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.wakeWaiter = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wakeWaiter = wakeable ? done : () => (this.closed ? done() : undefined);
    });
  }

  private async run(startPosition: number): Promise<void> {
    const { t, opts } = this.bus;
    const log = opts.logger?.child({ topic: this.topic, durable: this.durable });
    const delivered = metrics.busDelivered.labels(this.topic, this.durable);
    let position = startPosition;
    let buffer: EventRow[] = [];
    /** The next event's claim, made with the last one's ack. */
    let claimed: { seq: number; deliveries: number } | undefined;
    while (!this.closed) {
      try {
        if (buffer.length === 0) {
          // Reset before reading: a publish landing after this read sets it again.
          this.woken = false;
          const res = await this.bus.prepared<EventRow>(
            `select seq, id, key, type, payload::text as payload, correlation_id, occurred_at from ${t.events}
             where topic = $1 and seq > $2 order by seq limit ${FETCH_BATCH}`,
            [this.topic, position],
          );
          buffer = res.rows;
          if (buffer.length === 0) {
            await this.sleep(opts.pollIntervalMs, true);
            continue;
          }
        }
        if (this.closed) break;
        const row = buffer[0]!;
        const seq = Number(row.seq);
        // Recorded before the handler runs, so a delivery cut short by a crash is known as one.
        const deliveries = claimed?.seq === seq ? claimed.deliveries : await this.claim(seq);
        claimed = undefined;
        if (this.closed) break;
        const event: BusEvent<T> = {
          id: row.id,
          topic: this.topic,
          key: row.key,
          type: row.type,
          payload: JSON.parse(row.payload) as T,
          occurredAt: new Date(row.occurred_at).toISOString(),
          ...(row.correlation_id ? { correlationId: row.correlation_id } : {}),
          seq,
          redelivered: deliveries > 1,
        };
        this.inHandler = true;
        let failed = false;
        try {
          await runHandler(this.handler, event);
        } catch (err) {
          failed = true;
          if (!this.closed) {
            const delay = retryDelay(deliveries, opts);
            log?.warn({ err, seq, eventId: row.id, deliveries, retryInMs: delay }, 'event bus: handler failed; will redeliver');
            this.inHandler = false;
            await this.sleep(delay, false);
          }
        } finally {
          this.inHandler = false;
        }
        // Closed while the handler ran: treat it as a crash, the event stays unacked.
        if (this.closed || failed) continue;
        const next = buffer[1] ? Number(buffer[1].seq) : undefined;
        if (next === undefined)
          await this.bus.prepared(
            `update ${t.consumers} set position = $3, inflight_seq = null, deliveries = 0, updated_at = now()
             where topic = $1 and durable_name = $2 and position < $3`,
            [this.topic, this.durable, seq],
          );
        else {
          // The ack and the next event's claim in one statement (the same row): one round trip per event.
          claimed = { seq: next, deliveries: await this.claim(next, seq) };
        }
        position = seq;
        buffer.shift();
        delivered.inc();
      } catch (err) {
        // Database trouble: keep the position, deliver the head event again once it is back.
        if (this.closed) break;
        log?.error({ err }, 'event bus: consumer query failed; retrying');
        await this.sleep(1_000, false);
      }
    }
  }

  /**
   * Record the delivery of `seq` as in flight (with the ack of `acked`, the event before it, if
   * given); answers how many times it has been delivered, this one included.
   */
  private async claim(seq: number, acked?: number): Promise<number> {
    const { t } = this.bus;
    const res = await this.bus.prepared<{ deliveries: number }>(
      `update ${t.consumers}
       set ${acked === undefined ? '' : 'position = greatest(position, $4), '}inflight_seq = $3,
         deliveries = case when inflight_seq = $3 then deliveries + 1 else 1 end, updated_at = now()
       where topic = $1 and durable_name = $2
       returning deliveries`,
      [this.topic, this.durable, seq, ...(acked === undefined ? [] : [acked])],
    );
    return res.rows[0]?.deliveries ?? 1;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    wakeups.off(this.wakeEvent, this.onWake);
    this.onClosed();
    this.wakeWaiter?.();
    // A handler may never settle; waiting for it would hang the caller. Its event stays unacked.
    if (!this.inHandler) await this.loop;
  }
}
