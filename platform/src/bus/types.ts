/**
 * The event bus contract every implementation (Postgres, NATS JetStream) satisfies, plus the
 * rules they share: name validation, retry backoff, and the scope a handler runs in. The
 * behaviour is pinned by the contract suite in @portal/testkit (`defineEventBusContract`).
 */
import { continueTrace } from '../trace.js';
import { currentScope, runInScope } from '../context.js';

export interface PublishInput<T> {
  /** Partition key (e.g. an order id). Order is kept per topic, hence per key. */
  key: string;
  /** Event type, e.g. `order.submitted`. */
  type: string;
  /** JSON-serialisable. */
  payload: T;
  /** Dedupe id: publishing the same id again stores/delivers nothing new. Default: random uuid. */
  id?: string;
  /** Default: the current request scope's correlation id, if any. */
  correlationId?: string;
}

export interface PublishResult {
  id: string;
  /** The event's cursor; for a duplicate, the cursor of the event stored first. */
  seq: number;
  duplicate: boolean;
}

export interface BusEvent<T = unknown> {
  id: string;
  topic: string;
  key: string;
  type: string;
  payload: T;
  /** ISO-8601, set by the publisher. */
  occurredAt: string;
  correlationId?: string;
  /** The cursor: monotonically increasing per topic (gaps allowed). Use with `{ afterSeq }`. */
  seq: number;
  /** This consumer was handed the event before and did not ack it (crash, close, or throw). */
  redelivered: boolean;
}

/**
 * Where a durable consumer starts. `from` positions the durable when it is created or when the
 * requested start differs from the one it was created with; subscribing again with the same
 * `from` (a restart) keeps its acked position. So a service can always subscribe with, say,
 * `'latest'` and still not miss events published while it was down.
 * - `'stored'` (default): keep whatever the durable has; a new durable starts at the beginning.
 * - `'beginning'`: every event of the topic.
 * - `'latest'`: only events published after the durable is created.
 * - `{ afterSeq: n }`: events with seq > n.
 */
export type StartFrom = 'stored' | 'beginning' | 'latest' | { afterSeq: number };

export interface SubscribeOptions {
  /** Consumer name, scoped to the topic: `[A-Za-z0-9_-]`, at most 64 characters. */
  durableName: string;
  from?: StartFrom;
}

/**
 * Resolve = ack. Throw = not acked: the same event comes again after a short backoff, and later
 * events of the topic wait for it (one event in flight per durable consumer).
 */
export type Handler<T> = (event: BusEvent<T>) => Promise<void>;

export interface Subscription {
  /**
   * Stops consuming. An in-flight handler that has not resolved is not acked (as in a crash):
   * the event is delivered again to the next subscriber of the durable. Does not wait for it.
   */
  close(): Promise<void>;
}

export interface EventBus {
  readonly kind: 'postgres' | 'nats';
  publish<T>(topic: string, input: PublishInput<T>): Promise<PublishResult>;
  /**
   * Publish in the order given (one round trip where the bus can); one result per input. A failure
   * part-way rejects with a `BatchPublishError` saying how many of the first inputs are on the bus.
   */
  publishMany?<T>(topic: string, inputs: readonly PublishInput<T>[]): Promise<PublishResult[]>;
  subscribe<T>(topic: string, opts: SubscribeOptions, handler: Handler<T>): Promise<Subscription>;
  /** Closes every subscription (in-flight events are not acked) and the connections. */
  close(): Promise<void>;
}

/** Dot-separated segments of `[a-z0-9_-]`; segments map onto NATS subject tokens. */
const TOPIC = /^[a-z0-9_-]+(\.[a-z0-9_-]+)*$/;
const DURABLE = /^[A-Za-z0-9_-]{1,64}$/;

export function assertTopic(topic: string): void {
  if (typeof topic !== 'string' || topic.length > 200 || !TOPIC.test(topic)) {
    throw new Error(
      `invalid event bus topic ${JSON.stringify(topic)}: use [a-z0-9_-] segments separated by single dots, at most 200 characters`,
    );
  }
}

