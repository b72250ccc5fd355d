/**
 * The ERP ports: what the portal needs from an ERP, in ERP-neutral (canonical) shapes. Each
 * subgraph uses only its own port. Adapters (the reference ERP over HTTP, Tryton over JSON-RPC)
 * implement them. Amounts are decimal strings; dates ISO `YYYY-MM-DD`; instants ISO-8601 UTC.
 */
import type { ConditionRecord } from '@portal/pricing-engine';

export type { ConditionRecord, DocumentPrice, LinePrice, PriceComponent, PriceTier } from '@portal/pricing-engine';

export interface PageRequest {
  /** Opaque cursor from the previous page; absent = from the beginning. */
  cursor?: string | null;
  limit?: number;
}

export interface Page<T> {
  items: T[];
  /** Cursor for the next page; null when the export is complete. */
  nextCursor: string | null;
}

/**
 * A page of an export as tab-separated text, for loading as it is (`COPY … FROM STDIN`): one line
 * per record, fields in the order of `columns` (the export's field names), escaped as PostgreSQL's
 * COPY text format (`\N` null; backslash, tab, newline and carriage return escaped).
 */
export interface TextPage {
  columns: string[];
  /** The records' lines, without the line of names. */
  data: Buffer;
  rows: number;
  /** Cursor for the next page; null when the export is complete. */
  nextCursor: string | null;
}

// ---- master data ----

export interface ErpItem {
  sku: string;
  name: string;
  uom: string;
  weightKg: string;
  leadTimeDays: number;
  discontinued: boolean;
  successorSku: string | null;
  /** With the customer's ship-to country it selects the tax rate (absent: the ERP keeps none). */
  taxClass?: string | null;
}

export interface ErpContact {
  userId: string;
  name: string;
  email: string;
  role: 'buyer' | 'approver' | 'admin' | 'analyst';
  spendingLimit: string | null;
}

export interface ErpAccount {
  id: string;
  name: string;
  currency: string;
  tier: string;
  priceListId: string;
  paymentTermsDays: number;
  creditLimit: string;
  defaultWarehouse: string;
  partialDelivery: boolean;
  /** ISO 3166 alpha-2 ship-to country; null or absent: no tax is determined. */
  shipToCountry?: string | null;
  /** An order whose net after header discounts (before freight and tax) is below this is refused; null: none. */
  minimumOrderValue?: string | null;
  contacts: ErpContact[];
}

export interface ErpWarehouse {
  id: string;
  name: string;
  timeZone: string;
  workingDays: number[];
  holidays: string[];
  cutoffTime: string;
  pickPackDays: number;
  loadingDays: number;
  transitDays: number;
}

/** A canonical pricing condition record (the shared engine's `ConditionRecord`). */
export type ErpCondition = ConditionRecord;

/** The pricing-relevant part of a customer master record. */
export interface ErpPricingCustomer {
  accountId: string;
  currency: string;
  tier: string;
  priceListId: string;
  shipToCountry?: string | null;
  minimumOrderValue?: string | null;
}

// ---- availability ----

export interface AvailabilityLineRequest {
  lineId: string;
  sku: string;
  quantity: number;
  requestedDeliveryDate?: string | null;
  warehouseId?: string | null;
}

export interface AvailabilityAnswer {
  lineId: string;
  sku: string;
  status: 'AVAILABLE' | 'PARTIAL' | 'BACKORDER' | 'LEAD_TIME';
  requestedDeliveryDate: string | null;
  materialAvailabilityDate: string;
  scheduleLines: { availableDate: string; deliveryDate: string; quantity: number; basis: 'SUPPLY' | 'LEAD_TIME' }[];
  atpDate: string;
  promisedQuantity: number;
  onHandHint: number;
  leadTimeDays: number;
  cutoffAt: string;
  warehouse: string;
  caveats: string[];
  businessDate: string;
  checkedAt: string;
}

// ---- sales ----

export interface ErpScheduleLine {
  availableDate: string;
  deliveryDate: string;
  quantity: number;
  basis?: 'SUPPLY' | 'LEAD_TIME';
}

export interface ErpSalesOrderLine {
  lineNo: number;
  sku: string;
  quantity: number;
  unitPrice: string;
  netAmount: string;
  /** OPEN, CONFIRMED, SUBSTITUTION_PROPOSED, IN_FULFILLMENT, PARTIALLY_SHIPPED, SHIPPED, CANCELLED */
  status: string;
  confirmedQuantity: number;
  shippedQuantity: number;
  invoicedQuantity: number;
  /** What was cancelled of the ordered `quantity` (which stays as ordered): all of it, or the rest of a partly shipped line. */
  cancelledQuantity?: number;
  scheduleLines: ErpScheduleLine[];
  proposedSku: string | null;
  components: unknown[];
  /** The line's own requested delivery date, as submitted (null: the order's applies). */
  requestedDeliveryDate?: string | null;
  taxClass?: string | null;
  /** null: no tax record applied. */
  taxRate?: string | null;
  /** The line's share of the order's header discounts. */
  headerDiscount?: string;
  taxAmount?: string;
}

/** Tax per rate on a document: the sum of the lines' bases and of their rounded tax. */
export interface ErpTaxLine {
  conditionType: string;
  label: string;
  rate: string;
  base: string;
  amount: string;
}

