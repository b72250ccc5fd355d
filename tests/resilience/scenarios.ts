/**
 * The resilience scenarios, written once and run at two sizes: the `*.e2e.ts` files in
 * CI (moderate sizes, assertions) and `pnpm bench resilience` (full sizes, a table).
 * Each scenario drives the whole stack from the outside — clients through the gateway, faults
 * through the reference ERP's admin API — and returns the figures it proves; the caller asserts.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { createReferenceErpAdmin, type FaultRule } from '@portal/erp/admin';
import { DEV_ERP_API_KEY } from '@portal/reference-erp/config';
import type { RunningGateway } from '@portal/gateway';
import { loadPricingConfig, startPricing } from '@portal/pricing';
import type { RunningService } from '@portal/platform/service';
import { waitFor } from '@portal/testkit';
import { allPages, erpPorts } from '../support/erp.js';
import { gql, type GraphQLResponse } from '../support/graphql.js';
import type { TestStack } from '../support/stack.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const admin = (stack: TestStack) => createReferenceErpAdmin({ baseUrl: stack.services.erp.url, apiKey: DEV_ERP_API_KEY });
type Log = (message: string) => void;

/** Run `fn` over `items` with at most `limit` in flight. */
async function pool<T, R>(items: readonly T[], limit: number, fn: (item: T, i: number) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i]!, i);
      }
    }),
  );
  return out;
}

/** A GraphQL call that never hangs a client forever (a hung request counts as a network error). */
async function gqlTimed(url: string, query: string, opts: { token: string; variables?: Record<string, unknown> }, timeoutMs = 30_000) {
  return Promise.race([
    gql(url, query, opts),
    sleep(timeoutMs).then(() => {
      throw new Error(`client timeout after ${timeoutMs} ms`);
    }),
  ]);
}

const count = (m: Record<string, number>, k: string, n = 1) => (m[k] = (m[k] ?? 0) + n);

/** Print figures as an aligned two-column table (the e2e files and the bench print the same). */
export function table(title: string, rows: [string, string | number][]): string {
  const w = Math.max(...rows.map(([k]) => k.length));
  return [`${title}`, ...rows.map(([k, v]) => `  ${k.padEnd(w)}  ${v}`)].join('\n');
}

// ---------------------------------------------------------------------------------------------
// 1. Orders under ERP faults
// ---------------------------------------------------------------------------------------------

export interface OrdersUnderFaultsOptions {
  buyers: number;
  /** Error rate (503) on the ERP endpoints a submit uses. */
  errorRate: number;
  /** Latency on POST /v1/sales-orders: uniform 0..spikeMs (above ERP_TIMEOUT_MS the portal times out while the ERP goes on). */
  latencySpikeMs: number;
  /** The ERP is down (every submit endpoint and the change feed) for this long, starting this long after the buyers start. */
  outageAfterMs: number;
  outageMs: number;
  /** How long after the outage the outbox may take to get every order acknowledged. */
  settleTimeoutMs: number;
  /** A client gives up after this long (then its intent counts as lost). */
  clientDeadlineMs: number;
  log?: Log;
}

export interface OrdersUnderFaultsFigures {
  intents: number;
  submitCalls: number;
  retriesBy: Record<string, number>;
  accepted: number;
  acceptedWhileErpDown: number;
  portalOrders: number;
  erpOrders: number;
  acknowledged: number;
  /** Orders whose ERP call the outbox had to repeat (same key); of them, after the portal timed out (the ERP may have created it). */
  outboxRetried: number;
  outboxTimedOut: number;
  duplicated: number;
  lost: number;
  clientFailures: string[];
  /** Intents whose one ERP order is not the one the portal has (number or portal id differ). */
  mismatched: number;
  injected: { latency: number; errors: number; timeouts: number; outages: number; duplicates: number };
  buyersMs: number;
  settleMs: number;
}

const SUBMIT = `mutation($i: SubmitCartInput!) { submitCart(input: $i) { __typename
  ... on OrderSubmitted { order { id status erpOrderNumber } }
  ... on PriceChanged { quoteId }
  ... on ErrorResult { errorCode message } } }`;

const RETRYABLE_CODES = new Set(['SERVICE_UNAVAILABLE', 'SUBGRAPH_UNAVAILABLE', 'SUBGRAPH_TIMEOUT', 'GATEWAY_TIMEOUT']);

