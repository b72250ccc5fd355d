/**
 * The order read model, fed by the ERP's change feed: order status, ERP number, hold reason and
 * line quantities (`order.created`, `order.changed`), and shipments per delivery with carrier and
 * tracking (`delivery.shipped`, `delivery.delivered`), each also recorded on the order's timeline
 * (with exceptions raised or closed). Inbox-deduplicated; a change older than what an order or
 * shipment already has (by feed position) is ignored.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import type { ErpDelivery, ErpSalesOrder, EventsPort } from '@portal/erp/port';
import { FeedConsumer, type HandleOutcome } from '@portal/platform/feed';
import type { Logger } from '@portal/platform/logger';
import { Order, Shipment } from '../entities/index.js';
import { shipmentFact } from '../order-history.js';
import { applyErpOrderState, erpViewHash } from '../order-state.js';
import { appendTimeline, notifyTimeline } from '../timeline.js';

/**
 * The view already applied (the feed's order.created after the submit's acknowledgement, which
 * carried the same order): only the feed position moves, never back, in one statement that answers
 * the order's id. Nothing is appended, so the account's timeline lock is not needed; an order whose
 * view differs (or that is not there yet) is not touched here and goes the whole way.
 */
const sameViewStatement = (event: { seq: number }, o: ErpSalesOrder) => ({
  sql: `update "orders"."sales_order" set source_seq = greatest(source_seq, ?) where id = ? and erp_view_hash = ? returning id`,
  params: [event.seq, o.portalOrderId, erpViewHash(o)],
});

async function applyOrder(
  tx: EntityManager,
  event: { id: string; seq: number; occurredAt: string },
  o: ErpSalesOrder,
): Promise<HandleOutcome> {
  // Not the view applied (`sameViewStatement` answered no row before this transaction; if it has
  // been applied since, `applyErpOrderState` finds so under the lock).
  const order = await tx.findOne(Order, { id: o.portalOrderId });
  if (order && Number(order.sourceSeq) >= event.seq) return 'IGNORED';
  const applied = await applyErpOrderState(tx, o, { eventId: event.id, seq: event.seq, occurredAt: new Date(event.occurredAt) });
  return applied === 'APPLIED' ? 'APPLIED' : 'IGNORED';
}

async function applyDelivery(
  tx: EntityManager,
  event: { id: string; seq: number; occurredAt: string },
  d: ErpDelivery & { trackingUrl?: string | null; portalOrderId?: string | null },
): Promise<HandleOutcome> {
  const seq = event.seq;
  const order = d.portalOrderId
    ? await tx.findOne(Order, { id: d.portalOrderId })
    : await tx.findOne(Order, { erpOrderNumber: d.orderNumber });
  if (!order) return 'IGNORED';
  const orderId = order.id;
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
      warehouseId: d.warehouseId,
      lines: d.lines,
      packages: d.packages,
    });
  shipment.status = d.status;
  shipment.deliveredAt = d.deliveredAt ? new Date(d.deliveredAt) : null;
  if (d.trackingUrl) shipment.trackingUrl = d.trackingUrl;
  shipment.sourceSeq = seq;
  shipment.warehouseId = d.warehouseId;
  const delivered = d.status === 'DELIVERED';
  // Dated by the delivery itself; one fact per delivery shipped and per delivery delivered, whoever reports it.
  await appendTimeline(tx, {
    ...shipmentFact(d, delivered),
    orderId,
    accountId: order.accountId,
    source: 'ERP',
    occurredAt: delivered && d.deliveredAt ? new Date(d.deliveredAt) : delivered ? new Date(event.occurredAt) : new Date(d.shippedAt),
  });
  return 'APPLIED';
}

/** The orders' consumer of the ERP's change feed (`name`: where its cursor is kept). */
export function orderFeed(events: EventsPort, em: EntityManager, logger: Logger, waitMs: number, name = 'erp-orders'): FeedConsumer {
  return new FeedConsumer({
    name,
    service: 'orders',
    em,
    logger,
    waitMs,
    types: ['order.created', 'order.changed', 'delivery.shipped', 'delivery.delivered'],
    poll: (after, o) => events.poll(after, o),
    // The view already applied: the position's move, the inbox row and the cursor in one statement.
    quick: (event) =>
      event.type.startsWith('order.')
        ? { outcome: 'IGNORED', statement: sameViewStatement(event, event.payload as unknown as ErpSalesOrder) }
        : null,
    handle(tx, event) {
      return event.type.startsWith('order.')
        ? applyOrder(tx, event, event.payload as unknown as ErpSalesOrder)
        : applyDelivery(tx, event, event.payload as unknown as ErpDelivery);
    },
    afterCommit: (_event, outcome) => outcome === 'APPLIED' && notifyTimeline(),
  });
}