export interface ErpSalesOrder {
  number: string;
  /**
   * The portal's order id, carried by the ERP as the external reference; an order entered in the ERP
   * itself has none, and gets a stable id derived from the ERP's order (`erp:<number>`).
   */
  portalOrderId: string;
  accountId: string;
  /** RECEIVED (entered, not confirmed yet), CONFIRMED, IN_FULFILLMENT, PARTIALLY_SHIPPED, COMPLETED, ON_HOLD, CANCELLED */
  status: string;
  /** Why the order is blocked (e.g. CREDIT_LIMIT_EXCEEDED), null when it is not. */
  holdReason: string | null;
  placedAt: string;
  currency: string;
  requestedDeliveryDate: string | null;
  warehouseId: string;
  pricingDate: string;
  customerReference: string | null;
  netTotal: string;
  freight: string;
  /** Header discounts (positive); absent: an ERP without them. */
  headerDiscount?: string;
  tax?: string;
  /** netTotal − headerDiscount + freight + tax. */
  total?: string;
  taxLines?: ErpTaxLine[];
  lines: ErpSalesOrderLine[];
  /** Document flow: deliveries and invoices of this order. */
  deliveries: string[];
  invoices: string[];
}

export interface CreateSalesOrderInput {
  portalOrderId: string;
  accountId: string;
  customerReference?: string | null;
  requestedDeliveryDate?: string | null;
  lines: { sku: string; quantity: number; requestedDeliveryDate?: string | null }[];
}

export interface ErpDeliveryLine {
  lineNo: number;
  sku: string;
  quantity: number;
}

export interface ErpDelivery {
  number: string;
  orderNumber: string;
  portalOrderId: string | null;
  accountId: string;
  warehouseId: string;
  carrierId: string;
  carrierName?: string;
  trackingNumber: string;
  trackingUrl: string | null;
  /** SHIPPED, DELIVERED */
  status: string;
  shippedAt: string;
  plannedDeliveryDate: string;
  deliveredAt: string | null;
  lines: ErpDeliveryLine[];
  packages: { packageNo: number; trackingNumber: string; lines: ErpDeliveryLine[] }[];
}

// ---- billing ----

export interface ErpBillingLine {
  lineNo: number;
  sku: string;
  description: string;
  quantity: number;
  unitPrice: string;
  amount: string;
  /** Goods lines of a taxed or discounted document: the line's header-discount share and tax. */
  headerDiscount?: string;
  taxRate?: string | null;
  tax?: string;
}

export interface ErpInvoice {
  number: string;
  accountId: string;
  orderNumber: string;
  deliveryNumber: string | null;
  portalOrderId: string;
  currency: string;
  issuedAt: string;
  dueDate: string;
  total: string;
  balance: string;
  /** OPEN, PAID, CANCELLED */
  status: string;
  lines: ErpBillingLine[];
  /** total = Σ lines − headerDiscount + tax; absent: an ERP that bills neither. */
  headerDiscount?: string;
  tax?: string;
  taxLines?: ErpTaxLine[];
}

export interface ErpCreditMemo {
  number: string;
  accountId: string;
  invoiceNumber: string;
  orderNumber: string;
  portalOrderId: string;
  currency: string;
  issuedAt: string;
  total: string;
  reason: string;
  lines: ErpBillingLine[];
  /** The return order whose goods receipt this memo credits (an ERP without return orders: absent). */
  returnNumber?: string | null;
  /** Header discount and tax reversed with the credited lines: total = Σ lines − headerDiscount + tax. */
  headerDiscount?: string;
  tax?: string;
  taxLines?: ErpTaxLine[];
}

export interface ErpPayment {
  id: string;
  invoiceNumber: string;
  accountId: string;
  /** The invoice's order and currency (null only if the invoice is gone). */
  portalOrderId: string | null;
  currency: string | null;
  amount: string;
  receivedAt: string;
}

/**
 * One recorded state of a sales order, as the ERP dated it: the order's creation and each change
 * after it (confirmation, schedule lines, a credit hold and its release, progress). `id` is the
 * ERP's own identity of that change (the change-feed event that announced it where the ERP has
 * one), so a history read now and the feed read live name the same change alike.
 */
export interface ErpOrderVersion {
  id: string;
  /** When the ERP recorded this state (ISO-8601 UTC). */
  at: string;
  /** RECEIVED, CONFIRMED, IN_FULFILLMENT, PARTIALLY_SHIPPED, COMPLETED, ON_HOLD, CANCELLED */
  status: string;
  holdReason: string | null;
  lines: Pick<ErpSalesOrderLine, 'lineNo' | 'sku' | 'quantity' | 'confirmedQuantity' | 'status' | 'scheduleLines'>[];
}

/**
 * An order's document flow: the order, its recorded states and every document that follows from
 * it — deliveries, invoices, credit memos, payments — each dated by the ERP. What the portal
 * rebuilds an order's history from when it first meets an order that existed before it.
 */
export interface ErpDocumentFlow {
  order: ErpSalesOrder;
  /** Oldest first; at least the order's creation. An ERP that keeps no history of states gives what it can date. */
  versions: ErpOrderVersion[];
  deliveries: ErpDelivery[];
  invoices: ErpInvoice[];
  creditMemos: ErpCreditMemo[];
  payments: ErpPayment[];
}

export interface ErpDocument {
  contentType: string;
  bytes: Buffer;
}

// ---- change feed ----

export type ErpEventType =
  | 'condition.changed'
  | 'item.changed'
  | 'stock.changed'
  | 'order.created'
  | 'order.changed'
  | 'delivery.shipped'
  | 'delivery.delivered'
  | 'invoice.posted'
  | 'credit_memo.issued'
  | 'payment.received';

export interface ErpChangeEvent {
  /** Position in the feed (the cursor). */
  seq: number;
  /** Unique per event: consumers deduplicate on it (delivery is at-least-once). */
  id: string;
  type: ErpEventType;
  key: string;
  occurredAt: string;
  payload: Record<string, unknown>;
}

export * from './ports.js';