/** SKUs every demo account can order: in stock in both warehouses, not discontinued. */
async function orderableSkus(stack: TestStack, n: number): Promise<string[]> {
  const token = stack.token('ACME', 'approver');
  const items = (await gql(stack.gatewayUrl, `{ items(first: 60) { nodes { sku } } }`, { token })).body.data.items.nodes as {
    sku: string;
  }[];
  const skus = items.map((i) => i.sku).filter((s) => !/^(ATP-DEMO|FLT-0008)/.test(s));
  const picked = skus.slice(0, n);
  for (const sku of picked) for (const wh of ['WH-US', 'WH-EU']) await admin(stack).setStock(sku, wh, 1_000_000);
  return picked;
}

interface Intent {
  id: string;
  accountId: string;
  token: string;
  cartId: string;
  quoteId: string;
}

async function buildCart(stack: TestStack, id: string, accountId: string, role: 'buyer' | 'approver', skus: string[]): Promise<Intent> {
  const token = stack.token(accountId, role);
  const created = await gql(stack.gatewayUrl, `mutation($n: String) { createCart(input: { name: $n }) { ... on Cart { id } } }`, {
    token,
    variables: { n: id },
  });
  const cartId = created.body.data?.createCart?.id as string;
  if (!cartId) throw new Error(`createCart failed: ${JSON.stringify(created.body)}`);
  const added = await gql(
    stack.gatewayUrl,
    `mutation($c: ID!, $l: [CartLineInput!]!) { addCartLines(cartId: $c, lines: $l) { __typename ... on ErrorResult { errorCode message } } }`,
    { token, variables: { c: cartId, l: skus.map((sku, i) => ({ sku, quantity: 1 + (i % 2) })) } },
  );
  if (added.body.data?.addCartLines?.__typename !== 'Cart') throw new Error(`addCartLines failed: ${JSON.stringify(added.body)}`);
  const quoteId = await currentQuote(stack, token, cartId);
  return { id, accountId, token, cartId, quoteId };
}

async function currentQuote(stack: TestStack, token: string, cartId: string): Promise<string> {
  // The buyer looks at the cart (availability included) before submitting, as a real client does.
  const view = await gql(stack.gatewayUrl, `query($c: ID!) { cart(id: $c) { quote { id } lines { availability { status } } } }`, {
    token,
    variables: { c: cartId },
  });
  const id = view.body.data?.cart?.quote?.id as string | undefined;
  if (!id) throw new Error(`no quote: ${JSON.stringify(view.body)}`);
  return id;
}

interface ClientOutcome {
  intent: Intent;
  orderId: string | null;
  status: string | null;
  calls: number;
  failure: string | null;
}

/**
 * One buyer's client: submit with one idempotency key until the portal says OrderSubmitted,
 * retrying what a client should retry (network errors, 5xx, SERVICE_UNAVAILABLE, subgraph
 * unavailable/timeout, SUBMISSION_IN_PROGRESS) with backoff; PriceChanged / AvailabilityChanged
 * are retried with the fresh quote. Anything else is final.
 */
async function buyer(stack: TestStack, intent: Intent, deadline: number, retries: Record<string, number>): Promise<ClientOutcome> {
  let quoteId = intent.quoteId;
  let calls = 0;
  for (let n = 0; ; n++) {
    calls++;
    let reason: string;
    try {
      const r: GraphQLResponse = await gqlTimed(stack.gatewayUrl, SUBMIT, {
        token: intent.token,
        variables: { i: { cartId: intent.cartId, idempotencyKey: intent.id, acceptedQuoteId: quoteId } },
      });
      const s = r.body.data?.submitCart;
      const codes = (r.body.errors ?? []).map((e) => String(e.extensions?.code ?? 'NO_CODE'));
      if (r.status >= 500) reason = `HTTP ${r.status}${codes.length ? ` ${codes.join(',')}` : ''}`;
      else if (s?.__typename === 'OrderSubmitted') return { intent, orderId: s.order.id, status: s.order.status, calls, failure: null };
      else if (s?.__typename === 'PriceChanged') {
        reason = 'PriceChanged';
        quoteId = s.quoteId;
      } else if (s?.__typename === 'AvailabilityChanged') {
        reason = 'AvailabilityChanged';
        quoteId = await currentQuote(stack, intent.token, intent.cartId).catch(() => quoteId);
      } else if (s?.__typename === 'SubmitRejected' && s.errorCode === 'SUBMISSION_IN_PROGRESS') reason = 'SUBMISSION_IN_PROGRESS';
      else if (!s && codes.length && codes.every((c) => RETRYABLE_CODES.has(c))) reason = codes[0]!;
      else return { intent, orderId: null, status: null, calls, failure: `final answer ${r.status}: ${JSON.stringify(r.body)}` };
    } catch (err) {
      reason = `network: ${(err as Error).message.slice(0, 40)}`;
      reason = reason.startsWith('network: client timeout') ? 'client timeout' : 'network error';
    }
    count(retries, reason);
    if (Date.now() > deadline) return { intent, orderId: null, status: null, calls, failure: `gave up after ${calls} calls (${reason})` };
    await sleep(Math.min(2_000, 100 * 2 ** Math.min(n, 5)) * (0.5 + Math.random()));
  }
}

