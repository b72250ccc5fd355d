/**
 * Resilience scenario: duplicate and reordered ERP events. The ERP's change feed repeats events
 * through fulfilment and billing; the portal must show each ERP fact once and match the ERP's export.
 */
import { waitFor } from '@portal/testkit';
import { allPages, erpPorts } from '../../support/erp.js';
import { gql } from '../../support/graphql.js';
import type { TestStack } from '../../support/stack.js';
import { admin, placeOrder, pool, sleep, table, type Log } from './shared.js';

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
