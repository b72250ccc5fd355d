/**
 * Story: one order from history to cash, through the gateway only, with Bea's phone
 * following it over a graphql-ws subscription. Bea of ACME reorders from her order history and
 * adds the ATP worked example's item (30 now, 20 when the purchase order arrives); the ERP's
 * pricing clerk changes a price before she submits, so she accepts the new quote; the order is
 * over her spending limit, Alex approves, the ERP acknowledges it with exactly the promise her cart
 * showed. The business clock moves (the ERP's back office): a partial shipment with tracking, the
 * rest later, an invoice per delivery, a credit memo and a payment; Bea downloads both PDFs
 * through their signed links. Her phone drops its connection once and resumes from its last
 * cursor; at the end it has seen every timeline event once, in order, and the chain verifies.
 *
 * Every submit happens before the clock first moves: the portal prices on today's date and the ERP
 * on its business date, which part ways once the clock is ahead.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Decimal } from '@portal/platform/money';
import { CartDetailDocument, OpenInvoicesDocument, OrderHistoryDocument, OrderTimelineDocument } from '../../schema/generated/graphql.js';
import { erpPorts, findCondition } from '../support/erp.js';
import { startTestStack, type TestStack } from '../support/stack.js';
import { collect, wsClient, type Collected } from '../support/subscriptions.js';
import { backOffice, eventually, JourneyLog, persona, type Persona } from './journey.js';

let stack: TestStack;
const log = new JourneyLog(
  'order to cash: reorder → price change → approval → ATP kept → shipments → invoices → credit → paid, followed on a phone',
);
let bea: Persona;
let alex: Persona;
let nia: Persona;

beforeAll(async () => {
  const t = Date.now();
  stack = await startTestStack({
    PRICING_FEED_WAIT_MS: '500',
    ORDERS_FEED_WAIT_MS: '500',
    INVOICES_FEED_WAIT_MS: '500',
    INVOICES_OUTBOX_INTERVAL_MS: '200',
    ORDERS_OUTBOX_INTERVAL_MS: '200',
    ORDERS_SUBSCRIPTION_POLL_MS: '1000',
    ERP_FULFILMENT_INTERVAL_MS: '0',
  });
  bea = persona(stack, 'Bea (ACME)', 'ACME', 'buyer');
  alex = persona(stack, 'Alex (ACME)', 'ACME', 'approver');
  nia = persona(stack, 'Nia (analyst)', 'ACME', 'analyst');
  log.step('stack', 'ERP + 4 subgraphs + gateway up', `${((Date.now() - t) / 1000).toFixed(1)} s`);
});
afterAll(async () => {
  log.print();
  await phone.client?.dispose();
  await stack?.stop();
});

const SUBMIT = `mutation($i: SubmitCartInput!) { submitCart(input: $i) { __typename
  ... on OrderSubmitted { order { id number } } ... on ApprovalRequired { cart { id status } total { amount currency } spendingLimit { amount currency } }
  ... on PriceChanged { quoteId changes { sku oldUnitPrice { amount currency } newUnitPrice { amount currency } oldNetAmount { amount currency } newNetAmount { amount currency } } }
  ... on ErrorResult { errorCode message } } }`;
const ORDER = `query($id: ID!) { order(id: $id) { id number erpOrderNumber status
  lines { id lineNo sku quantity confirmedQuantity shippedQuantity invoicedQuantity status scheduleLines { date quantity basis } }
  shipments { id carrier trackingNumber trackingUrl status shippedAt deliveredAt lines { lineNo sku quantity }
    packages { packageNo trackingNumber lines { lineNo sku quantity } } }
  exceptions { type reasonCode status lineNo resolution { action by } }
  invoices { number status deliveryNumber total { amount } balance { amount } lines { lineNo sku quantity } document { url contentType } }
  creditMemos { number reason total { amount } invoice { number } document { url contentType } }
  timeline { id type cursor } } }`;
/** What the phone subscribes to: each event, with the order as it is after it (orders + invoices). */
const PHONE_FEED = `subscription($id: ID!, $after: String) { orderUpdated(orderId: $id, after: $after) {
  cursor event { id type summary } order { status shipments { trackingNumber } invoices { number } } } }`;

