/**
 * The reference ERP's own tables (schema `erp`). Only the ERP service touches them; the portal
 * sees this data through the ports. Money is numeric with explicit scale; dates are ISO dates.
 */
import { defineEntity, type InferEntity } from '@mikro-orm/core';

// ---- master data ----

export const Customer = defineEntity({
  name: 'Customer',
  tableName: 'customer',
  properties: (p) => ({
    id: p.string().primary(),
    name: p.string(),
    currency: p.string().length(3),
    tier: p.string(),
    priceListId: p.string(),
    paymentTermsDays: p.integer().default(30),
    creditLimit: p.decimal().precision(18).scale(4),
    /** Credit the customer holds with us (credits beyond what an invoice still owed), applied to later invoices. */
    creditBalance: p.decimal().precision(18).scale(4).default('0'),
    defaultWarehouse: p.string(),
    partialDelivery: p.boolean(),
    addressLines: p.json<string[]>().default('[]'),
    /** ISO 3166 alpha-2; the tax records of this country apply (null: none maintained, no tax). */
    shipToCountry: p.string().length(2).nullable(),
    /** Orders below this net value (after header discounts, before freight and tax) are refused; null: none. */
    minimumOrderValue: p.decimal().precision(18).scale(4).nullable(),
  }),
});
export type CustomerEntity = InferEntity<typeof Customer>;

export const Contact = defineEntity({
  name: 'Contact',
  tableName: 'contact',
  properties: (p) => ({
    userId: p.string().primary(),
    customerId: p.string().index(),
    name: p.string(),
    email: p.string(),
    role: p.string(),
    spendingLimit: p.decimal().precision(18).scale(4).nullable(),
  }),
});

export const Warehouse = defineEntity({
  name: 'Warehouse',
  tableName: 'warehouse',
  properties: (p) => ({
    id: p.string().primary(),
    name: p.string(),
    timeZone: p.string(),
    /** Working weekdays, 0 = Sunday … 6 = Saturday (as Date#getUTCDay numbers them). */
    workingDays: p.json<number[]>(),
    holidays: p.json<string[]>(),
    /** Local order cut-off time, `HH:MM`. */
    cutoffTime: p.string().length(5),
    pickPackDays: p.integer(),
    loadingDays: p.integer(),
    transitDays: p.integer(),
  }),
});
export type WarehouseEntity = InferEntity<typeof Warehouse>;

export const Carrier = defineEntity({
  name: 'Carrier',
  tableName: 'carrier',
  properties: (p) => ({
    id: p.string().primary(),
    name: p.string(),
    /** `{tracking}` is replaced by the tracking number. */
    trackingUrlTemplate: p.string(),
  }),
});
export type CarrierEntity = InferEntity<typeof Carrier>;

export const Item = defineEntity({
  name: 'Item',
  tableName: 'item',
  properties: (p) => ({
    sku: p.string().primary(),
    name: p.string(),
    uom: p.string(),
    weightKg: p.decimal().precision(10).scale(3).default('0'),
    leadTimeDays: p.integer(),
    discontinued: p.boolean().default(false),
    successorSku: p.string().nullable(),
    /** STANDARD, REDUCED, EXEMPT …: with the ship-to country it selects the tax record. */
    taxClass: p.string().nullable(),
  }),
});
export type ItemEntity = InferEntity<typeof Item>;

// ---- pricing ----

export const Condition = defineEntity({
  name: 'Condition',
  tableName: 'condition',
  // Simulation reads "this customer's records for these SKUs" and "everyone's records for these SKUs".
  indexes: [{ properties: ['accountId', 'sku'] }],
  properties: (p) => ({
    id: p.string().primary(),
    version: p.integer(),
    conditionType: p.string(),
    access: p.string(),
    sku: p.string().nullable().index(),
    accountId: p.string().nullable(),
    priceListId: p.string().nullable(),
    tier: p.string().nullable(),
    currency: p.string().length(3),
    amount: p.decimal().precision(18).scale(4).nullable(),
    rate: p.decimal().precision(9).scale(4).nullable(),
    scales: p.json<{ from: string; amount?: string; rate?: string }[]>().default('[]'),
    validFrom: p.date(),
    validTo: p.date().nullable(),
    contractId: p.string().nullable(),
    /** The version of the customer contract the record belongs to (shown to the buyer as the price's basis). */
    contractVersion: p.integer().nullable(),
    /** Keys of tax records (access COUNTRY_TAX_CLASS). */
    country: p.string().length(2).nullable(),
    taxClass: p.string().nullable(),
  }),
});
export type ConditionEntity = InferEntity<typeof Condition>;

// ---- availability ----

export const Stock = defineEntity({
  name: 'Stock',
  tableName: 'stock',
  properties: (p) => ({
    /** `<sku>@<warehouse>` */
    id: p.string().primary(),
    sku: p.string().index(),
    warehouseId: p.string(),
    onHand: p.integer(),
  }),
});
export type StockEntity = InferEntity<typeof Stock>;

