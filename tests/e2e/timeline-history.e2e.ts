/**
 * The order timeline as one story in business time, through the gateway: every demo order has
 * one (orders that existed before the portal get theirs rebuilt from the ERP's document flow,
 * marked `reconstructed`), each ordered by `occurredAt`; a historical order shows its deliveries
 * and invoices once each, dated by the documents; and one order driven through confirmation, two
 * partial shipments, their invoices and completion on the ERP's business clock shows every fact
 * exactly once — on its timeline and to a subscriber following it.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createReferenceErpAdmin } from '@portal/erp/admin';
import { DEV_ERP_API_KEY } from '@portal/reference-erp/config';
import { waitFor } from '@portal/testkit';
import { gql } from '../support/graphql.js';
import { startTestStack, type TestStack } from '../support/stack.js';
import { collect, wsClient } from '../support/subscriptions.js';

let stack: TestStack;
const admin = () => createReferenceErpAdmin({ baseUrl: stack.services.erp.url, apiKey: DEV_ERP_API_KEY });

beforeAll(async () => {
  stack = await startTestStack({
    ORDERS_FEED_WAIT_MS: '500',
    INVOICES_FEED_WAIT_MS: '500',
    ORDERS_OUTBOX_INTERVAL_MS: '200',
    ORDERS_SUBSCRIPTION_POLL_MS: '1000',
    ERP_FULFILMENT_INTERVAL_MS: '0',
  });
});
afterAll(async () => {
  await stack?.stop();
});

interface Event {
  __typename: string;
  id: string;
  type: string;
  at: string;
  occurredAt: string;
  recordedAt: string;
  reconstructed: boolean;
  summary: string;
  cursor: string;
  shipmentId?: string;
  trackingNumber?: string;
  invoiceNumber?: string;
  creditMemoNumber?: string | null;
  status?: string | null;
  exceptionId?: string;
}

const EVENT = `__typename id type at occurredAt recordedAt reconstructed summary cursor
  ... on ShipmentEvent { shipmentId trackingNumber }
  ... on BillingEvent { invoiceNumber creditMemoNumber }
  ... on OrderTimelineEvent { status }
  ... on ExceptionEvent { exceptionId }`;

const ORDERS = `query($after: String) { orders(first: 50, after: $after) { totalCount pageInfo { hasNextPage endCursor }
  nodes { id erpOrderNumber origin timeline { type occurredAt reconstructed } } } }`;

const ORDER = `query($id: ID!) { order(id: $id) { id status erpOrderNumber origin placedAt timelineVerified
  shipments { id trackingNumber shippedAt deliveredAt }
  invoices { number issuedAt }
  creditMemos { number }
  timeline { ${EVENT} } } }`;

async function allOrders(token: string) {
  const out: { id: string; erpOrderNumber: string | null; origin: string; timeline: { type: string; occurredAt: string }[] }[] = [];
  for (let after: string | null = null; ;) {
    const r: { body: { data?: any; errors?: unknown } } = await gql(stack.gatewayUrl, ORDERS, { token, variables: { after } });
    if (!r.body.data) throw new Error(JSON.stringify(r.body.errors));
    const page: { nodes: typeof out; pageInfo: { hasNextPage: boolean; endCursor: string } } = r.body.data.orders;
    out.push(...page.nodes);
    if (!page.pageInfo.hasNextPage) return out;
    after = page.pageInfo.endCursor;
  }
}

async function order(id: string, token: string) {
  const r = await gql(stack.gatewayUrl, ORDER, { token, variables: { id } });
  if (!r.body.data?.order) throw new Error(`order query failed: ${JSON.stringify(r.body.errors)}`);
  return r.body.data.order as {
    id: string;
    status: string;
    erpOrderNumber: string | null;
    origin: string;
    placedAt: string;
    timelineVerified: boolean;
    shipments: { id: string; trackingNumber: string; shippedAt: string; deliveredAt: string | null }[];
    invoices: { number: string; issuedAt: string }[];
    creditMemos: { number: string }[];
    timeline: Event[];
  };
}

const sortedByOccurrence = (timeline: { occurredAt: string }[]) =>
  timeline.every((e, i) => i === 0 || Date.parse(timeline[i - 1]!.occurredAt) <= Date.parse(e.occurredAt));

/** What a buyer sees as one fact: its kind and the document it is about. */
const factOf = (e: Event) =>
  e.type.startsWith('shipment.')
    ? `${e.type}:${e.shipmentId}`
    : e.type === 'invoice.posted'
      ? `${e.type}:${e.invoiceNumber}`
      : e.type === 'credit_memo.issued'
        ? `${e.type}:${e.creditMemoNumber}`
        : e.type === 'order.confirmed' || e.type === 'order.status_changed'
          ? `${e.type}:${e.summary}`
          : e.type.startsWith('exception.')
            ? `${e.type}:${e.exceptionId}`
            : e.type;

