/**
 * The order read model, fed by the ERP's change feed: order status, ERP number, hold reason and
 * line quantities (`order.created`, `order.changed`), and shipments per delivery with carrier and
 * tracking (`delivery.shipped`, `delivery.delivered`). Inbox-deduplicated; a change older than
 * what an order or shipment already has (by feed position) is ignored.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import type { ErpDelivery, ErpSalesOrder, EventsPort } from '@portal/erp/port';
import { FeedConsumer, type HandleOutcome } from '@portal/platform/feed';
import type { Logger } from '@portal/platform/logger';
import { orderStatusFromErp } from '../domain/order-status.js';
import { Order, OrderLine, Shipment } from '../entities/index.js';

async function applyOrder(tx: EntityManager, seq: number, o: ErpSalesOrder): Promise<HandleOutcome> {
  let order = await tx.findOne(Order, { id: o.portalOrderId });
  if (order && Number(order.sourceSeq) >= seq) return 'IGNORED';
  if (!order)
    // An order placed in the ERP directly (or before the portal knew it): the read model shows it too.
    order = tx.create(Order, {
      id: o.portalOrderId,
      accountId: o.accountId,
      number: o.number,
      erpOrderNumber: o.number,
      status: 'SUBMITTED',
      placedAt: new Date(o.placedAt),
      acceptedAt: null,
      currency: o.currency,
      holdReason: null,
    });
  order.erpOrderNumber = o.number;
  order.status = orderStatusFromErp(o.status);
  order.holdReason = o.holdReason;
  order.acceptedAt ??= new Date(o.placedAt);
  order.sourceSeq = seq;
  const lines = await tx.find(OrderLine, { orderId: order.id });
  for (const l of o.lines) {
    const line =
      lines.find((x) => x.lineNo === l.lineNo) ??
      tx.create(OrderLine, {
        id: `${order.id}:${l.lineNo}`,
        orderId: order.id,
        lineNo: l.lineNo,
        sku: l.sku,
        quantity: l.quantity,
        confirmedQuantity: 0,
        shippedQuantity: 0,
        invoicedQuantity: 0,
      });
    line.sku = l.sku;
    line.quantity = l.quantity;
    line.confirmedQuantity = l.confirmedQuantity;
    line.shippedQuantity = l.shippedQuantity;
    line.invoicedQuantity = l.invoicedQuantity;
  }
  return 'APPLIED';
}

async function applyDelivery(
  tx: EntityManager,
  seq: number,
  d: ErpDelivery & { trackingUrl?: string | null; portalOrderId?: string | null },
): Promise<HandleOutcome> {
  const orderId = d.portalOrderId ?? (await tx.findOne(Order, { erpOrderNumber: d.orderNumber }))?.id;
  if (!orderId) return 'IGNORED';
  const existing = await tx.findOne(Shipment, { id: d.number });
  if (existing && Number(existing.sourceSeq) >= seq) return 'IGNORED';
  const shipment =
    existing ??
    tx.create(Shipment, {
      id: d.number,
      orderId,
      carrier: d.carrierId,
      trackingNumber: d.trackingNumber,
      trackingUrl: d.trackingUrl ?? null,
      status: d.status,
      shippedAt: new Date(d.shippedAt),
      deliveredAt: null,
      plannedDeliveryDate: d.plannedDeliveryDate,
      lines: d.lines,
      packages: d.packages,
    });
  shipment.status = d.status;
  shipment.deliveredAt = d.deliveredAt ? new Date(d.deliveredAt) : null;
  if (d.trackingUrl) shipment.trackingUrl = d.trackingUrl;
  shipment.sourceSeq = seq;
  return 'APPLIED';
}

export function orderFeed(events: EventsPort, em: EntityManager, logger: Logger, waitMs: number): FeedConsumer {
  return new FeedConsumer({
    name: 'erp-orders',
    service: 'orders',
    em,
    logger,
    waitMs,
    types: ['order.created', 'order.changed', 'delivery.shipped', 'delivery.delivered'],
    poll: (after, o) => events.poll(after, o),
    handle(tx, event) {
      return event.type.startsWith('order.')
        ? applyOrder(tx, event.seq, event.payload as unknown as ErpSalesOrder)
        : applyDelivery(tx, event.seq, event.payload as unknown as ErpDelivery);
    },
  });
}
