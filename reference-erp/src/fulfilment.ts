/**
 * The fulfilment engine, driven by the business clock: purchase orders are received on their
 * date; a confirmed schedule line is picked from its material availability date, shipped after
 * pick/pack and loading (one delivery per order and run, a package per line, a carrier and
 * tracking numbers), billed on goods issue (an invoice per delivery), and delivered after transit.
 * Each step changes stock and documents in one transaction with its change-feed events.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { invoiceDelivery } from './billing.js';
import type { ErpContext } from './context.js';
import { businessDate, type WarehouseParams } from '@portal/atp-engine';
import {
  Carrier,
  Customer,
  Delivery,
  Movement,
  SalesOrder,
  SalesOrderLine,
  Stock,
  type DeliveryLine,
  type SalesOrderLineEntity,
} from './entities/index.js';
import { appendEvent, notifyAppended } from './feed.js';
import { nextNumber } from './numbers.js';
import { creditExposure, HOLD_CREDIT, lockCredit, openOrderValue } from './credit.js';
import { lock } from './locks.js';
import { deriveOrderStatus, orderDetail } from './orders.js';
import { loadWarehouses } from './warehouses.js';

export interface FulfilmentRun {
  received: number;
  picking: number;
  shipped: number;
  delivered: number;
  invoices: number;
}

const PACKAGE_MAX_UNITS = 100;

async function stockChanged(
  tx: EntityManager,
  ctx: ErpContext,
  sku: string,
  warehouseId: string,
  onHand: number,
  reason: string,
  ref: string,
) {
  await appendEvent(tx, ctx.clock.now(), 'stock.changed', `${sku}@${warehouseId}`, { sku, warehouseId, onHand, reason, ref });
}

async function receiveDue(ctx: ErpContext, tx: EntityManager, warehouses: Map<string, WarehouseParams>): Promise<number> {
  let received = 0;
  for (const [id, wh] of warehouses) {
    const today = businessDate(ctx.clock.now(), wh.timeZone);
    const due = await tx.find(
      Movement,
      { warehouseId: id, kind: { $in: ['PURCHASE_ORDER', 'TRANSFER_IN'] }, date: { $lte: today } },
      { orderBy: { date: 'asc', id: 'asc' } },
    );
    for (const m of due) {
      const stockId = `${m.sku}@${id}`;
      const stock = (await tx.findOne(Stock, { id: stockId })) ?? tx.create(Stock, { id: stockId, sku: m.sku, warehouseId: id, onHand: 0 });
      stock.onHand += m.quantity;
      tx.remove(m);
      await stockChanged(tx, ctx, m.sku, id, stock.onHand, 'RECEIPT', m.ref);
      received++;
    }
  }
  return received;
}

/** Unshipped parts of a line's schedule lines, in date order (shipping consumes them front to back). */
function openScheduleParts(line: SalesOrderLineEntity) {
  let shipped = line.shippedQuantity;
  const parts: { index: number; availableDate: string; quantity: number }[] = [];
  [...line.scheduleLines]
    .map((sl, index) => ({ ...sl, index }))
    .sort((a, b) => (a.availableDate < b.availableDate ? -1 : a.availableDate > b.availableDate ? 1 : 0))
    .forEach((sl) => {
      const done = Math.min(shipped, sl.quantity);
      shipped -= done;
      if (sl.quantity - done > 0) parts.push({ index: sl.index, availableDate: sl.availableDate, quantity: sl.quantity - done });
    });
  return parts;
}