export async function ordersUnderFaults(stack: TestStack, o: OrdersUnderFaultsOptions): Promise<OrdersUnderFaultsFigures> {
  const log = o.log ?? (() => {});
  const erp = erpPorts(stack.services.erp.url);
  const skus = await orderableSkus(stack, 6);
  const accounts = ['ACME', 'GLOBEX', 'INITECH'];
  // Carts first (the faults are about submitting): buyer i orders 1–2 lines as buyer or approver.
  const intents = await pool(
    Array.from({ length: o.buyers }, (_, i) => i),
    16,
    (i) =>
      buildCart(
        stack,
        `resilience-${randomUUID()}`,
        accounts[i % 3]!,
        i % 2 ? 'buyer' : 'approver',
        [skus[i % skus.length]!, skus[(i + 3) % skus.length]!].slice(0, 1 + (i % 2)),
      ),
  );
  log(`${intents.length} carts ready`);
  const erpBefore = new Set((await allPages((cursor) => erp.orders.exportSalesOrders({ cursor, limit: 1000 }))).map((s) => s.number));

  const start = Date.now();
  const outage = {
    from: new Date(start + o.outageAfterMs).toISOString(),
    to: new Date(start + o.outageAfterMs + o.outageMs).toISOString(),
  };
  const flaky = (extra: Partial<FaultRule> = {}): FaultRule => ({ errorRate: o.errorRate, outages: [outage], ...extra });
  await admin(stack).setFaults(
    {
      'POST /v1/sales-orders': flaky({ jitterMs: o.latencySpikeMs }),
      'POST /v1/pricing/simulate': flaky({ jitterMs: 300 }),
      'POST /v1/availability/check': flaky({ jitterMs: 300 }),
      'GET /v1/events': { outages: [outage] },
    },
    9,
  );
  const retries: Record<string, number> = {};
  const deadline = start + o.clientDeadlineMs;
  const outcomes = await Promise.all(
    intents.map(async (intent, i) => {
      await sleep((i * 1000) / Math.max(1, intents.length)); // buyers arrive over a second
      return buyer(stack, intent, deadline, retries);
    }),
  );
  const buyersMs = Date.now() - start;
  log(`buyers done in ${buyersMs} ms`);
  const injected = (await admin(stack).faults()).injected;
  // Let the outage end, then the ERP is healthy again: the outbox must get everything through.
  await sleep(Math.max(0, start + o.outageAfterMs + o.outageMs - Date.now()));
  await admin(stack).clearFaults();

  const db = new pg.Client({ connectionString: stack.databaseUrl });
  await db.connect();
  const settleStart = Date.now();
  type Row = {
    id: string;
    erp_order_number: string | null;
    status: string;
    ref: string | null;
    attempts: number;
    last_error: string | null;
  };
  let rows: Row[] = [];
  try {
    const portalOrders = async () =>
      (
        await db.query<Row>(
          `select o.id, o.erp_order_number, o.status, ob.payload->'order'->>'customerReference' as ref, ob.attempts, ob.last_error
             from orders.sales_order o left join orders.outbox ob on ob.order_id = o.id
            where o.placed_at >= $1`,
          [new Date(start - 5_000)],
        )
      ).rows;
    await waitFor(
      async () => {
        rows = await portalOrders();
        return rows.length > 0 && rows.every((r) => r.erp_order_number) ? true : null;
      },
      { timeoutMs: o.settleTimeoutMs, intervalMs: 500 },
    ).catch(() => log(`not every order acknowledged after ${o.settleTimeoutMs} ms`));
    rows = await portalOrders();
  } finally {
    await db.end();
  }
  // The seed's most recent orders can carry a placement time inside the window: orders the ERP
  // already had before the run are not the run's.
  rows = rows.filter((r) => !r.erp_order_number || !erpBefore.has(r.erp_order_number));
  const settleMs = Date.now() - settleStart;
  const erpNew = (await allPages((cursor) => erp.orders.exportSalesOrders({ cursor, limit: 1000 }))).filter(
    (s) => !erpBefore.has(s.number),
  );

  const ours = new Set(intents.map((i) => i.id));
  let duplicated = 0;
  let lost = 0;
  let mismatched = 0;
  const clientFailures: string[] = [];
  for (const outcome of outcomes) {
    const id = outcome.intent.id;
    const portal = rows.filter((r) => r.ref === id);
    const inErp = erpNew.filter((s) => s.customerReference === id);
    duplicated += Math.max(0, portal.length - 1) + Math.max(0, inErp.length - 1);
    if (!outcome.orderId || portal.length === 0 || inErp.length === 0) lost++;
    if (outcome.failure) clientFailures.push(`${id}: ${outcome.failure}`.slice(0, 400));
    const p = portal[0];
    const e = inErp[0];
    if (p && e && (e.portalOrderId !== p.id || p.erp_order_number !== e.number || (outcome.orderId && outcome.orderId !== p.id)))
      mismatched++;
  }
  // Orders nobody asked for (not one of our intents) are duplicates too.
  duplicated += rows.filter((r) => !r.ref || !ours.has(r.ref)).length;
  duplicated += erpNew.filter((s) => !s.customerReference || !ours.has(s.customerReference)).length;
  return {
    intents: intents.length,
    submitCalls: outcomes.reduce((a, x) => a + x.calls, 0),
    retriesBy: retries,
    accepted: outcomes.filter((x) => x.orderId).length,
    acceptedWhileErpDown: outcomes.filter((x) => x.status === 'SUBMITTED').length,
    portalOrders: rows.length,
    erpOrders: erpNew.length,
    acknowledged: rows.filter((r) => r.erp_order_number).length,
    outboxRetried: rows.filter((r) => r.attempts > 1).length,
    outboxTimedOut: rows.filter((r) => r.last_error && /time|abort/i.test(r.last_error)).length,
    duplicated,
    lost,
    clientFailures,
    mismatched,
    injected,
    buyersMs,
    settleMs,
  };
}

