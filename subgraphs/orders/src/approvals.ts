/**
 * Approvals: a cart over the submitter's spending limit waits (locked) for an approver.
 *
 * Approving: the approver must be allowed to (their own limit, the next level above it, never
 * their own cart above their own limit); the submitted snapshot is re-validated (prices and
 * availability, as at submit) — a change sends the cart back to the buyer (ACTIVE, with the
 * reason) and answers the approver with it; otherwise the order is placed from the snapshot under
 * the buyer's original idempotency key, so the buyer's retry replays it. One rejection rejects.
 * Each decision records who, when and why.
 */
import { GraphQLError } from 'graphql';
import { LockMode } from '@mikro-orm/core';
import { hasRole, type Viewer } from '@portal/platform/auth';
import { Decimal } from '@portal/platform/money';
import { businessNow, type OrdersDeps } from './deps.js';
import { mayApprove } from './domain/approval-rules.js';
import { isUuid } from './domain/ids.js';
import { Cart, type CartEntity } from './entities/index.js';
import { clearSubmitting, placeOrder, settleSubmission } from './place-order.js';
import { limitOf } from './spending.js';
import { checkSnapshot, type CheckOutcome, type SubmissionSnapshot } from './submit-checks.js';
import { DEFAULT_SUBMIT_BUDGET_MS, DEFAULT_SUBMIT_CHECKS_MS } from './submit.js';

export type ApprovalOutcome =
  | { kind: 'Approved'; orderId: string }
  | { kind: 'Rejected'; cart: CartEntity }
  | { kind: 'NotAllowed'; code: string; message: string; total: string; approvalLimit: string; currency: string }
  | { kind: 'AlreadySubmitted'; orderId: string | null }
  | { kind: 'CartNotFound' }
  | { kind: 'CartLocked'; status: string }
  | { kind: 'InvalidInput'; field: string; message: string }
  | Exclude<CheckOutcome, { kind: 'SubmitRejected' }>;

/** What approving can answer (never `Rejected`). */
export type ApproveOutcome = Exclude<ApprovalOutcome, { kind: 'Rejected' }>;
/** What rejecting can answer. */
export type RejectOutcome = Extract<ApprovalOutcome, { kind: 'Rejected' | 'CartNotFound' | 'CartLocked' | 'InvalidInput' }>;

function assertApprover(viewer: Viewer): void {
  if (!hasRole(viewer, 'approver', 'admin'))
    throw new GraphQLError('only approvers decide on carts', { extensions: { code: 'FORBIDDEN' } });
}

type Snapshot = SubmissionSnapshot & { approval?: { total: string; spendingLimit: string } };

