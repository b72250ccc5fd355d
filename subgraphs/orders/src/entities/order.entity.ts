/** The order read model: orders and lines as the ERP reports them. */
import { defineEntity, type InferEntity } from '@mikro-orm/core';

export const Order = defineEntity({
  name: 'Order',
  tableName: 'sales_order',
  // placedAt alone: analysts' reports range over every account.
  indexes: [{ properties: ['accountId', 'placedAt'] }, { properties: ['placedAt'] }],
  properties: (p) => ({
    id: p.string().primary(),
    accountId: p.string(),
    number: p.string().unique(),
    erpOrderNumber: p.string().nullable(),
    status: p.string(),
    placedAt: p.datetime(),
    acceptedAt: p.datetime().nullable(),
    currency: p.string().length(3),
    /** ERP change-feed position of the last applied change: older events are ignored. */
    sourceSeq: p.bigint('number').default(0),
    /** Fingerprint of the ERP's view of the order last applied: the same view again changes nothing. */
    erpViewHash: p.string().nullable(),
    holdReason: p.string().nullable(),
    /** Where the order came from: PORTAL (submitted here) or ERP (found in the ERP by a sync). */
    origin: p.string().default('PORTAL'),
    /** The correlation id of the submit request (every log line and timeline event of it carries it). */
    correlationId: p.string().nullable(),
    /** Line net amounts before freight and tax, as the ERP reports them; null until the ERP has the order. */
    netTotal: p.decimal().precision(18).scale(4).nullable(),
    freight: p.decimal().precision(18).scale(4).nullable(),
    /** The buyer's requested delivery date as the ERP holds it (null: as soon as possible). */
    requestedDeliveryDate: p.date().nullable(),
    /** The cart the order was placed from (one cart, at most one order: unique). Null for orders from the ERP. */
    cartId: p.string().nullable().unique(),
    /** The quote's lines the order was submitted (and approved) at, compared with the ERP's acknowledgement. */
    acceptedQuote: p
      .json<{ quoteId: string; currency: string; lines: { sku: string; quantity: number; unitPrice: string; netAmount: string }[] }>()
      .nullable(),
    /**
     * An order the portal met in the ERP (not submitted here): when its history was rebuilt from the
     * ERP's document flow. Null until then (a worker retries while the ERP cannot be read).
     */
    historyRebuiltAt: p.datetime().nullable(),
  }),
});
export type OrderEntity = InferEntity<typeof Order>;

export const OrderLine = defineEntity({
  name: 'OrderLine',
  tableName: 'sales_order_line',
  properties: (p) => ({
    id: p.string().primary(),
    orderId: p.string().index(),
    lineNo: p.integer(),
    sku: p.string(),
    quantity: p.integer(),
    confirmedQuantity: p.integer().default(0),
    shippedQuantity: p.integer().default(0),
    invoicedQuantity: p.integer().default(0),
    /** What the ERP cancelled of the ordered quantity (which stays as ordered). */
    cancelledQuantity: p.integer().default(0),
    /** OPEN CONFIRMED SUBSTITUTION_PROPOSED IN_FULFILLMENT PARTIALLY_SHIPPED SHIPPED CANCELLED (as the ERP says). */
    status: p.string().default('OPEN'),
    scheduleLines: p.json<{ date: string; quantity: number; basis: string }[]>().nullable(),
    proposedSku: p.string().nullable(),
    /** As the ERP priced the line (null until the ERP has the order). */
    unitPrice: p.decimal().precision(18).scale(4).nullable(),
    netAmount: p.decimal().precision(18).scale(4).nullable(),
  }),
});
export type OrderLineEntity = InferEntity<typeof OrderLine>;

/** A delivery (shipment) as the ERP reports it: carrier, tracking, packages and shipped lines. */
export const Shipment = defineEntity({
  name: 'Shipment',
  tableName: 'shipment',
  properties: (p) => ({
    id: p.string().primary(),
    orderId: p.string().index(),
    carrier: p.string(),
    trackingNumber: p.string(),
    trackingUrl: p.string().nullable(),
    status: p.string(),
    shippedAt: p.datetime(),
    deliveredAt: p.datetime().nullable(),
    plannedDeliveryDate: p.date().nullable(),
    /** The warehouse it left from (its time zone says on which business day it was delivered). */
    warehouseId: p.string().nullable(),
    lines: p.json<{ lineNo: number; sku: string; quantity: number }[]>(),
    packages: p.json<{ packageNo: number; trackingNumber: string; lines: { lineNo: number; sku: string; quantity: number }[] }[]>(),
    sourceSeq: p.bigint('number').default(0),
  }),
});
export type ShipmentEntity = InferEntity<typeof Shipment>;
