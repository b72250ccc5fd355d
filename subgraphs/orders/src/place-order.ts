/**
 * Placing an order from a submit's snapshot: in one transaction, on the cart's locked row (which
 * must still be SUBMITTING for this submission), the order is created from the snapshot's lines
 * only — never from the cart as it is now — with its outbox entry, the cart becomes SUBMITTED and
 * the submission is settled. The database allows one order per cart (unique `cart_id`). Then the
 * ERP's first delivery gets what is left of the submit's budget; the outbox does the rest.
 *
 * Also here: settling carts a crashed submit left SUBMITTING (SUBMITTED if their order exists,
 * else back to how they were).
 */
import { randomUUID } from 'node:crypto';
import { LockMode } from '@mikro-orm/core';
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { timeStep } from '@portal/platform';
import { inSqlTransaction } from '@portal/platform/db';
import { currentScope } from '@portal/platform/context';
import type { Logger } from '@portal/platform/logger';
import { businessNow, type OrdersDeps } from './deps.js';
import { Cart, Order, type CartEntity } from './entities/index.js';
import { deliverEntry, withinBudget } from './order-outbox.js';
import type { SubmissionSnapshot } from './submit-checks.js';
import { accountLockStatement, notifyTimeline, prepareAppend, timelineRead, type AppendInput, type TimelineReadRows } from './timeline.js';

export type PlaceOutcome =
  { kind: 'Placed'; orderId: string } | { kind: 'AlreadyPlaced'; orderId: string | null } | { kind: 'CartChanged' };

/** What the order's first timeline events need of its cart. */
type SubmittedCart = {
  id: string;
  approval_requested_at: Date | string | null;
  approval_requested_by: string | null;
  decided_at: Date | string | null;
  decided_by: string | null;
  decision_comment: string | null;
};
type CartApproval = Pick<CartEntity, 'id' | 'approvalRequestedAt' | 'approvalRequestedBy' | 'decidedAt' | 'decidedBy' | 'decisionComment'>;

const dateOrNull = (v: Date | string | null) => (v === null ? null : new Date(v));
const isUniqueViolation = (err: unknown) => (err as { code?: string }).code === '23505';

/**
 * Store the order as SUBMITTED with its outbox entry in one transaction, then send it to the ERP
 * under the submission's key — waiting for the ERP only until `deadline`: after that the answer is
 * the order as SUBMITTED (acknowledgement pending) while the delivery goes on.
 */
export async function placeOrder(
  deps: OrdersDeps,
  p: { accountId: string; cartId: string; key: string; snapshot: SubmissionSnapshot; deadline: number },
): Promise<PlaceOutcome> {
  const orderId = randomUUID();
  const outboxId = randomUUID();
  const s = p.snapshot;
  const placedAt = await businessNow(deps);
  let outcome: PlaceOutcome;
  try {
    // Plain statements, the BEGIN with the first and the COMMIT with the last: two round trips hold
    // the account's timeline lock (three when an approval's events need the cart's row first).
    outcome = await timeStep('orders', 'submit: order + outbox written', () =>
      inSqlTransaction(deps.orm.em.fork(), 'orders', async (tx): Promise<PlaceOutcome> => {
        // Without an approval, the order's first events do not depend on the cart's row: the
        // timeline's read for them goes with the lock.
        const known = s.approval
          ? null
          : submissionEvents({ orderId, accountId: p.accountId, cart: { id: p.cartId }, snapshot: s, placedAt });
        const read = known ? timelineRead(known) : null;
        // The order's rows, then the account's timeline lock for its first events, in one round trip.
        const [[cart], , readRows] = await tx.run<[SubmittedCart[], unknown[], TimelineReadRows]>([
          writeOrder(p, { orderId, outboxId, placedAt }),
          accountLockStatement(p.accountId),
          ...(read ? [read] : []),
        ]);
        if (!cart) {
          const [existing] = await tx.commit<[{ id: string }[]]>([
            { sql: `select id from "orders"."sales_order" where cart_id = ?`, params: [p.cartId] },
          ]);
          return existing[0] ? { kind: 'AlreadyPlaced', orderId: existing[0].id } : { kind: 'CartChanged' };
        }
        const events =
          known ??
          submissionEvents({
            orderId,
            accountId: p.accountId,
            cart: {
              id: cart.id,
              approvalRequestedAt: dateOrNull(cart.approval_requested_at),
              approvalRequestedBy: cart.approval_requested_by,
              decidedAt: dateOrNull(cart.decided_at),
              decidedBy: cart.decided_by,
              decisionComment: cart.decision_comment,
            },
            snapshot: s,
            placedAt,
          });
        const rows = read && readRows ? readRows : (await tx.run<[TimelineReadRows]>([timelineRead(events)]))[0];
        const { write } = prepareAppend(events, rows);
        await tx.commit(write ? [write] : []);
        return { kind: 'Placed', orderId };
      }),
    );
  } catch (err) {
    // Another submission placed this cart's order first: the database refused a second.
    if (!isUniqueViolation(err)) throw err;
    const other = await deps.orm.em.fork().findOne(Order, { cartId: p.cartId });
    return { kind: 'AlreadyPlaced', orderId: other?.id ?? null };
  }
  if (outcome.kind !== 'Placed') return outcome;
  notifyTimeline();
  // First delivery right away, within what is left of the budget; whatever does not finish in
  // time goes on in the background, and the outbox retries what fails.
  const first = await withinBudget(
    timeStep('orders', 'submit: first delivery', () => deliverEntry(deps, outboxId)),
    p.deadline - Date.now(),
    deps.logger,
    'first delivery of an order',
  );
  if (!first)
    deps.logger.info({ orderId }, 'the ERP has not answered within the submit budget; the order is SUBMITTED, acknowledgement pending');
  return outcome;
}

