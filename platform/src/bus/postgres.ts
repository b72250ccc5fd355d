/**
 * Postgres-backed event bus for a single process: events in a table (the bigserial `seq` is the
 * cursor), one acked position per durable consumer, so both survive a restart. Subscribers wake
 * through an in-process emitter (same process, immediately), LISTEN/NOTIFY (other processes on a
 * real server) and a poll, which alone keeps delivery correct where NOTIFY never arrives (PGlite
 * behind pglite-socket). On PGlite the bus skips LISTEN and keeps to one connection: every
 * connection shares its single backend anyway.
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { statementName } from '../db/prepared.js';
import type { Logger } from '../logger.js';
import { metrics } from '../metrics.js';
import { PgSubscription, wakeups } from './postgres-consumer.js';
import {
  BatchPublishError,
  assertDurableName,
  assertPublishInput,
  assertTopic,
  defaultCorrelationId,
  normalizeStart,
  type EventBus,
  type Handler,
  type PublishInput,
  type PublishResult,
  type RetryOptions,
  type SubscribeOptions,
  type Subscription,
} from './types.js';

export interface PostgresEventBusOptions extends RetryOptions {
  url: string;
  /** Schema holding the bus tables; created if missing. Default `bus`. */
  schema?: string;
  /** Safety-net poll for subscribers when no wake-up arrives. Default 1000 ms. */
  pollIntervalMs?: number;
  logger?: Logger;
  /** Connections for publishing and consuming (plus one for LISTEN). Default 3, at most 5; 1 on PGlite. */
  poolMax?: number;
  /** LISTEN for other processes' publishes. Default true; without it the poll alone wakes them. */
  listen?: boolean;
}

const IDENT = /^[a-z_][a-z0-9_]{0,62}$/;
type Param = string | number | null | readonly string[];
type Queryable = pg.Pool | pg.PoolClient;

async function isPglite(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const res = await client.query<{ version: string }>('select version()');
    return /pglite/i.test(res.rows[0]?.version ?? '');
  } finally {
    await client.end();
  }
}

export class PostgresEventBus implements EventBus {
  readonly kind = 'postgres' as const;
  private closed = false;
  private listener: pg.Client | undefined;
  private listenRetry: NodeJS.Timeout | undefined;
  private readonly active = new Map<string, Subscription>();
  /** Table names, quoted. */
  readonly t: { events: string; consumers: string };
  readonly wakeKey: string;
  readonly channel: string;

  private constructor(
    private readonly pool: pg.Pool,
    readonly opts: PostgresEventBusOptions & { schema: string; pollIntervalMs: number },
  ) {
    this.t = { events: `"${opts.schema}".events`, consumers: `"${opts.schema}".consumers` };
    this.wakeKey = `${opts.url}|${opts.schema}`;
    this.channel = `${opts.schema}_events`;
  }

  static async open(options: PostgresEventBusOptions): Promise<PostgresEventBus> {
    const schema = options.schema ?? 'bus';
    if (!IDENT.test(schema)) throw new Error(`invalid event bus schema name "${schema}"`);
    const pglite = await isPglite(options.url);
    const poolMax = pglite ? 1 : Math.min(Math.max(options.poolMax ?? 3, 1), 5);
    const pool = new pg.Pool({ connectionString: options.url, max: poolMax, idleTimeoutMillis: 10_000 });
    // An idle client losing its connection must not crash the process; the next query reconnects.
    pool.on('error', (err) => options.logger?.warn({ err }, 'event bus: idle database connection failed'));
    const bus = new PostgresEventBus(pool, { ...options, schema, pollIntervalMs: options.pollIntervalMs ?? 1000 });
    try {
      await bus.migrate();
      // pglite-socket does not relay NOTIFY to other connections; there the poll does the work.
      if ((options.listen ?? true) && !pglite) await bus.startListener();
    } catch (err) {
      await pool.end().catch(() => undefined);
      throw err;
    }
    return bus;
  }

  /** Every bus statement goes through here. */
  query<R extends pg.QueryResultRow>(text: string, params: Param[] = [], db: Queryable = this.pool): Promise<pg.QueryResult<R>> {
    return db.query<R>(text, params);
  }

  /**
   * A statement every delivery sends (a consumer's read, claim and ack), as a named prepared
   * statement: parsed and planned once per connection instead of on every event.
   */
  prepared<R extends pg.QueryResultRow>(text: string, params: Param[]): Promise<pg.QueryResult<R>> {
    return this.pool.query<R>({ name: statementName(text), text, values: params });
  }