export function ordersTable(f: OrdersUnderFaultsFigures): string {
  return table('orders under ERP faults', [
    ['client intents (orders attempted)', f.intents],
    ['submit calls (with retries)', f.submitCalls],
    [
      'retried because',
      Object.entries(f.retriesBy)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ') || '-',
    ],
    ['accepted (OrderSubmitted)', f.accepted],
    ['  of which queued (ERP down)', f.acceptedWhileErpDown],
    ['portal orders', f.portalOrders],
    ['ERP sales orders', f.erpOrders],
    ['acknowledged (ERP number)', f.acknowledged],
    ['ERP create repeated by the outbox', `${f.outboxRetried} orders (${f.outboxTimedOut} after a portal-side timeout)`],
    ['duplicated', f.duplicated],
    ['lost', f.lost],
    ['portal ≠ ERP order', f.mismatched],
    [
      'ERP faults injected',
      Object.entries(f.injected)
        .map(([k, v]) => `${k} ${v}`)
        .join(', '),
    ],
    ['buyers finished / settled', `${(f.buyersMs / 1000).toFixed(1)} s / +${(f.settleMs / 1000).toFixed(1)} s`],
  ]);
}

// ---------------------------------------------------------------------------------------------
// Orders for the other scenarios: placed (acknowledged) without faults
// ---------------------------------------------------------------------------------------------

