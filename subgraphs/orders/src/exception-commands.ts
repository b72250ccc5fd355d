/**
 * Acting on order exceptions: `resolveOrderException` carries the buyer's decision to the ERP
 * (release a credit hold, accept a substitution, cancel a line or the order) or records it where
 * the ERP's plan stands (accept a split delivery or a lead-time date), with who, when and why, on
 * the exception and the timeline. Price disputes are raised by the buyer and end when withdrawn
 * or when the ERP issues a credit memo for them.
 */
import { randomUUID } from 'node:crypto';
import { GraphQLError } from 'graphql';
import { LockMode } from '@mikro-orm/core';
import { hasRole, type Viewer } from '@portal/platform/auth';
import { businessNow } from './deps.js';
import { isUuid } from './domain/ids.js';
import { EXCEPTION_ACTIONS, erpCommandFor, mayTake, whoMayTake, type ExceptionAction } from './domain/exception-rules.js';
import { Order, OrderException, OrderLine, type OrderExceptionEntity } from './entities/index.js';
import { closeException } from './order-state.js';
import { deliverEntry, enqueueExceptionAction, withinBudget, type ErpActionCommand, type OutboxDeps } from './order-outbox.js';
import { appendTimeline, lockAccountTimeline, notifyTimeline } from './timeline.js';

/**
 * Order ids are UUIDs for orders placed in the portal but the ERP's reference for orders the first
 * full sync found (e.g. `ord-acme-4`); both can carry exceptions. UUIDs compare lower-case.
 */
const orderKey = (id: string): string | null => (isUuid(id) ? id.toLowerCase() : id.length > 0 && id.length <= 255 ? id : null);
export interface ExceptionDeps extends OutboxDeps {
  /** How long a decision waits for the ERP's confirmation before it answers ResolutionPending. */
  erpActionBudgetMs?: number;
}

export type ExceptionOutcome =
  | { kind: 'Done'; orderId: string; exception: OrderExceptionEntity }
  | { kind: 'Pending'; orderId: string; exception: OrderExceptionEntity; message: string }
  | { kind: 'OrderNotFound' }
  | { kind: 'ExceptionNotFound' }
  | { kind: 'ActionNotAllowed'; errorCode: string; message: string; allowed: string[] }
  | { kind: 'ErpUnavailable'; message: string }
  | { kind: 'InvalidInput'; field: string; message: string };

/** What disputing a price can answer. */
export type DisputeOutcome = Extract<ExceptionOutcome, { kind: 'Done' | 'OrderNotFound' | 'InvalidInput' | 'ActionNotAllowed' }>;

const notAllowed = (
  errorCode: string,
  message: string,
  allowed: string[] = [],
): Extract<ExceptionOutcome, { kind: 'ActionNotAllowed' }> => ({
  kind: 'ActionNotAllowed',
  errorCode,
  message,
  allowed,
});

function assertWriter(viewer: Viewer, alsoSeller = false): void {
  if (!hasRole(viewer, 'buyer', 'approver', 'admin') && !(alsoSeller && hasRole(viewer, 'credit_controller')))
    throw new GraphQLError('this role cannot act on orders', { extensions: { code: 'FORBIDDEN' } });
}

/** Buyer-side users act on their account's orders; the seller's credit controllers on any account's. */
const orderScope = (viewer: Viewer) => (hasRole(viewer, 'credit_controller') ? {} : { accountId: viewer.accountId });

const DEFAULT_ERP_ACTION_BUDGET_MS = 1500;

/**
 * Decide on an exception. Decisions the ERP must carry out are recorded first (who, when, why, on
 * the exception and the timeline, with an outbox entry) and committed; then sent to the ERP outside
 * any transaction. The answer is `Done` when the ERP confirms within the budget, `Pending` when it
 * has not (the outbox keeps trying; the ERP's confirmation later closes the exception in this
 * user's name), `ActionNotAllowed` when the ERP refuses.
 */
