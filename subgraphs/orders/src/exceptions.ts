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
import type { MikroORM } from '@mikro-orm/postgresql';
import { ErpRequestError, ErpUnavailableError, type OrdersPort } from '@portal/erp/port';
import { hasRole, type Viewer } from '@portal/platform/auth';
import type { Logger } from '@portal/platform/logger';
import { isUuid } from './domain/ids.js';
import { EXCEPTION_ACTIONS, erpCommandFor, mayTake, type ExceptionAction } from './domain/exceptions.js';
import { Order, OrderException, OrderLine, type OrderExceptionEntity } from './entities/index.js';
import { closeException } from './order-state.js';
import { appendTimeline, lockAccountTimeline, notifyTimeline } from './timeline.js';

/**
 * Order ids are UUIDs for orders placed in the portal but the ERP's reference for orders the first
 * full sync found (e.g. `ord-acme-4`); both can carry exceptions. UUIDs compare lower-case.
 */
const orderKey = (id: string): string | null => (isUuid(id) ? id.toLowerCase() : id.length > 0 && id.length <= 255 ? id : null);
export interface ExceptionDeps {
  orm: MikroORM;
  erp: OrdersPort;
  logger: Logger;
}

export type ExceptionOutcome =
  | { kind: 'Done'; orderId: string; exception: OrderExceptionEntity }
  | { kind: 'OrderNotFound' }
  | { kind: 'ExceptionNotFound' }
  | { kind: 'ActionNotAllowed'; errorCode: string; message: string; allowed: string[] }
  | { kind: 'ErpUnavailable'; message: string }
  | { kind: 'InvalidInput'; field: string; message: string };

const notAllowed = (errorCode: string, message: string, allowed: string[] = []): ExceptionOutcome => ({
  kind: 'ActionNotAllowed',
  errorCode,
  message,
  allowed,
});

function assertWriter(viewer: Viewer): void {
  if (!hasRole(viewer, 'buyer', 'approver', 'admin'))
    throw new GraphQLError('this role cannot act on orders', { extensions: { code: 'FORBIDDEN' } });
}

export async function resolveOrderException(
  deps: ExceptionDeps,
  viewer: Viewer,
  input: { orderId: string; exceptionId: string; action: string; comment: string | null },
): Promise<ExceptionOutcome> {
  assertWriter(viewer);
  const comment = input.comment?.trim() || null;
  if (comment && comment.length > 1000) return { kind: 'InvalidInput', field: 'comment', message: 'at most 1000 characters' };
  if (!(EXCEPTION_ACTIONS as readonly string[]).includes(input.action))
    return { kind: 'InvalidInput', field: 'action', message: `unknown action; one of ${EXCEPTION_ACTIONS.join(', ')}` };
  const action = input.action as ExceptionAction;
  const orderId = orderKey(input.orderId);
  if (!orderId) return { kind: 'OrderNotFound' };

  const outcome = await deps.orm.em.fork().transactional(async (tx): Promise<ExceptionOutcome> => {
    // Timeline lock before row locks, as the ERP feed takes them (it may apply this very release meanwhile).
    await lockAccountTimeline(tx, viewer.accountId);
    const order = await tx.findOne(Order, { id: orderId, accountId: viewer.accountId });
    if (!order) return { kind: 'OrderNotFound' };
    // The row lock makes concurrent decisions on one exception queue: the second sees it resolved.
    const ex = await tx.findOne(OrderException, { id: input.exceptionId, orderId: order.id }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (!ex) return { kind: 'ExceptionNotFound' };
    if (ex.status !== 'OPEN')
      return notAllowed('EXCEPTION_RESOLVED', `this exception was resolved (${ex.resolution}) at ${ex.resolvedAt?.toISOString()}`);
    if (!ex.actions.includes(action)) return notAllowed('ACTION_NOT_OFFERED', `${action} is not an action for this exception`, ex.actions);
    if (!mayTake(action, viewer.roles))
      return notAllowed(
        'ROLE_NOT_ALLOWED',
        `${action} needs an approver or admin`,
        ex.actions.filter((a) => mayTake(a as ExceptionAction, viewer.roles)),
      );

    const command = erpCommandFor(action, ex.lineNo ?? null);
    if (command) {
      if (!order.erpOrderNumber) return notAllowed('ORDER_NOT_IN_ERP', 'the ERP has not acknowledged this order yet; try again shortly');
      const number = order.erpOrderNumber;
      try {
        switch (command.kind) {
          case 'releaseCreditHold':
            await deps.erp.releaseCreditHold(number, viewer.userId);
            break;
          case 'acceptSubstitution':
            await deps.erp.acceptSubstitution(number, command.lineNo);
            break;
          case 'cancelLine':
            await deps.erp.cancelLine(number, command.lineNo);
            break;
          case 'cancelOrder': {
            const lines = await tx.find(OrderLine, { orderId: order.id }, { orderBy: { lineNo: 'asc' } });
            for (const l of lines.filter((l) => l.status !== 'CANCELLED' && l.shippedQuantity === 0))
              await deps.erp.cancelLine(number, l.lineNo);
            break;
          }
        }
      } catch (err) {
        if (err instanceof ErpUnavailableError)
          return { kind: 'ErpUnavailable', message: `the ERP is not reachable; nothing was changed, try again (${err.message})` };
        if (err instanceof ErpRequestError) return notAllowed(err.code, `the ERP refused ${action}: ${err.message}`);
        throw err;
      }
    }
    const at = new Date();
    closeException(ex, { by: viewer.userId, resolution: action, comment, at });
    await appendTimeline(tx, {
      orderId: order.id,
      accountId: order.accountId,
      source: 'PORTAL',
      type: 'exception.resolved',
      at,
      actor: viewer.userId,
      summary: `${ex.type} ${ex.reasonCode}: ${action}${command ? ' (sent to the ERP)' : ''} by ${viewer.userId}${comment ? ` — ${comment}` : ''}`,
      data: {
        exceptionId: ex.id,
        exceptionType: ex.type,
        reasonCode: ex.reasonCode,
        lineNo: ex.lineNo ?? null,
        resolution: action,
        comment,
        sentToErp: !!command,
      },
    });
    return { kind: 'Done', orderId: order.id, exception: ex };
  });
  if (outcome.kind === 'Done') {
    notifyTimeline();
    deps.logger.info({ orderId: outcome.orderId, exceptionId: input.exceptionId, action }, 'order exception resolved');
  }
  return outcome;
}

/** The buyer disputes a line's price: a PRICE_DISPUTE exception, open until withdrawn or credited. */
export async function disputeOrderPrice(
  deps: ExceptionDeps,
  viewer: Viewer,
  input: { orderId: string; lineId: string; reason: string },
): Promise<ExceptionOutcome> {
  assertWriter(viewer);
  const reason = input.reason.trim();
  if (!reason) return { kind: 'InvalidInput', field: 'reason', message: 'say what is wrong with the price' };
  if (reason.length > 1000) return { kind: 'InvalidInput', field: 'reason', message: 'at most 1000 characters' };
  const orderId = orderKey(input.orderId);
  if (!orderId) return { kind: 'OrderNotFound' };
  const outcome = await deps.orm.em.fork().transactional(async (tx): Promise<ExceptionOutcome> => {
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
    });
    await appendTimeline(tx, {
      orderId: order.id,
      accountId: order.accountId,
      source: 'PORTAL',
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