/**
 * One statement: only the submission that took the snapshot may place it (a settled or re-taken
 * cart may not), so the cart becomes SUBMITTED — locked until commit — only if this submission
 * holds it, and only then are the order, its lines (the snapshot's, never the cart's as it is now)
 * and its outbox entry written and the submission settled with the order: whatever happens next
 * (the ERP call, a crash), a retry with this key replays this order and never places another. No
 * row when the submission does not hold the cart. A cart it holds has no order (placing one ends
 * the hold; the unique `cart_id` refuses a second besides). The new rows come before the account's
 * timeline lock (held until commit), so other orders of the account wait for it for less.
 */
function writeOrder(
  p: { accountId: string; cartId: string; key: string; snapshot: SubmissionSnapshot },
  o: { orderId: string; outboxId: string; placedAt: Date },
): { sql: string; params: unknown[] } {
  const s = p.snapshot;
  const lines = s.lines.map((l, i) => ({ id: `${o.orderId}:${(i + 1) * 10}`, line_no: (i + 1) * 10, sku: l.sku, quantity: l.quantity }));
  const payload = {
    idempotencyKey: p.key,
    order: {
      portalOrderId: o.orderId,
      accountId: p.accountId,
      customerReference: s.header.name,
      requestedDeliveryDate: s.header.requestedDeliveryDate,
      lines: s.lines.map((l) => ({ sku: l.sku, quantity: l.quantity, requestedDeliveryDate: l.requestedDate })),
    },
  };
  return {
    sql: `with c as (
       update "orders"."cart" set status = 'SUBMITTED', updated_at = ?, submitting_key = null, submitting_since = null, status_before_submit = null
        where id = ? and status = 'SUBMITTING' and submitting_key = ?
        returning id, approval_requested_at, approval_requested_by, decided_at, decided_by, decision_comment),
     o as (
       insert into "orders"."sales_order" (id, account_id, number, erp_order_number, status, placed_at, accepted_at, currency, correlation_id, cart_id, accepted_quote)
       select ?, ?, ?, null, 'SUBMITTED', ?, null, ?, ?, c.id, ?::jsonb from c),
     l as (
       insert into "orders"."sales_order_line" (id, order_id, line_no, sku, quantity, confirmed_quantity, shipped_quantity, invoiced_quantity)
       select x.id, ?, x.line_no, x.sku, x.quantity, 0, 0, 0 from c, jsonb_to_recordset(?::jsonb) as x(id text, line_no int, sku text, quantity int)),
     b as (
       insert into "orders"."outbox" (id, kind, order_id, payload, attempts, last_error, next_attempt_at, done_at)
       select ?, 'CREATE_SALES_ORDER', ?, ?::jsonb, 0, null, ?, null from c),
     s as (
       update "orders"."submission" set state = 'DONE', result = ?::jsonb, order_id = ?, updated_at = now()
        where id = ? and exists (select 1 from c))
     select * from c`,
    params: [
      o.placedAt,
      p.cartId,
      p.key,
      o.orderId,
      p.accountId,
      `W${o.placedAt.getTime().toString(36).toUpperCase()}${o.orderId.slice(0, 4).toUpperCase()}`,
      o.placedAt,
      s.header.currency,
      currentScope()?.correlationId ?? null,
      JSON.stringify({ quoteId: s.quote.id, currency: s.quote.currency, lines: s.quote.lines }),
      o.orderId,
      JSON.stringify(lines),
      o.outboxId,
      o.orderId,
      JSON.stringify(payload),
      // Machine time, not business time: the outbox compares it with the database's now(), and a
      // business clock moved ahead would leave the entry never due.
      new Date(),
      JSON.stringify({ kind: 'OrderSubmitted', orderId: o.orderId }),
      o.orderId,
      p.key,
    ],
  };
}