  private async migrate(): Promise<void> {
    const { schema } = this.opts;
    await this.tx(async (c) => {
      // `if not exists` still races when two processes start together; serialise the DDL.
      await this.query(`select pg_advisory_xact_lock(hashtext('portal.bus.ddl'))`, [], c);
      await this.query(`create schema if not exists "${schema}"`, [], c);
      await this.query(
        `create table if not exists ${this.t.events} (
        seq bigserial primary key,
        id text not null unique,
        topic text not null,
        key text not null,
        type text not null,
        payload jsonb not null,
        correlation_id text,
        occurred_at timestamptz not null
      )`,
        [],
        c,
      );
      await this.query(`create index if not exists events_topic_seq on ${this.t.events} (topic, seq)`, [], c);
      await this.query(
        `create table if not exists ${this.t.consumers} (
        topic text not null,
        durable_name text not null,
        position bigint not null default 0,
        start_from text not null,
        inflight_seq bigint,
        deliveries integer not null default 0,
        updated_at timestamptz not null default now(),
        primary key (topic, durable_name)
      )`,
        [],
        c,
      );
    });
  }

  private async startListener(): Promise<void> {
    if (this.closed) return;
    const client = new pg.Client({ connectionString: this.opts.url });
    client.on('notification', (n) => {
      if (n.channel === this.channel && n.payload) wakeups.emit(`${this.wakeKey}|${n.payload}`);
    });
    const lost = (err?: Error): void => {
      if (this.closed || this.listener !== client) return;
      this.listener = undefined;
      this.opts.logger?.warn({ err }, 'event bus: LISTEN connection lost; relying on polling until it is back');
      client.end().catch(() => undefined);
      this.scheduleListenerRetry();
    };
    client.on('error', lost);
    client.on('end', () => lost());
    try {
      await client.connect();
      await client.query(`listen "${this.channel}"`);
      if (this.closed) {
        await client.end();
        return;
      }
      this.listener = client;
    } catch (err) {
      await client.end().catch(() => undefined);
      this.opts.logger?.warn({ err }, 'event bus: LISTEN unavailable; relying on polling');
      this.scheduleListenerRetry();
    }
  }

  private scheduleListenerRetry(): void {
    if (this.closed || this.listenRetry) return;
    this.listenRetry = setTimeout(() => {
      this.listenRetry = undefined;
      void this.startListener();
    }, 5_000);
    this.listenRetry.unref();
  }

  private async tx<R>(fn: (c: pg.PoolClient) => Promise<R>): Promise<R> {
    const c = await this.pool.connect();
    let broken = false;
    try {
      await c.query('begin');
      const r = await fn(c);
      await c.query('commit');
      return r;
    } catch (err) {
      await c.query('rollback').catch(() => {
        broken = true;
      });
      throw err;
    } finally {
      c.release(broken);
    }
  }

  async publish<T>(topic: string, input: PublishInput<T>): Promise<PublishResult> {
    return (await this.publishMany(topic, [input]))[0]!;
  }

