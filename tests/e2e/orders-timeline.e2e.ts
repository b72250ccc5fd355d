/**
 * Orders after submit: exceptions carried to the ERP (credit hold released,
 * substitution accepted, price disputes), the hash-chained timeline and its verification against
 * a tampered row, order subscriptions on the orders subgraph (graphql-ws) that replay what a
 * disconnected client missed, SQL per query, and the whole story through the gateway:
 * reorder → price changed → accept → over the limit → approval → ERP ack → partial shipment →
 * invoice → completed.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createReferenceErpAdmin } from '@portal/erp/admin';
import { createReferenceErp } from '@portal/erp/port';
import { DEV_ERP_API_KEY } from '@portal/reference-erp/config';
import { signViewerHeader, VIEWER_HEADER } from '@portal/platform/auth';
import { DEV_INTERNAL_SECRET } from '@portal/platform/config';
import { Decimal } from '@portal/platform/money';
import { waitFor } from '@portal/testkit';
import { allPages, findCondition } from '../support/erp.js';
import { gql } from '../support/graphql.js';
import { startTestStack, type TestStack } from '../support/stack.js';
import { collect, wsClient } from '../support/subscriptions.js';

let stack: TestStack;
const admin = () => createReferenceErpAdmin({ baseUrl: stack.services.erp.url, apiKey: DEV_ERP_API_KEY });
const erp = () => createReferenceErp({ baseUrl: stack.services.erp.url, apiKey: DEV_ERP_API_KEY });

beforeAll(async () => {
  stack = await startTestStack({
    PRICING_FEED_WAIT_MS: '500',
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

const SUBMIT = `mutation($i: SubmitCartInput!) { submitCart(input: $i) { __typename
  ... on OrderSubmitted { order { id status erpOrderNumber } }
  ... on ApprovalRequired { cart { id status } total { amount currency } spendingLimit { amount currency } }
  ... on PriceChanged { quoteId changes { sku oldNetAmount { amount currency } newNetAmount { amount currency } } }
  ... on ErrorResult { errorCode message } } }`;
const RESOLVE = `mutation($o: ID!, $e: ID!, $a: OrderExceptionAction!, $c: String) {
  resolveOrderException(orderId: $o, exceptionId: $e, action: $a, comment: $c) { __typename
    ... on OrderExceptionResolved { exception { id status resolution { action by at comment } } }
    ... on ActionNotAllowed { allowedActions }
    ... on ErrorResult { errorCode message } } }`;
const DISPUTE = `mutation($o: ID!, $l: ID!, $r: String!) { disputeOrderPrice(orderId: $o, lineId: $l, reason: $r) { __typename
  ... on OrderExceptionRaised { exception { id type status actions } }
  ... on InvalidInput { field }
  ... on ErrorResult { errorCode message } } }`;
const ORDER = `query($id: ID!) { order(id: $id) { id status erpOrderNumber holdReason correlationId
  lines { id lineNo sku quantity confirmedQuantity shippedQuantity status proposedSku scheduleLines { date quantity basis } }
  exceptions { id type reasonCode status message actions lineNo sku proposedSku raisedBy resolution { action by at comment } }
  timelineVerified timelineVerification { valid checkedEvents brokenEventId reason }
  timeline { __typename id at type source correlationId summary actor hash prevHash cursor
    ... on ExceptionEvent { exceptionType resolution }
    ... on BillingEvent { invoiceNumber amount { amount currency } }
    ... on ShipmentEvent { shipmentId trackingNumber lines { sku quantity } }
    ... on PricingSnapshotEvent { quoteId total { amount currency } lines { sku quantity unitPrice { amount currency } netAmount { amount currency } } }
    ... on ApprovalEvent { decision comment spendingLimit { amount } }
    ... on OrderTimelineEvent { erpOrderNumber status previousStatus } } } }`;

async function cartWith(lines: { sku: string; quantity: number }[], account = 'ACME', role: 'buyer' | 'approver' = 'buyer') {
  const token = stack.token(account, role);
  const id = (await gql(stack.gatewayUrl, `mutation { createCart { ... on Cart { id } } }`, { token })).body.data.createCart.id as string;
  if (lines.length)
    await gql(stack.gatewayUrl, `mutation($c: ID!, $l: [CartLineInput!]!) { addCartLines(cartId: $c, lines: $l) { __typename } }`, {
      token,
      variables: { c: id, l: lines },
    });
  return { id, token, ...(await view(id, token)) };
}
async function view(cartId: string, token: string) {
  const v = await gql(
    stack.gatewayUrl,
    `query($c: ID!) { cart(id: $c) { quote { id } totals { total { amount } } lines { sku quantity availability { status } } } }`,
    { token, variables: { c: cartId } },
  );
  return { quoteId: v.body.data.cart.quote.id as string, total: v.body.data.cart.totals.total.amount as string };
}
const submit = (token: string, input: Record<string, unknown>) => gql(stack.gatewayUrl, SUBMIT, { token, variables: { i: input } });
async function order(id: string, token: string) {
  const r = await gql(stack.gatewayUrl, ORDER, { token, variables: { id } });
  if (!r.body.data) throw new Error(`order query failed: ${JSON.stringify(r.body.errors)}`);
  return r.body.data.order;
}
async function place(
  lines: { sku: string; quantity: number }[],
  account = 'ACME',
  role: 'buyer' | 'approver' = 'approver',
  key = crypto.randomUUID(),
) {
  const cart = await cartWith(lines, account, role);
  const r = (await submit(cart.token, { cartId: cart.id, idempotencyKey: key, acceptedQuoteId: cart.quoteId })).body.data.submitCart;
  expect(r.__typename).toBe('OrderSubmitted');
  return { id: r.order.id as string, token: cart.token };
}
const viewerParams = (account: string, role: 'buyer' | 'approver', secret = DEV_INTERNAL_SECRET) => {
  const t = stack.tokens.find((x) => x.accountId === account && x.role === role)!;
  return { [VIEWER_HEADER]: signViewerHeader({ userId: t.userId, accountId: account, roles: [role] }, secret) };
};
const types = (o: { timeline: { type: string }[] }) => o.timeline.map((e) => e.type);

describe('order exceptions', () => {
  it("credit hold: the buyer side may not release it (only ask), the seller's credit control releases it in the ERP; who, when and why are recorded", async () => {
    // INITECH's credit limit is 15 000: an order above it is held by the ERP's credit check.
    const price = (
      await gql(stack.gatewayUrl, `{ item(sku: "BRG-0004") { price(quantity: 100) { unitPrice { amount } } } }`, {
        token: stack.token('INITECH', 'approver'),
      })
    ).body.data.item.price.unitPrice.amount as string;
    const quantity = Math.ceil(16_000 / Number(price));
    const placed = await place([{ sku: 'BRG-0004', quantity }], 'INITECH', 'approver');
    const held = await waitFor(async () => {
      const o = await order(placed.id, placed.token);
      return o.status === 'ON_HOLD' && o.exceptions.some((e: { type: string }) => e.type === 'CREDIT_HOLD') ? o : null;
    });
    expect(held.holdReason).toBe('CREDIT_LIMIT_EXCEEDED');
    const ex = held.exceptions.find((e: { type: string }) => e.type === 'CREDIT_HOLD');
    expect(ex).toMatchObject({
      reasonCode: 'CREDIT_LIMIT_EXCEEDED',
      status: 'OPEN',
      actions: ['RELEASE_CREDIT_HOLD', 'REQUEST_CREDIT_RELEASE', 'CANCEL_ORDER'],
      raisedBy: 'erp',
    });

    const buyer = stack.token('INITECH', 'buyer');
    const refused = (
      await gql(stack.gatewayUrl, RESOLVE, { token: buyer, variables: { o: placed.id, e: ex.id, a: 'RELEASE_CREDIT_HOLD' } })
    ).body.data.resolveOrderException;
    expect(refused).toMatchObject({
      __typename: 'ActionNotAllowed',
      errorCode: 'ROLE_NOT_ALLOWED',
      allowedActions: ['REQUEST_CREDIT_RELEASE', 'CANCEL_ORDER'],
    });
    // The account's approver may not release it either: releasing is the seller's decision.
    const byApprover = (
      await gql(stack.gatewayUrl, RESOLVE, { token: placed.token, variables: { o: placed.id, e: ex.id, a: 'RELEASE_CREDIT_HOLD' } })
    ).body.data.resolveOrderException;
    expect(byApprover).toMatchObject({ __typename: 'ActionNotAllowed', errorCode: 'ROLE_NOT_ALLOWED' });
    const wrong = (await gql(stack.gatewayUrl, RESOLVE, { token: buyer, variables: { o: placed.id, e: ex.id, a: 'ACCEPT_SUBSTITUTION' } }))
      .body.data.resolveOrderException;
    expect(wrong).toMatchObject({ __typename: 'ActionNotAllowed', errorCode: 'ACTION_NOT_OFFERED' });
    const otherAccount = (
      await gql(stack.gatewayUrl, RESOLVE, {
        token: stack.token('ACME', 'approver'),
        variables: { o: placed.id, e: ex.id, a: 'RELEASE_CREDIT_HOLD' },
      })
    ).body.data.resolveOrderException;
    expect(otherAccount.__typename).toBe('OrderNotFound');
    expect((await order(placed.id, placed.token)).status).toBe('ON_HOLD'); // nothing changed

    const creditControl = stack.token('SELLER', 'credit_controller');
    const released = (
      await gql(stack.gatewayUrl, RESOLVE, {
        token: creditControl,
        variables: { o: placed.id, e: ex.id, a: 'RELEASE_CREDIT_HOLD', c: 'prepayment received' },
      })
    ).body.data.resolveOrderException;
    expect(released).toMatchObject({
      __typename: 'OrderExceptionResolved',
      exception: { status: 'RESOLVED', resolution: { action: 'RELEASE_CREDIT_HOLD', comment: 'prepayment received' } },
    });
    expect(released.exception.resolution.by).toBe('seller-credit-control');
    const again = (
      await gql(stack.gatewayUrl, RESOLVE, { token: creditControl, variables: { o: placed.id, e: ex.id, a: 'RELEASE_CREDIT_HOLD' } })
    ).body.data.resolveOrderException;
    expect(again).toMatchObject({ __typename: 'ActionNotAllowed', errorCode: 'EXCEPTION_RESOLVED' });
    // The ERP lifted the hold; the feed brings the order back to CONFIRMED.
    const after = await waitFor(async () => {
      const o = await order(placed.id, placed.token);
      return o.status !== 'ON_HOLD' ? o : null;
    });
    expect(after.holdReason).toBeNull();
    expect(types(after)).toEqual(expect.arrayContaining(['exception.raised', 'exception.resolved', 'order.status_changed']));
    expect(after.timelineVerified).toBe(true);
  });

  it('substitution: a discontinued item gets a proposed successor in the ERP; accepting it replaces the line', async () => {
    const cart = await cartWith([{ sku: 'VLV-0015', quantity: 3 }], 'ACME', 'approver');
    // Discontinued in the ERP after it went into the cart (the portal learns of it later).
    await admin().changeItem({ sku: 'VLV-0015', discontinued: true, successorSku: 'VLV-0025' });
    const r = (await submit(cart.token, { cartId: cart.id, idempotencyKey: 'k-subst', acceptedQuoteId: cart.quoteId })).body.data
      .submitCart;
    expect(r.__typename).toBe('OrderSubmitted');
    const proposed = await waitFor(async () => {
      const o = await order(r.order.id, cart.token);
      return o.exceptions.find((e: { type: string }) => e.type === 'SUBSTITUTION') ? o : null;
    });
    expect(proposed.lines[0]).toMatchObject({ sku: 'VLV-0015', status: 'SUBSTITUTION_PROPOSED', proposedSku: 'VLV-0025' });
    const ex = proposed.exceptions.find((e: { type: string }) => e.type === 'SUBSTITUTION');
    expect(ex).toMatchObject({ reasonCode: 'ITEM_DISCONTINUED', lineNo: 10, sku: 'VLV-0015', proposedSku: 'VLV-0025', status: 'OPEN' });
    const done = (
      await gql(stack.gatewayUrl, RESOLVE, {
        token: stack.token('ACME', 'buyer'),
        variables: { o: r.order.id, e: ex.id, a: 'ACCEPT_SUBSTITUTION' },
      })
    ).body.data.resolveOrderException;
    expect(done).toMatchObject({
      __typename: 'OrderExceptionResolved',
      exception: { status: 'RESOLVED', resolution: { action: 'ACCEPT_SUBSTITUTION' } },
    });
    const replaced = await waitFor(async () => {
      const o = await order(r.order.id, cart.token);
      return o.lines[0].sku === 'VLV-0025' ? o : null;
    });
    expect(replaced.lines[0]).toMatchObject({ sku: 'VLV-0025', quantity: 3, confirmedQuantity: 3, proposedSku: null });
    const [erpOrder] = (await allPages((cursor) => erp().orders.exportSalesOrders({ cursor, limit: 1000 }))).filter(
      (o) => o.portalOrderId === r.order.id,
    );
    expect(erpOrder?.lines[0]).toMatchObject({ sku: 'VLV-0025', status: 'CONFIRMED' });
    // Decided by the buyer: the exception stays resolved as the buyer left it, not re-opened or re-resolved by the ERP.
    expect(replaced.exceptions.filter((e: { type: string }) => e.type === 'SUBSTITUTION')).toHaveLength(1);
    expect(replaced.timelineVerified).toBe(true);
  });

  it('late confirmation: 50 wanted at once, 30 confirmed then and 20 on the later receipt → LATE_CONFIRMATION for the 20; accepting closes it with the actor', async () => {
    const placed = await place([{ sku: 'ATP-DEMO-1', quantity: 50 }]);
    const o = await waitFor(
      async () => {
        const v = await order(placed.id, placed.token);
        return v.exceptions.some((e: { type: string }) => e.type === 'LATE_CONFIRMATION') ? v : null;
      },
      { timeoutMs: 30_000, intervalMs: 250, message: 'the late confirmation' },
    );
    const line = o.lines[0];
    const schedule = line.scheduleLines as { date: string; quantity: number }[];
    expect(schedule.map((s) => s.quantity)).toEqual([30, 20]);
    const late = await gql(
      stack.gatewayUrl,
      `query($id: ID!) { order(id: $id) { exceptions { id type reasonCode status actions lineNo sku
        lateConfirmation { promisedDate promisedQuantity onTimeQuantity lateQuantity confirmedDate late { date quantity } } } } }`,
      { token: placed.token, variables: { id: placed.id } },
    );
    const ex = late.body.data.order.exceptions.find((e: { type: string }) => e.type === 'LATE_CONFIRMATION');
    expect(ex).toMatchObject({
      reasonCode: 'CONFIRMED_AFTER_REQUESTED_DATE',
      status: 'OPEN',
      actions: ['ACCEPT_DATE', 'CANCEL_LINE'],
      lineNo: line.lineNo,
      sku: 'ATP-DEMO-1',
      lateConfirmation: {
        promisedDate: schedule[0]!.date,
        promisedQuantity: 50,
        onTimeQuantity: 30,
        lateQuantity: 20,
        confirmedDate: schedule[1]!.date,
        late: [{ date: schedule[1]!.date, quantity: 20 }],
      },
    });
    // Another exception's fields read null; the split itself stays a PARTIAL of its own.
    expect(
      late.body.data.order.exceptions
        .filter((e: { type: string }) => e.type !== 'LATE_CONFIRMATION')
        .map((e: { lateConfirmation: unknown }) => e.lateConfirmation),
    ).toEqual([null]);
    // Analysts read, they do not decide; the buyer side accepts the later date, which the ERP's plan already is.
    const analyst = (
      await gql(stack.gatewayUrl, RESOLVE, {
        token: stack.token('ACME', 'analyst'),
        variables: { o: placed.id, e: ex.id, a: 'ACCEPT_DATE' },
      })
    ).body;
    expect(analyst.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const accepted = (
      await gql(stack.gatewayUrl, RESOLVE, {
        token: placed.token,
        variables: { o: placed.id, e: ex.id, a: 'ACCEPT_DATE', c: 'the 20 can wait' },
      })
    ).body.data.resolveOrderException;
    expect(accepted).toMatchObject({
      __typename: 'OrderExceptionResolved',
      exception: { id: ex.id, status: 'RESOLVED', resolution: { action: 'ACCEPT_DATE', by: 'acme-approver', comment: 'the 20 can wait' } },
    });
    const again = (await gql(stack.gatewayUrl, RESOLVE, { token: placed.token, variables: { o: placed.id, e: ex.id, a: 'CANCEL_LINE' } }))
      .body.data.resolveOrderException;
    expect(again).toMatchObject({ __typename: 'ActionNotAllowed', errorCode: 'EXCEPTION_RESOLVED' });
    const after = await order(placed.id, placed.token);
    expect(after.exceptions.filter((e: { type: string }) => e.type === 'LATE_CONFIRMATION')).toEqual([
      expect.objectContaining({
        id: ex.id,
        status: 'RESOLVED',
        resolution: expect.objectContaining({ action: 'ACCEPT_DATE', by: 'acme-approver' }),
      }),
    ]);
    expect(after.lines[0].status).not.toBe('CANCELLED');
    expect(
      after.timeline.some((e: { type: string; actor: string | null }) => e.type === 'exception.resolved' && e.actor === 'acme-approver'),
    ).toBe(true);
    // Give the worked example's supply back for the story below.
    await erp().orders.cancelLine(o.erpOrderNumber, line.lineNo);
  });

  it('requested dates one way: a line’s own date, else the cart’s — the cart’s availability, the submit’s re-check and the ERP’s confirmation agree', async () => {
    const token = stack.token('ACME', 'approver');
    const today = (await erp().clock.now()).date;
    const workday = (n: number) => {
      const d = new Date(`${today}T00:00:00Z`);
      for (let k = 0; k < n;) {
        d.setUTCDate(d.getUTCDate() + 1);
        if (d.getUTCDay() !== 0 && d.getUTCDay() !== 6) k++;
      }
      return d.toISOString().slice(0, 10);
    };
    const header = workday(12);
    const own = workday(6);
    const created = await gql(
      stack.gatewayUrl,
      `mutation($d: Date) { createCart(input: { requestedDeliveryDate: $d }) { ... on Cart { id } } }`,
      {
        token,
        variables: { d: header },
      },
    );
    const cartId = created.body.data.createCart.id as string;
    await gql(stack.gatewayUrl, `mutation($c: ID!, $l: [CartLineInput!]!) { addCartLines(cartId: $c, lines: $l) { __typename } }`, {
      token,
      variables: {
        c: cartId,
        l: [
          { sku: 'BOLT-0001', quantity: 2, requestedDate: own },
          { sku: 'BRG-0004', quantity: 1 },
        ],
      },
    });
    const cart = (
      await gql(
        stack.gatewayUrl,
        `query($c: ID!) { cart(id: $c) { quote { id } lines { sku requestedDate effectiveRequestedDate availability { status atpDate scheduleLines { date quantity } } } } }`,
        { token, variables: { c: cartId } },
      )
    ).body.data.cart;
    const bySku = Object.fromEntries(cart.lines.map((l: { sku: string }) => [l.sku, l])) as Record<
      string,
      {
        requestedDate: string | null;
        effectiveRequestedDate: string | null;
        availability: { status: string; atpDate: string; scheduleLines: { date: string; quantity: number }[] };
      }
    >;
    expect([bySku['BOLT-0001']!.requestedDate, bySku['BOLT-0001']!.effectiveRequestedDate]).toEqual([own, own]);
    expect([bySku['BRG-0004']!.requestedDate, bySku['BRG-0004']!.effectiveRequestedDate]).toEqual([null, header]);
    // Each line is promised for its date: the line's own, else the cart's (both from stock).
    expect(bySku['BOLT-0001']!.availability.scheduleLines.map((s) => s.date)).toEqual([own]);
    expect(bySku['BRG-0004']!.availability.scheduleLines.map((s) => s.date)).toEqual([header]);

    const r = (await submit(token, { cartId, idempotencyKey: crypto.randomUUID(), acceptedQuoteId: cart.quote.id })).body.data.submitCart;
    expect(r.__typename).toBe('OrderSubmitted');
    const acked = await waitFor(
      async () => {
        const v = await order(r.order.id, token);
        return v.erpOrderNumber && v.lines.every((l: { scheduleLines: unknown[] }) => l.scheduleLines.length > 0) ? v : null;
      },
      { timeoutMs: 30_000, intervalMs: 250, message: 'the ERP acknowledgement' },
    );
    // The ERP scheduled each line by the same date.
    for (const l of acked.lines as { sku: string; scheduleLines: { date: string; quantity: number }[] }[])
      expect(
        l.scheduleLines.map((s) => ({ date: s.date, quantity: s.quantity })),
        l.sku,
      ).toEqual(bySku[l.sku]!.availability.scheduleLines);
    // The re-check at submit asked for the same dates, and found the same promise.
    const recheck = await gql(
      stack.gatewayUrl,
      `query($id: ID!) { order(id: $id) { timeline { type ... on AvailabilityCheckEvent { lines { sku availabilityStatus atpDate } } } } }`,
      { token, variables: { id: r.order.id } },
    );
    const checked = recheck.body.data.order.timeline.find((e: { type: string }) => e.type === 'availability.checked');
    expect(
      Object.fromEntries(
        checked.lines.map((l: { sku: string; availabilityStatus: string; atpDate: string }) => [l.sku, [l.availabilityStatus, l.atpDate]]),
      ),
    ).toEqual(Object.fromEntries(Object.entries(bySku).map(([sku, l]) => [sku, [l.availability.status, l.availability.atpDate]])));
    // Nothing was late: each line is confirmed on the date it asked for.
    expect(acked.exceptions.filter((e: { type: string }) => e.type === 'LATE_CONFIRMATION')).toEqual([]);
  });

  it('price dispute: raised by the buyer, one open per line, withdrawn; bad input changes nothing', async () => {
    const placed = await place([{ sku: 'BOLT-0001', quantity: 2 }]);
    const o = await order(placed.id, placed.token);
    const lineId = o.lines[0].id;
    const token = stack.token('ACME', 'buyer');
    const first = (await gql(stack.gatewayUrl, DISPUTE, { token, variables: { o: placed.id, l: lineId, r: 'contract says 0.80' } })).body
      .data.disputeOrderPrice;
    expect(first).toMatchObject({
      __typename: 'OrderExceptionRaised',
      exception: { type: 'PRICE_DISPUTE', status: 'OPEN', actions: ['WITHDRAW'] },
    });
    const second = (await gql(stack.gatewayUrl, DISPUTE, { token, variables: { o: placed.id, l: lineId, r: 'again' } })).body.data
      .disputeOrderPrice;
    expect(second).toMatchObject({ __typename: 'ActionNotAllowed', errorCode: 'DISPUTE_OPEN' });
    const blank = (await gql(stack.gatewayUrl, DISPUTE, { token, variables: { o: placed.id, l: lineId, r: '  ' } })).body.data
      .disputeOrderPrice;
    expect(blank).toMatchObject({ __typename: 'InvalidInput', field: 'reason' });
    const badLine = (await gql(stack.gatewayUrl, DISPUTE, { token, variables: { o: placed.id, l: 'nope', r: 'x' } })).body.data
      .disputeOrderPrice;
    expect(badLine).toMatchObject({ __typename: 'InvalidInput', field: 'lineId' });
    const analyst = await gql(stack.gatewayUrl, DISPUTE, {
      token: stack.token('ACME', 'analyst'),
      variables: { o: placed.id, l: lineId, r: 'x' },
    });
    expect(analyst.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const withdrawn = (
      await gql(stack.gatewayUrl, RESOLVE, {
        token,
        variables: { o: placed.id, e: first.exception.id, a: 'WITHDRAW', c: 'found the new contract' },
      })
    ).body.data.resolveOrderException;
    expect(withdrawn).toMatchObject({
      __typename: 'OrderExceptionResolved',
      exception: { status: 'RESOLVED', resolution: { action: 'WITHDRAW' } },
    });
    const after = await order(placed.id, placed.token);
    expect(after.exceptions.filter((e: { type: string }) => e.type === 'PRICE_DISPUTE')).toHaveLength(1);
    expect(types(after).filter((t: string) => t.startsWith('exception.'))).toEqual(['exception.raised', 'exception.resolved']);
  });
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
