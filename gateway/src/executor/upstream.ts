/**
 * Subscription streams from the subgraphs over a few shared graphql-ws connections per gateway
 * process and subgraph (not one per client subscription). The connection proves it is the
 * gateway (`x-portal-gateway`, signed at each connect); every subscribe message carries its own
 * viewer, signed, in `extensions["x-portal-viewer"]`, and the subgraph checks it per operation.
 *
 * Identical subscriptions of the same viewer (same document, variables and resume cursor) share
 * one upstream operation while that is exact: a live subscription (no cursor) can be joined at
 * any time, one that replays from a cursor only before its first event.
 *
 * A dropped connection fails every operation on it with a plain error, so each gateway
 * subscription resumes from its own last cursor (subscribe.ts); a GraphQL error from the subgraph
 * is final (`UpstreamRefused`) unless it says it is resumable. Each consumer buffers at most
 * `bufferLimit` events; past that its stream fails with `UpstreamLagging`.
 */
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { GATEWAY_CONNECTION_PARAM, signGatewayConnection, signViewerHeader, VIEWER_HEADER, type Viewer } from '@portal/platform/auth';
import { prom, registry } from '@portal/platform/metrics';
import type { SubgraphRequest, SubgraphResponse } from './execute.js';
import { RESUME_VAR, UpstreamLagging, UpstreamRefused } from './subscribe.js';

export interface UpstreamPoolOptions {
  hmacSecret: string;
  /** Connections per subgraph (operations go to the least busy). */
  connections: number;
  /** Events one consumer may have waiting before its stream fails with `UpstreamLagging`. */
  bufferLimit: number;
}

const metrics = {
  connections: new prom.Gauge({
    name: 'portal_gateway_upstream_connections',
    help: 'Open graphql-ws connections from this gateway to subgraphs (shared by all subscriptions)',
    labelNames: ['subgraph'] as const,
    registers: [registry],
  }),
  operations: new prom.Gauge({
    name: 'portal_gateway_upstream_operations',
    help: 'Subscription operations this gateway runs on subgraphs',
    labelNames: ['subgraph'] as const,
    registers: [registry],
  }),
  shared: new prom.Counter({
    name: 'portal_gateway_upstream_shared_total',
    help: 'Gateway subscriptions served by an identical upstream operation of the same viewer',
    labelNames: ['subgraph'] as const,
    registers: [registry],
  }),
};

interface Consumer {
  queue: SubgraphResponse[];
  failure?: unknown;
  done: boolean;
  lagging: boolean;
  wake?: () => void;
}

interface Slot {
  client: Client;
  operations: number;
  idleTimer?: NodeJS.Timeout;
}

const IDLE_CLOSE_MS = 5_000;

class SharedOperation {
  readonly consumers = new Set<Consumer>();
  delivered = 0;
  ended = false;
  dispose: () => void = () => {};
  constructor(
    private readonly bufferLimit: number,
    readonly onEnd: () => void,
  ) {}
  private each(fn: (c: Consumer) => void) {
    for (const c of this.consumers) {
      fn(c);
      const w = c.wake;
      c.wake = undefined;
      w?.();
    }
  }
  push(r: SubgraphResponse) {
    this.delivered++;
    this.each((c) => {
      if (c.lagging || c.done) return;
      if (c.queue.length >= this.bufferLimit) {
        c.lagging = true;
        c.queue = [];
      } else c.queue.push(r);
    });
  }
  end(failure?: unknown) {
    if (this.ended) return;
    this.ended = true;
    this.onEnd();
    this.each((c) => {
      if (failure !== undefined) c.failure = failure;
      c.done = true;
    });
  }
}

/** The subgraph's answer to a failed operation, as the subscription executor expects it. */
function upstreamFailure(serviceName: string, err: unknown): Error {
  if (Array.isArray(err)) {
    const errors = err as { message: string; extensions?: Record<string, unknown> }[];
    // The subgraph closed it but says where to resume (a slow consumer): a drop, not a refusal.
    if (errors.some((e) => e.extensions?.resumable === true))
      return new Error(`the ${serviceName} subgraph asked to resume: ${errors[0]?.message}`);
    return new UpstreamRefused(errors);
  }
  const code = (err as { code?: number }).code;
  if (code === 4403 || code === 4400)
    return new UpstreamRefused([
      { message: `the ${serviceName} subgraph refused the subscription (${code})`, extensions: { code: 'FORBIDDEN' } },
    ]);
  return err instanceof Error ? err : new Error(`connection to ${serviceName} closed (${code ?? 'unknown'})`);
}

export class UpstreamPool {
  private readonly slots = new Map<string, Slot[]>();
  private readonly shared = new Map<string, SharedOperation>();

  constructor(private readonly opts: UpstreamPoolOptions) {}

  private slotsFor(url: string, serviceName: string): Slot[] {
    let slots = this.slots.get(url);
    if (!slots) {
      slots = Array.from({ length: Math.max(1, this.opts.connections) }, () => ({
        client: this.connect(url, serviceName),
        operations: 0,
      }));
      this.slots.set(url, slots);
    }
    return slots;
  }

