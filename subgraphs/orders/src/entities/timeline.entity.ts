/**
 * The order timeline (append-only, hash-chained; a database trigger refuses updates and deletes),
 * the outbox that pushes each appended event onto the bus, and order exceptions.
 */
import { defineEntity, type InferEntity } from '@mikro-orm/core';

export const TimelineEvent = defineEntity({
  name: 'TimelineEvent',
  tableName: 'timeline_event',
  indexes: [{ properties: ['orderId', 'seq'] }, { properties: ['accountId', 'seq'] }, { properties: ['orderId', 'at', 'seq'] }],
  properties: (p) => ({
    /** Position in the timeline of all orders (from a sequence, taken under the account's append lock). */
    seq: p.bigint('number').primary(),
    /** Stable id: the same fact recorded twice (at-least-once sources) is stored once. */
    id: p.string().unique(),
    /**
     * What the event records, the same whoever reports it: an ERP document and its version (a
     * delivery shipped, an invoice posted, one confirmation), or the portal command that did it.
     * Unique: appending a fact already stored is a no-op.
     */
    factKey: p.string().unique(),
    orderId: p.string(),
    accountId: p.string(),
    /** When the fact happened (business time, from the ERP document where there is one): `occurredAt` in the API. */
    at: p.datetime(),
    /** When the portal stored it (wall clock). */
    recordedAt: p.datetime(),
    /** Rebuilt from the ERP's document flow for an order that existed before the portal saw it (not seen live). */
    reconstructed: p.boolean().default(false),
    type: p.string(),
    /** PORTAL, ERP or INVOICES. */
    source: p.string(),
    correlationId: p.string(),
    /** The user who acted, when a person did. */
    actor: p.string().nullable(),
    summary: p.text(),
    data: p.json<Record<string, unknown>>(),
    prevHash: p.string().nullable(),
    hash: p.string(),
  }),
});
export type TimelineEventEntity = InferEntity<typeof TimelineEvent>;

/** Appended events not yet published on the bus (same transaction as the append). */
export const TimelineOutbox = defineEntity({
  name: 'TimelineOutbox',
  tableName: 'timeline_outbox',
  properties: (p) => ({
    seq: p.bigint('number').primary(),
  }),
});

export const OrderException = defineEntity({
  name: 'OrderException',
  tableName: 'order_exception',
  indexes: [{ properties: ['orderId', 'status'] }],
  properties: (p) => ({
    id: p.string().primary(),
    orderId: p.string(),
    accountId: p.string(),
    /** CREDIT_HOLD SUBSTITUTION PARTIAL BACKORDER PRICE_DISPUTE */
    type: p.string(),
    /** The order line it concerns (null: the whole order). */
    lineNo: p.integer().nullable(),
    reasonCode: p.string(),
    /** OPEN or RESOLVED */
    status: p.string(),
    message: p.text(),
    actions: p.json<string[]>(),
    /** What the exception is about, e.g. the proposed SKU of a substitution. */
    details: p.json<Record<string, unknown>>(),
    raisedAt: p.datetime(),
    raisedBy: p.string().nullable(),
    resolvedAt: p.datetime().nullable(),
    resolvedBy: p.string().nullable(),
    /** The action taken (or what the ERP did on its own, e.g. RELEASED_IN_ERP). */
    resolution: p.string().nullable(),
    comment: p.text().nullable(),
    /**
     * A decision sent to the ERP and not confirmed yet: who asked for what, when and why. Set in
     * the transaction that records the request (with its outbox entry); cleared when the ERP
     * confirms (the exception closes, attributed to this user) or refuses.
     */
    request: p.json<ExceptionRequest>().nullable(),
  }),
});

export interface ExceptionRequest {
  action: string;
  by: string;
  at: string;
  comment: string | null;
  /** The outbox entry that carries it to the ERP. */
  outboxId: string;
}
export type OrderExceptionEntity = InferEntity<typeof OrderException>;
