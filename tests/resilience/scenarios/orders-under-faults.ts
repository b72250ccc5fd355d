/**
 * Resilience scenario: orders under ERP faults. Buyers submit with client retries while the ERP
 * fails, slows down and goes away for a while; the outbox must get every order through exactly once.
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { FaultRule } from '@portal/erp/admin';
import { waitFor } from '@portal/testkit';
import { allPages, erpPorts } from '../../support/erp.js';
import { gql, type GraphQLResponse } from '../../support/graphql.js';
import type { TestStack } from '../../support/stack.js';
import { admin, count, currentQuote, gqlTimed, pool, sleep, table, type Log } from './shared.js';

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
