/**
 * The outbox worker: publishes queued bus events in queue order and deletes each once the bus has
 * it. One replica publishes at a time, holding a short lease (a row in `sync_state`, renewed on
 * every run), so events of one key cannot overtake each other across replicas. No transaction is
 * held open while publishing (the Postgres bus may share the database, and embedded PGlite runs
 * one transaction at a time). A crash after publish and before delete publishes the event again,
 * which the bus (same event id) and consumers' inboxes turn into a no-op. A failed publish stops
 * the run (later events must not overtake it) and is retried on the next run.
 */
import { randomUUID } from 'node:crypto';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { EventBus } from '@portal/platform/bus';
import type { Logger } from '@portal/platform/logger';

interface OutboxRow {
  seq: string;
  event_id: string;
  topic: string;
  key: string;
  type: string;
  payload: Record<string, unknown>;
  correlation_id: string | null;
}

const LEASE = 'outbox:lease';
const LEASE_SECONDS = 30;
/** This process's lease holder id. */
const holder = `outbox-${randomUUID()}`;

/** Publish up to `batch` queued events if this process holds the lease; returns how many were published. */
export async function deliverOutbox(orm: MikroORM, bus: EventBus, logger: Logger, batch = 200): Promise<number> {
  const conn = orm.em.getConnection();
  const lease = await conn.execute<{ name: string }[]>(
    `insert into "invoices"."sync_state" (name, cursor, rows, started_at, completed_at) values (?, ?, 0, now(), null)
     on conflict (name) do update set cursor = excluded.cursor, started_at = now()
       where "sync_state".cursor = excluded.cursor or "sync_state".started_at < now() - make_interval(secs => ?)
     returning name`,
    [LEASE, holder, LEASE_SECONDS],
  );
  if (!lease.length) return 0; // another replica is publishing
  const rows = await conn.execute<OutboxRow[]>(
    `select seq, event_id, topic, key, type, payload, correlation_id from "invoices"."outbox" order by seq limit ?`,
    [batch],
  );
  let published = 0;
  for (const r of rows) {
    try {
      await bus.publish(r.topic, {
        key: r.key,
        type: r.type,
        payload: r.payload,
        id: r.event_id,
        ...(r.correlation_id ? { correlationId: r.correlation_id } : {}),
      });
    } catch (err) {
      logger.warn({ err: (err as Error).message, eventId: r.event_id }, 'outbox publish failed; will retry');
      await conn.execute(`update "invoices"."outbox" set attempts = attempts + 1, last_error = ? where seq = ?`, [
        (err as Error).message.slice(0, 1000),
        r.seq,
      ]);
      break;
    }
    await conn.execute(`delete from "invoices"."outbox" where seq = ?`, [r.seq]);
    published++;
  }
  return published;
}

export interface OutboxWorker {
  /** Run soon (coalesces with a run in progress). */
  kick(): void;
  stop(): Promise<void>;
}

/** Runs the outbox on every kick and every `intervalMs` (the safety net). */
export function startOutboxWorker(orm: MikroORM, bus: EventBus, logger: Logger, intervalMs: number): OutboxWorker {
  let running: Promise<void> | undefined;
  let again = false;
  let stopped = false;
  const run = (): void => {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = (async () => {
      try {
        // Drain: full batches mean more may be waiting.
        while (!stopped && (await deliverOutbox(orm, bus, logger)) === 200);
      } catch (err) {
        logger.error({ err }, 'outbox run failed');
      }
    })().finally(() => {
      running = undefined;
      if (again) {
        again = false;
        run();
      }
    });
  };
  const timer = setInterval(run, intervalMs);
  timer.unref();
  run();
  return {
    kick: run,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