export async function resolveOrderException(
  deps: ExceptionDeps,
  viewer: Viewer,
  input: { orderId: string; exceptionId: string; action: string; comment: string | null },
): Promise<ExceptionOutcome> {
  assertWriter(viewer, true);
  const comment = input.comment?.trim() || null;
  if (comment && comment.length > 1000) return { kind: 'InvalidInput', field: 'comment', message: 'at most 1000 characters' };
  if (!(EXCEPTION_ACTIONS as readonly string[]).includes(input.action))
    return { kind: 'InvalidInput', field: 'action', message: `unknown action; one of ${EXCEPTION_ACTIONS.join(', ')}` };
  const action = input.action as ExceptionAction;
  const orderId = orderKey(input.orderId);
  if (!orderId) return { kind: 'OrderNotFound' };

  type Recorded = ExceptionOutcome | { kind: 'Sent'; orderId: string; outboxId: string };
  // The decision's business time, read before the transaction (the clock may ask the ERP).
  const decidedAt = await businessNow(deps);
  const recorded = await deps.orm.em.fork().transactional(async (tx): Promise<Recorded> => {
    // Timeline lock before row locks, as every writer of orders takes them.
    const found = await tx.findOne(Order, { id: orderId, ...orderScope(viewer) });
    if (!found) return { kind: 'OrderNotFound' };
    await lockAccountTimeline(tx, found.accountId);
    const order = found;
    // The row lock makes concurrent decisions on one exception queue: the second sees the first.
    const ex = await tx.findOne(OrderException, { id: input.exceptionId, orderId: order.id }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (!ex) return { kind: 'ExceptionNotFound' };
    if (ex.status !== 'OPEN')
      return notAllowed('EXCEPTION_RESOLVED', `this exception was resolved (${ex.resolution}) at ${ex.resolvedAt?.toISOString()}`);
    if (ex.request) {
      if (ex.request.action === action && ex.request.by === viewer.userId)
        return { kind: 'Pending', orderId: order.id, exception: ex, message: pendingMessage(ex.request.action, ex.request.at) };
      return notAllowed(
        'RESOLUTION_PENDING',
        `${ex.request.action} requested by ${ex.request.by} at ${ex.request.at} is waiting for the ERP`,
      );
    }
    if (!ex.actions.includes(action)) return notAllowed('ACTION_NOT_OFFERED', `${action} is not an action for this exception`, ex.actions);
    if (!mayTake(action, viewer.roles))
      return notAllowed(
        'ROLE_NOT_ALLOWED',
        `${action} is for ${whoMayTake(action)}`,
        ex.actions.filter((a) => mayTake(a as ExceptionAction, viewer.roles)),
      );

    const at = decidedAt;
    if (action === 'REQUEST_CREDIT_RELEASE') {
      // The buyer's side asks; the seller's credit control decides. The hold stays until it does.
      const requests = Array.isArray(ex.details.releaseRequests) ? (ex.details.releaseRequests as unknown[]) : [];
      ex.details = { ...ex.details, releaseRequests: [...requests, { by: viewer.userId, at: at.toISOString(), comment }] };
      await appendTimeline(tx, {
        orderId: order.id,
        accountId: order.accountId,
        source: 'PORTAL',
        factKey: `exception:${ex.id}:release_requested:${requests.length + 1}`,
        type: 'exception.release_requested',
        occurredAt: at,
        actor: viewer.userId,
        summary: `${viewer.userId} asks the seller's credit control to release the hold${comment ? ` — ${comment}` : ''}`,
        data: { exceptionId: ex.id, exceptionType: ex.type, reasonCode: ex.reasonCode, lineNo: null, action, comment },
      });
      return {
        kind: 'Pending',
        orderId: order.id,
        exception: ex,
        message: "the request is recorded; the seller's credit control releases the hold or not, and the order's timeline will say so",
      };
    }
    const command = erpCommandFor(action, ex.lineNo ?? null);
    if (!command) {
      // A decision the portal records where the ERP's plan stands (accept a split or a date, withdraw).
      closeException(ex, { by: viewer.userId, resolution: action, comment, at });
      await appendTimeline(tx, {
        orderId: order.id,
        accountId: order.accountId,
        source: 'PORTAL',
        factKey: `exception:${ex.id}:resolved`,
        type: 'exception.resolved',
        occurredAt: at,
        actor: viewer.userId,
        summary: `${ex.type} ${ex.reasonCode}: ${action} by ${viewer.userId}${comment ? ` — ${comment}` : ''}`,
        data: {
          exceptionId: ex.id,
          exceptionType: ex.type,
          reasonCode: ex.reasonCode,
          lineNo: ex.lineNo ?? null,
          resolution: action,
          comment,
          sentToErp: false,
        },
      });
      return { kind: 'Done', orderId: order.id, exception: ex };
    }
    if (!order.erpOrderNumber) return notAllowed('ORDER_NOT_IN_ERP', 'the ERP has not acknowledged this order yet; try again shortly');
    let commands: ErpActionCommand[];
    if (command.kind === 'cancelOrder') {
      const lines = await tx.find(OrderLine, { orderId: order.id }, { orderBy: { lineNo: 'asc' } });
      commands = lines
        .filter((l) => l.status !== 'CANCELLED' && l.shippedQuantity === 0)
        .map((l) => ({ kind: 'cancelLine', lineNo: l.lineNo }));
    } else commands = [command];
    const outboxId = enqueueExceptionAction(tx, order.id, {
      exceptionId: ex.id,
      accountId: order.accountId,
      erpOrderNumber: order.erpOrderNumber,
      action,
      by: viewer.userId,
      comment,
      commands,
    });
    ex.request = { action, by: viewer.userId, at: at.toISOString(), comment, outboxId };
    await appendTimeline(tx, {
      orderId: order.id,
      accountId: order.accountId,
      source: 'PORTAL',
      factKey: `exception:${ex.id}:requested:${outboxId}`,
      type: 'exception.action_requested',
      occurredAt: at,
      actor: viewer.userId,
      summary: `${ex.type} ${ex.reasonCode}: ${action} requested by ${viewer.userId}${comment ? ` — ${comment}` : ''}; sent to the ERP`,
      data: { exceptionId: ex.id, exceptionType: ex.type, reasonCode: ex.reasonCode, lineNo: ex.lineNo ?? null, action, comment },
    });
    return { kind: 'Sent', orderId: order.id, outboxId };
  });
  if (recorded.kind !== 'Sent') {
    if (recorded.kind === 'Pending') notifyTimeline();
    if (recorded.kind === 'Done') {
      notifyTimeline();
      deps.logger.info({ orderId: recorded.orderId, exceptionId: input.exceptionId, action }, 'order exception resolved');
    }
    return recorded;
  }
  notifyTimeline();

  // Outside the transaction: the ERP gets its own bounded budget; the outbox goes on after it.
  const delivery = await withinBudget(
    deliverEntry(deps, recorded.outboxId),
    deps.erpActionBudgetMs ?? DEFAULT_ERP_ACTION_BUDGET_MS,
    deps.logger,
    `exception action ${action}`,
  );
  const ex = await deps.orm.em.fork().findOneOrFail(OrderException, { id: input.exceptionId });
  if (delivery?.kind === 'REFUSED') return notAllowed(delivery.code, `the ERP refused ${action}: ${delivery.message}`);
  if (ex.status === 'RESOLVED') {
    deps.logger.info({ orderId: recorded.orderId, exceptionId: ex.id, action }, 'order exception resolved in the ERP');
    return { kind: 'Done', orderId: recorded.orderId, exception: ex };
  }
  const message =
    delivery?.kind === 'RETRY'
      ? `the ERP is not reachable right now; ${action} is recorded and sent again automatically (${delivery.message})`
      : pendingMessage(action, ex.request?.at ?? new Date().toISOString());
  return { kind: 'Pending', orderId: recorded.orderId, exception: ex, message };
}

const pendingMessage = (action: string, at: string) =>
  `${action} was recorded at ${at} and sent to the ERP, which has not confirmed it yet; the exception closes when it does (follow the order's timeline)`;

/** The buyer disputes a line's price: a PRICE_DISPUTE exception, open until withdrawn or credited. */
export async function disputeOrderPrice(
  deps: ExceptionDeps,
  viewer: Viewer,
  input: { orderId: string; lineId: string; reason: string },
): Promise<DisputeOutcome> {
  assertWriter(viewer);
  const reason = input.reason.trim();
  if (!reason) return { kind: 'InvalidInput', field: 'reason', message: 'say what is wrong with the price' };
  if (reason.length > 1000) return { kind: 'InvalidInput', field: 'reason', message: 'at most 1000 characters' };
  const orderId = orderKey(input.orderId);
  if (!orderId) return { kind: 'OrderNotFound' };
  const raisedAt = await businessNow(deps);
  const outcome = await deps.orm.em.fork().transactional(async (tx): Promise<DisputeOutcome> => {
    await lockAccountTimeline(tx, viewer.accountId); // before the row lock, as in resolveOrderException
    const order = await tx.findOne(Order, { id: orderId, accountId: viewer.accountId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (!order) return { kind: 'OrderNotFound' };
    const line = await tx.findOne(OrderLine, { id: input.lineId, orderId: order.id });
    if (!line) return { kind: 'InvalidInput', field: 'lineId', message: 'no such line on this order' };
    const open = await tx.findOne(OrderException, { orderId: order.id, type: 'PRICE_DISPUTE', lineNo: line.lineNo, status: 'OPEN' });
    if (open) return notAllowed('DISPUTE_OPEN', 'this line already has an open price dispute', []);
    const ex = tx.create(OrderException, {
      id: randomUUID(),
      orderId: order.id,
      accountId: order.accountId,
      type: 'PRICE_DISPUTE',
      lineNo: line.lineNo,
      reasonCode: 'PRICE_DISPUTED_BY_BUYER',
      status: 'OPEN',
      message: `${viewer.userId} disputes the price of line ${line.lineNo} (${line.sku}): ${reason}`,
      actions: ['WITHDRAW'],
      details: { sku: line.sku, quantity: line.quantity, reason },
      raisedAt: new Date(),
      raisedBy: viewer.userId,
      resolvedAt: null,
      resolvedBy: null,
      resolution: null,
      comment: null,
      request: null,
    });
    await appendTimeline(tx, {
      orderId: order.id,
      accountId: order.accountId,
      source: 'PORTAL',
      factKey: `exception:${ex.id}:raised`,
      occurredAt: raisedAt,
      type: 'exception.raised',
      actor: viewer.userId,
      summary: ex.message,
      data: {
        exceptionId: ex.id,
        exceptionType: 'PRICE_DISPUTE',
        reasonCode: ex.reasonCode,
        lineNo: line.lineNo,
        actions: ex.actions,
        sku: line.sku,
        reason,
      },
    });
    return { kind: 'Done', orderId: order.id, exception: ex };
  });
  if (outcome.kind === 'Done') notifyTimeline();
  return outcome;
}