  /**
   * Every input in one round trip, all or none: one message of three statements, which the
   * database runs as one transaction — the topic's lock (within a topic, seq order must equal
   * commit order, or a consumer that already read a later seq would skip an earlier one committing
   * after it), the rows in the order given, the NOTIFY. Values travel as quoted literals (a message
   * of several statements takes no parameters). Ids already on the bus are duplicates: their first
   * seq is read after.
   */
  async publishMany<T>(topic: string, inputs: readonly PublishInput<T>[]): Promise<PublishResult[]> {
    assertTopic(topic);
    for (const input of inputs) assertPublishInput(input);
    this.assertOpen();
    if (!inputs.length) return [];
    const at = new Date().toISOString();
    const rows = inputs.map((input) => ({
      id: input.id ?? randomUUID(),
      key: input.key,
      type: input.type,
      payload: JSON.stringify(input.payload ?? null),
      correlationId: defaultCorrelationId(input) ?? null,
    }));
    const lit = (v: string | null) => (v === null ? 'null' : pg.escapeLiteral(v));
    const values = rows
      .map(
        (r) =>
          `(${lit(r.id)}, ${lit(topic)}, ${lit(r.key)}, ${lit(r.type)}, ${lit(r.payload)}::jsonb, ${lit(r.correlationId)}, ${lit(at)}::timestamptz)`,
      )
      .join(',\n');
    let answers: pg.QueryResult<{ id: string; seq: string }>[];
    try {
      answers = (await this.query(
        `select pg_advisory_xact_lock(hashtext(${lit(`${this.opts.schema}:${topic}`)}));
         insert into ${this.t.events} (id, topic, key, type, payload, correlation_id, occurred_at) values ${values}
           on conflict (id) do nothing returning id, seq;
         select pg_notify(${lit(this.channel)}, ${lit(topic)})`,
      )) as unknown as pg.QueryResult<{ id: string; seq: string }>[];
    } catch (err) {
      if (inputs.length === 1) throw err;
      throw new BatchPublishError(0, err);
    }
    const stored = new Map(answers[1]!.rows.map((r) => [r.id, Number(r.seq)]));
    const missing = rows.filter((r) => !stored.has(r.id)).map((r) => r.id);
    const first = new Map<string, number>();
    if (missing.length) {
      const existing = await this.query<{ id: string; seq: string }>(`select id, seq from ${this.t.events} where id = any($1::text[])`, [
        missing,
      ]);
      for (const r of existing.rows) first.set(r.id, Number(r.seq));
    }
    const results = rows.map((r): PublishResult => {
      const seq = stored.get(r.id);
      if (seq !== undefined) return { id: r.id, seq, duplicate: false };
      const earlier = first.get(r.id);
      if (earlier === undefined) throw new Error(`event bus: event ${r.id} conflicted but is not visible`);
      return { id: r.id, seq: earlier, duplicate: true };
    });
    if (stored.size) {
      metrics.busPublished.labels(topic).inc(stored.size);
      wakeups.emit(`${this.wakeKey}|${topic}`);
    }
    return results;
  }

  async subscribe<T>(topic: string, opts: SubscribeOptions, handler: Handler<T>): Promise<Subscription> {
    assertTopic(topic);
    assertDurableName(opts.durableName);
    const start = normalizeStart(opts.from);
    this.assertOpen();
    const activeKey = `${topic}\u0000${opts.durableName}`;
    // Two loops on one durable would deliver every event twice; one process owns a durable.
    if (this.active.has(activeKey)) {
      throw new Error(`event bus: durable consumer "${opts.durableName}" on topic "${topic}" is already subscribed`);
    }
    const sub = new PgSubscription<T>(this, topic, opts.durableName, handler, () => {
      if (this.active.get(activeKey) === sub) this.active.delete(activeKey);
    });
    this.active.set(activeKey, sub);
    try {
      const position = await this.positionConsumer(topic, opts.durableName, start);
      sub.start(position);
    } catch (err) {
      await sub.close();
      throw err;
    }
    return sub;
  }

  /** Creates the durable or moves it when `from` changed; returns its acked position. */
  private async positionConsumer(topic: string, durable: string, start: ReturnType<typeof normalizeStart>): Promise<number> {
    const c = this.t.consumers;
    if (start === 'stored') {
      await this.query(
        `insert into ${c} (topic, durable_name, position, start_from) values ($1, $2, 0, 'beginning')
         on conflict do nothing`,
        [topic, durable],
      );
    } else {
      const spec = typeof start === 'object' ? `after:${start.afterSeq}` : start;
      const position =
        start === 'latest'
          ? `(select coalesce(max(seq), 0) from ${this.t.events} where topic = $1)`
          : String(typeof start === 'object' ? start.afterSeq : 0);
      const moved = await this.query(
        `insert into ${c} (topic, durable_name, position, start_from) values ($1, $2, ${position}, $3)
         on conflict (topic, durable_name) do update
           set position = excluded.position, start_from = excluded.start_from,
               inflight_seq = null, deliveries = 0, updated_at = now()
           where ${c}.start_from <> excluded.start_from
         returning position`,
        [topic, durable, spec],
      );
      if (moved.rowCount) this.opts.logger?.info({ topic, durable, from: spec }, 'event bus: durable consumer positioned');
    }
    const row = await this.query<{ position: string }>(`select position from ${c} where topic = $1 and durable_name = $2`, [
      topic,
      durable,
    ]);
    return Number(row.rows[0]?.position ?? 0);
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('event bus is closed');
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.listenRetry) clearTimeout(this.listenRetry);
    await Promise.all([...this.active.values()].map((s) => s.close()));
    const listener = this.listener;
    this.listener = undefined;
    await listener?.end().catch(() => undefined);
    await this.pool.end();
  }
}
