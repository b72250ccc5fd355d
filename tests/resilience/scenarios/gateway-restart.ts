/**
 * Resilience scenario: the gateway process restarted while subscription clients listen. The
 * clients reconnect with the last cursor they received and must get every event exactly once, in order.
 */
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import type { RunningGateway } from '@portal/gateway';
import { waitFor } from '@portal/testkit';
import { gql } from '../../support/graphql.js';
import type { TestStack } from '../../support/stack.js';
import { placeOrder, pool, sleep, table, type Log } from './shared.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));

/** Raise and withdraw a price dispute on an order line: two portal-made timeline events. */
export async function disputeAndWithdraw(stack: TestStack, order: { id: string; lineId: string }, reason: string): Promise<void> {
  const token = stack.token('ACME', 'buyer');
  const raised = await gql(
    stack.gatewayUrl,
    `mutation($o: ID!, $l: ID!, $r: String!) { disputeOrderPrice(orderId: $o, lineId: $l, reason: $r) { __typename ... on OrderExceptionRaised { exception { id } } } }`,
    { token, variables: { o: order.id, l: order.lineId, r: reason } },
  );
  const exceptionId = raised.body.data?.disputeOrderPrice?.exception?.id as string | undefined;
  if (!exceptionId) throw new Error(`dispute: ${JSON.stringify(raised.body)}`);
  const withdrawn = await gql(
    stack.gatewayUrl,
    `mutation($o: ID!, $e: ID!) { resolveOrderException(orderId: $o, exceptionId: $e, action: WITHDRAW) { __typename } }`,
    { token, variables: { o: order.id, e: exceptionId } },
  );
  if (withdrawn.body.data?.resolveOrderException?.__typename !== 'OrderExceptionResolved')
    throw new Error(`withdraw: ${JSON.stringify(withdrawn.body)}`);
}

/** An event's position in the order events were stored (its cursor's sequence). */
const appendedAt = (e: { cursor: string }) => Number(Buffer.from(e.cursor, 'base64url').toString().slice(3));

async function timelineOf(stack: TestStack, orderId: string): Promise<{ id: string; cursor: string; type: string }[]> {
  const r = await gql(stack.gatewayUrl, `query($id: ID!) { order(id: $id) { timeline { id cursor type } } }`, {
    token: stack.token('ACME', 'buyer'),
    variables: { id: orderId },
  });
  return r.body.data.order.timeline;
}

