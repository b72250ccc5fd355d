/**
 * Orders after submit: the hash-chained timeline and its verification against a tampered row, SQL
 * per query, orders from the first full sync with their shipments, order subscriptions on the
 * orders subgraph (graphql-ws) that replay what a disconnected client missed, and the whole story
 * through the gateway: reorder → price changed → accept → over the limit → approval → ERP ack →
 * partial shipment → invoice → completed.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signViewerHeader, VIEWER_HEADER } from '@portal/platform/auth';
import { DEV_INTERNAL_SECRET } from '@portal/platform/config';
import { Decimal } from '@portal/platform/money';
import { waitFor } from '@portal/testkit';
import { findCondition } from '../support/erp.js';
import { gql } from '../support/graphql.js';
import { admin, DISPUTE, erp, order, place, RESOLVE, startOrdersStack, submit, types, view, viewerParams } from '../support/orders.js';
import type { TestStack } from '../support/stack.js';
import { collect, wsClient } from '../support/subscriptions.js';

let stack: TestStack;

beforeAll(async () => {
  stack = await startOrdersStack();
  // The account-wide stream below must carry the subscription test's events only: let the
  // histories of the orders met in the ERP finish rebuilding first.
  await stack.historiesRebuilt(['ACME']);
});
afterAll(async () => {
  await stack?.stop();
});

describe('timeline', () => {
  it('is append-only in the database, and verification finds a row changed behind its back', async () => {
    const placed = await place([{ sku: 'BOLT-0001', quantity: 3 }]);
    const o = await waitFor(async () => {
      const x = await order(placed.id, placed.token);
      return types(x).includes('order.acknowledged') ? x : null;
    });
    expect(o.timelineVerification).toMatchObject({ valid: true, brokenEventId: null });
    expect(o.timelineVerification.checkedEvents).toBe(o.timeline.length);
    // Every event carries the submit's correlation id; each hash links to the previous one.
    expect(o.correlationId).toBeTruthy();
    expect(
      o.timeline
        .filter((e: { source: string }) => e.source === 'PORTAL')
        .every((e: { correlationId: string }) => e.correlationId === o.correlationId),
    ).toBe(true);
    o.timeline.forEach((e: { prevHash: string | null }, i: number) => expect(e.prevHash).toBe(i ? o.timeline[i - 1].hash : null));

    const client = new pg.Client({ connectionString: stack.db.url });
    await client.connect();
    try {
      const target = o.timeline[1];
      await expect(client.query(`update orders.timeline_event set summary = 'edited' where id = $1`, [target.id])).rejects.toThrow(
        /append-only/,
      );
      await expect(client.query(`delete from orders.timeline_event where id = $1`, [target.id])).rejects.toThrow(/append-only/);
      // Someone with the power to bypass triggers edits the row: the chain shows it.
      await client.query('begin');
      await client.query(`set local session_replication_role = replica`);
      await client.query(`update orders.timeline_event set summary = summary || ' (edited)' where id = $1`, [target.id]);
      await client.query('commit');
    } finally {
      await client.end();
    }
    const tampered = await order(placed.id, placed.token);
    expect(tampered.timelineVerified).toBe(false);
    expect(tampered.timelineVerification).toMatchObject({ valid: false, brokenEventId: o.timeline[1].id, checkedEvents: 2 });
  });

  it('SQL per orders(first: 50) and per order with its timeline does not grow with the rows', async () => {
    const ordersUrl = `${stack.services.orders.url}/graphql`;
    const t = stack.tokens.find((x) => x.accountId === 'ACME' && x.role === 'buyer')!;
    const sqlFor = async (query: string, variables: Record<string, unknown> = {}) => {
      const res = await fetch(ordersUrl, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          [VIEWER_HEADER]: signViewerHeader({ userId: t.userId, accountId: 'ACME', roles: ['buyer'] }, DEV_INTERNAL_SECRET),
        },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await res.json()) as { data?: any; errors?: unknown };
      expect(body.errors).toBeUndefined();
      return { sql: Number(res.headers.get('x-sql-count')), data: body.data };
    };
    const list = (n: number) =>
      sqlFor(`{ orders(first: ${n}) { totalCount nodes { id status lines { sku status scheduleLines { date } } shipments { id } exceptions { id }
        timeline { id type hash } timelineVerified } } }`);
    const few = await list(2);
    const many = await list(50);
    expect(many.data.orders.nodes.length).toBeGreaterThan(few.data.orders.nodes.length);
    expect(many.sql).toBe(few.sql);
    expect(many.sql).toBeLessThanOrEqual(8);

    const small = await place([{ sku: 'BOLT-0001', quantity: 1 }]);
    const big = await place([
      { sku: 'BOLT-0001', quantity: 1 },
      { sku: 'NUT-0002', quantity: 1 },
      { sku: 'BRG-0004', quantity: 1 },
    ]);
    const token = stack.token('ACME', 'buyer');
    for (let i = 0; i < 5; i++) {
      const line = (await order(big.id, token)).lines[0].id;
      const d = (await gql(stack.gatewayUrl, DISPUTE, { token, variables: { o: big.id, l: line, r: `dispute ${i}` } })).body.data
        .disputeOrderPrice;
      await gql(stack.gatewayUrl, RESOLVE, { token, variables: { o: big.id, e: d.exception.id, a: 'WITHDRAW' } });
    }
    const one = (id: string) =>
      sqlFor(
        `query($id: ID!) { order(id: $id) { id lines { sku } exceptions { id } shipments { id } timeline { id type hash } timelineVerified } }`,
        {
          id,
        },
      );
    const a = await one(small.id);
    const b = await one(big.id);
    expect(b.data.order.timeline.length).toBeGreaterThan(a.data.order.timeline.length + 5);
    expect(b.sql).toBe(a.sql);
  });
});

describe('history', () => {
  it('orders found by the first full sync come with their shipments (carrier, tracking, packages)', async () => {
    const token = stack.token('ACME', 'buyer');
    const done = (
      await gql(
        stack.gatewayUrl,
        `{ orders(filter: { status: [COMPLETED] }, first: 20) { nodes { origin lines { shippedQuantity } shipments { carrier trackingNumber trackingUrl packages { trackingNumber } lines { quantity } } } } }`,
        { token },
      )
    ).body.data.orders.nodes.filter((o: { origin: string }) => o.origin === 'ERP');
    expect(done.length).toBeGreaterThan(0);
    for (const o of done) {
      expect(o.shipments.length).toBeGreaterThan(0);
      const shipped = o.shipments
        .flatMap((s: { lines: { quantity: number }[] }) => s.lines)
        .reduce((n: number, l: { quantity: number }) => n + l.quantity, 0);
      expect(shipped).toBe(o.lines.reduce((n: number, l: { shippedQuantity: number }) => n + l.shippedQuantity, 0));
      expect(o.shipments[0].trackingUrl).toContain(o.shipments[0].trackingNumber);
    }
  });
});

describe('subscriptions on the orders subgraph (graphql-ws)', () => {
  const SUB = `subscription($id: ID!, $after: String) { orderUpdated(orderId: $id, after: $after) {
    cursor event { id type summary cursor } order { id status exceptions { type status } } } }`;

  it('a client that misses 3 events gets them on reconnect with `after`, then live ones, none twice', async () => {
    const placed = await place([{ sku: 'BOLT-0001', quantity: 4 }]);
    const token = stack.token('ACME', 'buyer');
    const o = await waitFor(async () => {
      const x = await order(placed.id, placed.token);
      return types(x).includes('order.acknowledged') ? x : null;
    });
    const lineId = o.lines[0].id;
    const start = o.timeline.at(-1).cursor;
    const url = `${stack.services.orders.url}/graphql`;
    const dispute = async (r: string) =>
      (await gql(stack.gatewayUrl, DISPUTE, { token, variables: { o: placed.id, l: lineId, r } })).body.data.disputeOrderPrice.exception
        .id as string;
    const withdraw = (id: string) => gql(stack.gatewayUrl, RESOLVE, { token, variables: { o: placed.id, e: id, a: 'WITHDRAW' } });

    // Connected: one event arrives live.
    let client = wsClient(url, viewerParams('ACME', 'buyer'));
    let sub = collect(client, SUB, { id: placed.id, after: start });
    await new Promise((r) => setTimeout(r, 300));
    const d1 = await dispute('first');
    const [live1] = await sub.waitFor(1);
    expect(live1.orderUpdated.event.type).toBe('exception.raised');
    expect(live1.orderUpdated.order.exceptions).toContainEqual({ type: 'PRICE_DISPUTE', status: 'OPEN' });
    const resumeAt = live1.orderUpdated.cursor;
    sub.stop();
    await client.dispose();

    // Disconnected: three events happen.
    await withdraw(d1);
    const d2 = await dispute('second');
    await withdraw(d2);

    // Reconnect from the last cursor seen: the three missed, in order, then live ones.
    client = wsClient(url, viewerParams('ACME', 'buyer'));
    sub = collect(client, SUB, { id: placed.id, after: resumeAt });
    const missed = await sub.waitFor(3);
    expect(missed.map((m) => m.orderUpdated.event.type)).toEqual(['exception.resolved', 'exception.raised', 'exception.resolved']);
    await dispute('third');
    const all = await sub.waitFor(4);
    expect(all[3].orderUpdated.event.type).toBe('exception.raised');
    await new Promise((r) => setTimeout(r, 1500)); // a poll round later: nothing repeated
    expect(sub.results).toHaveLength(4);
    const ids = sub.results.map((m) => m.orderUpdated.event.id);
    expect(new Set(ids).size).toBe(4);
    const timeline = (await order(placed.id, token)).timeline;
    const afterResume = timeline
      .slice(timeline.findIndex((e: { cursor: string }) => e.cursor === resumeAt) + 1)
      .map((e: { id: string }) => e.id);
    expect(ids).toEqual(afterResume);
    sub.stop();

    // The account-wide stream replays the same from the same cursor.
    const account = collect(
      client,
      `subscription($after: String) { accountOrderUpdates(after: $after) { cursor event { id } order { id } } }`,
      {
        after: resumeAt,
      },
    );
    const replayed = await account.waitFor(4);
    expect(replayed.map((m) => m.accountOrderUpdates.event.id)).toEqual(ids);
    account.stop();
    await client.dispose();
  });

  it('enforces tenancy on subscribe, and refuses a connection without a valid gateway signature', async () => {
    const placed = await place([{ sku: 'BOLT-0001', quantity: 1 }]);
    const url = `${stack.services.orders.url}/graphql`;
    const other = wsClient(url, viewerParams('GLOBEX', 'buyer'));
    const refused = collect(other, SUB, { id: placed.id });
    await waitFor(async () => refused.errors.length > 0 || null);
    expect(JSON.stringify(refused.errors)).toContain('NOT_FOUND');
    const badCursor = collect(other, SUB, { id: placed.id, after: 'bm9wZQ' });
    await waitFor(async () => badCursor.errors.length > 0 || null);
    expect(JSON.stringify(badCursor.errors)).toContain('BAD_USER_INPUT');
    await other.dispose();

    const forged = wsClient(url, viewerParams('ACME', 'buyer', 'x'.repeat(40)));
    const sub = collect(forged, SUB, { id: placed.id });
    await waitFor(async () => sub.errors.length > 0 || null);
    expect(sub.results).toHaveLength(0);
    await forged.dispose();
  });
});

describe('the whole story through the gateway', () => {
  it('(last: moves the ERP clock) reorder → price changed → accept → approval → ERP ack → partial shipment → invoice → completed', async () => {
    const buyer = stack.token('ACME', 'buyer');
    const approver = stack.token('ACME', 'approver');
    // An earlier order to reorder from.
    const earlier = await place([
      { sku: 'BOLT-0001', quantity: 41 },
      { sku: 'WSH-0013', quantity: 2 },
    ]);
    const re = (
      await gql(
        stack.gatewayUrl,
        `mutation($o: ID!) { reorder(orderId: $o) { __typename ... on ReorderedCart { cart { id lines { sku quantity } } } } }`,
        {
          token: buyer,
          variables: { o: earlier.id },
        },
      )
    ).body.data.reorder;
    expect(re.cart.lines).toEqual([
      { sku: 'BOLT-0001', quantity: 41 },
      { sku: 'WSH-0013', quantity: 2 },
    ]);
    const cartId = re.cart.id as string;
    // 50 of the worked example's item: 30 now, 20 once the purchase order arrives (partial delivery).
    await gql(
      stack.gatewayUrl,
      `mutation($c: ID!) { addCartLines(cartId: $c, lines: [{ sku: "ATP-DEMO-1", quantity: 50 }]) { __typename } }`,
      {
        token: buyer,
        variables: { c: cartId },
      },
    );
    const seen = await view(cartId, buyer);

    // The price of one line changes in the ERP before the portal hears of it.
    const winning = (
      await gql(stack.gatewayUrl, `{ item(sku: "WSH-0013") { price(quantity: 2) { basis { conditionId } } } }`, { token: buyer })
    ).body.data.item.price.basis.conditionId;
    const record = await findCondition(erp(), winning);
    let accepted;
    let freshQuote = '';
    try {
      await admin().setFaults({ 'GET /v1/events': { errorRate: 1 } });
      await new Promise((r) => setTimeout(r, 800));
      await admin().changeCondition({ ...record, amount: new Decimal(record.amount!).plus('0.25').toFixed(2) });
      const changed = (await submit(buyer, { cartId, idempotencyKey: 'k-story', acceptedQuoteId: seen.quoteId })).body.data.submitCart;
      expect(changed.__typename).toBe('PriceChanged');
      expect(changed.changes).toEqual([expect.objectContaining({ sku: 'WSH-0013' })]);
      freshQuote = changed.quoteId;
      accepted = (await submit(buyer, { cartId, idempotencyKey: 'k-story', acceptedQuoteId: freshQuote })).body.data.submitCart;
    } finally {
      await admin().clearFaults();
    }
    expect(accepted).toMatchObject({ __typename: 'ApprovalRequired', spendingLimit: { amount: '5000.00', currency: 'USD' } });
    const approved = (
      await gql(
        stack.gatewayUrl,
        `mutation($c: ID!) { approveCart(cartId: $c, comment: "ok for Q4") { __typename ... on OrderSubmitted { order { id } } } }`,
        {
          token: approver,
          variables: { c: cartId },
        },
      )
    ).body.data.approveCart;
    expect(approved.__typename).toBe('OrderSubmitted');
    const orderId = approved.order.id as string;
    // The buyer's retry with the same key replays the approved order.
    const replay = (await submit(buyer, { cartId, idempotencyKey: 'k-story', acceptedQuoteId: freshQuote })).body.data.submitCart;
    expect(replay).toMatchObject({ __typename: 'OrderSubmitted', order: { id: orderId } });

    const acked = await waitFor(async () => {
      const o = await order(orderId, buyer);
      return o.erpOrderNumber && types(o).includes('exception.raised') ? o : null;
    });
    const atpLine = acked.lines.find((l: { sku: string }) => l.sku === 'ATP-DEMO-1');
    expect(atpLine.scheduleLines.map((s: { quantity: number }) => s.quantity)).toEqual([30, 20]);
    expect(acked.exceptions).toContainEqual(
      expect.objectContaining({ type: 'PARTIAL', reasonCode: 'SPLIT_DELIVERY', lineNo: atpLine.lineNo }),
    );

    // The clock moves: the first part ships and is invoiced, then the rest.
    for (let day = 0; day < 12; day++) {
      await admin().advance({ days: 1 });
      if ((await order(orderId, buyer)).status === 'COMPLETED') break;
    }
    const done = await waitFor(async () => {
      const o = await order(orderId, buyer);
      const invoices = o.timeline.filter((e: { type: string }) => e.type === 'invoice.posted').length;
      return o.status === 'COMPLETED' && invoices >= 2 ? o : null;
    }, 20_000);
    // A partial shipment first: 30 of the 50, the rest later.
    const shipped = done.timeline.filter((e: { type: string }) => e.type === 'shipment.shipped');
    const atpShipped = shipped.map((e: { lines: { sku: string; quantity: number }[] }) =>
      e.lines.filter((l) => l.sku === 'ATP-DEMO-1').reduce((n, l) => n + l.quantity, 0),
    );
    expect(atpShipped.filter((n: number) => n > 0)).toEqual([30, 20]);
    expect(
      done.timeline.some((e: { type: string; status: string }) => e.type === 'order.status_changed' && e.status === 'PARTIALLY_SHIPPED'),
    ).toBe(true);

    const steps = types(done);
    const inOrder = [
      'pricing.snapshot',
      'availability.checked',
      'approval.requested',
      'approval.approved',
      'order.submitted',
      'order.acknowledged',
      'exception.raised',
      'shipment.shipped',
      'invoice.posted',
      'shipment.shipped',
      'invoice.posted',
    ];
    let at = -1;
    for (const step of inOrder) {
      const next = steps.indexOf(step, at + 1);
      expect(next, `${step} after position ${at} in ${steps.join(', ')}`).toBeGreaterThan(at);
      at = next;
    }
    expect(done.timeline.at(-1)).toBeDefined();
    expect(done.timeline.some((e: { type: string; status: string }) => e.type === 'order.status_changed' && e.status === 'COMPLETED')).toBe(
      true,
    );
    const snapshot = done.timeline.find((e: { type: string }) => e.type === 'pricing.snapshot');
    expect(snapshot.lines.map((l: { sku: string }) => l.sku)).toEqual(['BOLT-0001', 'WSH-0013', 'ATP-DEMO-1']);
    expect(snapshot.quoteId).toBe(freshQuote);
    const approval = done.timeline.find((e: { type: string }) => e.type === 'approval.approved');
    expect(approval).toMatchObject({ decision: 'APPROVED', comment: 'ok for Q4' });
    const invoice = done.timeline.find((e: { type: string }) => e.type === 'invoice.posted');
    expect(invoice.source).toBe('INVOICES');
    expect(invoice.invoiceNumber).toBeTruthy();
    // The split delivery closed itself once everything was delivered.
    expect(done.exceptions.find((e: { type: string }) => e.type === 'PARTIAL')).toMatchObject({
      status: 'RESOLVED',
      resolution: { action: 'DELIVERED', by: 'erp' },
    });
    expect(done.timelineVerified).toBe(true);
    // Each confirmation is one fact: status changes and shipments do not record it again.
    const confirmations = done.timeline
      .filter((e: { type: string }) => e.type === 'order.confirmed')
      .map((e: { summary: string }) => e.summary);
    expect(new Set(confirmations).size, confirmations.join(' | ')).toBe(confirmations.length);
    // Timestamps never go backwards... per source they follow the business clock; the chain order is the sequence.
    expect(new Set(done.timeline.map((e: { id: string }) => e.id)).size).toBe(done.timeline.length);
  });
});
