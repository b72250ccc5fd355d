/**
 * Billing documents synced from the ERP (schema `invoices`): invoices, the credit memos and
 * payments that reduce them, each linked to the portal's order id (document flow). The ERP is the
 * system of record: an invoice row is the ERP's latest snapshot, replaced only by a newer one
 * (by change-feed position, `sourceSeq`), so late or repeated events cannot move a balance back.
 */
import { defineEntity, type InferEntity } from '@mikro-orm/core';

/** A billed line as the ERP prints it; `lineNo` is the order line (0 = freight). */
export interface BillingLine {
  lineNo: number;
  sku: string;
  description: string;
  quantity: number;
  unitPrice: string;
  amount: string;
}

export const Invoice = defineEntity({
  name: 'Invoice',
  tableName: 'invoice',
  indexes: [{ properties: ['accountId', 'issuedAt'] }, { properties: ['accountId', 'dueDate'] }],
  properties: (p) => ({
    number: p.string().primary(),
    accountId: p.string(),
    orderId: p.string().index(),
    erpOrderNumber: p.string(),
    /** The delivery this invoice bills (the orders subgraph's shipment id). */
    deliveryNumber: p.string().nullable(),
    currency: p.string().length(3),
    issuedAt: p.date(),
    dueDate: p.date(),
    total: p.decimal().precision(18).scale(4),
    balance: p.decimal().precision(18).scale(4),
    /** ERP billing status (OPEN, PAID, CANCELLED); OVERDUE and PARTIALLY_PAID are derived at read time. */
    erpStatus: p.string(),
    lines: p.json<BillingLine[]>().default('[]'),
    /** Header discounts billed (positive) and tax; total = Σ lines − headerDiscount + tax. */
    headerDiscount: p.decimal().precision(18).scale(4).default('0'),
    tax: p.decimal().precision(18).scale(4).default('0'),
    /** Tax per rate: the base and the amount. */
    taxLines: p.json<{ rate: string; base: string; amount: string }[]>().default('[]'),
    /** Change-feed position of the snapshot this row holds (full-sync rows: the feed's start). */
    sourceSeq: p.bigint('number').default(0),
  }),
});
export type InvoiceEntity = InferEntity<typeof Invoice>;

export const CreditMemo = defineEntity({
  name: 'CreditMemo',
  tableName: 'credit_memo',
  properties: (p) => ({
    number: p.string().primary(),
    accountId: p.string(),
    invoiceNumber: p.string().index(),
    orderId: p.string().index(),
    erpOrderNumber: p.string(),
    currency: p.string().length(3),
    issuedAt: p.date(),
    total: p.decimal().precision(18).scale(4),
    reason: p.string(),
    lines: p.json<BillingLine[]>().default('[]'),
    /** Header discount and tax reversed with the credited lines; total = Σ lines − headerDiscount + tax. */
    headerDiscount: p.decimal().precision(18).scale(4).default('0'),
    tax: p.decimal().precision(18).scale(4).default('0'),
    /** Tax reversed per rate: the base and the amount. */
    taxLines: p.json<{ rate: string; base: string; amount: string }[]>().default('[]'),
  }),
});
export type CreditMemoEntity = InferEntity<typeof CreditMemo>;

export const Payment = defineEntity({
  name: 'Payment',
  tableName: 'payment',
  properties: (p) => ({
    id: p.string().primary(),
    invoiceNumber: p.string().index(),
    accountId: p.string(),
    orderId: p.string().nullable(),
    amount: p.decimal().precision(18).scale(4),
    receivedAt: p.datetime(),
  }),
});
export type PaymentEntity = InferEntity<typeof Payment>;

/**
 * Transactional outbox: bus events written in the same transaction as the ERP event that caused
 * them, published by a worker and deleted once the bus has them (so a crash in between loses
 * nothing; a re-publish is deduplicated by the bus id, which is the ERP event id).
 */
export const OutboxMessage = defineEntity({
  name: 'OutboxMessage',
  tableName: 'outbox',
  properties: (p) => ({
    /** Publish order (per key order on the bus follows it). */
    seq: p.bigint('number').primary().autoincrement(),
    /** The bus event id (= the ERP event id). */
    eventId: p.string().unique(),
    topic: p.string(),
    key: p.string(),
    type: p.string(),
    payload: p.json<Record<string, unknown>>(),
    correlationId: p.string().nullable(),
    createdAt: p.datetime(),
    attempts: p.integer().default(0),
    lastError: p.text().nullable(),
  }),
});
export type OutboxMessageEntity = InferEntity<typeof OutboxMessage>;
