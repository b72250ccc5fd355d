/**
 * NATS JetStream event bus, for many processes and replicas. One stream holds every topic
 * (`<prefix>.<topic>` subjects); the stream sequence is the cursor. Dedupe uses JetStream's
 * `Nats-Msg-Id` (within the stream's duplicate window). Each durable is a pull consumer filtered
 * to its topic with `max_ack_pending: 1`, so one event is in flight per durable and order holds
 * even with several replicas sharing the durable.
 */
import { createHash, randomUUID } from 'node:crypto';
import {
  AckPolicy,
  DeliverPolicy,
  NatsError,
  RetentionPolicy,
  StorageType,
  connect,
  headers,
  nanos,
  type Consumer,
  type ConsumerConfig,
  type ConsumerMessages,
  type JetStreamClient,
  type JetStreamManager,
  type JsMsg,
  type NatsConnection,
} from 'nats';
import type { Logger } from '../logger.js';
import { metrics } from '../metrics.js';
import {
  assertDurableName,
  assertPublishInput,
  assertTopic,
  defaultCorrelationId,
  normalizeStart,
  retryDelay,
  runHandler,
  type BusEvent,
  type EventBus,
  type Handler,
  type PublishInput,
  type PublishResult,
  type RetryOptions,
  type SubscribeOptions,
  type Subscription,
} from './types.js';

export interface NatsEventBusOptions extends RetryOptions {
  /** `nats://host:port`, several comma-separated, or a list. */
  servers: string | string[];
  /** Stream holding all topics; created if missing. Default `PORTAL`. */
  stream?: string;
  /** Subject prefix: topic `t` is subject `<prefix>.t`. Default `portal`. */
  subjectPrefix?: string;
  /** Unacked events are redelivered after this long (a crashed consumer). Default 30 s. */
  ackWaitMs?: number;
  /** Window in which a repeated event id is recognised as a duplicate (new streams). Default 2 min. */
  duplicateWindowMs?: number;
  logger?: Logger;
  /** Connection name shown by the server. */
  name?: string;
}

const H_KEY = 'Portal-Key';
const H_TYPE = 'Portal-Type';
const H_OCCURRED_AT = 'Portal-Occurred-At';
const H_CORRELATION_ID = 'Portal-Correlation-Id';
const H_MSG_ID = 'Nats-Msg-Id';

const STREAM_NAME = /^[A-Za-z0-9_-]{1,64}$/;
const encoder = new TextEncoder();
const decoder = new TextDecoder();

function isNotFound(err: unknown): boolean {
  return err instanceof NatsError && err.jsError()?.code === 404;
}

/**
 * Durable names are per topic, but JetStream consumer names are per stream (which holds all
 * topics): qualify the name with the topic, readable part plus a hash against collisions.
 */
export function natsConsumerName(durable: string, topic: string): string {
  const hash = createHash('sha256').update(`${durable}\u0000${topic}`).digest('hex').slice(0, 10);
  return `${durable}__${topic.replaceAll('.', '_').slice(0, 64)}__${hash}`;
}

export class NatsEventBus implements EventBus {
  readonly kind = 'nats' as const;
  private closed = false;
  private readonly active = new Set<Subscription>();
  readonly stream: string;
  readonly prefix: string;
  readonly ackWaitMs: number;

  private constructor(
    readonly nc: NatsConnection,
    private readonly jsm: JetStreamManager,
    private readonly js: JetStreamClient,
    readonly opts: NatsEventBusOptions,
  ) {
    this.stream = opts.stream ?? 'PORTAL';
    this.prefix = opts.subjectPrefix ?? 'portal';
    this.ackWaitMs = opts.ackWaitMs ?? 30_000;
  }

  static async connect(options: NatsEventBusOptions): Promise<NatsEventBus> {
    const stream = options.stream ?? 'PORTAL';
    const prefix = options.subjectPrefix ?? 'portal';
    if (!STREAM_NAME.test(stream)) throw new Error(`invalid NATS stream name "${stream}": use [A-Za-z0-9_-]`);
    assertTopic(prefix);
    const servers = (Array.isArray(options.servers) ? options.servers : options.servers.split(',')).map((s) => s.trim()).filter(Boolean);
    const nc = await connect({ servers, name: options.name ?? 'portal-event-bus', maxReconnectAttempts: -1 });
    try {
      const jsm = await nc.jetstreamManager();
      await NatsEventBus.ensureStream(jsm, stream, prefix, options);
      const bus = new NatsEventBus(nc, jsm, nc.jetstream(), options);
      void nc.closed().then((err) => {
        if (err && !bus.closed) options.logger?.error({ err }, 'event bus: NATS connection closed');
      });
      return bus;
    } catch (err) {
      await nc.close();
      throw err;
    }
  }