export async function approveCart(deps: OrdersDeps, viewer: Viewer, cartId: string, comment: string | null): Promise<ApproveOutcome> {
  assertApprover(viewer);
  if (comment !== null && comment.length > 1000) return { kind: 'InvalidInput', field: 'comment', message: 'at most 1000 characters' };
  if (!isUuid(cartId)) return { kind: 'CartNotFound' };
  const id = cartId.toLowerCase();
  const deadline = Date.now() + (deps.submitBudgetMs ?? DEFAULT_SUBMIT_BUDGET_MS);
  const { limit } = await limitOf(deps.orm.em.fork(), viewer);
  const decidedAt = await businessNow(deps);

  // 1. Under the cart's lock: may this approver approve it? Then it is SUBMITTING for the re-check.
  type Taken = ApproveOutcome | { kind: 'Take'; key: string; snapshot: Snapshot; requester: string };
  const taken = await deps.orm.em.fork().transactional(async (tx): Promise<Taken> => {
    const cart = await tx.findOne(Cart, { id, accountId: viewer.accountId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (!cart) return { kind: 'CartNotFound' };
    if (cart.status !== 'PENDING_APPROVAL' || !cart.pendingSubmissionId || !cart.submissionSnapshot)
      return { kind: 'CartLocked', status: cart.status };
    const snapshot = cart.submissionSnapshot as unknown as Snapshot;
    const requester = cart.approvalRequestedBy ?? snapshot.submittedBy;
    const total = new Decimal(snapshot.quote.totals.total ?? '0');
    const refusal = mayApprove({ userId: viewer.userId, roles: viewer.roles, limit, currency: cart.currency }, requester, total);
    if (refusal)
      return {
        kind: 'NotAllowed',
        code: refusal.code,
        message: refusal.message,
        total: total.toFixed(),
        approvalLimit: limit.toFixed(),
        currency: cart.currency,
      };
    cart.decidedBy = viewer.userId;
    cart.decidedAt = decidedAt;
    cart.decisionComment = comment;
    cart.statusBeforeSubmit = 'PENDING_APPROVAL';
    cart.status = 'SUBMITTING';
    cart.submittingKey = cart.pendingSubmissionId;
    cart.submittingSince = new Date();
    cart.updatedAt = new Date();
    return { kind: 'Take', key: cart.pendingSubmissionId, snapshot, requester };
  });
  if (taken.kind !== 'Take') return taken;

  // 2. Outside any transaction: the snapshot re-validated as at submit.
  let checked: Awaited<ReturnType<typeof checkSnapshot>>;
  try {
    checked = await checkSnapshot(
      deps,
      viewer,
      taken.snapshot.quote.id,
      id,
      taken.snapshot.lines,
      deps.submitChecksMs ?? DEFAULT_SUBMIT_CHECKS_MS,
    );
  } catch (err) {
    await backTo(deps, id, taken.key, 'PENDING_APPROVAL', null); // nothing decided: it waits again
    throw err;
  }
  if (checked.kind !== 'ok') {
    if (checked.kind === 'SubmitRejected') {
      await backTo(deps, id, taken.key, 'PENDING_APPROVAL', null);
      return { kind: 'CartLocked', status: 'PENDING_APPROVAL' };
    }
    const reason =
      checked.kind === 'PriceChanged'
        ? `Prices changed before approval (${[
            ...checked.changes.map((c) => `${c.sku} ${c.oldNetAmount ?? '—'} → ${c.newNetAmount ?? '—'}`),
            ...checked.totalChanges.map((t) => `${t.total.toLowerCase().replace('_', ' ')} ${t.old} → ${t.new}`),
          ].join(', ')}): look at the cart again and submit`
        : `Availability changed before approval (${checked.changes.map((c) => `${c.sku} ${c.oldStatus ?? '—'} → ${c.newStatus}`).join(', ')}): look at the cart again and submit`;
    // Back to the buyer; the buyer's key is free for the corrected submit.
    await backTo(deps, id, taken.key, 'ACTIVE', { reason, by: viewer.userId });
    return checked;
  }

  // 3. The order, from the snapshot the buyer submitted and the approver approved.
  const placed = await placeOrder(deps, {
    accountId: viewer.accountId,
    cartId: id,
    key: taken.key,
    snapshot: { ...taken.snapshot, availability: checked.availability },
    deadline,
  });
  if (placed.kind === 'Placed') return { kind: 'Approved', orderId: placed.orderId };
  if (placed.kind === 'AlreadyPlaced') return { kind: 'AlreadySubmitted', orderId: placed.orderId };
  return { kind: 'CartLocked', status: 'SUBMITTING' };
}

/** Return a cart the approval took (still SUBMITTING under `key`) to `status`. */
async function backTo(
  deps: OrdersDeps,
  cartId: string,
  key: string,
  status: 'ACTIVE' | 'PENDING_APPROVAL',
  returned: { reason: string; by: string } | null,
): Promise<void> {
  await deps.orm.em.fork().transactional(async (tx) => {
    const cart = await tx.findOne(Cart, { id: cartId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (!cart || cart.status !== 'SUBMITTING' || cart.submittingKey !== key) return;
    cart.status = status;
    clearSubmitting(cart);
    cart.updatedAt = new Date();
    if (status === 'PENDING_APPROVAL') {
      cart.decidedBy = null;
      cart.decidedAt = null;
      cart.decisionComment = null;
      return;
    }
    cart.pendingSubmissionId = null;
    cart.submissionSnapshot = null;
    cart.returnedReason = returned?.reason ?? null;
    cart.returnedBy = returned?.by ?? null;
    cart.returnedAt = new Date();
    await tx.getConnection().execute(`delete from "orders"."submission" where id = ?`, [key], 'run', tx.getTransactionContext());
  });
}

export async function rejectCart(deps: OrdersDeps, viewer: Viewer, cartId: string, reason: string): Promise<RejectOutcome> {
  assertApprover(viewer);
  const why = reason.trim();
  if (!why) return { kind: 'InvalidInput', field: 'reason', message: 'give a reason' };
  if (why.length > 1000) return { kind: 'InvalidInput', field: 'reason', message: 'at most 1000 characters' };
  if (!isUuid(cartId)) return { kind: 'CartNotFound' };
  const decidedAt = await businessNow(deps);
  return deps.orm.em.fork().transactional(async (tx): Promise<RejectOutcome> => {
    const cart = await tx.findOne(
      Cart,
      { id: cartId.toLowerCase(), accountId: viewer.accountId },
      { lockMode: LockMode.PESSIMISTIC_WRITE },
    );
    if (!cart) return { kind: 'CartNotFound' };
    if (cart.status !== 'PENDING_APPROVAL' || !cart.pendingSubmissionId) return { kind: 'CartLocked', status: cart.status };
    cart.decidedBy = viewer.userId;
    cart.decidedAt = decidedAt;
    cart.decisionComment = why;
    cart.updatedAt = new Date();
    cart.status = 'REJECTED';
    await settleSubmission(
      tx,
      cart.pendingSubmissionId,
      { kind: 'SubmitRejected', errorCode: 'APPROVAL_REJECTED', message: `rejected by ${viewer.userId}: ${why}` },
      null,
    );
    return { kind: 'Rejected', cart };
  });
}