describe('timelines of every order, in business time', () => {
  it('every demo order has a timeline, sorted by occurredAt; orders from before the portal are rebuilt from the ERP', async () => {
    const accounts = [...new Set(stack.tokens.map((t) => t.accountId))].filter((a) => a !== 'SELLER');
    const seen = await waitFor(
      async () => {
        const all = (await Promise.all(accounts.map((a) => allOrders(stack.token(a, 'buyer'))))).flat();
        return all.length && all.every((o) => o.timeline.length > 0) ? all : null;
      },
      { timeoutMs: 120_000, intervalMs: 1000, message: 'every demo order with a timeline' },
    );
    const fromErp = seen.filter((o) => o.origin === 'ERP');
    console.log(
      `demo orders: ${seen.length} (${fromErp.length} from the ERP); events: ${seen.reduce((n, o) => n + o.timeline.length, 0)}, reconstructed: ${seen.reduce(
        (n, o) => n + o.timeline.filter((e) => (e as { reconstructed?: boolean }).reconstructed).length,
        0,
      )}`,
    );
    expect(fromErp.length).toBeGreaterThan(0);
    for (const o of seen) {
      expect(sortedByOccurrence(o.timeline), `${o.erpOrderNumber} ${o.timeline.map((e) => `${e.type}@${e.occurredAt}`).join(', ')}`).toBe(
        true,
      );
      if (o.origin === 'ERP') expect(o.timeline[0]!.type, o.erpOrderNumber ?? o.id).toBe('order.acknowledged');
    }
  }, 180_000);

  it('a historical order shows its deliveries and invoices as reconstructed events, each once, dated by its document', async () => {
    const token = stack.token('ACME', 'buyer');
    const candidates = (await allOrders(token)).filter(
      (o) =>
        o.origin === 'ERP' && o.timeline.some((e) => e.type === 'invoice.posted') && o.timeline.some((e) => e.type === 'shipment.shipped'),
    );
    expect(candidates.length).toBeGreaterThan(0);
    for (const c of candidates.slice(0, 5)) {
      const o = await order(c.id, token);
      expect(o.timelineVerified).toBe(true);
      expect(sortedByOccurrence(o.timeline)).toBe(true);
      const facts = o.timeline.map(factOf);
      expect(new Set(facts).size, facts.join(' | ')).toBe(facts.length);
      const created = o.timeline[0]!;
      expect(created).toMatchObject({ type: 'order.acknowledged', reconstructed: true });
      expect(created.occurredAt).toBe(new Date(o.placedAt).toISOString());
      for (const s of o.shipments) {
        const shipped = o.timeline.filter((e) => e.type === 'shipment.shipped' && e.shipmentId === s.id);
        expect(shipped, `${o.erpOrderNumber} ${s.id}`).toHaveLength(1);
        expect(shipped[0]).toMatchObject({ reconstructed: true, trackingNumber: s.trackingNumber, __typename: 'ShipmentEvent' });
        expect(shipped[0]!.occurredAt).toBe(new Date(s.shippedAt).toISOString());
        expect(shipped[0]!.at).toBe(shipped[0]!.occurredAt); // the deprecated alias
        const delivered = o.timeline.filter((e) => e.type === 'shipment.delivered' && e.shipmentId === s.id);
        expect(delivered).toHaveLength(s.deliveredAt ? 1 : 0);
        if (s.deliveredAt) expect(delivered[0]!.occurredAt).toBe(new Date(s.deliveredAt).toISOString());
      }
      for (const i of o.invoices) {
        const posted = o.timeline.filter((e) => e.type === 'invoice.posted' && e.invoiceNumber === i.number);
        expect(posted, `${o.erpOrderNumber} ${i.number}`).toHaveLength(1);
        expect(posted[0]).toMatchObject({ reconstructed: true, __typename: 'BillingEvent' });
        expect(posted[0]!.occurredAt.slice(0, 10)).toBe(i.issuedAt.slice(0, 10));
      }
      for (const m of o.creditMemos)
        expect(o.timeline.filter((e) => e.type === 'credit_memo.issued' && e.creditMemoNumber === m.number)).toHaveLength(1);
      // Stored now, about then.
      for (const e of o.timeline.filter((x) => x.reconstructed))
        expect(Date.parse(e.recordedAt)).toBeGreaterThanOrEqual(Date.parse(e.occurredAt) - 1);
    }
  });
});