type Line = {
  id: string;
  lineNo: number;
  sku: string;
  quantity: number;
  scheduleLines: { date: string; quantity: number; basis: string }[];
};
type Update = { orderUpdated: { cursor: string; event: { id: string; type: string }; order: { status: string } } };

const state = {
  cartId: '',
  key: `reorder-${Date.now()}`,
  orderId: '',
  promise: null as null | { status: string; atpDate: string; scheduleLines: { date: string; quantity: number }[] },
};
/** Bea's phone: the events it rendered from the order screen, then each one the subscription brought. */
const phone = {
  seen: [] as { id: string; cursor: string; type: string }[],
  client: null as null | ReturnType<typeof wsClient>,
  sub: null as null | Collected<Update>,
  taken: 0,
  connect(after: string) {
    this.client = wsClient(stack.gatewayUrl, { Authorization: `Bearer ${bea.token}` });
    this.sub = collect<Update>(this.client, PHONE_FEED, { id: state.orderId, after });
    this.taken = 0;
  },
  /** Moves what arrived into `seen`; returns how many new ones. */
  drain() {
    const fresh = this.sub!.results.slice(this.taken);
    this.taken += fresh.length;
    for (const u of fresh) this.seen.push({ id: u.orderUpdated.event.id, cursor: u.orderUpdated.cursor, type: u.orderUpdated.event.type });
    return fresh.length;
  },
  async disconnect() {
    this.drain();
    this.sub!.stop();
    await this.client!.dispose();
    this.client = null;
  },
  last: () => phone.seen.at(-1)!.cursor,
};
const order = async (p: Persona = bea) => (await p.run(ORDER, { id: state.orderId })).order;
/** An event's position in the order events were stored (its cursor's sequence). */
const appended = (e: { cursor: string }) => Number(Buffer.from(e.cursor, 'base64url').toString().slice(3));
const clock = () => backOffice(stack);
/** Moves the business clock a day at a time until `probe` holds (giving the feeds a moment each day). */
async function advanceUntil<T>(what: string, probe: () => Promise<T | null>, maxDays: number): Promise<{ value: T; days: number }> {
  for (let days = 0; ; days++) {
    const settle = Date.now() + 1500;
    do {
      const value = await probe();
      if (value) return { value, days };
      await new Promise((r) => setTimeout(r, 200));
    } while (Date.now() < settle);
    if (days === maxDays) throw new Error(`${what}: not after ${maxDays} business days`);
    await clock().advance({ days: 1 });
  }
}