  private connect(url: string, serviceName: string): Client {
    let open = false;
    return createClient({
      url: url.replace(/^http/, 'ws'),
      webSocketImpl: WebSocket,
      // Connects with the first operation; `idle` below closes it a while after the last one.
      lazy: true,
      lazyCloseTimeout: IDLE_CLOSE_MS,
      retryAttempts: 0,
      keepAlive: 15_000,
      // Signed at each (re)connect: the signature is short-lived.
      connectionParams: () => ({ [GATEWAY_CONNECTION_PARAM]: signGatewayConnection(this.opts.hmacSecret) }),
      on: {
        connected: () => {
          open = true;
          metrics.connections.labels(serviceName).inc();
        },
        closed: () => {
          if (open) metrics.connections.labels(serviceName).dec();
          open = false;
        },
      },
    });
  }

  /** A connection without operations for a while is closed (and replaced by a fresh, unconnected one). */
  private idle(slot: Slot, url: string, serviceName: string): void {
    clearTimeout(slot.idleTimer);
    slot.idleTimer = setTimeout(() => {
      if (slot.operations > 0) return;
      const old = slot.client;
      slot.client = this.connect(url, serviceName);
      void old.dispose();
    }, IDLE_CLOSE_MS);
    slot.idleTimer.unref();
  }

  /** One subscription's stream of the owning subgraph, for one viewer. */
  open(
    url: string,
    serviceName: string,
    request: SubgraphRequest,
    caller: { viewer: Viewer; correlationId: string },
  ): AsyncIterableIterator<SubgraphResponse> {
    const { viewer } = caller;
    const variables = request.variables ?? {};
    const key = [
      url,
      viewer.accountId,
      viewer.userId,
      viewer.roles.join(','),
      request.operationName ?? '',
      request.query,
      JSON.stringify(variables),
    ].join('\u0000');
    let op = this.shared.get(key);
    const live = variables[RESUME_VAR] === null || variables[RESUME_VAR] === undefined;
    if (op && !op.ended && (live || op.delivered === 0)) metrics.shared.labels(serviceName).inc();
    else {
      const slot = this.slotsFor(url, serviceName).reduce((a, b) => (b.operations < a.operations ? b : a));
      const created: SharedOperation = new SharedOperation(this.opts.bufferLimit, () => {
        if (this.shared.get(key) === created) this.shared.delete(key);
        slot.operations--;
        metrics.operations.labels(serviceName).dec();
        if (!slot.operations) this.idle(slot, url, serviceName);
      });
      op = created;
      this.shared.set(key, op);
      slot.operations++;
      clearTimeout(slot.idleTimer);
      metrics.operations.labels(serviceName).inc();
      op.dispose = slot.client.subscribe<Record<string, unknown>>(
        {
          query: request.query,
          variables,
          ...(request.operationName ? { operationName: request.operationName } : {}),
          extensions: { [VIEWER_HEADER]: signViewerHeader(viewer, this.opts.hmacSecret), correlationId: caller.correlationId },
        },
        {
          next: (r) => created.push(r as SubgraphResponse),
          error: (err) => created.end(upstreamFailure(serviceName, err)),
          complete: () => created.end(),
        },
      );
    }
    return this.consume(op);
  }

  private consume(op: SharedOperation): AsyncIterableIterator<SubgraphResponse> {
    const me: Consumer = { queue: [], done: false, lagging: false };
    op.consumers.add(me);
    const leave = () => {
      if (!op.consumers.delete(me)) return;
      me.done = true;
      me.wake?.();
      if (!op.consumers.size && !op.ended) {
        op.dispose(); // sends `complete` upstream
        op.end();
      }
    };
    const bufferLimit = this.opts.bufferLimit;
    return {
      async next(): Promise<IteratorResult<SubgraphResponse>> {
        for (;;) {
          if (me.lagging) {
            leave();
            throw new UpstreamLagging(bufferLimit);
          }
          const r = me.queue.shift();
          if (r) return { done: false, value: r };
          if (me.done) {
            leave();
            if (me.failure !== undefined) throw me.failure;
            return { done: true, value: undefined };
          }
          await new Promise<void>((resolve) => (me.wake = resolve));
        }
      },
      async return(): Promise<IteratorResult<SubgraphResponse>> {
        leave();
        return { done: true, value: undefined };
      },
      [Symbol.asyncIterator]() {
        return this;
      },
    };
  }

  /** Operations in flight and open sockets, for tests. */
  stats(): { operations: number; sharedKeys: number } {
    let operations = 0;
    for (const slots of this.slots.values()) for (const s of slots) operations += s.operations;
    return { operations, sharedKeys: this.shared.size };
  }

  async close(): Promise<void> {
    for (const op of this.shared.values()) op.end(new Error('gateway closing'));
    for (const s of [...this.slots.values()].flat()) clearTimeout(s.idleTimer);
    await Promise.all([...this.slots.values()].flat().map((s) => s.client.dispose()));
    this.slots.clear();
  }
}
