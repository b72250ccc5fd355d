/**
 * Applying what the ERP says about an order — from the submit's acknowledgement or from the
 * change feed — to the read model, the timeline (acknowledgement, status changes, confirmations)
 * and the order's exceptions (raised when the ERP shows one, closed when it no longer does).
 */
import { createHash, randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { confirmationContent, orderFactKey, type ErpSalesOrder } from '@portal/erp/port';
import { erpLineFields, erpOrderAmounts } from './erp/order-amounts.js';
import { endedInErp, exceptionsFromErp, priceMismatches, type DetectedException, type ExceptionType } from './domain/exception-rules.js';
import { orderStatusFromErp } from './domain/order-status.js';
import { canonicalJson } from './domain/timeline-hash.js';
import { Order, OrderException, OrderLine, type OrderEntity, type OrderExceptionEntity } from './entities/index.js';
import { historyPending } from './history-pending.js';
import {
  appendTimeline,
  appendTimelines,
  lockAccountTimelineAndRead,
  timelineRead,
  type AppendInput,
  type TimelineReadRows,
} from './timeline.js';

const lineSummary = (o: ErpSalesOrder) =>
  o.lines.map((l) => ({
    lineNo: l.lineNo,
    sku: l.sku,
    quantity: l.quantity,
    confirmedQuantity: l.confirmedQuantity,
    status: l.status,
    scheduleLines: l.scheduleLines.map((s) => ({ date: s.deliveryDate, quantity: s.quantity, basis: s.basis ?? 'SUPPLY' })),
  }));

/**
 * The acknowledgement on the timeline: once per order, dated by the ERP's own date of the order
 * (its creation there is its acceptance).
 */
export const acknowledgedEvent = (
  order: { id: string; accountId: string; status: string; acceptedAt: Date },
  erp: ErpSalesOrder,
  created: boolean,
): AppendInput => ({
  orderId: order.id,
  accountId: order.accountId,
  source: 'ERP',
  factKey: orderFactKey.acknowledged(order.id),
  type: 'order.acknowledged',
  occurredAt: new Date(erp.placedAt),
  summary: `${created ? 'Order created in the ERP' : 'The ERP accepted the order'} as ${erp.number} (${order.status})`,
  data: { erpOrderNumber: erp.number, acceptedAt: order.acceptedAt.toISOString(), status: order.status, lines: lineSummary(erp) },
});

/**
 * Apply one ERP view of an order. Each timeline fact has its stable key: the acknowledgement once
 * per order, a confirmation once per confirmed content, a status change once per ERP change
 * (`eventId`, the change-feed event), whichever path reports it first. `occurredAt` is when the
 * ERP made the change (the feed event's business time).
 */
export async function applyErpOrderState(
  tx: EntityManager,
  erp: ErpSalesOrder,
  opts: {
    eventId?: string;
    seq?: number;
    occurredAt?: Date;
    /** Statements of the caller's transaction to send with the first reads (after them), saving it a round trip. */
    alongside?: { sql: string; params: unknown[] }[];
    /**
     * The caller knows of no acknowledgement of the order yet (the ERP's answer to its creation):
     * the timeline's read for the acknowledgement goes with the first reads.
     */
    unacknowledged?: boolean;
  },
): Promise<'APPLIED' | 'UNCHANGED'> {
  const ackRead = opts.unacknowledged
    ? timelineRead([{ factKey: orderFactKey.acknowledged(erp.portalOrderId), orderId: erp.portalOrderId }])
    : null;
  // The account's timeline lock first, as every writer of orders does: the order row, its
  // exceptions and a user's pending decision on them are then read and changed under it.
  // The order and its lines are read in the same round trip, once the lock is held.
  const [orderRows, lineRows, ackRows] = await lockAccountTimelineAndRead<
    [Record<string, unknown>[], Record<string, unknown>[], TimelineReadRows]
  >(tx, erp.accountId, [
    { sql: `select * from "orders"."sales_order" where id = ?`, params: [erp.portalOrderId] },
    { sql: `select * from "orders"."sales_order_line" where order_id = ? order by line_no`, params: [erp.portalOrderId] },
    ...(ackRead ? [ackRead] : []),
    ...(opts.alongside ?? []),
  ]);
  let order: OrderEntity | null = orderRows[0] ? tx.map(Order, orderRows[0]) : null;
  // The view already applied, reported again (the submit's acknowledgement and the feed's
  // order.created carry the same order): nothing it would write differs, only the feed position.
  const viewHash = erpViewHash(erp);
  if (order?.erpViewHash === viewHash) {
    if (opts.seq !== undefined && Number(order.sourceSeq) < opts.seq) order.sourceSeq = opts.seq;
    return 'UNCHANGED';
  }
  const created = !order;
  if (!order)
    // An order placed in the ERP directly (or before the portal knew it): the read model shows it too.
    order = tx.create(Order, {
      id: erp.portalOrderId,
      accountId: erp.accountId,
      number: erp.number,
      erpOrderNumber: erp.number,
      status: 'SUBMITTED',
      placedAt: new Date(erp.placedAt),
      acceptedAt: null,
      currency: erp.currency,
      holdReason: null,
      origin: 'ERP',
    });
  const before = { status: order.status, acknowledged: !created && order.erpOrderNumber !== null };
  const lines = created ? [] : lineRows.map((r) => tx.map(OrderLine, r));
  const confirmationsBefore = confirmationContent(lines);

  order.erpOrderNumber = erp.number;
  order.status = orderStatusFromErp(erp.status);
  order.holdReason = erp.holdReason;
  order.acceptedAt ??= new Date(erp.placedAt);
  Object.assign(order, erpOrderAmounts(erp));
  if (opts.seq !== undefined) order.sourceSeq = opts.seq;
  // With the other fields of the order, so it is written in the same statement.
  order.erpViewHash = viewHash;
  for (const l of erp.lines) {
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
    Object.assign(line, erpLineFields(l));
    if (!lines.includes(line)) lines.push(line);
  }
  const confirmationsAfter = confirmationContent(lines);

  const base = { orderId: order.id, accountId: order.accountId, source: 'ERP' as const };
  if (!before.acknowledged) {
    await appendTimelines(
      tx,
      [acknowledgedEvent({ ...order, acceptedAt: order.acceptedAt }, erp, created)],
      ackRead && ackRows ? { facts: ackRead.facts, rows: ackRows } : undefined,
    );
  } else {
    const key = opts.eventId ?? randomUUID();
    if (before.status !== order.status)
      await appendTimeline(tx, {
        ...base,
        factKey: orderFactKey.statusChange(key),
        occurredAt: opts.occurredAt,
        type: 'order.status_changed',
        summary: `Status ${before.status} → ${order.status}`,
        data: { from: before.status, to: order.status, erpStatus: erp.status },
      });
    if (confirmationsBefore !== confirmationsAfter)
      await appendTimeline(tx, {
        ...base,
        // The same confirmation reported again (a re-read, another path, the history) is the same fact.
        factKey: orderFactKey.confirmation(order.id, lines),
        occurredAt: opts.occurredAt,
        type: 'order.confirmed',
        summary: `The ERP confirmed ${erp.lines.reduce((n, l) => n + l.confirmedQuantity, 0)} of ${erp.lines.reduce((n, l) => n + l.quantity, 0)} units`,
        data: { lines: lineSummary(erp) },
      });
  }
  if (!before.acknowledged && order.acceptedQuote) await checkAcknowledgedPrices(tx, order, erp);
  // An order no ERP view had reached (no ERP number yet) has no exception read off the ERP to
  // compare with: only what this view shows is raised.
  await reconcileExceptions(tx, order, erp, opts.occurredAt, before.acknowledged ? undefined : []);
  if (created) historyPending();
  return 'APPLIED';
}

/**
 * Fingerprint of everything the ERP says about an order (keys in a fixed order; the idempotency
 * key a feed event adds is not part of the order). The same fingerprint: the same view.
 */
export function erpViewHash(erp: ErpSalesOrder): string {
  const { idempotencyKey: _key, ...view } = erp as ErpSalesOrder & { idempotencyKey?: unknown };
  return createHash('sha256').update(canonicalJson(view)).digest('base64url');
}

/**
 * Raise what the ERP shows and is not open yet; close what it no longer shows. Also run by the full
 * sync for historical orders, so a hold or substitution found there can be acted on too.
 */
export async function reconcileExceptions(
  tx: EntityManager,
  order: OrderEntity,
  erp: ErpSalesOrder,
  occurredAt?: Date,
  /** The order's exceptions read off the ERP, when the caller knows them without a read. */
  known?: OrderExceptionEntity[],
): Promise<void> {
  // Raised by the portal, not read off the ERP's order: a dispute (the buyer's) and a price mismatch (at acknowledgement).
  const existing =
    known ??
    (await tx.find(
      OrderException,
      { orderId: order.id, type: { $nin: ['PRICE_DISPUTE', 'PRICE_MISMATCH'] } },
      { orderBy: { raisedAt: 'asc' } },
    ));
  const key = (type: string, lineNo: number | null) => `${type}:${lineNo ?? '-'}`;
  const latest = new Map<string, OrderExceptionEntity>();
  for (const e of existing) latest.set(key(e.type, e.lineNo ?? null), e);
  const detected = exceptionsFromErp(erp);
  const now = new Date();
  for (const d of detected) {
    const last = latest.get(key(d.type, d.lineNo));
    // Open, or decided by the buyer while the condition lasts: nothing new. A condition that ended
    // in the ERP and comes back (a second credit hold) is a new exception.
    if (last && (last.status === 'OPEN' || last.resolvedBy !== 'erp')) continue;
    await raiseException(tx, order, randomUUID(), d, occurredAt);
  }
  for (const e of existing) {
    if (e.status !== 'OPEN') continue;
    if (detected.some((d) => d.type === e.type && d.lineNo === (e.lineNo ?? null))) continue;
    // A decision a user sent to the ERP: the ERP carried it out, so it is theirs.
    if (e.request) {
      await settleRequest(tx, e, occurredAt);
      continue;
    }
    const resolution = endedInErp(e.type as ExceptionType, e.lineNo ?? null, erp);
    closeException(e, { by: 'erp', resolution, comment: null, at: now });
    await appendTimeline(tx, {
      orderId: order.id,
      accountId: order.accountId,
      source: 'ERP',
      // An exception is resolved once, whoever reports it (the ERP's answer, the feed, the user's request settled).
      factKey: `exception:${e.id}:resolved`,
      occurredAt,
      type: 'exception.resolved',
      summary: `${e.type} ${e.reasonCode} closed in the ERP: ${resolution}`,
      data: { exceptionId: e.id, exceptionType: e.type, reasonCode: e.reasonCode, lineNo: e.lineNo ?? null, resolution },
    });
  }
}

export function closeException(e: OrderExceptionEntity, r: { by: string; resolution: string; comment: string | null; at: Date }): void {
  e.status = 'RESOLVED';
  e.resolvedAt = r.at;
  e.resolvedBy = r.by;
  e.resolution = r.resolution;
  e.comment = r.comment;
}

/**
 * Close an exception the ERP has acted on as a user asked: attributed to that user, with their
 * comment, under one timeline id whichever path (the delivery's answer or the change feed) gets
 * there first.
 */
export async function settleRequest(tx: EntityManager, ex: OrderExceptionEntity, occurredAt?: Date): Promise<void> {
  const r = ex.request;
  if (!r) return;
  const order = await tx.findOneOrFail(Order, { id: ex.orderId });
  closeException(ex, { by: r.by, resolution: r.action, comment: r.comment, at: new Date() });
  ex.request = null;
  await appendTimeline(tx, {
    orderId: order.id,
    accountId: order.accountId,
    source: 'PORTAL',
    factKey: `exception:${ex.id}:resolved`,
    occurredAt,
    type: 'exception.resolved',
    actor: r.by,
    summary: `${ex.type} ${ex.reasonCode}: ${r.action} (confirmed by the ERP) by ${r.by}${r.comment ? ` — ${r.comment}` : ''}`,
    data: {
      exceptionId: ex.id,
      exceptionType: ex.type,
      reasonCode: ex.reasonCode,
      lineNo: ex.lineNo ?? null,
      resolution: r.action,
      comment: r.comment,
      requestedAt: r.at,
      sentToErp: true,
    },
  });
}

/**
 * The ERP's acknowledgement against the quote the order was submitted (and approved) at, line by
 * line: any difference raises a PRICE_MISMATCH exception (once per order).
 */
async function checkAcknowledgedPrices(tx: EntityManager, order: OrderEntity, erp: ErpSalesOrder): Promise<void> {
  const mismatch = priceMismatchException(order.id, order.acceptedQuote!, erp);
  if (!mismatch || (await tx.findOne(OrderException, { id: mismatch.id }))) return;
  await raiseException(tx, order, mismatch.id, mismatch.detected);
}

export type AcceptedQuote = NonNullable<OrderEntity['acceptedQuote']>;

/**
 * The PRICE_MISMATCH exception (one per order) of an acknowledgement whose prices differ from the
 * accepted quote; null when none differ.
 */
export function priceMismatchException(
  orderId: string,
  quote: AcceptedQuote,
  erp: ErpSalesOrder,
): { id: string; detected: DetectedException } | null {
  const diffs = priceMismatches(quote.lines, erp.lines);
  if (!diffs.length) return null;
  const message = `The ERP acknowledged prices that differ from the accepted quote ${quote.quoteId}: ${diffs
    .map((d) => `line ${d.lineNo} ${d.sku} ${d.quotedUnitPrice ?? '—'} → ${d.erpUnitPrice}`)
    .join(', ')}`;
  return {
    id: `price-mismatch:${orderId}`,
    detected: {
      type: 'PRICE_MISMATCH',
      lineNo: diffs.length === 1 ? diffs[0]!.lineNo : null,
      reasonCode: 'ACKNOWLEDGED_PRICE_DIFFERS',
      message,
      actions: ['ACCEPT_PRICE', 'CANCEL_ORDER'],
      details: { quoteId: quote.quoteId, lines: diffs },
    },
  };
}

/** An exception as the ERP's order shows it, open (raised by `erp`). */
export const exceptionRow = (order: { id: string; accountId: string }, id: string, d: DetectedException) => ({
  id,
  orderId: order.id,
  accountId: order.accountId,
  type: d.type,
  lineNo: d.lineNo,
  reasonCode: d.reasonCode,
  status: 'OPEN',
  message: d.message,
  actions: d.actions,
  details: d.details,
  raisedAt: new Date(),
  raisedBy: 'erp',
  resolvedAt: null,
  resolvedBy: null,
  resolution: null,
  comment: null,
  request: null,
});

/** The timeline fact of an exception's raising (once per exception). */
export const raisedFactKey = (exceptionId: string) => `exception:${exceptionId}:raised`;

export const exceptionRaisedEvent = (
  order: { id: string; accountId: string },
  id: string,
  d: DetectedException,
  occurredAt?: Date,
): AppendInput => ({
  orderId: order.id,
  accountId: order.accountId,
  source: 'ERP',
  factKey: raisedFactKey(id),
  occurredAt,
  type: 'exception.raised',
  summary: d.message,
  data: { exceptionId: id, exceptionType: d.type, reasonCode: d.reasonCode, lineNo: d.lineNo, actions: d.actions, ...d.details },
});

/** Open an exception the ERP's order shows (raised by `erp`), with its timeline event. */
async function raiseException(tx: EntityManager, order: OrderEntity, id: string, d: DetectedException, occurredAt?: Date): Promise<void> {
  tx.create(OrderException, exceptionRow(order, id, d));
  await appendTimeline(tx, exceptionRaisedEvent(order, id, d, occurredAt));
}
