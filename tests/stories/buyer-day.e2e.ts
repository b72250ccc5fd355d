/**
 * Story: a buyer's day at the portal, through the gateway only. Bea of ACME browses with
 * her contract prices and tier ladder, quick-orders from a SKU list (an unknown and a discontinued
 * SKU are refused with typed errors), and orders beyond supply: the cart shows the lead-time date,
 * the order carries a BACKORDER exception with that date. At INITECH the ERP's credit check holds
 * an approved order; Bea may not release it but asks for it, Cora of the seller's credit control releases it. Back at ACME, Bea accepts the
 * successor the ERP proposes on an order from the seed's history. The business clock never moves.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Decimal } from '@portal/platform/money';
import { CartDetailDocument, PortalOverviewDocument } from '../../schema/generated/graphql.js';
import { startTestStack, type TestStack } from '../support/stack.js';
import { eventually, JourneyLog, persona, type Persona } from './journey.js';

let stack: TestStack;
const log = new JourneyLog('a buyer’s day: browse, quick order, backorder, credit hold, substitution');
let bea: Persona; // buyer, ACME
let alex: Persona; // approver, ACME
let ibea: Persona; // buyer, INITECH
let ialex: Persona; // approver, INITECH
let cora: Persona; // the seller's credit controller

beforeAll(async () => {
  const t = Date.now();
  stack = await startTestStack({
    ORDERS_FEED_WAIT_MS: '500',
    PRICING_FEED_WAIT_MS: '500',
    ORDERS_OUTBOX_INTERVAL_MS: '200',
    ERP_FULFILMENT_INTERVAL_MS: '0',
  });
  bea = persona(stack, 'Bea (ACME)', 'ACME', 'buyer');
  alex = persona(stack, 'Alex (ACME)', 'ACME', 'approver');
  ibea = persona(stack, 'Bea (INITECH)', 'INITECH', 'buyer');
  ialex = persona(stack, 'Alex (INITECH)', 'INITECH', 'approver');
  cora = persona(stack, 'Cora (seller)', 'SELLER', 'credit_controller');
  await stack.historiesRebuilt();
  log.step('stack', 'ERP + 4 subgraphs + gateway up, order histories rebuilt', `${((Date.now() - t) / 1000).toFixed(1)} s`);
});
afterAll(async () => {
  log.print();
  await stack?.stop();
});

const PRICE = `basis { source contractId contractVersion priceListId tierMinQuantity validFrom validTo conditionId conditionVersion }`;
const ADD = `mutation($c: ID!, $l: [CartLineInput!]!) { addCartLines(cartId: $c, lines: $l) { __typename
  ... on Cart { lines { sku quantity } } ... on ErrorResult { errorCode message }
  ... on UnknownSku { skus } ... on DiscontinuedItem { sku successorSku } } }`;
const SUBMIT = `mutation($i: SubmitCartInput!) { submitCart(input: $i) { __typename
  ... on OrderSubmitted { order { id number } } ... on ApprovalRequired { cart { id status } total { amount currency } spendingLimit { amount currency } }
  ... on ErrorResult { errorCode message } } }`;
const RESOLVE = `mutation($o: ID!, $e: ID!, $a: OrderExceptionAction!, $c: String) {
  resolveOrderException(orderId: $o, exceptionId: $e, action: $a, comment: $c) { __typename
    ... on OrderExceptionResolved { exception { status resolution { action by comment } } }
    ... on ActionNotAllowed { errorCode allowedActions } ... on ErrorResult { errorCode message } } }`;
const ORDER = `query($id: ID!) { order(id: $id) { id number erpOrderNumber status holdReason
  lines { lineNo sku quantity confirmedQuantity status proposedSku scheduleLines { date quantity basis } }
  exceptions { id type reasonCode status message actions lineNo sku proposedSku raisedBy resolution { action by comment } }
  timelineVerified timeline { type } } }`;

type Ex = { id: string; type: string; status: string; reasonCode: string; message: string; actions: string[] };
const newCart = async (p: Persona, name: string) =>
  (await p.run(`mutation($n: String) { createCart(input: { name: $n }) { ... on Cart { id } } }`, { n: name })).createCart.id as string;
const quoteOf = async (p: Persona, cartId: string) =>
  (await p.run(`query($c: ID!) { cart(id: $c) { quote { id } } }`, { c: cartId })).cart.quote.id as string;
const order = async (p: Persona, id: string) => (await p.run(ORDER, { id })).order;

describe('Bea of ACME browses', () => {
  it('signs in, searches items, and sees her contract price with its basis and the tier ladder', async () => {
    const overview = await bea.run(PortalOverviewDocument, { first: 3 });
    expect(overview.me.account).toMatchObject({ id: 'ACME', currency: 'USD' });
    log.step(
      bea.name,
      `signs in as ${overview.me.user.name} of ${overview.me.account.name}`,
      `open balance ${overview.me.account.openBalance.amount} USD`,
    );

    const found = (
      await bea.run(
        `{ items(search: "hex bolt", first: 5) { totalCount nodes { sku name uom price(quantity: 1) { unitPrice { amount } ${PRICE} } } } }`,
      )
    ).items;
    expect(found.totalCount).toBeGreaterThan(1);
    expect(found.nodes.every((n: { name: string }) => /hex bolt/i.test(n.name))).toBe(true);
    const bolt = found.nodes.find((n: { sku: string }) => n.sku === 'BOLT-0001');
    expect(bolt.price.basis).toMatchObject({ source: 'CONTRACT', contractId: 'K-ACME-2026', tierMinQuantity: 1, priceListId: null });
    // The record that set the price and its version; its validity window contains today.
    expect(bolt.price.basis.conditionId).toBe('PR00-K-ACME-BOLT-0001');
    expect(bolt.price.basis.conditionVersion).toBeGreaterThanOrEqual(1);
    const today = new Date().toISOString().slice(0, 10);
    expect(bolt.price.basis.validFrom <= today && today <= bolt.price.basis.validTo).toBe(true);
    log.step(
      bea.name,
      `searches "hex bolt": ${found.totalCount} items; BOLT-0001 at ${bolt.price.unitPrice.amount}`,
      `${bolt.price.basis.source} ${bolt.price.basis.contractId} (${bolt.price.basis.conditionId} v${bolt.price.basis.conditionVersion}) ${bolt.price.basis.validFrom}..${bolt.price.basis.validTo}`,
    );

    const ladder = (await bea.run(`{ item(sku: "BOLT-0001") { priceTiers { minQuantity unitPrice { amount currency } source } } }`)).item
      .priceTiers as { minQuantity: number; unitPrice: { amount: string } }[];
    expect(ladder.map((t) => t.minQuantity)).toEqual([1, 100, 500]);
    for (let i = 1; i < ladder.length; i++) expect(new Decimal(ladder[i]!.unitPrice.amount).lt(ladder[i - 1]!.unitPrice.amount)).toBe(true);
    // The ladder is what she pays: 100 and 500 land on their tiers.
    const at = async (q: number) =>
      (
        await bea.run(
          `query($q: Int!) { item(sku: "BOLT-0001") { price(quantity: $q) { unitPrice { amount } basis { tierMinQuantity } } } }`,
          { q },
        )
      ).item.price;
    expect(await at(100)).toEqual({ unitPrice: { amount: ladder[1]!.unitPrice.amount }, basis: { tierMinQuantity: 100 } });
    expect(await at(499)).toEqual({ unitPrice: { amount: ladder[1]!.unitPrice.amount }, basis: { tierMinQuantity: 100 } });
    expect(await at(500)).toEqual({ unitPrice: { amount: ladder[2]!.unitPrice.amount }, basis: { tierMinQuantity: 500 } });
    log.step(bea.name, 'BOLT-0001 tier ladder', ladder.map((t) => `${t.minQuantity}+ @ ${t.unitPrice.amount}`).join(', '));
  });

  it('sees a price-list price, and the price list again where her contract expired yesterday', async () => {
    const price = async (sku: string) =>
      (await bea.run(`query($s: ID!) { item(sku: $s) { price(quantity: 1) { unitPrice { amount } ${PRICE} } } }`, { s: sku })).item.price;
    const brg = await price('BRG-0004');
    expect(brg.basis).toMatchObject({ source: 'PRICE_LIST', priceListId: 'PL-US-DIST', contractId: null });
    log.step(bea.name, `BRG-0004 at ${brg.unitPrice.amount}`, `${brg.basis.source} ${brg.basis.priceListId}`);
    const nut = await price('NUT-0002');
    expect(nut.basis).toMatchObject({ source: 'PRICE_LIST', priceListId: 'PL-US-DIST', contractId: null });
    const contracts = (await bea.run(`{ me { account { contracts(withinDays: 30) { id contractId status items { sku } } } } }`)).me.account
      .contracts as {
      id: string;
      contractId: string;
      status: string;
      items: { sku: string }[];
    }[];
    expect(contracts.find((c) => c.status === 'ACTIVE' && c.items.some((i) => i.sku === 'BOLT-0001'))?.contractId).toBe('K-ACME-2026');
    expect(contracts.flatMap((c) => c.items.map((i) => i.sku))).not.toContain('NUT-0002');
    log.step(
      bea.name,
      `NUT-0002 (contract expired yesterday) at ${nut.unitPrice.amount}`,
      `falls back to ${nut.basis.source} ${nut.basis.priceListId}`,
    );
  });
});

describe('Bea quick-orders from a SKU list', () => {
  it('an unknown and a discontinued SKU are refused with typed errors and add nothing; the corrected list goes in at once', async () => {
    const cartId = await newCart(bea, 'Quick order');
    const list = [
      { sku: 'BOLT-0001', quantity: 120 },
      { sku: 'BRG-0004', quantity: 2 },
      { sku: 'NOPE-404', quantity: 1 },
      { sku: 'FLT-0008', quantity: 3 },
    ];
    const unknown = (await bea.run(ADD, { c: cartId, l: list })).addCartLines;
    expect(unknown).toMatchObject({ __typename: 'UnknownSku', errorCode: 'UNKNOWN_SKU', skus: ['NOPE-404'] });
    log.step(bea.name, `pastes ${list.length} SKUs`, `${unknown.__typename} ${unknown.skus.join(', ')}`);
    const withoutUnknown = list.filter((l) => l.sku !== 'NOPE-404');
    const discontinued = (await bea.run(ADD, { c: cartId, l: withoutUnknown })).addCartLines;
    expect(discontinued).toMatchObject({
      __typename: 'DiscontinuedItem',
      errorCode: 'DISCONTINUED_ITEM',
      sku: 'FLT-0008',
      successorSku: 'FLT-0018',
    });
    log.step(bea.name, 'drops it and retries', `${discontinued.__typename}: ${discontinued.sku} → order ${discontinued.successorSku}`);
    expect((await bea.run(`query($c: ID!) { cart(id: $c) { lines { sku } } }`, { c: cartId })).cart.lines).toEqual([]);

    const corrected = withoutUnknown.map((l) => (l.sku === 'FLT-0008' ? { ...l, sku: discontinued.successorSku } : l));
    const added = (await bea.run(ADD, { c: cartId, l: corrected })).addCartLines;
    expect(added.__typename).toBe('Cart');
    expect(added.lines).toEqual(corrected);
    const cart = (await bea.run(CartDetailDocument, { id: cartId })).cart;
    const priced = (
      await bea.run(
        `query($c: ID!) { cart(id: $c) { lines { sku price { unitPrice { amount } netAmount { amount } basis { source tierMinQuantity } } } } }`,
        {
          c: cartId,
        },
      )
    ).cart.lines as { sku: string; price: { netAmount: { amount: string }; basis: { source: string; tierMinQuantity: number | null } } }[];
    // 120 bolts are priced on the contract's 100 tier; the totals add up from the lines.
    expect(priced.find((l) => l.sku === 'BOLT-0001')!.price.basis).toEqual({ source: 'CONTRACT', tierMinQuantity: 100 });
    const lines = priced.reduce((s, l) => s.plus(l.price.netAmount.amount), new Decimal(0));
    expect(new Decimal(cart.totals.subtotal.amount).toFixed(2)).toBe(lines.toFixed(2));
    expect(new Decimal(cart.totals.total.amount).toFixed(2)).toBe(
      lines.plus(cart.totals.discount.amount).plus(cart.totals.freight.amount).toFixed(2),
    );
    expect(cart.lines.every((l: { availability: { status: string } | null }) => l.availability?.status)).toBe(true);
    log.step(
      bea.name,
      `adds ${corrected.map((l) => `${l.quantity}×${l.sku}`).join(', ')}`,
      `subtotal ${cart.totals.subtotal.amount}, freight ${cart.totals.freight.amount}, total ${cart.totals.total.amount} USD`,
    );
  });
});

describe('Alex orders beyond supply: a backorder with its date', () => {
  it('the cart shows the lead-time date; the order carries a BACKORDER exception with that date; Bea accepts the date', async () => {
    // BOLT-0011: stock on hand, no purchase order within its lead time.
    const onHand = (await alex.run(`{ item(sku: "BOLT-0011") { availability(quantity: 1) { onHandHint } } }`)).item.availability
      .onHandHint as number;
    const quantity = onHand + 24;
    const cartId = await newCart(alex, 'Project Q1');
    await alex.run(ADD, { c: cartId, l: [{ sku: 'BOLT-0011', quantity }] });
    const cart = (await alex.run(CartDetailDocument, { id: cartId })).cart;
    const promise = cart.lines[0].availability;
    expect(promise.status).toBe('LEAD_TIME');
    expect(promise.caveats.join(' ')).toMatch(/lead-time fallback/);
    expect(promise.scheduleLines.reduce((n: number, s: { quantity: number }) => n + s.quantity, 0)).toBe(quantity);
    expect(promise.scheduleLines.at(-1).date).toBe(promise.atpDate);
    log.step(
      alex.name,
      `carts ${quantity}×BOLT-0011 (${onHand} on hand)`,
      `${promise.status}, complete by ${promise.atpDate} (lead time ${promise.leadTimeDays} d)`,
    );

    const r = (
      await alex.run(SUBMIT, { i: { cartId, idempotencyKey: `backorder-${cartId}`, acceptedQuoteId: await quoteOf(alex, cartId) } })
    ).submitCart;
    expect(r.__typename).toBe('OrderSubmitted');
    const placed = await eventually('BACKORDER raised', async () => {
      const o = await order(alex, r.order.id);
      return o.exceptions.some((e: Ex) => e.type === 'BACKORDER') ? o : null;
    });
    const line = placed.lines[0];
    expect(line.scheduleLines.map((s: { date: string; quantity: number }) => ({ date: s.date, quantity: s.quantity }))).toEqual(
      promise.scheduleLines.map((s: { date: string; quantity: number }) => ({ date: s.date, quantity: s.quantity })),
    );
    expect(line.scheduleLines.at(-1)).toMatchObject({ basis: 'LEAD_TIME', date: promise.atpDate });
    const backorder = placed.exceptions.find((e: Ex) => e.type === 'BACKORDER');
    expect(backorder).toMatchObject({
      reasonCode: 'NO_SUPPLY_BEFORE_LEAD_TIME',
      status: 'OPEN',
      actions: ['ACCEPT_DATE', 'CANCEL_LINE'],
      lineNo: line.lineNo,
    });
    expect(backorder.message).toContain(promise.atpDate);
    log.step(
      'ERP',
      `confirms ${placed.erpOrderNumber}: ${line.scheduleLines.map((s: { quantity: number; date: string; basis: string }) => `${s.quantity} on ${s.date} (${s.basis})`).join(' + ')}`,
      `BACKORDER until ${promise.atpDate}`,
    );

    const accepted = (await bea.run(RESOLVE, { o: placed.id, e: backorder.id, a: 'ACCEPT_DATE', c: 'fine for Q1' })).resolveOrderException;
    expect(accepted).toMatchObject({
      __typename: 'OrderExceptionResolved',
      exception: { status: 'RESOLVED', resolution: { action: 'ACCEPT_DATE', by: 'acme-buyer' } },
    });
    log.step(bea.name, 'accepts the backorder date', accepted.exception.resolution.action);
  });
});

describe('INITECH: a credit hold raised by the ERP, asked to be released by the buyer, released by credit control', () => {
  it('Bea’s order needs approval, the ERP holds it on credit, Bea may ask or cancel, credit control releases it', async () => {
    // INITECH's credit limit is 15 000 USD: an order of about 16 000 exceeds it.
    const unit = (await ibea.run(`{ item(sku: "BRG-0004") { price(quantity: 40) { unitPrice { amount } } } }`)).item.price.unitPrice
      .amount as string;
    const quantity = Math.ceil(16_000 / Number(unit));
    const cartId = await newCart(ibea, 'Plant refit');
    await ibea.run(ADD, { c: cartId, l: [{ sku: 'BRG-0004', quantity }] });
    const key = `refit-${cartId}`;
    const pending = (await ibea.run(SUBMIT, { i: { cartId, idempotencyKey: key, acceptedQuoteId: await quoteOf(ibea, cartId) } }))
      .submitCart;
    expect(pending).toMatchObject({
      __typename: 'ApprovalRequired',
      cart: { status: 'PENDING_APPROVAL' },
      spendingLimit: { amount: '5000.00', currency: 'USD' },
    });
    log.step(
      ibea.name,
      `submits ${quantity}×BRG-0004`,
      `ApprovalRequired: ${pending.total.amount} over her ${pending.spendingLimit.amount}`,
    );

    const queue = (await ialex.run(`{ pendingApprovals { id } }`)).pendingApprovals as { id: string }[];
    expect(queue.map((c) => c.id)).toContain(cartId);
    const approved = (
      await ialex.run(
        `mutation($c: ID!) { approveCart(cartId: $c, comment: "refit budget") { __typename ... on OrderSubmitted { order { id } } } }`,
        { c: cartId },
      )
    ).approveCart;
    expect(approved.__typename).toBe('OrderSubmitted');
    const orderId = approved.order.id as string;
    log.step(ialex.name, 'approves', 'order placed');

    const held = await eventually('credit hold raised', async () => {
      const o = await order(ibea, orderId);
      return o.status === 'ON_HOLD' && o.exceptions.some((e: Ex) => e.type === 'CREDIT_HOLD') ? o : null;
    });
    const hold = held.exceptions.find((e: Ex) => e.type === 'CREDIT_HOLD');
    expect(held.holdReason).toBe('CREDIT_LIMIT_EXCEEDED');
    expect(hold).toMatchObject({
      reasonCode: 'CREDIT_LIMIT_EXCEEDED',
      status: 'OPEN',
      actions: ['RELEASE_CREDIT_HOLD', 'REQUEST_CREDIT_RELEASE', 'CANCEL_ORDER'],
      raisedBy: 'erp',
    });
    log.step('ERP', `credit check holds ${held.erpOrderNumber}`, `${held.status} ${hold.reasonCode}`);

    const refused = (await ibea.run(RESOLVE, { o: orderId, e: hold.id, a: 'RELEASE_CREDIT_HOLD' })).resolveOrderException;
    expect(refused).toMatchObject({
      __typename: 'ActionNotAllowed',
      errorCode: 'ROLE_NOT_ALLOWED',
      allowedActions: ['REQUEST_CREDIT_RELEASE', 'CANCEL_ORDER'],
    });
    log.step(ibea.name, 'tries to release it', `${refused.errorCode}; she may ${refused.allowedActions.join(', ')}`);
    const asked = (await ibea.run(RESOLVE, { o: orderId, e: hold.id, a: 'REQUEST_CREDIT_RELEASE', c: 'prepayment sent today' }))
      .resolveOrderException;
    expect(asked.__typename).toBe('ResolutionPending');
    log.step(ibea.name, 'asks credit control to release it', asked.__typename);

    // The hold the seed's history left on an older INITECH order is visible and actionable too.
    const older = (
      await ialex.run(
        `{ orders(filter: { status: [ON_HOLD] }, first: 10) { nodes { id number origin exceptions(status: OPEN) { type } } } }`,
      )
    ).orders.nodes as { id: string; number: string; origin: string; exceptions: { type: string }[] }[];
    const seeded = older.find((o) => o.origin === 'ERP');
    expect(seeded?.exceptions).toContainEqual({ type: 'CREDIT_HOLD' });

    // An approver of the buyer's account may not release it either: it is the seller's decision.
    const byApprover = (await ialex.run(RESOLVE, { o: orderId, e: hold.id, a: 'RELEASE_CREDIT_HOLD' })).resolveOrderException;
    expect(byApprover).toMatchObject({ __typename: 'ActionNotAllowed', errorCode: 'ROLE_NOT_ALLOWED' });
    const released = (await cora.run(RESOLVE, { o: orderId, e: hold.id, a: 'RELEASE_CREDIT_HOLD', c: 'prepayment received' }))
      .resolveOrderException;
    expect(released).toMatchObject({
      __typename: 'OrderExceptionResolved',
      exception: {
        status: 'RESOLVED',
        resolution: { action: 'RELEASE_CREDIT_HOLD', by: 'seller-credit-control', comment: 'prepayment received' },
      },
    });
    const after = await eventually('hold lifted', async () => {
      const o = await order(ibea, orderId);
      return o.status !== 'ON_HOLD' ? o : null;
    });
    expect(after.holdReason).toBeNull();
    expect(after.timeline.map((e: { type: string }) => e.type)).toEqual(
      expect.arrayContaining(['exception.raised', 'exception.release_requested', 'exception.resolved', 'order.status_changed']),
    );
    expect(after.timelineVerified).toBe(true);
    log.step(
      cora.name,
      'releases the hold ("prepayment received")',
      `${held.erpOrderNumber} ${after.status}; ${seeded!.number} from history also shows its hold`,
    );
  });
});

describe('Bea accepts a substitution the ERP proposed', () => {
  it('finds the order by the discontinued SKU, accepts the successor, and the line is replaced in the ERP', async () => {
    const hits = (await bea.run(`{ orders(filter: { text: "FLT-0008" }, first: 5) { nodes { id number } } }`)).orders.nodes as {
      id: string;
      number: string;
    }[];
    expect(hits.length).toBe(1);
    const o = await order(bea, hits[0]!.id);
    const ex = o.exceptions.find((e: Ex) => e.type === 'SUBSTITUTION');
    expect(o.lines[0]).toMatchObject({ sku: 'FLT-0008', status: 'SUBSTITUTION_PROPOSED', proposedSku: 'FLT-0018' });
    expect(ex).toMatchObject({
      reasonCode: 'ITEM_DISCONTINUED',
      status: 'OPEN',
      sku: 'FLT-0008',
      proposedSku: 'FLT-0018',
      actions: ['ACCEPT_SUBSTITUTION', 'CANCEL_LINE'],
    });
    log.step(bea.name, `finds ${o.number} by "FLT-0008"`, `${ex.type}: ${ex.sku} → ${ex.proposedSku}`);

    const done = (await bea.run(RESOLVE, { o: o.id, e: ex.id, a: 'ACCEPT_SUBSTITUTION', c: 'same fit' })).resolveOrderException;
    expect(done).toMatchObject({
      __typename: 'OrderExceptionResolved',
      exception: { status: 'RESOLVED', resolution: { action: 'ACCEPT_SUBSTITUTION', by: 'acme-buyer' } },
    });
    const replaced = await eventually('line replaced', async () => {
      const x = await order(bea, o.id);
      return x.lines[0].sku === 'FLT-0018' ? x : null;
    });
    expect(replaced.lines[0]).toMatchObject({ sku: 'FLT-0018', quantity: o.lines[0].quantity, proposedSku: null });
    expect(replaced.lines[0].status).not.toBe('SUBSTITUTION_PROPOSED');
    expect(replaced.exceptions.filter((e: Ex) => e.type === 'SUBSTITUTION')).toHaveLength(1);
    expect(replaced.timelineVerified).toBe(true);
    log.step(
      bea.name,
      'accepts the substitution',
      `line ${replaced.lines[0].lineNo}: ${replaced.lines[0].quantity}×${replaced.lines[0].sku} ${replaced.lines[0].status}`,
    );
  });
});
