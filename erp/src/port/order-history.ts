/**
 * What an order's document flow says happened, fact by fact, each dated by its document: the
 * order's creation, each confirmation (confirmed quantities and schedule lines), each change of
 * status (a credit hold and its release among them), each delivery shipped and delivered, each
 * invoice, payment and credit memo. Pure, and the same for every ERP.
 *
 * Each fact has a stable key. Whoever reports a fact — the history read when an order is first
 * met, the change feed live, the submit's acknowledgement — names it with the same key
 * (`orderFactKey`), so a consumer that keeps one event per key records every fact once.
 */
import { createHash } from 'node:crypto';
import { Decimal, amountText } from '@portal/platform/money';
import type { ErpCreditMemo, ErpDelivery, ErpDocumentFlow, ErpInvoice, ErpOrderVersion, ErpPayment, ErpSalesOrderLine } from './types.js';

type ConfirmedLine = Pick<ErpSalesOrderLine, 'lineNo' | 'sku' | 'confirmedQuantity'> & {
  /** As the ERP gives them (`deliveryDate`) or as the portal stores them (`date`). */
  scheduleLines?: readonly { quantity: number; basis?: string | null; deliveryDate?: string; date?: string }[] | null;
};

/**
 * What the ERP has confirmed, comparable across reads and sources: per line its confirmed quantity
 * and schedule lines as tuples (a JSON column read back does not keep its keys' order).
 */
export function confirmationContent(lines: readonly ConfirmedLine[]): string {
  return JSON.stringify(
    [...lines]
      .sort((a, b) => a.lineNo - b.lineNo)
      .map((l) => [
        l.lineNo,
        l.sku,
        l.confirmedQuantity,
        (l.scheduleLines ?? []).map((s) => [s.deliveryDate ?? s.date ?? null, s.quantity, s.basis ?? 'SUPPLY']),
      ]),
  );
}

/** The stable key of each kind of fact about an order. */
export const orderFactKey = {
  /** The order's creation in (or acceptance by) the ERP: once per order. */
  acknowledged: (portalOrderId: string) => `ack:${portalOrderId}`,
  /** One confirmation: the same confirmed quantities and schedule lines are the same fact, whoever reports them. */
  confirmation: (portalOrderId: string, lines: readonly ConfirmedLine[]) =>
    `confirmation:${portalOrderId}:${createHash('sha256').update(confirmationContent(lines)).digest('hex').slice(0, 24)}`,
  /** A change of status: the ERP's change (its feed event id) that made it. */
  statusChange: (changeId: string) => `erp:${changeId}:status`,
  shipped: (deliveryNumber: string) => `delivery:${deliveryNumber}:shipped`,
  delivered: (deliveryNumber: string) => `delivery:${deliveryNumber}:delivered`,
  invoicePosted: (invoiceNumber: string) => `invoice:${invoiceNumber}:posted`,
  payment: (paymentId: string) => `payment:${paymentId}`,
  creditMemo: (creditMemoNumber: string) => `credit_memo:${creditMemoNumber}`,
};

export type ErpOrderFact =
  | { type: 'order.created'; key: string; occurredAt: string; version: ErpOrderVersion }
  | { type: 'order.confirmed'; key: string; occurredAt: string; version: ErpOrderVersion }
  | { type: 'order.status_changed'; key: string; occurredAt: string; version: ErpOrderVersion; from: ErpOrderVersion }
  | { type: 'shipment.shipped' | 'shipment.delivered'; key: string; occurredAt: string; delivery: ErpDelivery }
  | { type: 'invoice.posted'; key: string; occurredAt: string; invoice: ErpInvoice }
  | {
      type: 'invoice.payment_received';
      key: string;
      occurredAt: string;
      payment: ErpPayment;
      invoice: ErpInvoice | null;
      balance: string | null;
    }
  | { type: 'credit_memo.issued'; key: string; occurredAt: string; creditMemo: ErpCreditMemo };

const iso = (t: string) => new Date(t.length === 10 ? `${t}T00:00:00Z` : t).toISOString();
const latest = (...ts: (string | null | undefined)[]) =>
  ts
    .filter((t): t is string => !!t)
    .map(iso)
    .reduce((a, b) => (a > b ? a : b));

/**
 * When a billing document happened: its date, but never before what it follows from (an invoice is
 * dated by its day, and posted when its delivery shipped, not at that day's midnight before it).
 */
export function billingOccurredAt(documentDate: string, notBefore?: string | null): string {
  return latest(documentDate, notBefore);
}

/**
 * What an invoice follows from: the delivery it bills; for an invoice that names none (Tryton's),
 * the last delivery shipped by the end of its day; else the order itself.
 */
