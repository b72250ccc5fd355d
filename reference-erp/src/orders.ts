/**
 * Sales orders as the portal sees them: the order's detail (header, totals, tax, lines, documents)
 * and its portal-facing status derived from its lines and hold. Creation is in `order-create.ts`,
 * changes (line cancellation, substitution, credit release) in `order-changes.ts`, the credit
 * figures in `credit.ts`.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { amountText, minorUnits } from '@portal/platform/currency';
import { Decimal } from '@portal/platform/money';
import { Delivery, Invoice, SalesOrder, SalesOrderLine, type SalesOrderEntity, type SalesOrderLineEntity } from './entities/index.js';
import { isoInstant, query } from './projections.js';

/** The portal-facing order status, derived from the lines and the hold. */
export function deriveOrderStatus(
  order: Pick<SalesOrderEntity, 'holdReason'>,
  lines: Pick<SalesOrderLineEntity, 'status' | 'quantity' | 'shippedQuantity' | 'cancelledQuantity'>[],
): string {
  if (order.holdReason) return 'ON_HOLD';
  const active = lines.filter((l) => l.status !== 'CANCELLED');
  if (!active.length) return 'CANCELLED';
  if (active.every((l) => l.shippedQuantity + l.cancelledQuantity >= l.quantity)) return 'COMPLETED';
  if (active.some((l) => l.shippedQuantity > 0)) return 'PARTIALLY_SHIPPED';
  if (active.some((l) => l.status === 'IN_FULFILLMENT')) return 'IN_FULFILLMENT';
  return 'CONFIRMED';
}

export interface OrderDetail {
  number: string;
  portalOrderId: string;
  accountId: string;
  status: string;
  holdReason: string | null;
  placedAt: string;
  currency: string;
  requestedDeliveryDate: string | null;
  warehouseId: string;
  pricingDate: string;
  customerReference: string | null;
  netTotal: string;
  freight: string;
  /** Header discounts (positive), tax, and the tax per rate; total = netTotal − headerDiscount + freight + tax. */
  headerDiscount: string;
  tax: string;
  total: string;
  taxLines: { conditionType: string; label: string; rate: string; base: string; amount: string }[];
  lines: {
    lineNo: number;
    sku: string;
    quantity: number;
    unitPrice: string;
    netAmount: string;
    status: string;
    confirmedQuantity: number;
    shippedQuantity: number;
    invoicedQuantity: number;
    cancelledQuantity: number;
    scheduleLines: { availableDate: string; deliveryDate: string; quantity: number }[];
    proposedSku: string | null;
    components: unknown[];
    requestedDeliveryDate: string | null;
    taxClass: string | null;
    taxRate: string | null;
    headerDiscount: string;
    taxAmount: string;
  }[];
  deliveries: string[];
  invoices: string[];
}

export async function orderDetail(em: EntityManager, number: string): Promise<OrderDetail | null> {
  const order = await em.findOne(SalesOrder, { number });
  if (!order) return null;
  // Sequential: inside a transaction all queries share one connection.
  const lines = await em.find(SalesOrderLine, { orderNumber: number }, { orderBy: { lineNo: 'asc' } });
  const deliveries = await em.find(Delivery, { orderNumber: number }, { orderBy: { number: 'asc' }, fields: ['number'] });
  const invoices = await em.find(Invoice, { orderNumber: number }, { orderBy: { number: 'asc' }, fields: ['number'] });
  return detailOf(
    order,
    lines,
    deliveries.map((d) => d.number),
    invoices.map((i) => i.number),
  );
}

/**
 * An order's detail read as plain rows, in one statement (`ORDER_JSON` where `where` holds: the
 * order `o`), for readers outside a transaction that changes it (an entity manager's unflushed
 * changes are not in it).
 */
export async function readOrderDetail(em: EntityManager, where: 'number' | 'portalOrderId', value: string): Promise<OrderDetail | null> {
  const column = where === 'number' ? 'o.number' : 'o.portal_order_id';
  const [row] = await query<{ detail: OrderJson }>(em, `select ${ORDER_JSON} as detail from "erp"."sales_order" o where ${column} = ?`, [
    value,
  ]);
  return row ? detailFromJson(row.detail) : null;
}