/** Dated receipts (+) and issues (−) per item and warehouse: the ATP inputs besides stock. */
export const Movement = defineEntity({
  name: 'Movement',
  tableName: 'movement',
  indexes: [{ properties: ['sku', 'warehouseId'] }],
  properties: (p) => ({
    id: p.string().primary(),
    sku: p.string(),
    warehouseId: p.string(),
    date: p.date(),
    quantity: p.integer(),
    /** PURCHASE_ORDER, TRANSFER_IN (receipts, +); SALES_ORDER, ALLOCATION, TRANSFER_OUT (issues, −). */
    kind: p.string(),
    /** Purchase order number, or `<order>:<line>` for a sales order schedule line. */
    ref: p.string().index(),
  }),
});
export type MovementEntity = InferEntity<typeof Movement>;

// ---- sales ----

export interface ScheduleLine {
  /** Material availability date: the day the quantity leaves ATP (the date). */
  availableDate: string;
  deliveryDate: string;
  quantity: number;
  /** SUPPLY: covered by stock/receipts; LEAD_TIME: relies on the replenishment lead-time fallback. */
  basis?: 'SUPPLY' | 'LEAD_TIME';
}

export interface OrderTaxLine {
  conditionType: string;
  label: string;
  rate: string;
  base: string;
  amount: string;
}

export const SalesOrder = defineEntity({
  name: 'SalesOrder',
  tableName: 'sales_order',
  properties: (p) => ({
    number: p.string().primary(),
    portalOrderId: p.string().unique(),
    idempotencyKey: p.string().nullable().unique(),
    payloadHash: p.string().nullable(),
    customerId: p.string().index(),
    status: p.string(),
    holdReason: p.string().nullable(),
    /** Who released the order's credit hold: a released order is not held again at delivery. */
    creditReleasedBy: p.string().nullable(),
    placedAt: p.datetime(),
    currency: p.string().length(3),
    requestedDeliveryDate: p.date().nullable(),
    warehouseId: p.string(),
    partialDelivery: p.boolean(),
    pricingDate: p.date(),
    netTotal: p.decimal().precision(18).scale(4),
    freight: p.decimal().precision(18).scale(4).default('0'),
    /** Header discounts (positive), distributed to the lines. */
    headerDiscount: p.decimal().precision(18).scale(4).default('0'),
    tax: p.decimal().precision(18).scale(4).default('0'),
    /** Per rate: base, rate, amount (the pricing result's tax lines). */
    taxLines: p.json<OrderTaxLine[]>().default('[]'),
    customerReference: p.string().nullable(),
    updatedAt: p.datetime(),
  }),
});
export type SalesOrderEntity = InferEntity<typeof SalesOrder>;

export const SalesOrderLine = defineEntity({
  name: 'SalesOrderLine',
  tableName: 'sales_order_line',
  properties: (p) => ({
    /** `<order>:<lineNo>` */
    id: p.string().primary(),
    orderNumber: p.string().index(),
    lineNo: p.integer(),
    sku: p.string(),
    quantity: p.integer(),
    unitPrice: p.decimal().precision(18).scale(4),
    netAmount: p.decimal().precision(18).scale(4),
    /** OPEN, CONFIRMED, SUBSTITUTION_PROPOSED, PARTIALLY_SHIPPED, SHIPPED, CANCELLED */
    status: p.string(),
    confirmedQuantity: p.integer().default(0),
    shippedQuantity: p.integer().default(0),
    invoicedQuantity: p.integer().default(0),
    /** What was cancelled of the ordered quantity (the rest of a partly shipped line, or all of it). */
    cancelledQuantity: p.integer().default(0),
    scheduleLines: p.json<ScheduleLine[]>().default('[]'),
    /** The successor proposed when the ordered item is discontinued. */
    proposedSku: p.string().nullable(),
    components: p.json<unknown[]>().default('[]'),
    /** The line's own requested delivery date (null: the order's applies). */
    requestedDeliveryDate: p.date().nullable(),
    taxClass: p.string().nullable(),
    /** null: no tax record applied. */
    taxRate: p.decimal().precision(9).scale(4).nullable(),
    /** The line's share of the order's header discounts. */
    headerDiscount: p.decimal().precision(18).scale(4).default('0'),
    /** Tax on the line's net less its header-discount share, rounded per line. */
    taxAmount: p.decimal().precision(18).scale(4).default('0'),
  }),
});
export type SalesOrderLineEntity = InferEntity<typeof SalesOrderLine>;

export interface DeliveryLine {
  lineNo: number;
  sku: string;
  quantity: number;
}

export const Delivery = defineEntity({
  name: 'Delivery',
  tableName: 'delivery',
  properties: (p) => ({
    number: p.string().primary(),
    orderNumber: p.string().index(),
    customerId: p.string(),
    warehouseId: p.string(),
    carrierId: p.string(),
    trackingNumber: p.string(),
    /** SHIPPED, DELIVERED */
    status: p.string(),
    shippedAt: p.datetime(),
    plannedDeliveryDate: p.date(),
    deliveredAt: p.datetime().nullable(),
    lines: p.json<DeliveryLine[]>(),
    packages: p.json<{ packageNo: number; trackingNumber: string; lines: DeliveryLine[] }[]>(),
  }),
});
export type DeliveryEntity = InferEntity<typeof Delivery>;

