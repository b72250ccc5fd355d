/**
 * The history of orders the portal meets in the ERP rather than placing them (found by the full
 * sync or first seen on the change feed): rebuilt once from the ERP's document flow — creation,
 * confirmations, status changes and holds, deliveries, invoices, payments, credit memos — each
 * dated by its document and marked `reconstructed`. Every fact goes in under the key the live
 * paths use for it, so what the feed or the invoices subgraph reports later (or reported already)
 * is not recorded twice. The ERP is read outside any transaction; a failed read is retried on the
 * next run.
 */
import type { MikroORM } from '@mikro-orm/postgresql';
import {
  documentFlowFacts,
  ErpUnavailableError,
  orderFactKey,
  type ErpDelivery,
  type ErpOrderFact,
  type ErpOrderVersion,
  type OrdersPort,
} from '@portal/erp/port';
import type { Logger } from '@portal/platform/logger';
import { orderStatusFromErp } from './domain/order-status.js';
import { Order, TimelineEvent, type OrderEntity } from './entities/index.js';
import { historyPending, takeHistoryPending } from './history-pending.js';
import { reconcileExceptions } from './order-state.js';
import { appendTimeline, lockAccountTimeline, notifyTimeline, type AppendInput } from './timeline.js';

/** A delivery as a timeline fact (the feed's live path and the rebuilt history write the same). */
export function shipmentFact(d: ErpDelivery & { trackingUrl?: string | null }, delivered: boolean) {
  return {
    factKey: delivered ? orderFactKey.delivered(d.number) : orderFactKey.shipped(d.number),
    type: delivered ? 'shipment.delivered' : 'shipment.shipped',
    summary: delivered
      ? `Delivery ${d.number} delivered (${d.carrierId} ${d.trackingNumber})`
      : `Delivery ${d.number} shipped with ${d.carrierId}, tracking ${d.trackingNumber}: ${d.lines.map((l) => `${l.quantity} × ${l.sku}`).join(', ')}`,
    data: {
      shipmentId: d.number,
      carrier: d.carrierId,
      trackingNumber: d.trackingNumber,
      trackingUrl: d.trackingUrl ?? null,
      status: delivered ? 'DELIVERED' : 'SHIPPED',
      lines: d.lines.map((l) => ({ lineNo: l.lineNo, sku: l.sku, quantity: l.quantity })),
    },
  };
}

const versionLines = (v: ErpOrderVersion) =>
  v.lines.map((l) => ({
    lineNo: l.lineNo,
    sku: l.sku,
    quantity: l.quantity,
    confirmedQuantity: l.confirmedQuantity,
    status: l.status,
    scheduleLines: l.scheduleLines.map((s) => ({ date: s.deliveryDate, quantity: s.quantity, basis: s.basis ?? 'SUPPLY' })),
  }));

/** One fact of the document flow as a timeline entry (null: nothing the buyer would see, e.g. an ERP status the portal names alike). */
export function timelineEntryOf(
  order: Pick<OrderEntity, 'id' | 'accountId' | 'currency'>,
  erpOrderNumber: string,
  f: ErpOrderFact,
): Omit<AppendInput, 'orderId' | 'accountId' | 'source'> | null {
  const occurredAt = new Date(f.occurredAt);
  const units = (v: ErpOrderVersion) =>
    `${v.lines.reduce((n, l) => n + l.confirmedQuantity, 0)} of ${v.lines.reduce((n, l) => n + l.quantity, 0)} units`;
  switch (f.type) {
    case 'order.created': {
      const status = orderStatusFromErp(f.version.status);
      return {
        factKey: f.key,
        occurredAt,
        type: 'order.acknowledged',
        summary: `Order created in the ERP as ${erpOrderNumber} (${status})`,
        data: { erpOrderNumber, acceptedAt: f.occurredAt, status, lines: versionLines(f.version) },
      };
    }
    case 'order.confirmed':
      return {
        factKey: f.key,
        occurredAt,
        type: 'order.confirmed',
        summary: `The ERP confirmed ${units(f.version)}`,
        data: { lines: versionLines(f.version) },
      };
    case 'order.status_changed': {
      const from = orderStatusFromErp(f.from.status);
      const to = orderStatusFromErp(f.version.status);
      if (from === to) return null;
      const hold = f.version.holdReason ? ` (hold: ${f.version.holdReason})` : f.from.holdReason ? ' (hold released)' : '';
      return {
        factKey: f.key,
        occurredAt,
        type: 'order.status_changed',
        summary: `Status ${from} → ${to}${hold}`,
        data: { from, to, erpStatus: f.version.status, holdReason: f.version.holdReason },
      };
    }
    case 'shipment.shipped':
    case 'shipment.delivered':
      return { ...shipmentFact(f.delivery, f.type === 'shipment.delivered'), occurredAt };
    case 'invoice.posted': {
      const i = f.invoice;
      return {
        factKey: f.key,
        occurredAt,
        type: 'invoice.posted',
        summary: `Invoice ${i.number} posted: ${i.total} ${i.currency}, due ${i.dueDate}${i.deliveryNumber ? ` (delivery ${i.deliveryNumber})` : ''}`,
        data: {
          type: 'invoice.posted',
          invoiceNumber: i.number,
          erpOrderNumber,
          deliveryNumber: i.deliveryNumber,
          currency: i.currency,
          issuedAt: i.issuedAt,
          dueDate: i.dueDate,
          total: i.total,
        },
      };
    }
    case 'invoice.payment_received': {
      const p = f.payment;
      const currency = p.currency ?? f.invoice?.currency ?? order.currency;
      return {
        factKey: f.key,
        occurredAt,
        type: 'invoice.payment_received',
        summary: `Payment of ${p.amount} ${currency} received for invoice ${p.invoiceNumber}${f.balance !== null ? `; open ${f.balance}` : ''}`,
        data: {
          type: 'invoice.payment_received',
          paymentId: p.id,
          invoiceNumber: p.invoiceNumber,
          currency,
          amount: p.amount,
          ...(f.balance !== null ? { balance: f.balance } : {}),
          receivedAt: p.receivedAt,
        },
      };
    }
    case 'credit_memo.issued': {
      const c = f.creditMemo;
      return {
        factKey: f.key,
        occurredAt,
        type: 'credit_memo.issued',
        summary: `Credit memo ${c.number} issued against invoice ${c.invoiceNumber}: ${c.total} ${c.currency} (${c.reason})`,
        data: {
          type: 'credit_memo.issued',
          creditMemoNumber: c.number,
          invoiceNumber: c.invoiceNumber,
          currency: c.currency,
          total: c.total,
          reason: c.reason,
          issuedAt: c.issuedAt,
          returnNumber: c.returnNumber ?? null,
          lines: c.lines.filter((l) => l.lineNo > 0 && l.quantity > 0).map((l) => ({ lineNo: l.lineNo, sku: l.sku, quantity: l.quantity })),
        },
      };
    }
  }
}

