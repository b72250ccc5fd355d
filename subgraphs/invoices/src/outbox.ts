/**
 * The outbox worker: publishes queued bus events in queue order and deletes each once the bus has
 * it. Rows are locked while they are published (`for update skip locked`), so replicas do not
 * publish the same row twice at once; a crash after publish and before delete publishes it again,
 * which the bus (same event id) and consumers' inboxes turn into a no-op. A failed publish stops
 * the run (later events must not overtake it) and is retried on the next run.
 */
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

/** Publish up to `batch` queued events; returns how many were published. */
export async function deliverOutbox(orm: MikroORM, bus: EventBus, logger: Logger, batch = 200): Promise<number> {
  return orm.em.fork().transactional(async (tx) => {
    const conn = tx.getConnection();
    const ctx = tx.getTransactionContext();
    const rows = await conn.execute<OutboxRow[]>(
      `select seq, event_id, topic, key, type, payload, correlation_id from "invoices"."outbox" order by seq limit ? for update skip locked`,
      [batch],
      'all',
      ctx,
    );
    const published: string[] = [];
    for (const r of rows) {
      try {
        await bus.publish(r.topic, {
          key: r.key,
          type: r.type,
          payload: r.payload,
          id: r.event_id,
          ...(r.correlation_id ? { correlationId: r.correlation_id } : {}),
        });
        published.push(r.seq);
      } catch (err) {
        logger.warn({ err: (err as Error).message, eventId: r.event_id }, 'outbox publish failed; will retry');
        await conn.execute(
          `update "invoices"."outbox" set attempts = attempts + 1, last_error = ? where seq = ?`,
          [(err as Error).message.slice(0, 1000), r.seq],
          'run',
          ctx,
        );
        break;
      }
    }
    if (published.length)
      await conn.execute(`delete from "invoices"."outbox" where seq in (${published.map(() => '?').join(',')})`, published, 'run', ctx);
    return published.length;
  });
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
