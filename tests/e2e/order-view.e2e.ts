/**
 * The ERP reports each order more than once — the submit's acknowledgement and the change feed's
 * `order.created` carry the same view. A view already applied is recognised by its fingerprint and
 * changes nothing (no second acknowledgement, no re-read of lines and exceptions); a view that
 * differs in anything is applied in full. The submit's acknowledgement of an order no view has
 * reached yet is applied in two round trips; it stores what the general way stores, and leaves
 * anything else to it.
 */
import type { MikroORM } from '@mikro-orm/postgresql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import type { EventsPort } from '@portal/erp/port';
import { signDevToken } from '@portal/platform/auth';
import { DEV_JWT_SECRET } from '@portal/platform/config';
import { runInScope } from '@portal/platform/context';
import { openServiceDatabase } from '@portal/platform/db';
import { createLogger } from '@portal/platform/logger';
import { applyAcknowledgement, applyErpOrderState, entities, migrations, orderFeed } from '@portal/orders/testing';
import { erpPorts } from '../support/erp.js';
import { gql } from '../support/graphql.js';
import { startTestStack, type TestStack } from '../support/stack.js';

let stack: TestStack;
let orm: MikroORM;
let token: string;
beforeAll(async () => {
  stack = await startTestStack({ ERP_FULFILMENT_INTERVAL_MS: '0' });
  orm = await openServiceDatabase({ schema: 'orders', url: stack.db.url, entities, migrations });
  token = await signDevToken({ userId: 'view-buyer', accountId: 'ACME', roles: ['buyer'] }, DEV_JWT_SECRET, { expiresIn: '1h' });
}, 300_000);
afterAll(async () => {
  await orm?.close();
  await stack?.stop();
});

async function placeOrder(): Promise<{ id: string; erpOrderNumber: string }> {
  const items = await gql(stack.gatewayUrl, `{ items(first: 20) { nodes { sku discontinued } } }`, { token });
  const skus = (items.body.data.items.nodes as { sku: string; discontinued: boolean }[]).filter((i) => !i.discontinued).map((i) => i.sku);
  const cartId = (await gql(stack.gatewayUrl, `mutation { createCart { ... on Cart { id } } }`, { token })).body.data.createCart.id;
  await gql(stack.gatewayUrl, `mutation($c: ID!, $l: [CartLineInput!]!) { addCartLines(cartId: $c, lines: $l) { __typename } }`, {
    token,
    variables: { c: cartId, l: skus.slice(0, 2).map((sku) => ({ sku, quantity: 2 })) },
  });
  const quoteId = (await gql(stack.gatewayUrl, `query($c: ID!) { cart(id: $c) { quote { id } } }`, { token, variables: { c: cartId } }))
    .body.data.cart.quote.id;
  const r = await gql(
    stack.gatewayUrl,
    `mutation($i: SubmitCartInput!) { submitCart(input: $i) { __typename ... on OrderSubmitted { order { id erpOrderNumber } } } }`,
    { token, variables: { i: { cartId, idempotencyKey: `view-${cartId}`, acceptedQuoteId: quoteId } } },
  );
  expect(r.body.data.submitCart.__typename, JSON.stringify(r.body)).toBe('OrderSubmitted');
  return r.body.data.submitCart.order;
}

const orderRow = async (id: string) =>
  (
    await orm.em
      .getConnection()
      .execute<{ source_seq: string; erp_view_hash: string | null }[]>(
        `select source_seq, erp_view_hash from "orders"."sales_order" where id = ?`,
        [id],
      )
  )[0]!;
const timelineTypes = async (id: string) =>
  (
    await orm.em
      .getConnection()
      .execute<{ type: string }[]>(`select type from "orders"."timeline_event" where order_id = ? order by seq`, [id])
  ).map((r) => r.type);