export async function placeOrder(stack: TestStack, lines: { sku: string; quantity: number }[], accountId = 'ACME') {
  const token = stack.token(accountId, 'approver');
  const cartId = (await gql(stack.gatewayUrl, `mutation { createCart { ... on Cart { id } } }`, { token })).body.data.createCart.id;
  await gql(stack.gatewayUrl, `mutation($c: ID!, $l: [CartLineInput!]!) { addCartLines(cartId: $c, lines: $l) { __typename } }`, {
    token,
    variables: { c: cartId, l: lines },
  });
  const quote = await currentQuote(stack, token, cartId);
  const r = (
    await gql(
      stack.gatewayUrl,
      `mutation($i: SubmitCartInput!) { submitCart(input: $i) { __typename ... on OrderSubmitted { order { id lines { id } } } } }`,
      { token, variables: { i: { cartId, idempotencyKey: randomUUID(), acceptedQuoteId: quote } } },
    )
  ).body.data.submitCart;
  if (r.__typename !== 'OrderSubmitted') throw new Error(`submit: ${JSON.stringify(r)}`);
  await waitFor(
    async () => {
      const t = (
        await gql(stack.gatewayUrl, `query($id: ID!) { order(id: $id) { timeline { type } } }`, { token, variables: { id: r.order.id } })
      ).body.data.order.timeline;
      return t.some((e: { type: string }) => e.type === 'order.acknowledged') || null;
    },
    { timeoutMs: 20_000, intervalMs: 100 },
  );
  return { id: r.order.id as string, lineId: r.order.lines[0].id as string };
}

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

// ---------------------------------------------------------------------------------------------
// 2. Gateway process restarted while subscription clients listen
// ---------------------------------------------------------------------------------------------