/**
 * The keys of what an order's timeline already shows, also for events stored before fact keys
 * named documents (their key was the reporting event's id): read from what they record.
 */
function keysShown(orderId: string, events: { factKey: string; type: string; data: Record<string, unknown> }[]): Set<string> {
  const keys = new Set<string>();
  for (const e of events) {
    keys.add(e.factKey);
    const d = e.data;
    const s = (k: string) => (typeof d[k] === 'string' ? (d[k] as string) : null);
    if (e.type === 'order.acknowledged') keys.add(orderFactKey.acknowledged(orderId));
    if (e.type === 'shipment.shipped' && s('shipmentId')) keys.add(orderFactKey.shipped(s('shipmentId')!));
    if (e.type === 'shipment.delivered' && s('shipmentId')) keys.add(orderFactKey.delivered(s('shipmentId')!));
    if (e.type === 'invoice.posted' && s('invoiceNumber')) keys.add(orderFactKey.invoicePosted(s('invoiceNumber')!));
    if (e.type === 'invoice.payment_received' && s('paymentId')) keys.add(orderFactKey.payment(s('paymentId')!));
    if (e.type === 'credit_memo.issued' && s('creditMemoNumber')) keys.add(orderFactKey.creditMemo(s('creditMemoNumber')!));
  }
  return keys;
}

/** Rebuild one order's history from its document flow; returns the events appended. */
export async function rebuildOrderHistory(orm: MikroORM, erp: OrdersPort, orderId: string): Promise<number> {
  const order = await orm.em.fork().findOne(Order, { id: orderId });
  if (!order?.erpOrderNumber || order.historyRebuiltAt) return 0;
  const flow = await erp.documentFlow(order.erpOrderNumber);
  const appended = await orm.em.fork().transactional(async (tx) => {
    await lockAccountTimeline(tx, order.accountId);
    const current = await tx.findOne(Order, { id: orderId });
    if (!current || current.historyRebuiltAt) return 0;
    current.historyRebuiltAt = new Date();
    if (!flow) return 0;
    const shown = keysShown(
      orderId,
      await tx.find(TimelineEvent, { orderId }, { fields: ['factKey', 'type', 'data'], orderBy: { seq: 'asc' } }),
    );
    let n = 0;
    for (const fact of documentFlowFacts(flow)) {
      if (shown.has(fact.key)) continue;
      const entry = timelineEntryOf(current, flow.order.number, fact);
      if (!entry) continue;
      const event = await appendTimeline(tx, {
        ...entry,
        orderId,
        accountId: current.accountId,
        source: 'ERP',
        reconstructed: true,
        correlationId: `history-${flow.order.number}`,
      });
      if (event) n++;
    }
    // What the ERP's order shows now (a credit hold, a substitution) is an exception the buyer can
    // act on, raised after its history and dated by the ERP's last change of the order.
    const last = flow.versions.at(-1);
    await reconcileExceptions(tx, current, flow.order, last ? new Date(last.at) : undefined);
    return n;
  });
  return appended;
}

/**
 * Rebuild the history of orders met in the ERP and not rebuilt yet, a batch at a time. Cheap when
 * there are none: nothing is asked until an order from the ERP is stored (or the process starts).
 */
export async function rebuildPendingHistories(deps: { orm: MikroORM; erp: OrdersPort; logger: Logger }, batch = 50): Promise<number> {
  if (!takeHistoryPending()) return 0;
  let total = 0;
  try {
    for (;;) {
      const orders = await deps.orm.em
        .fork()
        .find(
          Order,
          { origin: 'ERP', historyRebuiltAt: null, erpOrderNumber: { $ne: null } },
          { fields: ['id'], orderBy: { placedAt: 'asc', id: 'asc' }, limit: batch },
        );
      for (const o of orders) total += await rebuildOrderHistory(deps.orm, deps.erp, o.id);
      if (orders.length < batch) break;
    }
  } catch (err) {
    historyPending();
    if (!(err instanceof ErpUnavailableError)) throw err;
    deps.logger.warn({ err: err.message }, 'order history: the ERP cannot be read now; retrying');
  } finally {
    if (total) notifyTimeline();
  }
  return total;
}
