/**
 * An order's document flow: the order, its recorded states (the order events of the change feed,
 * each dated by the business clock when it happened), and its deliveries, invoices, credit memos
 * and payments. What a system that meets the order late rebuilds its history from.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { amountText } from '@portal/platform/money';
import { creditMemoPayload, invoicePayload } from './billing.js';
import { Carrier, CreditMemo, Delivery, Invoice, Payment } from './entities/index.js';
import { deliveryPayload } from './fulfilment.js';
import { orderDetail, type OrderDetail } from './orders.js';

export async function documentFlow(em: EntityManager, number: string) {
  const order = await orderDetail(em, number);
  if (!order) return null;
  const conn = em.getConnection();
  // The order's own events, oldest first: each is one state of the order as the ERP recorded it.
  const events = await conn.execute<{ id: string; occurred_at: Date; payload: Partial<OrderDetail> }[]>(
    `select id, occurred_at, payload from "erp"."event" where key = ? and type in ('order.created', 'order.changed') order by seq`,
    [number],
  );
  const versions = events.map((e) => ({
    id: e.id,
    at: new Date(e.occurred_at).toISOString(),
    status: e.payload.status ?? order.status,
    holdReason: e.payload.holdReason ?? null,
    lines: (e.payload.lines ?? []).map((l) => ({
      lineNo: l.lineNo,
      sku: l.sku,
      quantity: l.quantity,
      confirmedQuantity: l.confirmedQuantity,
      status: l.status,
      scheduleLines: l.scheduleLines,
    })),
  }));
  const deliveries = await em.find(Delivery, { orderNumber: number }, { orderBy: { number: 'asc' } });
  const carriers = new Map((await em.find(Carrier, {})).map((c) => [c.id, c]));
  const invoices = await em.find(Invoice, { orderNumber: number }, { orderBy: { number: 'asc' } });
  const invoiceNumbers = invoices.map((i) => i.number);
  const creditMemos = invoiceNumbers.length
    ? await em.find(CreditMemo, { invoiceNumber: { $in: invoiceNumbers } }, { orderBy: { number: 'asc' } })
    : [];
  const payments = invoiceNumbers.length
    ? await em.find(Payment, { invoiceNumber: { $in: invoiceNumbers } }, { orderBy: { receivedAt: 'asc', id: 'asc' } })
    : [];
  const invoiceOf = new Map(invoices.map((i) => [i.number, i]));
  return {
    order,
    versions,
    deliveries: deliveries.map((d) => ({
      ...deliveryPayload(d),
      portalOrderId: order.portalOrderId,
      carrierName: carriers.get(d.carrierId)?.name ?? d.carrierId,
      trackingUrl: carriers.get(d.carrierId)?.trackingUrlTemplate.replace('{tracking}', d.trackingNumber) ?? null,
    })),
    invoices: invoices.map(invoicePayload),
    creditMemos: creditMemos.map(creditMemoPayload),
    payments: payments.map((p) => ({
      id: p.id,
      invoiceNumber: p.invoiceNumber,
      accountId: p.customerId,
      portalOrderId: order.portalOrderId,
      currency: invoiceOf.get(p.invoiceNumber)?.currency ?? null,
      amount: amountText(p.amount, invoiceOf.get(p.invoiceNumber)?.currency ?? 'USD'),
      receivedAt: p.receivedAt.toISOString(),
    })),
  };
}