describe('an order view the ERP reports again', () => {
  it('changes nothing when it is the view applied; a view that differs is applied in full', async () => {
    const order = await placeOrder();
    // The change feed's order.created reaches the order after (or before) the acknowledgement.
    const deadline = Date.now() + 20_000;
    while (Number((await orderRow(order.id)).source_seq) === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(Number((await orderRow(order.id)).source_seq), 'the feed reached the order').toBeGreaterThan(0);
    expect((await orderRow(order.id)).erp_view_hash).toBeTruthy();
    expect((await timelineTypes(order.id)).filter((t) => t === 'order.acknowledged')).toHaveLength(1);

    const view = (await erpPorts(stack.services.erp.url).orders.getSalesOrder(order.erpOrderNumber))!;
    const apply = (v: typeof view) => orm.em.fork().transactional((tx) => applyErpOrderState(tx, v, { occurredAt: new Date() }));
    const before = await timelineTypes(order.id);
    expect(await apply(view), 'the ERP reads the order back as it acknowledged it').toBe('UNCHANGED');
    expect(await timelineTypes(order.id)).toEqual(before);

    // The ERP confirms one unit less on the first line: a new confirmation, applied once.
    const changed = {
      ...view,
      lines: view.lines.map((l, i) =>
        i === 0
          ? {
              ...l,
              confirmedQuantity: l.confirmedQuantity - 1,
              scheduleLines: l.scheduleLines.map((s, k) => (k === 0 ? { ...s, quantity: s.quantity - 1 } : s)),
            }
          : l,
      ),
    };
    expect(await apply(changed)).toBe('APPLIED');
    expect(await timelineTypes(order.id)).toEqual([...before, 'order.confirmed']);
    expect(await apply(changed)).toBe('UNCHANGED');
    expect(await timelineTypes(order.id)).toEqual([...before, 'order.confirmed']);
  }, 120_000);

  it('the feed reporting the applied view again moves only its position, in one statement with its inbox row and cursor', async () => {
    const order = await placeOrder();
    const deadline = Date.now() + 20_000;
    while (Number((await orderRow(order.id)).source_seq) === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    const view = (await erpPorts(stack.services.erp.url).orders.getSalesOrder(order.erpOrderNumber))!;
    const seq = Number((await orderRow(order.id)).source_seq) + 1_000_000;
    // A consumer of its own (its own cursor), handed the same view once more as a later feed event.
    let handed = false;
    const events = {
      poll: async () => {
        if (handed) return { events: [], nextCursor: seq };
        handed = true;
        return {
          events: [
            {
              seq,
              id: randomUUID(),
              type: 'order.created',
              key: order.erpOrderNumber,
              occurredAt: new Date().toISOString(),
              payload: view,
            },
          ],
          nextCursor: seq,
        };
      },
      head: async () => 0,
    } as unknown as EventsPort;
    const logger = createLogger('orders', { LOG_LEVEL: 'error', LOG_FORMAT: 'json' } as never);
    const feed = orderFeed(events, orm.em.fork(), logger, 0, `view-test-${randomUUID().slice(0, 8)}`);
    const before = await timelineTypes(order.id);
    const scope = { correlationId: 'view-test', trace: { traceId: '0'.repeat(32), spanId: '0'.repeat(16), sampled: false }, sqlCount: 0 };
    expect(await runInScope(scope as never, () => feed.runOnce(0))).toBe(1);
    // The cursor read, then the order's position, the inbox row and the cursor's move in one statement.
    expect(scope.sqlCount).toBe(2);
    expect(feed.snapshot()).toMatchObject({ ignored: 1, applied: 0, cursor: seq });
    expect(Number((await orderRow(order.id)).source_seq)).toBe(seq);
    expect(await timelineTypes(order.id)).toEqual(before);
  }, 120_000);
});

/** A copy of an order as the submit leaves it, before any ERP view: no ERP number, lines as ordered. */
async function unacknowledgedCopy(orderId: string): Promise<string> {
  const id = randomUUID();
  await orm.em.getConnection().execute(
    `insert into "orders"."sales_order" (id, account_id, number, erp_order_number, status, placed_at, accepted_at, currency, origin, correlation_id, accepted_quote)
       select ?, account_id, ?, null, 'SUBMITTED', placed_at, null, currency, origin, correlation_id, accepted_quote from "orders"."sales_order" where id = ?;
     insert into "orders"."sales_order_line" (id, order_id, line_no, sku, quantity, confirmed_quantity, shipped_quantity, invoiced_quantity)
       select ? || ':' || line_no, ?, line_no, sku, quantity, 0, 0, 0 from "orders"."sales_order_line" where order_id = ?`,
    [id, `COPY-${id.slice(0, 8)}`, orderId, id, id, orderId],
  );
  return id;
}

/** What an order's rows say, without what differs between copies (ids, numbers, the view's fingerprint). */
async function stored(orderId: string) {
  const conn = orm.em.getConnection();
  const [order] = await conn.execute(
    `select account_id, erp_order_number, status, accepted_at, currency, hold_reason, net_total, freight, requested_delivery_date,
       accepted_quote, erp_view_hash is not null as has_view from "orders"."sales_order" where id = ?`,
    [orderId],
  );
  const lines = await conn.execute(
    `select line_no, sku, quantity, confirmed_quantity, shipped_quantity, invoiced_quantity, cancelled_quantity, status, proposed_sku,
       unit_price, net_amount, schedule_lines from "orders"."sales_order_line" where order_id = ? order by line_no`,
    [orderId],
  );
  const exceptions = await conn.execute(
    `select type, line_no, reason_code, status, message, actions, details, raised_by, resolved_at, request
       from "orders"."order_exception" where order_id = ? order by type, line_no`,
    [orderId],
  );
  const events = await conn.execute<
    { type: string; source: string; summary: string; data: Record<string, unknown>; prev_hash: string | null; hash: string }[]
  >(`select type, source, summary, data, prev_hash, hash from "orders"."timeline_event" where order_id = ? order by seq`, [orderId]);
  // Each event chained to the one before it.
  events.forEach((e, i) => expect(e.prev_hash, `event ${i} of ${orderId} chained`).toBe(i ? events[i - 1]!.hash : null));
  return {
    order,
    lines,
    exceptions,
    events: events.map(({ type, source, summary, data }) => {
      const { exceptionId: _id, ...rest } = data;
      return { type, source, summary, data: rest };
    }),
  };
}

describe("the submit's acknowledgement in two round trips", () => {
  it('stores what the general way stores: the order, its lines, its exceptions and their timeline', async () => {
    const placed = await placeOrder();
    const view = (await erpPorts(stack.services.erp.url).orders.getSalesOrder(placed.erpOrderNumber))!;
    // An answer that raises exceptions of each kind: a credit hold, a substitution on the first line,
    // a price the quote did not have on it, and a line only the ERP has.
    const extra = { ...view.lines[1]!, lineNo: 990, sku: view.lines[1]!.sku, quantity: 1 };
    const answer = (id: string) => ({
      ...view,
      portalOrderId: id,
      status: 'ON_HOLD',
      holdReason: 'CREDIT_LIMIT_EXCEEDED',
      lines: [
        {
          ...view.lines[0]!,
          status: 'SUBSTITUTION_PROPOSED',
          proposedSku: 'SUBSTITUTE-1',
          unitPrice: (Number(view.lines[0]!.unitPrice) + 1).toFixed(4),
        },
        ...view.lines.slice(1),
        extra,
      ],
    });
    const occurredAt = new Date();
    const general = await unacknowledgedCopy(placed.id);
    const fast = await unacknowledgedCopy(placed.id);
    expect(await orm.em.fork().transactional((tx) => applyErpOrderState(tx, answer(general), { occurredAt, unacknowledged: true }))).toBe(
      'APPLIED',
    );
    expect(
      await applyAcknowledgement(orm.em.fork(), answer(fast), {
        acceptedQuote: (await stored(fast)).order!.accepted_quote as never,
        occurredAt,
        alongside: [],
      }),
    ).toBe('APPLIED');
    const a = await stored(general);
    const b = await stored(fast);
    expect(b.exceptions.map((e) => (e as { type: string }).type).sort()).toEqual(['CREDIT_HOLD', 'PRICE_MISMATCH', 'SUBSTITUTION']);
    expect(b.lines.map((l) => (l as { line_no: number }).line_no)).toContain(990);
    expect(b).toEqual(a);

    // The same answer again: nothing more.
    expect(await applyAcknowledgement(orm.em.fork(), answer(fast), { occurredAt, alongside: [] })).toBe('UNCHANGED');
    expect(await stored(fast)).toEqual(b);
  }, 120_000);

  it('leaves an order another view reached first to the general way, keeping nothing of its own', async () => {
    const placed = await placeOrder();
    const view = (await erpPorts(stack.services.erp.url).orders.getSalesOrder(placed.erpOrderNumber))!;
    const before = await stored(placed.id);
    const number = (
      await orm.em.getConnection().execute<{ number: string }[]>(`select number from "orders"."sales_order" where id = ?`, [placed.id])
    )[0]!.number;
    // A later view of the order (a line confirmed otherwise), while the order has an ERP number already.
    const later = { ...view, lines: view.lines.map((l, i) => (i === 0 ? { ...l, confirmedQuantity: l.confirmedQuantity - 1 } : l)) };
    const alongside = [{ sql: `update "orders"."sales_order" set number = number || '-changed' where id = ?`, params: [placed.id] }];
    expect(await applyAcknowledgement(orm.em.fork(), later, { occurredAt: new Date(), alongside })).toBe('GENERAL');
    expect(await stored(placed.id)).toEqual(before);
    expect((await orm.em.getConnection().execute(`select number from "orders"."sales_order" where id = ?`, [placed.id]))[0]).toEqual({
      number,
    });
  }, 120_000);

  it('at the same time as the general way on the same order: one acknowledgement', async () => {
    const placed = await placeOrder();
    const view = (await erpPorts(stack.services.erp.url).orders.getSalesOrder(placed.erpOrderNumber))!;
    for (let round = 0; round < 5; round++) {
      const id = await unacknowledgedCopy(placed.id);
      const first = { ...view, portalOrderId: id };
      const second = { ...first, lines: first.lines.map((l, i) => (i === 0 ? { ...l, confirmedQuantity: l.confirmedQuantity - 1 } : l)) };
      const occurredAt = new Date();
      // As the delivery does: the general way when the order is not as the two round trips expect it.
      const acknowledge = async () => {
        const outcome = await applyAcknowledgement(orm.em.fork(), first, { occurredAt, alongside: [] });
        if (outcome === 'GENERAL')
          await orm.em.fork().transactional((tx) => applyErpOrderState(tx, first, { occurredAt, unacknowledged: true }));
        return outcome;
      };
      const outcomes = await Promise.all([
        acknowledge(),
        orm.em.fork().transactional((tx) => applyErpOrderState(tx, second, { occurredAt, unacknowledged: true })),
        acknowledge(),
      ]);
      const s = await stored(id);
      expect(
        s.events.filter((e) => e.type === 'order.acknowledged'),
        `round ${round}: ${outcomes.join(', ')}`,
      ).toHaveLength(1);
      expect(outcomes.filter((o) => o === 'GENERAL' || o === 'UNCHANGED').length, outcomes.join(', ')).toBeGreaterThanOrEqual(1);
    }
  }, 120_000);
});