// ---- billing ----

export interface BillingLine {
  lineNo: number;
  sku: string;
  description: string;
  quantity: number;
  unitPrice: string;
  amount: string;
  /** Goods lines of a taxed or discounted order: this line's header-discount share and tax. */
  headerDiscount?: string;
  taxRate?: string | null;
  tax?: string;
}

export const Invoice = defineEntity({
  name: 'Invoice',
  tableName: 'invoice',
  properties: (p) => ({
    number: p.string().primary(),
    customerId: p.string().index(),
    orderNumber: p.string().index(),
    deliveryNumber: p.string().nullable(),
    portalOrderId: p.string(),
    currency: p.string().length(3),
    issuedAt: p.date(),
    dueDate: p.date(),
    total: p.decimal().precision(18).scale(4),
    balance: p.decimal().precision(18).scale(4),
    /** OPEN, PAID, CANCELLED (PARTIALLY_PAID and OVERDUE are derived by readers) */
    status: p.string(),
    lines: p.json<BillingLine[]>().default('[]'),
    /** Header discounts billed with these lines (positive). */
    headerDiscount: p.decimal().precision(18).scale(4).default('0'),
    tax: p.decimal().precision(18).scale(4).default('0'),
    /** Per rate: base, rate, amount of this invoice. */
    taxLines: p.json<OrderTaxLine[]>().default('[]'),
  }),
});
export type InvoiceEntity = InferEntity<typeof Invoice>;

export const CreditMemo = defineEntity({
  name: 'CreditMemo',
  tableName: 'credit_memo',
  properties: (p) => ({
    number: p.string().primary(),
    customerId: p.string().index(),
    invoiceNumber: p.string().index(),
    orderNumber: p.string(),
    portalOrderId: p.string(),
    currency: p.string().length(3),
    issuedAt: p.date(),
    total: p.decimal().precision(18).scale(4),
    reason: p.string(),
    lines: p.json<BillingLine[]>().default('[]'),
    /** The return order whose goods receipt this memo credits (reason RETURN). */
    returnNumber: p.string().nullable(),
  }),
});
export type CreditMemoEntity = InferEntity<typeof CreditMemo>;

/**
 * A return order: goods a customer sends back against an invoice. Received into the warehouse the
 * order shipped from (stock goes back on hand) and credited by a credit memo that names it.
 */
export const ReturnOrder = defineEntity({
  name: 'ReturnOrder',
  tableName: 'return_order',
  properties: (p) => ({
    number: p.string().primary(),
    customerId: p.string().index(),
    orderNumber: p.string().index(),
    invoiceNumber: p.string(),
    warehouseId: p.string(),
    /** RECEIVED (goods receipt posted), CREDITED (its credit memo issued) */
    status: p.string(),
    receivedAt: p.datetime(),
    lines: p.json<DeliveryLine[]>(),
    creditMemoNumber: p.string().nullable(),
  }),
});
export type ReturnOrderEntity = InferEntity<typeof ReturnOrder>;

export const Payment = defineEntity({
  name: 'Payment',
  tableName: 'payment',
  properties: (p) => ({
    id: p.string().primary(),
    invoiceNumber: p.string().index(),
    customerId: p.string(),
    amount: p.decimal().precision(18).scale(4),
    receivedAt: p.datetime(),
  }),
});
export type PaymentEntity = InferEntity<typeof Payment>;

// ---- infrastructure ----

/** The change feed: one ordered stream; `seq` is the cursor, `id` lets consumers deduplicate. */
export const ErpEvent = defineEntity({
  name: 'ErpEvent',
  tableName: 'event',
  properties: (p) => ({
    seq: p.bigint('number').primary().autoincrement(),
    id: p.uuid().unique(),
    type: p.string(),
    key: p.string(),
    occurredAt: p.datetime(),
    payload: p.json<Record<string, unknown>>(),
  }),
});
export type ErpEventEntity = InferEntity<typeof ErpEvent>;

/** Document number ranges (orders, deliveries, invoices, credit memos). */
export const NumberRange = defineEntity({
  name: 'NumberRange',
  tableName: 'number_range',
  properties: (p) => ({
    name: p.string().primary(),
    next: p.bigint('number'),
  }),
});

/** The business clock: real time plus an offset that demos and tests can advance. */
export const ClockState = defineEntity({
  name: 'ClockState',
  tableName: 'clock_state',
  properties: (p) => ({
    id: p.integer().primary(),
    offsetMs: p.bigint('number'),
  }),
});

export const erpEntities = [
  Customer,
  Contact,
  Warehouse,
  Carrier,
  Item,
  Condition,
  Stock,
  Movement,
  SalesOrder,
  SalesOrderLine,
  Delivery,
  Invoice,
  CreditMemo,
  ReturnOrder,
  Payment,
  ErpEvent,
  NumberRange,
  ClockState,
];