/** A gateway in a child process (gateway-process.ts). */
class GatewayProcess {
  readonly ready: Promise<{ url: string; port: number }>;
  readonly proc: ChildProcess;
  constructor(subgraphUrls: Record<string, string>, port: number) {
    this.proc = fork(path.join(HERE, 'gateway-process.ts'), [], {
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

// ---------------------------------------------------------------------------------------------
// 3. A subgraph restarted under load
// ---------------------------------------------------------------------------------------------

const SPANNING = `{ me { account { id } } items(first: 3) { nodes { sku name price(quantity: 1) { unitPrice { amount } } } }
  orders(first: 1) { totalCount } invoices(first: 1) { totalCount } }`;

interface Sample {
  start: number;
  end: number;
  status: number | 'network';
  complete: boolean;
  /** The errors' (code, serviceName) pairs. */
  errors: { code: string; service: string | null }[];
  itemsPresent: boolean;
}

export interface SubgraphRestartOptions {
  /** Environment the stack was started with (the restarted pricing gets the same config). */
  env: Record<string, string>;
  concurrency: number;
  beforeMs: number;
  downMs: number;
  afterMs: number;
  log?: Log;
}

export interface PhaseFigures {
  requests: number;
  complete: number;
  partial: number;
  failed: number;
  codes: Record<string, number>;
}

export interface SubgraphRestartFigures {
  before: PhaseFigures;
  down: PhaseFigures;
  after: PhaseFigures;
  /** Requests that overlapped a stop or a start (not judged). */
  transition: number;
  /** Down-phase partial answers whose errors all name pricing with SUBGRAPH_UNAVAILABLE/TIMEOUT and that still have the other subgraphs' data. */
  downWellFormed: number;
  restartMs: number;
}

function phase(samples: Sample[]): PhaseFigures {
  const codes: Record<string, number> = {};
  for (const s of samples) for (const e of s.errors) count(codes, `${e.code}@${e.service ?? '-'}`);
  return {
    requests: samples.length,
    complete: samples.filter((s) => s.status === 200 && s.complete && !s.errors.length).length,
    partial: samples.filter((s) => s.status === 200 && s.errors.length && s.itemsPresent).length,
    failed: samples.filter((s) => s.status !== 200 || !s.itemsPresent).length,
    codes,
  };
}

export async function subgraphRestart(stack: TestStack, o: SubgraphRestartOptions): Promise<SubgraphRestartFigures> {
  const log = o.log ?? (() => {});
  const token = stack.token('ACME', 'buyer');
  const samples: Sample[] = [];
  let running = true;
  const worker = async () => {
    while (running) {
      const start = Date.now();
      try {
        const r = await gqlTimed(stack.gatewayUrl, SPANNING, { token }, 20_000);
        const d = r.body.data;
        const nodes = (d?.items?.nodes ?? []) as { sku: string; name: string; price: unknown }[];
        samples.push({
          start,
          end: Date.now(),
          status: r.status,
          complete: !!d?.me?.account?.id && nodes.length > 0 && nodes.every((n) => n.name && n.price) && d.orders && d.invoices,
          itemsPresent: nodes.length > 0 && nodes.every((n) => n.sku && n.name) && !!d?.me?.account?.id,
          errors: (r.body.errors ?? []).map((e) => ({
            code: String(e.extensions?.code ?? 'NO_CODE'),
            service: (e.extensions?.serviceName as string | undefined) ?? null,
          })),
        });
      } catch {
        samples.push({ start, end: Date.now(), status: 'network', complete: false, itemsPresent: false, errors: [] });
      }
    }
  };
  const workers = Array.from({ length: o.concurrency }, worker);
  await sleep(o.beforeMs);
  const old = stack.services.pricing;
  const stopAt = Date.now();
  await old.close();
  const stoppedAt = Date.now();
  log(`pricing stopped (${stoppedAt - stopAt} ms)`);
  await sleep(o.downMs);
  const restartAt = Date.now();
  const env = { ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn', ...o.env, ERP_URL: stack.services.erp.url };
  const restarted: RunningService = await startPricing({ config: loadPricingConfig(env), databaseUrl: stack.databaseUrl, port: old.port });
  const restartedAt = Date.now();
  log(`pricing restarted on port ${old.port} (${restartedAt - restartAt} ms)`);
  // The stack's close() knows the old instance only: close the new one first.
  stack.services.pricing = restarted;
  const stop = stack.stop.bind(stack);
  stack.stop = async () => {
    await restarted.close().catch(() => {});
    await stop();
  };
  await sleep(o.afterMs);
  running = false;
  await Promise.all(workers);
  const within = (s: Sample, from: number, to: number) => s.start >= from && s.end <= to;
  const before = samples.filter((s) => s.end <= stopAt);
  const down = samples.filter((s) => within(s, stoppedAt, restartAt));
  const after = samples.filter((s) => s.start >= restartedAt);
  const wellFormed = (s: Sample) =>
    s.status === 200 &&
    s.itemsPresent &&
    s.errors.length > 0 &&
    s.errors.every((e) => e.service === 'pricing' && (e.code === 'SUBGRAPH_UNAVAILABLE' || e.code === 'SUBGRAPH_TIMEOUT'));
  return {
    before: phase(before),
    down: phase(down),
    after: phase(after),
    transition: samples.length - before.length - down.length - after.length,
    downWellFormed: down.filter(wellFormed).length,
    restartMs: restartedAt - restartAt,
  };
}

export function subgraphRestartTable(f: SubgraphRestartFigures): string {
  const row = (p: PhaseFigures) =>
    `${p.requests} requests: ${p.complete} complete, ${p.partial} partial, ${p.failed} failed${
      Object.keys(p.codes).length
        ? ` (${Object.entries(p.codes)
            .map(([k, v]) => `${k} ×${v}`)
            .join(', ')})`
        : ''
    }`;
  return table('pricing subgraph stopped and restarted under load', [
    ['before', row(f.before)],
    ['while down', row(f.down)],
    ['after restart', row(f.after)],
    ['during stop/start (not judged)', f.transition],
    ['down: well-formed partial answers', `${f.downWellFormed} of ${f.down.requests}`],
    ['pricing start time', `${(f.restartMs / 1000).toFixed(1)} s`],
  ]);
}

// ---------------------------------------------------------------------------------------------
// 4. Duplicate and reordered ERP events
// ---------------------------------------------------------------------------------------------

export interface DuplicateEventsOptions {
  orders: number;
  /** Probability that a feed page repeats the event before it (a duplicate, delivered after a newer one). */
  duplicateRate: number;
  log?: Log;
}

export interface DuplicateEventsFigures {
  orders: number;
  feedDuplicatesInjected: number;
  /** ERP-made facts the timelines must show once each: deliveries shipped/delivered, invoices, payments, credit memos. */
  expected: number;
  received: number;
  duplicated: number;
  missing: number;
  timelineEvents: number;
  timelineDuplicateIds: number;
  shipments: { erp: number; portal: number };
  invoices: { erp: number; portal: number; balancesDiffer: number };
  /** Orders whose read model (status, number, line quantities, shipments) differs from the ERP's export. */
  ordersDiffer: number;
  details: string[];
}

const ORDER_VIEW = `query($id: ID!) { order(id: $id) { id status erpOrderNumber
  lines { sku quantity confirmedQuantity shippedQuantity invoicedQuantity }
  shipments { id status }
  invoices { number balance { amount } }
  creditMemos { number }
  timeline { id type } } }`;

export async function duplicateEvents(stack: TestStack, o: DuplicateEventsOptions): Promise<DuplicateEventsFigures> {
  const log = o.log ?? (() => {});
  const a = admin(stack);
  const erp = erpPorts(stack.services.erp.url);
  await a.setFaults({ 'GET /v1/events': { duplicateRate: o.duplicateRate } }, 4);
  const placed = await pool(
    Array.from({ length: o.orders }, (_, i) => i),
    4,
    (i) =>
      placeOrder(stack, [
        { sku: 'BOLT-0001', quantity: 2 + i },
        { sku: 'NUT-0002', quantity: 1 },
      ]),
  );
  const ids = new Set(placed.map((p) => p.id));
  log(`${placed.length} orders placed`);
  const erpOrders = async () =>
    (await allPages((c) => erp.orders.exportSalesOrders({ cursor: c, limit: 1000 }))).filter((s) => ids.has(s.portalOrderId));
  const erpInvoices = async () =>
    (await allPages((c) => erp.invoices.exportInvoices({ cursor: c, limit: 1000 }))).filter((s) => ids.has(s.portalOrderId));
  // Ship, deliver and invoice everything on the ERP's business clock.
  for (let day = 0; day < 20; day++) {
    const sos = await erpOrders();
    const invoices = await erpInvoices();
    if (sos.every((s) => s.status === 'COMPLETED') && invoices.length >= sos.length) break;
    await a.advance({ days: 1 });
  }
  // Payments (one part, one in full) and a credit memo, as AR would post them.
  const invoices = await erpInvoices();
  for (const [i, inv] of invoices.entries()) {
    if (i % 3 === 0) await a.receivePayment(inv.number, inv.balance);
    else if (i % 3 === 1) await a.receivePayment(inv.number, (Number(inv.balance) / 2).toFixed(2));
    else {
      const line = inv.lines.find((l) => l.lineNo > 0 && l.quantity > 0);
      if (line) await a.issueCreditMemo(inv.number, 'RETURN', [{ lineNo: line.lineNo, quantity: 1 }]);
    }
  }
  await a.advance({ days: 3 }); // deliveries in transit arrive
  log('ERP side done; waiting for the portal to converge');

  // What the ERP says now.
  const sos = await erpOrders();
  const deliveries = (await allPages((c) => erp.orders.exportDeliveries({ cursor: c, limit: 1000 }))).filter(
    (d) => d.portalOrderId && ids.has(d.portalOrderId),
  );
  const finalInvoices = await erpInvoices();
  const memos = (await allPages((c) => erp.invoices.exportCreditMemos({ cursor: c, limit: 1000 }))).filter((m) => ids.has(m.portalOrderId));
  const payments = (await allPages((c) => erp.invoices.exportPayments({ cursor: c, limit: 1000 }))).filter((p) =>
    finalInvoices.some((i) => i.number === p.invoiceNumber),
  );
  const expectFor = (orderId: string) => {
    const d = deliveries.filter((x) => x.portalOrderId === orderId);
    const inv = finalInvoices.filter((x) => x.portalOrderId === orderId);
    return {
      'shipment.shipped': d.length,
      'shipment.delivered': d.filter((x) => x.status === 'DELIVERED').length,
      'invoice.posted': inv.length,
      'invoice.payment_received': payments.filter((p) => inv.some((i) => i.number === p.invoiceNumber)).length,
      'credit_memo.issued': memos.filter((m) => m.portalOrderId === orderId).length,
    } as Record<string, number>;
  };
  const token = stack.token('ACME', 'buyer');
  type View = {
    id: string;
    status: string;
    erpOrderNumber: string;
    lines: { sku: string; quantity: number; confirmedQuantity: number; shippedQuantity: number; invoicedQuantity: number }[];
    shipments: { id: string; status: string }[];
    invoices: { number: string; balance: { amount: string } }[];
    creditMemos: { number: string }[];
    timeline: { id: string; type: string }[];
  };
  const differences = (v: View): string[] => {
    const so = sos.find((s) => s.portalOrderId === v.id)!;
    const out: string[] = [];
    if (v.status !== so.status) out.push(`${v.id} status ${v.status} ≠ ERP ${so.status}`);
    if (v.erpOrderNumber !== so.number) out.push(`${v.id} number ${v.erpOrderNumber} ≠ ${so.number}`);
    so.lines.forEach((l, i) => {
      const p = v.lines[i];
      const want = [l.sku, l.quantity, l.confirmedQuantity, l.shippedQuantity, l.invoicedQuantity];
      const got = p && [p.sku, p.quantity, p.confirmedQuantity, p.shippedQuantity, p.invoicedQuantity];
      if (JSON.stringify(want) !== JSON.stringify(got)) out.push(`${v.id} line ${i} ${JSON.stringify(got)} ≠ ERP ${JSON.stringify(want)}`);
    });
    const ds = deliveries
      .filter((d) => d.portalOrderId === v.id)
      .map((d) => `${d.number}:${d.status}`)
      .sort();
    const ps = v.shipments.map((s) => `${s.id}:${s.status}`).sort();
    if (JSON.stringify(ds) !== JSON.stringify(ps)) out.push(`${v.id} shipments ${ps} ≠ ERP ${ds}`);
    const is = finalInvoices
      .filter((i) => i.portalOrderId === v.id)
      .map((i) => `${i.number}:${Number(i.balance).toFixed(2)}`)
      .sort();
    const pi = v.invoices.map((i) => `${i.number}:${Number(i.balance.amount).toFixed(2)}`).sort();
    if (JSON.stringify(is) !== JSON.stringify(pi)) out.push(`${v.id} invoices ${pi} ≠ ERP ${is}`);
    const want = expectFor(v.id);
    for (const [type, n] of Object.entries(want)) {
      const got = v.timeline.filter((e) => e.type === type).length;
      if (got !== n) out.push(`${v.id} timeline ${type} ×${got} ≠ ${n}`);
    }
    return out;
  };
  let views: View[] = [];
  const read = async () =>
    (views = await Promise.all(
      placed.map(async (p) => (await gql(stack.gatewayUrl, ORDER_VIEW, { token, variables: { id: p.id } })).body.data.order as View),
    ));
  await waitFor(async () => ((await read()).every((v) => differences(v).length === 0) ? true : null), {
    timeoutMs: 90_000,
    intervalMs: 500,
  }).catch(() => log('the portal did not converge to the ERP'));
  await sleep(1_500); // late duplicates would show now
  await read();
  const injected = (await a.faults()).injected.duplicates;
  await a.clearFaults();

  let expected = 0;
  let received = 0;
  let duplicated = 0;
  let missing = 0;
  let timelineEvents = 0;
  let timelineDuplicateIds = 0;
  const details: string[] = [];
  for (const v of views) {
    for (const [type, n] of Object.entries(expectFor(v.id))) {
      const got = v.timeline.filter((e) => e.type === type).length;
      expected += n;
      received += got;
      duplicated += Math.max(0, got - n);
      missing += Math.max(0, n - got);
    }
    timelineEvents += v.timeline.length;
    timelineDuplicateIds += v.timeline.length - new Set(v.timeline.map((e) => e.id)).size;
    details.push(...differences(v));
  }
  return {
    orders: views.length,
    feedDuplicatesInjected: injected,
    expected,
    received,
    duplicated,
    missing,
    timelineEvents,
    timelineDuplicateIds,
    shipments: { erp: deliveries.length, portal: views.reduce((n, v) => n + v.shipments.length, 0) },
    invoices: {
      erp: finalInvoices.length,
      portal: views.reduce((n, v) => n + v.invoices.length, 0),
      balancesDiffer: details.filter((d) => d.includes(' invoices ')).length,
    },
    ordersDiffer: new Set(details.map((d) => d.split(' ')[0])).size,
    details,
  };
}

export function duplicateEventsTable(f: DuplicateEventsFigures): string {
  return table('repeated ERP change-feed events (late redeliveries of events already applied)', [
    ['orders (shipped, invoiced, paid, credited)', f.orders],
    ['feed events repeated by the ERP (all consumers)', f.feedDuplicatesInjected],
    ['ERP facts on timelines: expected', f.expected],
    ['  received', f.received],
    ['  duplicated', f.duplicated],
    ['  missing', f.missing],
    ['timeline events / duplicate ids', `${f.timelineEvents} / ${f.timelineDuplicateIds}`],
    ['shipments ERP / portal', `${f.shipments.erp} / ${f.shipments.portal}`],
    ['invoices ERP / portal (balances differing)', `${f.invoices.erp} / ${f.invoices.portal} (${f.invoices.balancesDiffer})`],
    ['orders differing from the ERP export', f.ordersDiffer],
  ]);
}