/** The order `o` with its lines and its documents' numbers, as JSON (`detailFromJson` makes it a detail). */
export const ORDER_JSON = `json_build_object(
    'order', json_build_object('number', o.number, 'portalOrderId', o.portal_order_id, 'customerId', o.customer_id,
      'status', o.status, 'holdReason', o.hold_reason, 'placedAt', ${isoInstant('o.placed_at')}, 'currency', o.currency,
      'requestedDeliveryDate', o.requested_delivery_date, 'warehouseId', o.warehouse_id, 'pricingDate', o.pricing_date,
      'customerReference', o.customer_reference, 'netTotal', o.net_total::text, 'freight', o.freight::text,
      'headerDiscount', o.header_discount::text, 'tax', o.tax::text, 'taxLines', o.tax_lines),
    'lines', (select coalesce(json_agg(json_build_object('lineNo', ol.line_no, 'sku', ol.sku, 'quantity', ol.quantity,
        'unitPrice', ol.unit_price::text, 'netAmount', ol.net_amount::text, 'status', ol.status,
        'confirmedQuantity', ol.confirmed_quantity, 'shippedQuantity', ol.shipped_quantity,
        'invoicedQuantity', ol.invoiced_quantity, 'cancelledQuantity', ol.cancelled_quantity, 'scheduleLines', ol.schedule_lines,
        'proposedSku', ol.proposed_sku, 'components', ol.components, 'requestedDeliveryDate', ol.requested_delivery_date,
        'taxClass', ol.tax_class, 'taxRate', ol.tax_rate::text, 'headerDiscount', ol.header_discount::text,
        'taxAmount', ol.tax_amount::text) order by ol.line_no), '[]')
      from "erp"."sales_order_line" ol where ol.order_number = o.number),
    'deliveries', (select coalesce(json_agg(d.number order by d.number), '[]') from "erp"."delivery" d where d.order_number = o.number),
    'invoices', (select coalesce(json_agg(inv.number order by inv.number), '[]') from "erp"."invoice" inv where inv.order_number = o.number))`;

export interface OrderJson {
  order: Omit<OrderRow, 'placedAt'> & { placedAt: string };
  lines: LineRow[];
  deliveries: string[];
  invoices: string[];
}

export const detailFromJson = (j: OrderJson): OrderDetail =>
  detailOf({ ...j.order, placedAt: new Date(j.order.placedAt) }, j.lines, j.deliveries, j.invoices);

/** What an order's detail shows of its row. */
export type OrderRow = Pick<
  SalesOrderEntity,
  | 'number'
  | 'portalOrderId'
  | 'customerId'
  | 'status'
  | 'holdReason'
  | 'placedAt'
  | 'currency'
  | 'requestedDeliveryDate'
  | 'warehouseId'
  | 'pricingDate'
  | 'customerReference'
  | 'netTotal'
  | 'freight'
  | 'headerDiscount'
  | 'tax'
  | 'taxLines'
>;

/** What an order's detail shows of a line. */
export type LineRow = Pick<
  SalesOrderLineEntity,
  | 'lineNo'
  | 'sku'
  | 'quantity'
  | 'unitPrice'
  | 'netAmount'
  | 'status'
  | 'confirmedQuantity'
  | 'shippedQuantity'
  | 'invoicedQuantity'
  | 'cancelledQuantity'
  | 'scheduleLines'
  | 'proposedSku'
  | 'components'
  | 'requestedDeliveryDate'
  | 'taxClass'
  | 'taxRate'
  | 'headerDiscount'
  | 'taxAmount'
>;

/** An order as its detail shows it, from its row, its lines (by line number) and its documents' numbers. */
export function detailOf(order: OrderRow, lines: LineRow[], deliveries: string[], invoices: string[]): OrderDetail {
  return {
    number: order.number,
    portalOrderId: order.portalOrderId,
    accountId: order.customerId,
    status: order.status,
    holdReason: order.holdReason ?? null,
    placedAt: order.placedAt.toISOString(),
    currency: order.currency,
    requestedDeliveryDate: order.requestedDeliveryDate ?? null,
    warehouseId: order.warehouseId,
    pricingDate: order.pricingDate,
    customerReference: order.customerReference ?? null,
    netTotal: amountText(order.netTotal, order.currency),
    freight: amountText(order.freight, order.currency),
    headerDiscount: new Decimal(order.headerDiscount).toFixed(minorUnits(order.currency)),
    tax: new Decimal(order.tax).toFixed(minorUnits(order.currency)),
    total: new Decimal(order.netTotal).minus(order.headerDiscount).plus(order.freight).plus(order.tax).toFixed(minorUnits(order.currency)),
    taxLines: order.taxLines,
    lines: lines.map((l) => ({
      lineNo: l.lineNo,
      sku: l.sku,
      quantity: l.quantity,
      unitPrice: new Decimal(l.unitPrice).toFixed(4),
      netAmount: amountText(l.netAmount, order.currency),
      status: l.status,
      confirmedQuantity: l.confirmedQuantity,
      shippedQuantity: l.shippedQuantity,
      invoicedQuantity: l.invoicedQuantity,
      cancelledQuantity: l.cancelledQuantity,
      scheduleLines: l.scheduleLines,
      proposedSku: l.proposedSku ?? null,
      components: l.components,
      requestedDeliveryDate: l.requestedDeliveryDate ?? null,
      taxClass: l.taxClass ?? null,
      taxRate: l.taxRate === null || l.taxRate === undefined ? null : new Decimal(l.taxRate).toFixed(),
      headerDiscount: new Decimal(l.headerDiscount).toFixed(minorUnits(order.currency)),
      taxAmount: new Decimal(l.taxAmount).toFixed(minorUnits(order.currency)),
    })),
    deliveries,
    invoices,
  };
}