  private static async ensureStream(jsm: JetStreamManager, stream: string, prefix: string, options: NatsEventBusOptions): Promise<void> {
    const subject = `${prefix}.>`;
    try {
      const info = await jsm.streams.info(stream);
      if (!info.config.subjects?.includes(subject)) {
        await jsm.streams.update(stream, { subjects: [...(info.config.subjects ?? []), subject] });
        options.logger?.info({ stream, subject }, 'event bus: added subjects to stream');
      }
    } catch (err) {
      if (!isNotFound(err)) throw err;
      // Adding an identical stream is idempotent, so replicas starting together do not clash.
      await jsm.streams.add({
        name: stream,
        subjects: [subject],
        storage: StorageType.File,
        retention: RetentionPolicy.Limits,
        duplicate_window: nanos(options.duplicateWindowMs ?? 120_000),
      });
      options.logger?.info({ stream, subject }, 'event bus: created stream');
    }
  }

  subject(topic: string): string {
    return `${this.prefix}.${topic}`;
  }

  async publish<T>(topic: string, input: PublishInput<T>): Promise<PublishResult> {
    assertTopic(topic);
    assertPublishInput(input);
    const correlationId = defaultCorrelationId(input);
    this.assertOpen();
    const id = input.id ?? randomUUID();
    const h = headers();
    h.set(H_KEY, input.key);
    h.set(H_TYPE, input.type);
    h.set(H_OCCURRED_AT, new Date().toISOString());
    if (correlationId) h.set(H_CORRELATION_ID, correlationId);
    const ack = await this.js.publish(this.subject(topic), encoder.encode(JSON.stringify(input.payload ?? null)), {
      msgID: id,
      headers: h,
      expect: { streamName: this.stream },
    });
    if (!ack.duplicate) metrics.busPublished.labels(topic).inc();
    // For a duplicate JetStream reports the sequence of the message stored first.
    return { id, seq: ack.seq, duplicate: ack.duplicate };
  }

  async subscribe<T>(topic: string, opts: SubscribeOptions, handler: Handler<T>): Promise<Subscription> {
    assertTopic(topic);
    assertDurableName(opts.durableName);
    const start = normalizeStart(opts.from);
    this.assertOpen();
    const name = natsConsumerName(opts.durableName, topic);
    await this.ensureConsumer(name, topic, opts.durableName, start);
    const consumer = await this.js.consumers.get(this.stream, name);
    const sub = new NatsSubscription<T>(this, consumer, topic, opts.durableName, handler, () => this.active.delete(sub));
    this.active.add(sub);
    sub.start();
    return sub;
  }

  private async ensureConsumer(name: string, topic: string, durable: string, start: ReturnType<typeof normalizeStart>): Promise<void> {
    const wanted: Partial<ConsumerConfig> & Pick<ConsumerConfig, 'ack_policy'> = {
      durable_name: name,
      description: `${durable} on ${topic}`,
      filter_subject: this.subject(topic),
      ack_policy: AckPolicy.Explicit,
      ack_wait: nanos(this.ackWaitMs),
      max_ack_pending: 1,
      max_deliver: -1,
      ...(start === 'latest'
        ? { deliver_policy: DeliverPolicy.New }
        : typeof start === 'object'
          ? { deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: start.afterSeq + 1 }
          : { deliver_policy: DeliverPolicy.All }),
    };
    let existing;
    try {
      existing = await this.jsm.consumers.info(this.stream, name);
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
    if (existing && start !== 'stored') {
      const c = existing.config;
      const same =
        c.deliver_policy === wanted.deliver_policy &&
        (wanted.deliver_policy !== DeliverPolicy.StartSequence || c.opt_start_seq === wanted.opt_start_seq);
      if (!same) {
        // JetStream cannot move a consumer's start; a new start means a new consumer.
        await this.jsm.consumers.delete(this.stream, name);
        existing = undefined;
        this.opts.logger?.info({ topic, durable, from: start }, 'event bus: durable consumer repositioned');
      }
    }
    if (!existing) {
      await this.jsm.consumers.add(this.stream, wanted);
    } else if (existing.config.ack_wait !== wanted.ack_wait || existing.config.max_ack_pending !== 1) {
      await this.jsm.consumers.update(this.stream, name, { ack_wait: wanted.ack_wait, max_ack_pending: 1 });
    }
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('event bus is closed');
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([...this.active].map((s) => s.close()));
    // Drain flushes the acks and naks still buffered in the client.
    if (!this.nc.isClosed()) await this.nc.drain();
  }
}

class NatsSubscription<T> implements Subscription {
  private closed = false;
  private inHandler = false;
  private inflight: JsMsg | undefined;
  private messages: ConsumerMessages | undefined;
  private loop: Promise<void> = Promise.resolve();
  private wakeRetry: (() => void) | undefined;