export function assertDurableName(name: string): void {
  if (typeof name !== 'string' || !DURABLE.test(name)) {
    throw new Error(`invalid durable consumer name ${JSON.stringify(name)}: use [A-Za-z0-9_-], 1-64 characters`);
  }
}

/** Single-line strings: NATS carries them in headers, which cannot span lines. */
const LINE = /^[^\r\n]{1,200}$/;

export function assertPublishInput(input: PublishInput<unknown>): void {
  const check = (name: string, v: unknown, optional: boolean): void => {
    if (v === undefined && optional) return;
    if (typeof v !== 'string' || !LINE.test(v)) {
      throw new Error(`event bus publish: ${name} must be a single-line string of 1-200 characters`);
    }
  };
  if (!input || typeof input !== 'object') throw new Error('event bus publish: input is required');
  check('key', input.key, false);
  check('type', input.type, false);
  check('id', input.id, true);
  check('correlationId', input.correlationId, true);
}

/** Canonical form of a start position, also validating `afterSeq`. */
export function normalizeStart(from: StartFrom | undefined): 'stored' | 'beginning' | 'latest' | { afterSeq: number } {
  const f = from ?? 'stored';
  if (f === 'stored' || f === 'beginning' || f === 'latest') return f;
  if (typeof f === 'object' && f !== null && Number.isSafeInteger(f.afterSeq) && f.afterSeq >= 0) return { afterSeq: f.afterSeq };
  throw new Error(`invalid subscribe option from=${JSON.stringify(from)}: 'stored' | 'beginning' | 'latest' | { afterSeq: n >= 0 }`);
}

export function defaultCorrelationId(input: PublishInput<unknown>): string | undefined {
  return input.correlationId ?? currentScope()?.correlationId;
}

export interface RetryOptions {
  /** First retry delay after a handler throws; doubles per attempt. Default 200 ms. */
  retryDelayMs?: number;
  /** Upper bound of the retry delay. Default 30 s. */
  maxRetryDelayMs?: number;
}

/** Delay before delivery number `deliveries + 1`, after `deliveries` failed attempts. */
export function retryDelay(deliveries: number, opts: RetryOptions): number {
  const base = opts.retryDelayMs ?? 200;
  const max = opts.maxRetryDelayMs ?? 30_000;
  return Math.min(max, base * 2 ** Math.max(0, Math.min(deliveries - 1, 20)));
}

/** Handlers run in their own scope so their logs and outgoing calls carry the event's correlation id. */
export function runHandler<T>(handler: Handler<T>, event: BusEvent<T>): Promise<void> {
  const scope = { correlationId: event.correlationId ?? event.id, trace: continueTrace(undefined), sqlCount: 0 };
  // async wrapper: a handler that throws synchronously is a failed attempt like any other.
  return runInScope(scope, async () => handler(event));
}

/** A batch publish that failed part-way: the first `published` inputs are on the bus, the rest are not. */
export class BatchPublishError extends Error {
  constructor(
    readonly published: number,
    cause: unknown,
  ) {
    super(`event bus: batch publish failed after ${published} event(s): ${(cause as Error)?.message ?? String(cause)}`, { cause });
    this.name = 'BatchPublishError';
  }
}

/**
 * Publish in order with one call where the bus has a batch publish, else one publish after the
 * other (a failure part-way rejects with a `BatchPublishError` either way).
 */
export async function publishAll<T>(bus: EventBus, topic: string, inputs: readonly PublishInput<T>[]): Promise<PublishResult[]> {
  if (bus.publishMany) return bus.publishMany(topic, inputs);
  const results: PublishResult[] = [];
  for (const input of inputs) {
    try {
      results.push(await bus.publish(topic, input));
    } catch (err) {
      throw new BatchPublishError(results.length, err);
    }
  }
  return results;
}