async function processOrder(
  ctx: ErpContext,
  tx: EntityManager,
  number: string,
  warehouses: Map<string, WarehouseParams>,
  run: FulfilmentRun,
): Promise<void> {
  await lock(tx, `order:${number}`);
  const order = await tx.findOne(SalesOrder, { number });
  if (!order || order.holdReason || ['CANCELLED', 'COMPLETED', 'ON_HOLD'].includes(order.status)) return;
  const wh = warehouses.get(order.warehouseId);
  if (!wh) return;
  const today = businessDate(ctx.clock.now(), wh.timeZone);
  const lines = await tx.find(SalesOrderLine, { orderNumber: number }, { orderBy: { lineNo: 'asc' } });
  // The credit check again before the warehouse starts on the order: exposure may have grown since
  // it was confirmed. An order a person released from credit hold is not held again.
  const due = lines.some(
    (l) =>
      ['CONFIRMED', 'IN_FULFILLMENT', 'PARTIALLY_SHIPPED'].includes(l.status) && openScheduleParts(l).some((p) => p.availableDate <= today),
  );
  if (due && !order.creditReleasedBy) {
    const customer = await tx.findOneOrFail(Customer, { id: order.customerId });
    await lockCredit(tx, customer.id);
    const exposure = (await creditExposure(tx, customer.id, order.number)).plus(openOrderValue(order, lines));
    if (exposure.gt(customer.creditLimit)) {
      order.holdReason = HOLD_CREDIT;
      order.status = deriveOrderStatus(order, lines);
      order.updatedAt = ctx.clock.now();
      await tx.flush();
      await appendEvent(tx, ctx.clock.now(), 'order.changed', order.number, {
        ...(await orderDetail(tx, order.number)),
        action: 'CREDIT_HOLD_AT_DELIVERY',
      });
      return;
    }
  }
  let changed = false;
  const shipping: DeliveryLine[] = [];
  for (const line of lines) {
    if (!['CONFIRMED', 'IN_FULFILLMENT', 'PARTIALLY_SHIPPED'].includes(line.status)) continue;
    for (const part of openScheduleParts(line)) {
      if (part.availableDate > today) break;
      if (line.status === 'CONFIRMED') {
        line.status = 'IN_FULFILLMENT';
        run.picking++;
        changed = true;
      }
      const shipDate = wh.calendar.addWorkingDays(part.availableDate, wh.pickPackDays + wh.loadingDays);
      if (shipDate > today) break;
      const stock = await tx.findOne(Stock, { id: `${line.sku}@${wh.id}` });
      // ATP promised it, but a receipt may be late: ship what is physically there, the rest later.
      const quantity = Math.min(part.quantity, stock?.onHand ?? 0);
      if (!stock || quantity <= 0) break;
      stock.onHand -= quantity;
      const movement = await tx.findOne(Movement, { id: `${line.id}#${part.index + 1}` });
      if (movement) {
        movement.quantity += quantity;
        if (movement.quantity >= 0) tx.remove(movement);
      }
      line.shippedQuantity += quantity;
      line.status = line.shippedQuantity >= line.quantity ? 'SHIPPED' : 'PARTIALLY_SHIPPED';
      shipping.push({ lineNo: line.lineNo, sku: line.sku, quantity });
      await stockChanged(tx, ctx, line.sku, wh.id, stock.onHand, 'GOODS_ISSUE', line.id);
      changed = true;
      if (quantity < part.quantity) break;
    }
  }
  if (shipping.length) {
    const customer = await tx.findOneOrFail(Customer, { id: order.customerId });
    const carriers = await tx.find(Carrier, {}, { orderBy: { id: 'asc' } });
    const carrier = carriers[Number(BigInt(order.number) % BigInt(Math.max(carriers.length, 1)))];
    const deliveryNumber = await nextNumber(tx, 'delivery');
    const prefix = (carrier?.id ?? 'XX').slice(0, 2);
    const packages = shipping.flatMap((l) => {
      const count = Math.ceil(l.quantity / PACKAGE_MAX_UNITS);
      return Array.from({ length: count }, (_, k) => ({
        lineNo: l.lineNo,
        sku: l.sku,
        quantity: Math.min(PACKAGE_MAX_UNITS, l.quantity - k * PACKAGE_MAX_UNITS),
      }));
    });
    const delivery = tx.create(Delivery, {
      number: deliveryNumber,
      orderNumber: order.number,
      customerId: order.customerId,
      warehouseId: wh.id,
      carrierId: carrier?.id ?? 'UNASSIGNED',
      trackingNumber: `${prefix}${deliveryNumber}`,
      status: 'SHIPPED',
      shippedAt: ctx.clock.now(),
      plannedDeliveryDate: wh.calendar.addWorkingDays(today, wh.transitDays),
      deliveredAt: null,
      lines: shipping,
      packages: packages.map((p, k) => ({
        packageNo: k + 1,
        trackingNumber: `${prefix}${deliveryNumber}${String(k + 1).padStart(2, '0')}`,
        lines: [p],
      })),
    });
    await appendEvent(tx, ctx.clock.now(), 'delivery.shipped', delivery.number, {
      ...deliveryPayload(delivery),
      trackingUrl: carrier ? carrier.trackingUrlTemplate.replace('{tracking}', delivery.trackingNumber) : null,
      portalOrderId: order.portalOrderId,
    });
    await invoiceDelivery(tx, ctx, order, customer, delivery);
    run.shipped++;
    run.invoices++;
  }
  if (changed) {
    order.status = deriveOrderStatus(order, lines);
    order.updatedAt = ctx.clock.now();
    await tx.flush();
    await appendEvent(tx, ctx.clock.now(), 'order.changed', order.number, {
      ...(await orderDetail(tx, order.number)),
      action: 'FULFILMENT',
    });
  }
}

