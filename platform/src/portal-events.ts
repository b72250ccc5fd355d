/**
 * What the subgraphs tell each other over the event bus: topics, event types and payloads. One
 * place, so a publisher and its consumers cannot drift apart. Every event is keyed by the portal
 * order id (order is kept per key) and carries the upstream event's id as its bus id, so a
 * re-publish after a crash is deduplicated by the bus and by consumers' inboxes.
 */

/** Billing as the invoices subgraph saw it from the ERP: postings, payments, credits. */
export const INVOICE_TOPIC = 'invoices';
/** Every order timeline event, as appended by the orders subgraph (for live pushes and other consumers). */
export const ORDER_TIMELINE_TOPIC = 'orders.timeline';

export interface InvoicePostedEvent {
  type: 'invoice.posted';
  invoiceNumber: string;
  accountId: string;
  portalOrderId: string;
  erpOrderNumber: string;
  deliveryNumber: string | null;
  currency: string;
  issuedAt: string;
  /** The ERP's business instant of the posting, from its change feed, when known (`issuedAt` is a day). */
  postedAt?: string;
  dueDate: string;
  /** Decimal strings. */
  total: string;
  balance: string;
  lines: { orderLineNo: number; sku: string; quantity: number; netAmount: string }[];
}

export interface PaymentReceivedEvent {
  type: 'invoice.payment_received';
  paymentId: string;
  invoiceNumber: string;
  accountId: string;
  portalOrderId: string;
  currency: string;
  amount: string;
  /** The invoice's open balance after this payment. */
  balance: string;
  receivedAt: string;
}

export interface CreditMemoIssuedEvent {
  type: 'credit_memo.issued';
  creditMemoNumber: string;
  invoiceNumber: string;
  accountId: string;
  portalOrderId: string;
  currency: string;
  total: string;
  reason: string;
  issuedAt: string;
  /** The ERP's business instant of the credit memo, from its change feed, when known (`issuedAt` is a day). */
  postedAt?: string;
  /** The return order whose received goods this memo credits (null or absent: not a return). */
  returnNumber?: string | null;
  /** The order lines it credits and their quantities (freight, line 0, left out). */
  lines?: { lineNo: number; sku: string; quantity: number }[];
}

export type InvoiceBusEvent = InvoicePostedEvent | PaymentReceivedEvent | CreditMemoIssuedEvent;
export const INVOICE_EVENT_TYPES: InvoiceBusEvent['type'][] = ['invoice.posted', 'invoice.payment_received', 'credit_memo.issued'];

/** Published for each appended timeline event; the timeline table is the truth, this is the push. */
export interface OrderTimelineBusEvent {
  type: 'order.timeline';
  orderId: string;
  accountId: string;
  eventId: string;
  /** The event's position in the orders subgraph's timeline (the subscription cursor's basis). */
  seq: number;
  eventType: string;
}
