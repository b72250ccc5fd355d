/**
 * The platform event bus: the interface, both implementations, and `createEventBus`, which picks
 * one from configuration (`EVENT_BUS_URL=nats://…` → NATS JetStream, else Postgres).
 */
import type { Logger } from '../logger.js';
import { NatsEventBus } from './nats.js';
import { PostgresEventBus } from './postgres.js';
import type { EventBus, RetryOptions } from './types.js';

export * from './types.js';
export { NatsEventBus, natsConsumerName, type NatsEventBusOptions } from './nats.js';
export { PostgresEventBus, type PostgresEventBusOptions } from './postgres.js';

export interface CreateEventBusOptions extends RetryOptions {
  /** `EVENT_BUS_URL`: `nats://…` (comma-separated for a cluster) selects NATS; a `postgres://` URL or unset selects Postgres. */
  eventBusUrl?: string;
  /** The service database; the Postgres bus keeps its tables there (own schema) unless `eventBusUrl` names one. */
  databaseUrl?: string;
  logger?: Logger;
  /** Postgres: schema for the bus tables. Default `bus`. */
  schema?: string;
  /** Postgres: safety-net poll interval. */
  pollIntervalMs?: number;
  /** NATS: stream name. Default `PORTAL`. */
  stream?: string;
  /** NATS: subject prefix. Default `portal`. */
  subjectPrefix?: string;
  /** NATS: redelivery delay for unacked events. */
  ackWaitMs?: number;
}

export async function createEventBus(opts: CreateEventBusOptions): Promise<EventBus> {
  const retry: RetryOptions = { retryDelayMs: opts.retryDelayMs, maxRetryDelayMs: opts.maxRetryDelayMs };
  const busUrl = opts.eventBusUrl?.trim() || undefined;
  if (busUrl?.startsWith('nats://')) {
    return NatsEventBus.connect({
      ...retry,
      servers: busUrl,
      stream: opts.stream,
      subjectPrefix: opts.subjectPrefix,
      ackWaitMs: opts.ackWaitMs,
      logger: opts.logger,
    });
  }
  // A typo like `nat://` must not silently fall back to the single-process bus.
  if (busUrl && !/^postgres(ql)?:\/\//.test(busUrl)) {
    throw new Error(`EVENT_BUS_URL must start with nats:// (or postgres:// for the Postgres bus), got "${busUrl}"`);
  }
  const url = busUrl ?? opts.databaseUrl;
  if (!url) throw new Error('the Postgres event bus needs a database URL (or set EVENT_BUS_URL=nats://…)');
  return PostgresEventBus.open({
    ...retry,
    url,
    schema: opts.schema,
    pollIntervalMs: opts.pollIntervalMs,
    logger: opts.logger,
  });
}