export function deliveryPayload(d: {
  number: string;
  orderNumber: string;
  customerId: string;
  warehouseId: string;
  carrierId: string;
  trackingNumber: string;
  status: string;
  shippedAt: Date;
  plannedDeliveryDate: string;
  deliveredAt?: Date | null;
  lines: DeliveryLine[];
  packages: unknown[];
}) {
  return {
    number: d.number,
    orderNumber: d.orderNumber,
    accountId: d.customerId,
    warehouseId: d.warehouseId,
    carrierId: d.carrierId,
    trackingNumber: d.trackingNumber,
    status: d.status,
    shippedAt: d.shippedAt.toISOString(),
    plannedDeliveryDate: d.plannedDeliveryDate,
    deliveredAt: d.deliveredAt ? d.deliveredAt.toISOString() : null,
    lines: d.lines,
    packages: d.packages,
  };
}

async function deliverDue(ctx: ErpContext, tx: EntityManager, warehouses: Map<string, WarehouseParams>): Promise<number> {
  let delivered = 0;
  for (const [id, wh] of warehouses) {
    const today = businessDate(ctx.clock.now(), wh.timeZone);
    const due = await tx.find(
      Delivery,
      { warehouseId: id, status: 'SHIPPED', plannedDeliveryDate: { $lte: today } },
      { orderBy: { number: 'asc' } },
    );
    for (const d of due) {
      d.status = 'DELIVERED';
      d.deliveredAt = ctx.clock.now();
      await appendEvent(tx, ctx.clock.now(), 'delivery.delivered', d.number, deliveryPayload(d));
      delivered++;
    }
  }
  return delivered;
}

let running: Promise<FulfilmentRun> | undefined;

/** One pass of the engine. Concurrent callers share the pass in progress. */
export function runFulfilment(ctx: ErpContext): Promise<FulfilmentRun> {
  running ??= (async () => {
    const run: FulfilmentRun = { received: 0, picking: 0, shipped: 0, delivered: 0, invoices: 0 };
    try {
      const em = ctx.orm.em.fork();
      const warehouses = await loadWarehouses(em);
      run.received = await em.fork().transactional((tx) => receiveDue(ctx, tx, warehouses));
      const open = await em.find(
        SalesOrder,
        { status: { $in: ['CONFIRMED', 'IN_FULFILLMENT', 'PARTIALLY_SHIPPED'] }, holdReason: null },
        { fields: ['number'], orderBy: { number: 'asc' } },
      );
      for (const { number } of open) await em.fork().transactional((tx) => processOrder(ctx, tx, number, warehouses, run));
      run.delivered = await em.fork().transactional((tx) => deliverDue(ctx, tx, warehouses));
      if (run.received || run.picking || run.shipped || run.delivered) ctx.logger.info({ ...run }, 'fulfilment run');
      return run;
    } finally {
      notifyAppended();
      running = undefined;
    }
  })();
  return running;
}