  constructor(
    private readonly bus: NatsEventBus,
    private readonly consumer: Consumer,
    private readonly topic: string,
    private readonly durable: string,
    private readonly handler: Handler<T>,
    private readonly onClosed: () => void,
  ) {}

  start(): void {
    this.loop = this.run();
  }

  private get log(): Logger | undefined {
    return this.bus.opts.logger?.child({ topic: this.topic, durable: this.durable });
  }

  private async run(): Promise<void> {
    while (!this.closed) {
      try {
        // One message per pull; the server holds the next one back until this one is acked.
        const messages = await this.consumer.consume({ max_messages: 1 });
        this.messages = messages;
        if (this.closed) {
          messages.stop();
          break;
        }
        for await (const m of messages) {
          if (this.closed) {
            m.nak();
            break;
          }
          await this.handle(m);
          if (this.closed) break;
        }
      } catch (err) {
        if (this.closed) break;
        this.log?.error({ err }, 'event bus: consuming failed; retrying');
      }
      if (this.closed) break;
      // The iterator ended without close (consumer deleted, connection trouble): back off, retry.
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 1_000);
        this.wakeRetry = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  }

  private decode(m: JsMsg): BusEvent<T> {
    const h = m.headers;
    const correlationId = h?.get(H_CORRELATION_ID);
    return {
      id: h?.get(H_MSG_ID) || `${this.bus.stream}:${m.seq}`,
      topic: this.topic,
      key: h?.get(H_KEY) ?? '',
      type: h?.get(H_TYPE) ?? '',
      payload: JSON.parse(decoder.decode(m.data)) as T,
      occurredAt: h?.get(H_OCCURRED_AT) || new Date(Math.floor(m.info.timestampNanos / 1e6)).toISOString(),
      ...(correlationId ? { correlationId } : {}),
      seq: m.seq,
      redelivered: m.info.redelivered,
    };
  }

  private async handle(m: JsMsg): Promise<void> {
    let event: BusEvent<T>;
    try {
      event = this.decode(m);
    } catch (err) {
      // Not something publish() wrote; it can never be delivered, and would block the durable.
      this.log?.error({ err, seq: m.seq }, 'event bus: undecodable message terminated');
      m.term();
      return;
    }
    this.inflight = m;
    this.inHandler = true;
    // Tell the server we are still working so a slow handler is not redelivered behind its back.
    const heartbeat = setInterval(() => m.working(), Math.max(100, Math.floor(this.bus.ackWaitMs / 2)));
    let failure: unknown;
    let failed = false;
    try {
      await runHandler(this.handler, event);
    } catch (err) {
      failed = true;
      failure = err;
    } finally {
      clearInterval(heartbeat);
      this.inHandler = false;
    }
    // close() already handed the message back.
    if (this.inflight !== m) return;
    this.inflight = undefined;
    if (failed) {
      const delay = retryDelay(m.info.deliveryCount, this.bus.opts);
      this.log?.warn(
        { err: failure, seq: m.seq, eventId: event.id, deliveries: m.info.deliveryCount, retryInMs: delay },
        'event bus: handler failed; will redeliver',
      );
      m.nak(delay);
      return;
    }
    try {
      await m.ackAck();
      metrics.busDelivered.labels(this.topic, this.durable).inc();
    } catch (err) {
      this.log?.warn({ err, seq: m.seq }, 'event bus: ack not confirmed; the event may be redelivered');
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.onClosed();
    // Hand an unfinished event back now rather than after ack_wait, as a crash would eventually.
    const m = this.inflight;
    this.inflight = undefined;
    m?.nak();
    this.wakeRetry?.();
    // stop(), not close(): close() resolves only once our loop pulls from the iterator again,
    // which never happens while a handler hangs.
    this.messages?.stop();
    // A handler may never settle; waiting for it would hang the caller.
    if (!this.inHandler) await this.loop;
  }
}
