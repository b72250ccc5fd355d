/**
 * Approvals: a cart over the buyer's spending limit waits (locked) for an approver. Approving
 * places the order under the buyer's original idempotency key, so the buyer's retry replays it;
 * one rejection rejects. Each decision records who, when and why.
 */
import { GraphQLError } from 'graphql';
import { LockMode } from '@mikro-orm/core';
import { hasRole, type Viewer } from '@portal/platform/auth';
import { Cart, type CartEntity } from './entities/index.js';
import type { OrdersDeps } from './deps.js';
import { placeOrder } from './submit.js';
import { isUuid } from './domain/ids.js';

export type ApprovalOutcome =
  | { kind: 'Approved'; orderId: string }
  | { kind: 'Rejected'; cart: CartEntity }
  | { kind: 'CartNotFound' }
  | { kind: 'CartLocked'; status: string }
  | { kind: 'InvalidInput'; field: string; message: string };

function assertApprover(viewer: Viewer): void {
  if (!hasRole(viewer, 'approver', 'admin'))
    throw new GraphQLError('only approvers decide on carts', { extensions: { code: 'FORBIDDEN' } });
}

async function decide(
  deps: OrdersDeps,
  viewer: Viewer,
  cartId: string,
  comment: string | null,
  approve: boolean,
): Promise<ApprovalOutcome> {
  assertApprover(viewer);
  if (comment !== null && comment.length > 1000) return { kind: 'InvalidInput', field: 'comment', message: 'at most 1000 characters' };
  if (!isUuid(cartId)) return { kind: 'CartNotFound' };
  const decided = await deps.orm.em.fork().transactional(async (tx) => {
    const cart = await tx.findOne(
      Cart,
      { id: cartId.toLowerCase(), accountId: viewer.accountId },
      { lockMode: LockMode.PESSIMISTIC_WRITE },
    );
    if (!cart) return { kind: 'CartNotFound' } as const;
    if (cart.status !== 'PENDING_APPROVAL' || !cart.pendingSubmissionId) return { kind: 'CartLocked', status: cart.status } as const;
    cart.decidedBy = viewer.userId;
    cart.decidedAt = new Date();
    cart.decisionComment = comment;
    cart.updatedAt = new Date();
    if (!approve) {
      cart.status = 'REJECTED';
      await tx.getConnection().execute(
        `update "orders"."submission" set result = ?::jsonb, updated_at = now() where id = ?`,
        [
          JSON.stringify({
            kind: 'SubmitRejected',
            errorCode: 'APPROVAL_REJECTED',
            message: `rejected by ${viewer.userId}${comment ? `: ${comment}` : ''}`,
          }),
          cart.pendingSubmissionId,
        ],
        'run',
        tx.getTransactionContext(),
      );
      return { kind: 'Rejected', cart } as const;
    }
    cart.status = 'APPROVED';
    return { kind: 'Approve', submissionId: cart.pendingSubmissionId } as const;
  });
  if (decided.kind !== 'Approve') return decided;
  const orderId = await placeOrder(
    deps,
    viewer.accountId,
    cartId.toLowerCase(),
    decided.submissionId,
    null,
    Date.now() + (deps.submitBudgetMs ?? 3000),
  );
  await deps.orm.em
    .fork()
    .getConnection()
    .execute(`update "orders"."submission" set result = ?::jsonb, order_id = ?, updated_at = now() where id = ?`, [
      JSON.stringify({ kind: 'OrderSubmitted', orderId }),
      orderId,
      decided.submissionId,
    ]);
  return { kind: 'Approved', orderId };
}

export const approveCart = (deps: OrdersDeps, viewer: Viewer, cartId: string, comment: string | null) =>
  decide(deps, viewer, cartId, comment, true);
export const rejectCart = (deps: OrdersDeps, viewer: Viewer, cartId: string, reason: string) =>
  reason.trim()
    ? decide(deps, viewer, cartId, reason.trim(), false)
    : Promise.resolve<ApprovalOutcome>({ kind: 'InvalidInput', field: 'reason', message: 'give a reason' });