/** A gateway in a child process (../gateway-process.ts). */
class GatewayProcess {
  readonly ready: Promise<{ url: string; port: number }>;
  readonly proc: ChildProcess;
  constructor(subgraphUrls: Record<string, string>, port: number) {
    this.proc = fork(path.join(HERE, '..', 'gateway-process.ts'), [], {
      execArgv: ['--import', 'tsx'],
      env: {
        ...process.env,
        LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
        PORT: String(port),
        SHUTDOWN_TIMEOUT_MS: '1000',
        RESILIENCE_SUBGRAPH_URLS: JSON.stringify(subgraphUrls),
      },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    this.ready = new Promise((resolve, reject) => {
      this.proc.once('exit', (code, signal) => reject(new Error(`gateway process exited (${code ?? signal}) before it was ready`)));
      this.proc.on('message', (m: { type: string; url: string; port: number }) => m.type === 'ready' && resolve(m));
    });
  }
  /** Kill it like a crash (no graceful shutdown): sockets drop, nothing is said to clients. */
  async kill(): Promise<void> {
    if (this.proc.exitCode !== null || this.proc.signalCode) return;
    const exited = new Promise((r) => this.proc.once('exit', r));
    this.proc.kill('SIGKILL');
    await exited;
  }
}

/**
 * A subscription client that keeps the documented contract: when its socket drops it reconnects
 * (with backoff) and passes the last `cursor` it received as `after`.
 */
class ResumingSubscriber {
  readonly received: { id: string; type: string; cursor: string }[] = [];
  connections = 0;
  private dispose: (() => void) | null = null;
  private stopped = false;
  constructor(
    private readonly url: string,
    private readonly token: string,
    readonly orderId: string,
    private lastCursor: string,
  ) {}

  start(): void {
    if (this.stopped) return;
    this.connections++;
    const client = createClient({
      url: this.url.replace(/^http/, 'ws'),
      webSocketImpl: WebSocket,
      connectionParams: { Authorization: `Bearer ${this.token}` },
      retryAttempts: 0,
      lazy: true,
    });
    let ended = false;
    const again = () => {
      if (ended) return;
      ended = true;
      void client.dispose();
      if (!this.stopped) setTimeout(() => this.start(), 200 + Math.random() * 300);
    };
    const unsubscribe = client.subscribe<{ orderUpdated: { cursor: string; event: { id: string; type: string } } }>(
      {
        query: `subscription($id: ID!, $after: String) { orderUpdated(orderId: $id, after: $after) { cursor event { id type } order { id status } } }`,
        variables: { id: this.orderId, after: this.lastCursor },
      },
      {
        next: (r) => {
          const u = r.data?.orderUpdated;
          if (!u) return;
          this.received.push({ id: u.event.id, type: u.event.type, cursor: u.cursor });
          this.lastCursor = u.cursor;
        },
        error: again,
        complete: again,
      },
    );
    this.dispose = () => {
      ended = true;
      unsubscribe();
      void client.dispose();
    };
  }

  stop(): void {
    this.stopped = true;
    this.dispose?.();
  }
}

export interface GatewayRestartOptions {
  clients: number;
  orders: number;
  /** Dispute/withdraw cycles per order (2 events each) before the kill, while down, after the restart. */
  cyclesBefore: number;
  cyclesWhileDown: number;
  cyclesAfter: number;
  log?: Log;
}

export interface GatewayRestartFigures {
  clients: number;
  orders: number;
  eventsPerOrder: number;
  expected: number;
  received: number;
  duplicated: number;
  missing: number;
  outOfOrder: number;
  reconnects: number;
  downMs: number;
  restartMs: number;
  totalMs: number;
}

export async function gatewayRestart(stack: TestStack, o: GatewayRestartOptions): Promise<GatewayRestartFigures> {
  const log = o.log ?? (() => {});
  const started = Date.now();
  const orders = await pool(
    Array.from({ length: o.orders }, (_, i) => i),
    4,
    () => placeOrder(stack, [{ sku: 'BOLT-0001', quantity: 1 }]),
  );
  const startCursor = new Map<string, string>();
  for (const order of orders)
    startCursor.set(order.id, (await timelineOf(stack, order.id)).sort((a, b) => appendedAt(a) - appendedAt(b)).at(-1)!.cursor);
  const subgraphUrls = Object.fromEntries((stack.services.gateway as RunningGateway).subgraphs.map((s) => [s.name, s.url]));
  let gateway = new GatewayProcess(subgraphUrls, 0);
  const { url, port } = await gateway.ready;
  log(`gateway process on ${url}`);
  const buyerToken = stack.token('ACME', 'buyer');
  const subscribers = Array.from(
    { length: o.clients },
    (_, i) =>
      new ResumingSubscriber(`${url}/graphql`, buyerToken, orders[i % orders.length]!.id, startCursor.get(orders[i % orders.length]!.id)!),
  );
  subscribers.forEach((s) => s.start());
  let downMs = 0;
  let restartMs = 0;
  try {
    const cycles = async (n: number, phase: string) =>
      Promise.all(
        orders.map(async (order) => {
          for (let c = 0; c < n; c++) await disputeAndWithdraw(stack, order, `${phase} ${c}`);
        }),
      );
    await cycles(o.cyclesBefore, 'before');
    // Every client is live and has what was made so far before the kill.
    await waitFor(() => subscribers.every((s) => s.received.length >= 2 * o.cyclesBefore) || null, { timeoutMs: 30_000, intervalMs: 50 });
    const killedAt = Date.now();
    await gateway.kill();
    log('gateway process killed');
    await cycles(o.cyclesWhileDown, 'while down');
    const restartAt = Date.now();
    gateway = new GatewayProcess(subgraphUrls, port);
    await gateway.ready;
    restartMs = Date.now() - restartAt;
    downMs = Date.now() - killedAt;
    log(`gateway process restarted on port ${port} after ${downMs} ms`);
    await cycles(o.cyclesAfter, 'after');
    const perOrder = 2 * (o.cyclesBefore + o.cyclesWhileDown + o.cyclesAfter);
    await waitFor(() => subscribers.every((s) => s.received.length >= perOrder) || null, { timeoutMs: 60_000, intervalMs: 100 }).catch(() =>
      log('not every client got every event'),
    );
    await sleep(1_000); // anything extra (a duplicate) would arrive now
  } finally {
    subscribers.forEach((s) => s.stop());
    await gateway.kill();
  }
  // What each client should have: its order's timeline after the cursor it started from.
  const expectedByOrder = new Map<string, string[]>();
  for (const order of orders) {
    // In the order events were stored (cursor order), as subscriptions deliver them.
    const t = (await timelineOf(stack, order.id)).sort((a, b) => appendedAt(a) - appendedAt(b));
    const from = t.findIndex((e) => e.cursor === startCursor.get(order.id));
    expectedByOrder.set(
      order.id,
      t.slice(from + 1).map((e) => e.id),
    );
  }
  let expected = 0;
  let received = 0;
  let duplicated = 0;
  let missing = 0;
  let outOfOrder = 0;
  for (const s of subscribers) {
    const want = expectedByOrder.get(s.orderId)!;
    const got = s.received.map((e) => e.id);
    expected += want.length;
    received += got.length;
    duplicated += got.length - new Set(got).size;
    missing += want.filter((id) => !got.includes(id)).length;
    const unique = got.filter((id, i) => got.indexOf(id) === i);
    if (JSON.stringify(unique) !== JSON.stringify(want.filter((id) => unique.includes(id)))) outOfOrder++;
  }
  return {
    clients: subscribers.length,
    orders: orders.length,
    eventsPerOrder: expectedByOrder.get(orders[0]!.id)!.length,
    expected,
    received,
    duplicated,
    missing,
    outOfOrder,
    reconnects: subscribers.reduce((a, s) => a + s.connections - 1, 0),
    downMs,
    restartMs,
    totalMs: Date.now() - started,
  };
}

export function gatewayRestartTable(f: GatewayRestartFigures): string {
  return table('gateway process killed and restarted under subscriptions', [
    ['subscription clients / orders', `${f.clients} / ${f.orders}`],
    ['events per order (timeline)', f.eventsPerOrder],
    ['events expected (all clients)', f.expected],
    ['events received', f.received],
    ['duplicated', f.duplicated],
    ['missing', f.missing],
    ['clients out of order', f.outOfOrder],
    ['client reconnect attempts', f.reconnects],
    ['gateway down / start time', `${(f.downMs / 1000).toFixed(1)} s / ${(f.restartMs / 1000).toFixed(1)} s`],
  ]);
}