describe('order to cash, followed on a phone', () => {
  it('Bea reorders from her history and adds the ATP worked example: the cart promises 30 now and 20 later', async () => {
    const history = (await bea.run(OrderHistoryDocument, { first: 20 })).orders;
    const from = history.nodes.find((o: { status: string; lines: unknown[] }) => o.status === 'COMPLETED' && o.lines.length >= 2);
    expect(from).toBeTruthy();
    log.step(
      bea.name,
      `opens history (${history.totalCount} orders), picks ${from.number}`,
      from.lines.map((l: { quantity: number; sku: string }) => `${l.quantity}×${l.sku}`).join(', '),
    );
    const re = (
      await bea.run(
        `mutation($o: ID!) { reorder(orderId: $o) { __typename ... on ReorderedCart { cart { id lines { sku quantity } } replaced { sku } leftOut } } }`,
        { o: from.id },
      )
    ).reorder;
    expect(re.__typename).toBe('ReorderedCart');
    expect(re.cart.lines).toEqual(from.lines.map((l: { sku: string; quantity: number }) => ({ sku: l.sku, quantity: l.quantity })));
    state.cartId = re.cart.id;
    await bea.run(`mutation($c: ID!, $l: [CartLineInput!]!) { addCartLines(cartId: $c, lines: $l) { __typename } }`, {
      c: state.cartId,
      l: [
        { sku: 'ATP-DEMO-1', quantity: 50 },
        { sku: 'BOLT-0001', quantity: 20 },
      ],
    });
    const cart = (await bea.run(CartDetailDocument, { id: state.cartId })).cart;
    const atp = cart.lines.find((l: { sku: string }) => l.sku === 'ATP-DEMO-1').availability;
    // The ATP worked example: CATP 30 until the purchase order of d5; partial delivery → 30 + 20.
    expect(atp.status).toBe('PARTIAL');
    expect(atp.scheduleLines.map((s: { quantity: number }) => s.quantity)).toEqual([30, 20]);
    expect(atp.atpDate).toBe(atp.scheduleLines[1].date);
    state.promise = atp;
    // Everything else ships from stock, so the order can complete within days.
    for (const l of cart.lines.filter((x: { sku: string }) => x.sku !== 'ATP-DEMO-1'))
      expect(l.availability.status, l.sku).toBe('AVAILABLE');
    expect(new Decimal(cart.totals.total.amount).gt(5000)).toBe(true);
    log.step(
      bea.name,
      `reorders ${re.cart.lines.length} lines, adds 50×ATP-DEMO-1 and 20×BOLT-0001`,
      `ATP-DEMO-1 ${atp.status}: ${atp.scheduleLines.map((s: { quantity: number; date: string }) => `${s.quantity} on ${s.date}`).join(' + ')}; total ${cart.totals.total.amount} USD`,
    );
  });

  it('the ERP’s price changes before she submits: PriceChanged, she accepts the new quote, Alex approves, the ERP acknowledges', async () => {
    const seen = (
      await bea.run(
        `query($c: ID!) { cart(id: $c) { quote { id } lines { sku quantity price { unitPrice { amount } basis { conditionId } } } } }`,
        { c: state.cartId },
      )
    ).cart;
    // The ERP's pricing clerk raises the price of the first reordered line (a new condition version).
    const target = seen.lines[0];
    const record = await findCondition(erpPorts(stack.services.erp.url), target.price.basis.conditionId);
    const up = (a: string) => new Decimal(a).plus('1.00').toFixed(2);
    await clock().changeCondition({
      ...record,
      amount: record.amount ? up(record.amount) : record.amount,
      scales: record.scales?.map((s) => ({ ...s, amount: s.amount ? up(s.amount) : s.amount })),
    });
    log.step('ERP pricing', `raises ${target.sku} by 1.00`, `${record.id} → v${record.version + 1}`);

    const changed = (await bea.run(SUBMIT, { i: { cartId: state.cartId, idempotencyKey: state.key, acceptedQuoteId: seen.quote.id } }))
      .submitCart;
    expect(changed.__typename).toBe('PriceChanged');
    expect(changed.changes).toEqual([
      expect.objectContaining({
        sku: target.sku,
        oldUnitPrice: { amount: target.price.unitPrice.amount, currency: 'USD' },
        newUnitPrice: { amount: up(target.price.unitPrice.amount), currency: 'USD' },
      }),
    ]);
    log.step(
      bea.name,
      'submits the quote she saw',
      `PriceChanged ${target.sku} ${changed.changes[0].oldUnitPrice.amount} → ${changed.changes[0].newUnitPrice.amount}`,
    );

    const pending = (await bea.run(SUBMIT, { i: { cartId: state.cartId, idempotencyKey: state.key, acceptedQuoteId: changed.quoteId } }))
      .submitCart;
    expect(pending).toMatchObject({
      __typename: 'ApprovalRequired',
      cart: { status: 'PENDING_APPROVAL' },
      spendingLimit: { amount: '5000.00', currency: 'USD' },
    });
    log.step(bea.name, 'accepts the new quote', `ApprovalRequired: ${pending.total.amount} over ${pending.spendingLimit.amount}`);

    expect(((await alex.run(`{ pendingApprovals { id } }`)).pendingApprovals as { id: string }[]).map((c) => c.id)).toContain(state.cartId);
    const approved = (
      await alex.run(
        `mutation($c: ID!) { approveCart(cartId: $c, comment: "ok for Q4") { __typename ... on OrderSubmitted { order { id number } } } }`,
        { c: state.cartId },
      )
    ).approveCart;
    expect(approved.__typename).toBe('OrderSubmitted');
    state.orderId = approved.order.id;
    log.step(alex.name, 'approves ("ok for Q4")', `order ${approved.order.number}`);
    // Bea's app retries with the same key: the approved order, not a second one.
    const replay = (await bea.run(SUBMIT, { i: { cartId: state.cartId, idempotencyKey: state.key, acceptedQuoteId: changed.quoteId } }))
      .submitCart;
    expect(replay).toMatchObject({ __typename: 'OrderSubmitted', order: { id: state.orderId } });

    // Her phone opens the order screen and follows it from the last event it shows.
    const screen = (await bea.run(`query($id: ID!) { order(id: $id) { timeline { id cursor type } } }`, { id: state.orderId })).order
      .timeline;
    // The screen lists events by when they happened; the phone follows from the newest stored one.
    phone.seen.push(...[...screen].sort((a: { cursor: string }, b: { cursor: string }) => appended(a) - appended(b)));
    phone.connect(phone.last());
    log.step('Bea’s phone', `opens the order (${screen.length} events) and subscribes after ${phone.last()}`);

    const acked = await eventually('ERP acknowledgement', async () => {
      const o = await order();
      return o.erpOrderNumber && o.timeline.some((e: { type: string }) => e.type === 'order.acknowledged') ? o : null;
    });
    // The promise is kept: the ERP confirmed exactly the schedule the cart showed.
    const line = acked.lines.find((l: Line) => l.sku === 'ATP-DEMO-1') as Line;
    expect(line.scheduleLines.map((s) => ({ date: s.date, quantity: s.quantity }))).toEqual(
      state.promise!.scheduleLines.map((s) => ({ date: s.date, quantity: s.quantity })),
    );
    expect(line.scheduleLines.every((s) => s.basis === 'SUPPLY')).toBe(true);
    expect(line.scheduleLines.at(-1)!.date).toBe(state.promise!.atpDate);
    expect(acked.exceptions).toContainEqual(
      expect.objectContaining({ type: 'PARTIAL', reasonCode: 'SPLIT_DELIVERY', lineNo: line.lineNo, status: 'OPEN' }),
    );
    for (const l of acked.lines as (Line & { confirmedQuantity: number })[]) expect(l.confirmedQuantity, l.sku).toBe(l.quantity);
    log.step(
      'ERP',
      `acknowledges as ${acked.erpOrderNumber}`,
      `ATP-DEMO-1 confirmed ${line.scheduleLines.map((s) => `${s.quantity} on ${s.date}`).join(' + ')} = the cart's promise`,
    );
  });

  it('(moves the clock) a partial shipment with tracking, the rest later, an invoice per delivery; the phone drops once and resumes', async () => {
    // Day by day until the first delivery leaves the warehouse.
    const { value: first, days } = await advanceUntil(
      'first shipment on the order',
      async () => {
        const o = await order();
        // The shipment and the order's new status are two events of the ERP's feed: wait for both.
        return o.shipments.length > 0 && o.status === 'PARTIALLY_SHIPPED' ? o : null;
      },
      6,
    );
    const s1 = first.shipments[0];
    const atpShipped = (s: { lines: { sku: string; quantity: number }[] }) =>
      s.lines.filter((l) => l.sku === 'ATP-DEMO-1').reduce((n, l) => n + l.quantity, 0);
    expect(atpShipped(s1)).toBe(30);
    expect(s1.carrier).toBeTruthy();
    expect(s1.trackingUrl).toContain(s1.trackingNumber);
    expect(s1.packages.length).toBeGreaterThan(0);
    // Every shipped unit is in exactly one package.
    const packed = s1.packages.flatMap((p: { lines: { sku: string; quantity: number }[] }) => p.lines);
    for (const l of s1.lines)
      expect(packed.filter((p: { sku: string }) => p.sku === l.sku).reduce((n: number, p: { quantity: number }) => n + p.quantity, 0)).toBe(
        l.quantity,
      );
    log.step(
      'ERP warehouse',
      `ships ${s1.id} after ${days} day(s) (PARTIALLY_SHIPPED)`,
      `${s1.carrier} ${s1.trackingNumber}, ${s1.packages.length} package(s), ATP-DEMO-1 30 of 50 — ${s1.trackingUrl}`,
    );

    // The phone saw the shipment live, then loses its connection.
    await eventually(
      'phone sees the shipment',
      async () => phone.sub!.results.some((u) => u.orderUpdated.event.type === 'shipment.shipped'),
      15_000,
    );
    await phone.disconnect();
    const lastSeen = phone.last();
    log.step('Bea’s phone', `goes offline after ${phone.seen.length} events`, `last cursor ${lastSeen}`);

    // Business days pass while it is offline, until something has happened to the order.
    const { value: missed } = await advanceUntil(
      'an event while offline',
      async () => {
        // Counted in the order events were stored (the phone's order), not the timeline's (by when
        // they happened): a fact dated earlier can be stored after the last one the phone saw.
        const t = (await order()).timeline as { cursor: string }[];
        const n = t.filter((e) => appended(e) > appended({ cursor: lastSeen! })).length;
        return n > 0 ? n : null;
      },
      4,
    );
    phone.connect(lastSeen);
    const replayed = await phone.sub!.waitFor(missed, 15_000);
    phone.drain();
    log.step(
      'Bea’s phone',
      `reconnects with after=${lastSeen}`,
      `${missed} missed event(s) replayed: ${replayed.map((u) => u.orderUpdated.event.type).join(', ')}`,
    );

    // On until everything has shipped and both deliveries are invoiced.
    const { value: done } = await advanceUntil(
      'completed and invoiced twice',
      async () => {
        const o = await order();
        return o.status === 'COMPLETED' && o.invoices.length >= 2 ? o : null;
      },
      12,
    );
    expect(done.shipments.length).toBeGreaterThanOrEqual(2);
    expect(done.shipments.map(atpShipped).filter((n: number) => n > 0)).toEqual([30, 20]);
    for (const s of done.shipments) expect(s.trackingUrl).toContain(s.trackingNumber);
    for (const l of done.lines) expect(l.shippedQuantity, l.sku).toBe(l.quantity);
    // One invoice per delivery, billing exactly what each delivery shipped.
    const shipmentIds = done.shipments.map((s: { id: string }) => s.id);
    for (const inv of done.invoices) expect(shipmentIds).toContain(inv.deliveryNumber);
    expect(done.exceptions.find((e: { type: string }) => e.type === 'PARTIAL')).toMatchObject({
      status: 'RESOLVED',
      resolution: { action: 'DELIVERED', by: 'erp' },
    });
    log.step(
      'ERP',
      `ships the rest (${done.shipments.at(-1).trackingNumber}) and bills each delivery`,
      `${done.status}; invoices ${done.invoices.map((i: { number: string; total: { amount: string } }) => `${i.number} ${i.total.amount}`).join(', ')}`,
    );
  });

  it('a credit memo and a payment; Bea downloads the invoice and credit memo PDFs through their signed links', async () => {
    const before = await order();
    const invoice = [...before.invoices].sort((a: { number: string }, b: { number: string }) => a.number.localeCompare(b.number))[0];
    const atpLine = invoice.lines.find((l: { sku: string }) => l.sku === 'ATP-DEMO-1');
    expect(atpLine).toBeTruthy();
    const memo = await clock().issueCreditMemo(invoice.number, 'DAMAGED', [{ lineNo: atpLine.lineNo, quantity: 1 }]);
    const credited = await eventually('credit memo on the order', async () => {
      const o = await order();
      return o.creditMemos.some((m: { number: string }) => m.number === memo.number) ? o : null;
    });
    const m = credited.creditMemos.find((x: { number: string }) => x.number === memo.number);
    expect(m).toMatchObject({ reason: 'DAMAGED', total: { amount: memo.total }, invoice: { number: invoice.number } });
    const afterMemo = credited.invoices.find((i: { number: string }) => i.number === invoice.number);
    expect(afterMemo.balance.amount).toBe(new Decimal(invoice.total.amount).minus(memo.total).toFixed(2));
    log.step(
      'ERP billing',
      `credits 1 damaged ATP-DEMO-1 on ${invoice.number}`,
      `${memo.number} ${memo.total}; balance ${afterMemo.balance.amount}`,
    );

    await clock().receivePayment(invoice.number, afterMemo.balance.amount);
    const paid = await eventually('invoice paid', async () => {
      const o = await order();
      const i = o.invoices.find((x: { number: string }) => x.number === invoice.number);
      return i.status === 'PAID' && o.timeline.some((e: { type: string }) => e.type === 'invoice.payment_received') ? i : null;
    });
    expect(paid.balance.amount).toBe('0.00');
    const owed = (await bea.run(OpenInvoicesDocument, { first: 5 })).me.account.openBalance;
    log.step(
      'ERP billing',
      `receives ${afterMemo.balance.amount} for ${invoice.number}`,
      `${paid.status}; ACME owes ${owed.amount} ${owed.currency} in all`,
    );

    for (const [kind, number, doc] of [
      ['invoice', invoice.number, paid.document ?? afterMemo.document],
      ['credit memo', m.number, m.document],
    ] as const) {
      expect(doc.contentType).toBe('application/pdf');
      const file = await bea.download(doc.url);
      expect(file.status, `${kind} ${number}`).toBe(200);
      expect(file.contentType).toBe('application/pdf');
      expect(file.bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      expect(file.bytes.subarray(-6).toString('latin1')).toContain('%%EOF');
      expect(file.bytes.toString('latin1')).toContain(number);
      log.step(bea.name, `downloads the ${kind} PDF`, `${number}: ${file.bytes.length} bytes`);
    }
  });

  it('the timeline verifies, and the phone has seen every event of it once, in order', async () => {
    const final = (await nia.run(OrderTimelineDocument, { id: state.orderId })).order;
    expect(final.timelineVerified).toBe(true);
    expect(final.status).toBe('COMPLETED');
    const timeline = (await order()).timeline as { id: string; cursor: string; type: string }[];
    const types = timeline.map((e) => e.type);
    let at = -1;
    for (const step of [
      'pricing.snapshot',
      'availability.checked',
      'approval.requested',
      'approval.approved',
      'order.submitted',
      'order.acknowledged',
      'shipment.shipped',
      'invoice.posted',
      'shipment.shipped',
      'invoice.posted',
      'credit_memo.issued',
      'invoice.payment_received',
    ]) {
      const next = types.indexOf(step, at + 1);
      expect(next, `${step} after position ${at} in ${types.join(', ')}`).toBeGreaterThan(at);
      at = next;
    }
    await eventually('phone caught up', async () => {
      phone.drain();
      return phone.last() === [...timeline].sort((a, b) => appended(a) - appended(b)).at(-1)!.cursor;
    });
    await new Promise((r) => setTimeout(r, 1500)); // a poll round later: nothing repeated, nothing late
    // Compared when both are at rest (an event appended in between would show on both a moment later).
    let now: { id: string }[] = [];
    await eventually(
      'phone and timeline agree',
      async () => {
        phone.drain();
        // The phone gets events in the order they were stored (cursor order); the timeline lists them by when they happened.
        now = [...((await order()).timeline as { id: string; cursor: string }[])].sort((a, b) => appended(a) - appended(b));
        return phone.seen.length === now.length && phone.seen.every((e, i) => e.id === now[i]!.id);
      },
      10_000,
    ).catch(() => {});
    expect(phone.seen.map((e) => e.id)).toEqual(now.map((e) => e.id));
    expect(new Set(phone.seen.map((e) => e.id)).size).toBe(phone.seen.length);
    expect(phone.sub!.errors).toEqual([]);
    await phone.disconnect();
    log.step(
      nia.name,
      `verifies the timeline: ${final.timeline.length} events, chain ${final.timelineVerified ? 'intact' : 'BROKEN'}`,
      `phone saw ${phone.seen.length}/${now.length}, none twice`,
    );
  });
});
