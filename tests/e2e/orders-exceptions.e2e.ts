/**
 * Orders after submit: exceptions carried to the ERP — credit hold released (by the seller's
 * credit control, not the buyer side), substitution accepted, a late confirmation accepted with
 * its actor, requested dates agreed by the cart, the submit's re-check and the ERP, price disputes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '@portal/testkit';
import { allPages } from '../support/erp.js';
import { gql } from '../support/graphql.js';
import { admin, cartWith, DISPUTE, erp, order, place, RESOLVE, startOrdersStack, submit, types } from '../support/orders.js';
import type { TestStack } from '../support/stack.js';

let stack: TestStack;

beforeAll(async () => {
  stack = await startOrdersStack();
});
afterAll(async () => {
  await stack?.stop();
});

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
    // Give the worked example's supply back.
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