export function invoiceNotBefore(
  invoice: Pick<ErpInvoice, 'issuedAt' | 'deliveryNumber'>,
  orderPlacedAt: string,
  deliveries: readonly (readonly [number: string, shippedAt: string])[],
): string {
  const billed = invoice.deliveryNumber ? deliveries.find(([n]) => n === invoice.deliveryNumber)?.[1] : undefined;
  if (billed) return iso(billed);
  const endOfDay = `${invoice.issuedAt.slice(0, 10)}T23:59:59.999Z`;
  const before = deliveries.map(([, at]) => iso(at)).filter((at) => at <= endOfDay);
  return latest(orderPlacedAt, ...before);
}

const RANK: Record<ErpOrderFact['type'], number> = {
  'order.created': 0,
  'order.confirmed': 1,
  'order.status_changed': 2,
  'shipment.shipped': 3,
  'shipment.delivered': 4,
  'invoice.posted': 5,
  'invoice.payment_received': 6,
  'credit_memo.issued': 7,
};

/** Every fact of an order's document flow, in the order they happened (ties: the order they follow from each other). */
export function documentFlowFacts(flow: ErpDocumentFlow): ErpOrderFact[] {
  const id = flow.order.portalOrderId;
  const facts: ErpOrderFact[] = [];
  const versions = flow.versions.length
    ? flow.versions
    : [
        {
          id: `${flow.order.number}:now`,
          at: flow.order.placedAt,
          status: flow.order.status,
          holdReason: flow.order.holdReason,
          lines: flow.order.lines,
        },
      ];
  let prev: ErpOrderVersion | null = null;
  let confirmed = confirmationContent(versions[0]!.lines.map((l) => ({ ...l, confirmedQuantity: 0, scheduleLines: [] })));
  for (const v of versions) {
    // The creation is dated by the order itself (its placing), its later states by their change.
    const at = prev ? iso(v.at) : iso(flow.order.placedAt);
    if (!prev) facts.push({ type: 'order.created', key: orderFactKey.acknowledged(id), occurredAt: at, version: v });
    else if (v.status !== prev.status || (v.holdReason ?? null) !== (prev.holdReason ?? null))
      facts.push({ type: 'order.status_changed', key: orderFactKey.statusChange(v.id), occurredAt: at, version: v, from: prev });
    const content = confirmationContent(v.lines);
    if (content !== confirmed && v.lines.some((l) => l.confirmedQuantity > 0))
      facts.push({ type: 'order.confirmed', key: orderFactKey.confirmation(id, v.lines), occurredAt: at, version: v });
    confirmed = content;
    prev = v;
  }
  const shippedAt = new Map<string, string>();
  for (const d of flow.deliveries) {
    shippedAt.set(d.number, iso(d.shippedAt));
    facts.push({ type: 'shipment.shipped', key: orderFactKey.shipped(d.number), occurredAt: iso(d.shippedAt), delivery: d });
    if (d.deliveredAt)
      facts.push({
        type: 'shipment.delivered',
        key: orderFactKey.delivered(d.number),
        occurredAt: latest(d.deliveredAt, d.shippedAt),
        delivery: d,
      });
  }
  const postedAt = new Map<string, string>();
  for (const i of flow.invoices) {
    const at = billingOccurredAt(i.issuedAt, invoiceNotBefore(i, flow.order.placedAt, [...shippedAt.entries()]));
    postedAt.set(i.number, at);
    facts.push({ type: 'invoice.posted', key: orderFactKey.invoicePosted(i.number), occurredAt: at, invoice: i });
  }
  const memos = flow.creditMemos.map((c) => ({ c, at: billingOccurredAt(c.issuedAt, postedAt.get(c.invoiceNumber)) }));
  for (const { c, at } of memos)
    facts.push({ type: 'credit_memo.issued', key: orderFactKey.creditMemo(c.number), occurredAt: at, creditMemo: c });
  // A payment's balance: the invoice's total less what was paid and credited up to it.
  const paid = new Map<string, Decimal>();
  for (const p of [...flow.payments].sort((a, b) => iso(a.receivedAt).localeCompare(iso(b.receivedAt)) || a.id.localeCompare(b.id))) {
    const invoice = flow.invoices.find((i) => i.number === p.invoiceNumber) ?? null;
    const at = billingOccurredAt(p.receivedAt, postedAt.get(p.invoiceNumber));
    const total = (paid.get(p.invoiceNumber) ?? new Decimal(0)).plus(p.amount);
    paid.set(p.invoiceNumber, total);
    const credited = memos
      .filter((m) => m.c.invoiceNumber === p.invoiceNumber && m.at <= at)
      .reduce((s, m) => s.plus(m.c.total), new Decimal(0));
    const balance = invoice ? amountText(Decimal.max(0, new Decimal(invoice.total).minus(total).minus(credited)), invoice.currency) : null;
    facts.push({ type: 'invoice.payment_received', key: orderFactKey.payment(p.id), occurredAt: at, payment: p, invoice, balance });
  }
  return facts
    .map((f, n) => ({ f, n }))
    .sort((a, b) => a.f.occurredAt.localeCompare(b.f.occurredAt) || RANK[a.f.type] - RANK[b.f.type] || a.n - b.n)
    .map(({ f }) => f);
}