/** Record a submission's final result (inside the caller's transaction when `tx` has one). */
export async function settleSubmission(
  tx: EntityManager,
  key: string,
  result: Record<string, unknown>,
  orderId: string | null,
): Promise<void> {
  await tx
    .getConnection()
    .execute(
      `update "orders"."submission" set state = 'DONE', result = ?::jsonb, order_id = ?, updated_at = now() where id = ?`,
      [JSON.stringify(result), orderId, key],
      'run',
      tx.getTransactionContext(),
    );
}

export function clearSubmitting(cart: CartEntity): void {
  cart.submittingKey = null;
  cart.submittingSince = null;
  cart.statusBeforeSubmit = null;
}

/**
 * Carts a submit left SUBMITTING for longer than `staleMs` (its process died between taking the
 * snapshot and placing the order): SUBMITTED if their order exists, else back to how they were.
 * Run at start and by the outbox worker.
 */
export async function settleSubmittingCarts(orm: MikroORM, logger: Logger, staleMs: number): Promise<number> {
  const stale = await orm.em
    .fork()
    .find(Cart, { status: 'SUBMITTING', submittingSince: { $lt: new Date(Date.now() - staleMs) } }, { limit: 100 });
  let settled = 0;
  for (const c of stale) {
    await orm.em.fork().transactional(async (tx) => {
      const cart = await tx.findOne(Cart, { id: c.id, status: 'SUBMITTING' }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (!cart || !cart.submittingSince || cart.submittingSince.getTime() >= Date.now() - staleMs) return;
      const order = await tx.findOne(Order, { cartId: cart.id });
      const to = order ? 'SUBMITTED' : (cart.statusBeforeSubmit ?? 'ACTIVE');
      logger.warn({ cartId: cart.id, key: cart.submittingKey, to, orderId: order?.id }, 'a submit left this cart SUBMITTING: settled');
      cart.status = to;
      cart.updatedAt = new Date();
      clearSubmitting(cart);
      settled++;
    });
  }
  return settled;
}

/**
 * The first timeline events of an order, appended at once: pricing snapshot, ATP check, approval
 * (from the cart's fields, when the snapshot had one), placement.
 */
function submissionEvents(o: {
  orderId: string;
  accountId: string;
  cart: Pick<CartApproval, 'id'> & Partial<CartApproval>;
  snapshot: SubmissionSnapshot | null;
  placedAt?: Date;
}): AppendInput[] {
  const base = { orderId: o.orderId, accountId: o.accountId, source: 'PORTAL' as const };
  const s = o.snapshot;
  const events: AppendInput[] = [];
  if (s) {
    events.push({
      ...base,
      factKey: `submission:${o.orderId}:pricing`,
      type: 'pricing.snapshot',
      occurredAt: new Date(s.submittedAt),
      actor: s.submittedBy,
      summary: `Submitted at quote ${s.quote.id}: ${s.quote.lines.length} line(s), total ${s.quote.totals.total} ${s.quote.currency} (prices of ${s.quote.pricingDate}, confirmed by the ERP)`,
      data: {
        quoteId: s.quote.id,
        pricingDate: s.quote.pricingDate,
        currency: s.quote.currency,
        totals: s.quote.totals,
        lines: s.quote.lines,
      },
    });
    events.push({
      ...base,
      factKey: `submission:${o.orderId}:availability`,
      type: 'availability.checked',
      occurredAt: new Date(s.submittedAt),
      summary: `Availability re-checked with the ERP: ${s.availability.map((l) => `${l.sku} ${l.status}${l.atpDate ? ` ${l.atpDate}` : ''}`).join(', ')}`,
      data: { lines: s.availability },
    });
  }
  if (o.cart.approvalRequestedAt && s?.approval) {
    events.push({
      ...base,
      factKey: `submission:${o.orderId}:approval_requested`,
      type: 'approval.requested',
      occurredAt: o.cart.approvalRequestedAt,
      actor: o.cart.approvalRequestedBy,
      summary: `Approval requested: total ${s.approval.total} over the spending limit ${s.approval.spendingLimit}`,
      data: { total: s.approval.total, spendingLimit: s.approval.spendingLimit, cartId: o.cart.id },
    });
    if (o.cart.decidedAt)
      events.push({
        ...base,
        factKey: `submission:${o.orderId}:approved`,
        type: 'approval.approved',
        occurredAt: o.cart.decidedAt,
        actor: o.cart.decidedBy,
        summary: `Approved by ${o.cart.decidedBy}${o.cart.decisionComment ? `: ${o.cart.decisionComment}` : ''}`,
        data: { decidedBy: o.cart.decidedBy, comment: o.cart.decisionComment, cartId: o.cart.id },
      });
  }
  events.push({
    ...base,
    factKey: `submission:${o.orderId}:submitted`,
    type: 'order.submitted',
    occurredAt: o.placedAt,
    summary: 'Order received by the portal; sending it to the ERP',
    data: { cartId: o.cart.id },
  });
  return events;
}