describe('one event per fact, enforced by the database', () => {
  it('a second event with a fact key already stored is refused, whoever writes it', async () => {
    const client = new pg.Client({ connectionString: stack.db.url });
    await client.connect();
    try {
      const { rows } = await client.query(`select fact_key from orders.timeline_event where fact_key like 'delivery:%' limit 1`);
      expect(rows).toHaveLength(1);
      // The same row again under a new id and sequence: only the fact key is the same.
      await expect(
        client.query(
          `insert into orders.timeline_event (seq, id, fact_key, order_id, account_id, at, recorded_at, reconstructed, type, source,
                                              correlation_id, actor, summary, data, prev_hash, hash)
           select nextval('orders.timeline_event_seq_seq'), gen_random_uuid()::text, fact_key, order_id, account_id, at, now(), false,
                  type, source, correlation_id, actor, summary, data, hash, hash
             from orders.timeline_event where fact_key = $1`,
          [rows[0].fact_key],
        ),
      ).rejects.toThrow(/timeline_event_fact_key_unique/);
    } finally {
      await client.end();
    }
  });
});

describe('one order from confirmation to completion (moves the ERP clock)', () => {
  it('its timeline and a subscriber following it show each fact once: one confirmation, two shipments, two invoices, completion', async () => {
    const token = stack.token('ACME', 'approver');
    const cartId = (await gql(stack.gatewayUrl, `mutation { createCart { ... on Cart { id } } }`, { token })).body.data.createCart
      .id as string;
    // 50 of the worked example's item: 30 now, 20 once the purchase order arrives — two shipments.
    await gql(
      stack.gatewayUrl,
      `mutation($c: ID!) { addCartLines(cartId: $c, lines: [{ sku: "ATP-DEMO-1", quantity: 50 }]) { __typename } }`,
      {
        token,
        variables: { c: cartId },
      },
    );
    const quoteId = (await gql(stack.gatewayUrl, `query($c: ID!) { cart(id: $c) { quote { id } } }`, { token, variables: { c: cartId } }))
      .body.data.cart.quote.id as string;
    const submitted = (
      await gql(
        stack.gatewayUrl,
        `mutation($i: SubmitCartInput!) { submitCart(input: $i) { __typename ... on OrderSubmitted { order { id } } ... on ErrorResult { errorCode message } } }`,
        { token, variables: { i: { cartId, idempotencyKey: `k-${cartId}`, acceptedQuoteId: quoteId } } },
      )
    ).body.data.submitCart;
    expect(submitted.__typename, JSON.stringify(submitted)).toBe('OrderSubmitted');
    const orderId = submitted.order.id as string;
    const first = (await order(orderId, token)).timeline;
    const start = first.reduce((a, e) =>
      Number(Buffer.from(e.cursor, 'base64url').toString().slice(3)) < Number(Buffer.from(a.cursor, 'base64url').toString().slice(3))
        ? e
        : a,
    );

    // A phone follows the order through the gateway from its first event on.
    const client = wsClient(stack.gatewayUrl, { Authorization: `Bearer ${stack.token('ACME', 'buyer')}` });
    const sub = collect(
      client,
      `subscription($id: ID!, $after: String) { orderUpdated(orderId: $id, after: $after) { cursor event { ${EVENT} } } }`,
      {
        id: orderId,
        after: start.cursor,
      },
    );
    try {
      await waitFor(async () => ((await order(orderId, token)).erpOrderNumber ? true : null), {
        timeoutMs: 30_000,
        message: 'the ERP acknowledgement',
      });
      // The business clock moves a day at a time: the first 30 ship and are invoiced, then the rest.
      let done = await order(orderId, token);
      for (let day = 0; day < 15 && done.status !== 'COMPLETED'; day++) {
        await admin().advance({ days: 1 });
        await new Promise((r) => setTimeout(r, 300));
        done = await order(orderId, token);
      }
      done = await waitFor(
        async () => {
          const o = await order(orderId, token);
          return o.status === 'COMPLETED' && o.timeline.filter((e) => e.type === 'invoice.posted').length >= 2 ? o : null;
        },
        { timeoutMs: 30_000, message: 'completed, with both invoices' },
      );
      const t = done.timeline;
      const count = (type: string) => t.filter((e) => e.type === type).length;
      expect(count('order.acknowledged')).toBe(1);
      expect(count('shipment.shipped')).toBe(2);
      expect(count('invoice.posted')).toBe(2);
      expect(t.filter((e) => e.type === 'order.status_changed' && e.status === 'COMPLETED')).toHaveLength(1);
      const confirmations = t.filter((e) => e.type === 'order.confirmed').map((e) => e.summary);
      expect(new Set(confirmations).size, confirmations.join(' | ')).toBe(confirmations.length);
      const facts = t.map(factOf);
      expect(new Set(facts).size, facts.join(' | ')).toBe(facts.length);
      expect(t.every((e) => !e.reconstructed)).toBe(true); // seen as it happened
      expect(sortedByOccurrence(t), t.map((e) => `${e.type}@${e.occurredAt}`).join(', ')).toBe(true);
      expect(done.timelineVerified).toBe(true);
      // Each invoice after the shipment it bills, in business time.
      const shippedAt = t.filter((e) => e.type === 'shipment.shipped').map((e) => e.occurredAt);
      const postedAt = t.filter((e) => e.type === 'invoice.posted').map((e) => e.occurredAt);
      postedAt.forEach((p, i) => expect(p >= shippedAt[i]!).toBe(true));

      // The subscriber: every event after its start once, in the order they were stored, with both stamps.
      const expected = t.filter((e) => e.id !== start.id);
      const got = await sub.waitFor(expected.length);
      await new Promise((r) => setTimeout(r, 1500)); // a poll round later: nothing repeated
      const events = sub.results.map((m) => m.orderUpdated.event as Event);
      expect(events.map((e) => e.id).sort()).toEqual(expected.map((e) => e.id).sort());
      expect(new Set(events.map((e) => e.id)).size).toBe(events.length);
      const cursors = got.map((m) =>
        Number(
          Buffer.from(m.orderUpdated.cursor as string, 'base64url')
            .toString()
            .slice(3),
        ),
      );
      expect(cursors).toEqual([...cursors].sort((a, b) => a - b));
      for (const e of events) {
        expect(e.occurredAt).toBe(expected.find((x) => x.id === e.id)!.occurredAt);
        expect(e.recordedAt).toBeTruthy();
      }
      expect(events.filter((e) => e.type === 'order.confirmed').map((e) => e.summary)).toEqual(
        t.filter((e) => e.type === 'order.confirmed' && e.id !== start.id).map((e) => e.summary),
      );
    } finally {
      sub.stop();
      await client.dispose();
    }
  }, 300_000);
});
