/**
 * Idempotent submit on a snapshot of the cart.
 *
 * 1. The key: a submission is keyed by account + idempotency key and the hash of what was
 *    submitted; the same key and payload replay the first result (duplicates in flight wait for
 *    it); the same key with another payload is refused.
 * 2. The snapshot: in one short transaction on the cart's locked row, the cart must be ACTIVE (or
 *    SAVED); its lines are taken and it becomes SUBMITTING, so edits answer CartLocked from then on.
 *    A cart that is submitting or submitted answers CartAlreadySubmitted; an empty one CART_EMPTY.
 * 3. Outside any transaction, on that snapshot: the accepted quote must be what the ERP prices now
 *    and match the snapshot line by line, availability is re-checked (both at once), and the
 *    spending limit decides whether an approver must look first.
 * 4. The order is made of the snapshot only (place-order.ts). Any other ending returns the cart as
 *    it was, unchanged.
 */
import { createHash } from 'node:crypto';
import { GraphQLError } from 'graphql';
import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { timeStep } from '@portal/platform';
import { executeInOrder } from '@portal/platform/db';
import { hasRole, type Viewer } from '@portal/platform/auth';
import { Decimal, formatAmount } from '@portal/platform/money';
import { businessNow, type OrdersDeps } from './deps.js';
import { needsApproval } from './domain/approval-rules.js';
import { shortOfMinimum } from './domain/minimum-order.js';
import { requestedDateOf } from './domain/cart-rules.js';
import { isUuid } from './domain/ids.js';
import { Cart, CartLine, Order, Submission, type CartEntity } from './entities/index.js';
import { clearSubmitting, placeOrder, settleSubmission } from './place-order.js';
import { limitOf, limitRead } from './spending.js';
import { checkSnapshot, type CheckOutcome, type SnapshotLine, type SubmissionSnapshot } from './submit-checks.js';

export type { AvailabilityChange, PriceChange, SubmissionSnapshot } from './submit-checks.js';

export interface SubmitInput {
  cartId: string;
  idempotencyKey: string;
  acceptedQuoteId?: string | null;
}

/** A result as stored for replay: ids only, resolved to current objects when returned. */
export type SubmitOutcome =
  | { kind: 'OrderSubmitted'; orderId: string }
  | { kind: 'ApprovalRequired'; cartId: string; total: string; spendingLimit: string }
  | { kind: 'CartAlreadySubmitted'; orderId: string | null; message: string }
  | { kind: 'MinimumOrderValueNotMet'; currency: string; minimum: string; shortBy: string; message: string }
  | CheckOutcome;

const STALE_MS = 60_000;
const rejected = (errorCode: string, message: string): SubmitOutcome => ({ kind: 'SubmitRejected', errorCode, message });
export const DEFAULT_SUBMIT_BUDGET_MS = 3000;
export const DEFAULT_SUBMIT_CHECKS_MS = 7000;

/** The ERP's idempotency key for an order: the buyer's key, scoped to the account. */
export const erpKey = (accountId: string, key: string) => `${accountId}:${key}`;

const payloadHash = (cartId: string, quoteId: string | null, lines: { sku: string; quantity: number; requestedDate?: string | null }[]) =>
  createHash('sha256')
    .update(JSON.stringify({ cartId, quote: quoteId, lines: lines.map((l) => [l.sku, l.quantity, l.requestedDate ?? null]) }))
    .digest('hex');

export async function submitCart(deps: OrdersDeps, viewer: Viewer, input: SubmitInput): Promise<SubmitOutcome> {
  if (!hasRole(viewer, 'buyer', 'approver', 'admin'))
    throw new GraphQLError('this role cannot submit orders', { extensions: { code: 'FORBIDDEN' } });
  if (!input.idempotencyKey || input.idempotencyKey.length > 255)
    return rejected('INVALID_IDEMPOTENCY_KEY', 'idempotencyKey must be 1-255 characters');
  if (!isUuid(input.cartId)) return rejected('CART_NOT_FOUND', 'no such cart in your account');
  const deadline = Date.now() + (deps.submitBudgetMs ?? DEFAULT_SUBMIT_BUDGET_MS);
  const em = deps.orm.em.fork();
  const cartId = input.cartId.toLowerCase();
  // The cart (of the viewer's account) and its lines in one read: what the key is claimed for;
  // with the viewer's spending limit, in the same round trip.
  const [rows, limitRows] = await timeStep('orders', 'submit: cart read', () =>
    executeInOrder<[{ sku: string | null; quantity: number | null; requested_date: string | null }[], LimitRows]>(em, 'orders', [
      {
        sql: `select l.sku, l.quantity, l.requested_date::text as requested_date
       from "orders"."cart" c left join "orders"."cart_line" l on l.cart_id = c.id
      where c.id = ? and c.account_id = ? order by l.position`,
        params: [cartId, viewer.accountId],
      },
      limitRead(viewer),
    ]),
  );
  if (!rows.length) return rejected('CART_NOT_FOUND', 'no such cart in your account');
  const hash = payloadHash(
    cartId,
    input.acceptedQuoteId ?? null,
    rows.filter((r) => r.sku !== null).map((r) => ({ sku: r.sku!, quantity: r.quantity!, requestedDate: r.requested_date })),
  );
  const key = erpKey(viewer.accountId, input.idempotencyKey);
  const submittedAt = await businessNow(deps);

  // Claim the key and, with it, take the cart; or find who has the key.
  let held: Held | undefined;
  for (const started = Date.now(); ;) {
    const claim = await timeStep('orders', 'submit: key claimed', () => claimAndHold(em, cartId, key, hash, input.acceptedQuoteId));
    if (claim) {
      held = claim.held;
      break;
    }
    const existing = await em.fork().findOne(Submission, { id: key });
    if (!existing) continue; // released in between: claim again
    if (existing.payloadHash !== hash)
      return rejected('IDEMPOTENCY_KEY_REUSED', 'this idempotency key was used for a different submission');
    if (existing.state === 'DONE' && existing.result) return existing.result as SubmitOutcome;
    // In flight elsewhere: wait for it (a crashed holder is taken over once stale).
    if (Date.now() - existing.updatedAt.getTime() > STALE_MS) {
      await em.getConnection().execute(`update "orders"."submission" set updated_at = now() where id = ? and state = 'IN_PROGRESS'`, [key]);
      break;
    }
    if (Date.now() - started > 30_000)
      return rejected('SUBMISSION_IN_PROGRESS', 'the same submission is still being processed; retry with the same key');
    await new Promise((r) => setTimeout(r, 50));
  }

  let outcome: SubmitOutcome;
  try {
    outcome = await onSnapshot(deps, viewer, input, { cartId, key, hash, submittedAt, held, limitRows }, deadline);
  } catch (err) {
    // Nothing terminal happened: the cart is as it was; free the key so the client can retry it.
    await releaseCart(deps, cartId, key);
    await em.getConnection().execute(`delete from "orders"."submission" where id = ? and state = 'IN_PROGRESS'`, [key]);
    throw err;
  }
  if (outcome.kind === 'OrderSubmitted') return outcome; // settled with the order
  if (outcome.kind !== 'ApprovalRequired' && outcome.kind !== 'CartAlreadySubmitted') await releaseCart(deps, cartId, key);
  if (
    outcome.kind === 'PriceChanged' ||
    outcome.kind === 'AvailabilityChanged' ||
    outcome.kind === 'MinimumOrderValueNotMet' ||
    isRetryable(outcome)
  ) {
    // The buyer has to look again; the corrected attempt may reuse the key.
    await em.getConnection().execute(`delete from "orders"."submission" where id = ?`, [key]);
  } else {
    await settleSubmission(em, key, outcome, null);
  }
  return outcome;
}

const isRetryable = (o: SubmitOutcome) => o.kind === 'SubmitRejected' && o.errorCode === 'CART_CHANGED';

/** The cart as a claim took it: its header and lines (null when it could not be taken). */
type Held = { header: SubmissionSnapshot['header']; lines: SnapshotLine[] } | null;
type LimitRows = Parameters<typeof limitOf>[2] & object;

/**
 * Claim the key and take the cart for it, in one round trip: a statement that stores the key as
 * IN_PROGRESS and — only if it stored it, and a quote was given — makes the cart SUBMITTING for
 * this key (edits, which lock the cart and want it ACTIVE or SAVED, are refused from then on),
 * then a read of the lines, which cannot change any more (a statement of its own: it sees what an
 * edit the update waited for committed). Undefined when the key was someone else's; `held` null
 * when the cart could not be taken (the caller finds out why).
 */
async function claimAndHold(
  em: EntityManager,
  cartId: string,
  key: string,
  hash: string,
  quoteId: string | null | undefined,
): Promise<{ held: Held } | undefined> {
  const now = new Date();
  const [[claim], lines] = await executeInOrder<[HeldCartRow[], HeldLineRow[]]>(em, 'orders', [
    {
      sql: `with k as (
         insert into "orders"."submission" (id, payload_hash, state, result, order_id, created_at, updated_at) values (?, ?, 'IN_PROGRESS', null, null, now(), now())
         on conflict (id) do nothing returning id),
       c as (
         update "orders"."cart" c set status_before_submit = c.status, status = 'SUBMITTING', submitting_key = ?, submitting_since = ?, updated_at = ?
          where c.id = ? and ?::boolean and c.status in ('ACTIVE', 'SAVED') and exists (select 1 from k)
            and exists (select 1 from "orders"."cart_line" l where l.cart_id = c.id)
          returning c.name, c.requested_delivery_date::text as requested_delivery_date, c.currency)
       select exists (select 1 from k) as claimed, c.name, c.requested_delivery_date, c.currency from (select 1) one left join c on true`,
      params: [key, hash, key, now, now, cartId, Boolean(quoteId)],
    },
    heldLinesRead(cartId),
  ]);
  if (!claim?.claimed) return undefined;
  return { held: claim.currency === null ? null : heldOf(claim, lines) };
}

type HeldCartRow = { claimed?: boolean; name: string | null; requested_delivery_date: string | null; currency: string | null };
type HeldLineRow = { id: string; sku: string; quantity: number; requested_date: string | null };

const heldLinesRead = (cartId: string) => ({
  sql: `select id, sku, quantity, requested_date::text as requested_date from "orders"."cart_line" where cart_id = ? order by position`,
  params: [cartId],
});

const heldOf = (cart: HeldCartRow, rows: HeldLineRow[]): Held => ({
  header: { name: cart.name, requestedDeliveryDate: cart.requested_delivery_date, currency: cart.currency! },
  lines: rows.map((l) => ({ lineId: l.id, sku: l.sku, quantity: l.quantity, requestedDate: l.requested_date })),
});

/** Take the snapshot under the cart's lock (unless the claim took it), then decide on it. */
async function onSnapshot(
  deps: OrdersDeps,
  viewer: Viewer,
  input: SubmitInput,
  claim: { cartId: string; key: string; hash: string; submittedAt: Date; held: Held | undefined; limitRows: LimitRows },
  deadline: number,
): Promise<SubmitOutcome> {
  const { cartId, key, hash, submittedAt } = claim;
  const snapshotOf = (
    lines: { lineId: string; sku: string; quantity: number; requestedDate: string | null }[],
    header: SubmissionSnapshot['header'],
  ): { kind: 'Snapshot'; snapshot: SubmissionSnapshot } => ({
    kind: 'Snapshot',
    snapshot: {
      submittedBy: viewer.userId,
      submittedAt: submittedAt.toISOString(),
      // The date each line is promised by — its own, else the cart's — so the re-check asks what the
      // cart showed and the ERP receives it explicitly on the line.
      lines: lines.map((l) => ({ ...l, requestedDate: requestedDateOf(l.requestedDate, header.requestedDeliveryDate) })),
      header,
      quote: { id: input.acceptedQuoteId!, pricingDate: '', currency: header.currency, totals: {}, lines: [] },
      availability: [],
    },
  });
  // Taken with the claim, or (a stale claim taken over) now.
  const held =
    claim.held !== undefined
      ? claim.held
      : await timeStep('orders', 'submit: snapshot', () => holdCart(deps, cartId, key, input.acceptedQuoteId));
  if (held) {
    // Lines that are not what the key was claimed for are another submission (the caller returns the cart).
    if (payloadHash(cartId, input.acceptedQuoteId!, held.lines) !== hash)
      return rejected('CART_CHANGED', 'the cart changed while it was being submitted; look at it again and submit');
    return decide(deps, viewer, cartId, key, snapshotOf(held.lines, held.header).snapshot, claim.limitRows, deadline);
  }
  // The cart is not ACTIVE or SAVED, has no lines or no quote was given: say which, under its lock.
  const taken = await timeStep('orders', 'submit: snapshot', () =>
    deps.orm.em.fork().transactional(async (tx): Promise<SubmitOutcome | { kind: 'Snapshot'; snapshot: SubmissionSnapshot }> => {
      const cart = await tx.findOneOrFail(Cart, { id: cartId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      const refusal = await refuseSubmit(tx, cart);
      if (refusal) return refusal;
      const lines = await tx.find(CartLine, { cartId }, { orderBy: { position: 'asc' } });
      if (!lines.length) return rejected('CART_EMPTY', 'the cart has no lines');
      if (!input.acceptedQuoteId) return rejected('QUOTE_REQUIRED', 'pass the quote the buyer accepted (Cart.quote.id) as acceptedQuoteId');
      // The key was claimed for what the cart held a moment ago; an edit in between is another submission.
      if (payloadHash(cartId, input.acceptedQuoteId, lines) !== hash)
        return rejected('CART_CHANGED', 'the cart changed while it was being submitted; look at it again and submit');
      cart.statusBeforeSubmit = cart.status;
      cart.status = 'SUBMITTING';
      cart.submittingKey = key;
      cart.submittingSince = new Date();
      cart.updatedAt = new Date();
      return snapshotOf(
        lines.map((l) => ({ lineId: l.id, sku: l.sku, quantity: l.quantity, requestedDate: l.requestedDate ?? null })),
        { name: cart.name ?? null, requestedDeliveryDate: cart.requestedDeliveryDate ?? null, currency: cart.currency },
      );
    }),
  );
  if (taken.kind !== 'Snapshot') return taken;
  return decide(deps, viewer, cartId, key, taken.snapshot, claim.limitRows, deadline);
}

/**
 * For a claim taken over from a stale holder: the cart becomes SUBMITTING for this key, if it can
 * be submitted, then its lines are read (two statements, no transaction). Null when the cart
 * cannot be taken.
 */
async function holdCart(deps: OrdersDeps, cartId: string, key: string, quoteId: string | null | undefined): Promise<Held> {
  if (!quoteId) return null;
  const connection = deps.orm.em.getConnection();
  const now = new Date();
  const [cart] = await connection.execute<HeldCartRow[]>(
    `update "orders"."cart" c set status_before_submit = c.status, status = 'SUBMITTING', submitting_key = ?, submitting_since = ?, updated_at = ?
      where c.id = ? and c.status in ('ACTIVE', 'SAVED') and exists (select 1 from "orders"."cart_line" l where l.cart_id = c.id)
      returning c.name, c.requested_delivery_date::text as requested_delivery_date, c.currency`,
    [key, now, now, cartId],
  );
  if (!cart) return null;
  const { sql, params } = heldLinesRead(cartId);
  return heldOf(cart, await connection.execute<HeldLineRow[]>(sql, params));
}

/** Why a cart cannot be submitted now, or null. */
export async function refuseSubmit(tx: EntityManager, cart: CartEntity): Promise<SubmitOutcome | null> {
  if (cart.status === 'ACTIVE' || cart.status === 'SAVED') return null;
  if (cart.status === 'SUBMITTING' || cart.status === 'SUBMITTED' || cart.status === 'APPROVED') {
    const order = await tx.findOne(Order, { cartId: cart.id });
    return {
      kind: 'CartAlreadySubmitted',
      orderId: order?.id ?? null,
      message: order ? `this cart is already order ${order.number}` : 'this cart is being submitted right now',
    };
  }
  return rejected('CART_LOCKED', `the cart is ${cart.status}`);
}

/** Checks, spending limit and placement, all on the snapshot. */
async function decide(
  deps: OrdersDeps,
  viewer: Viewer,
  cartId: string,
  key: string,
  taken: SubmissionSnapshot,
  limitRows: LimitRows,
  deadline: number,
): Promise<SubmitOutcome> {
  // The viewer's spending limit (read with the cart; a user seen for the first time is stored
  // while pricing and inventory check).
  const em = deps.orm.em.fork();
  const viewerLimit = timeStep('orders', 'submit: spending limit', () => limitOf(em, viewer, limitRows));
  viewerLimit.catch(() => {});
  const checked = await timeStep('orders', 'submit: checks (quote ∥ ATP)', () =>
    checkSnapshot(deps, viewer, taken.quote.id, cartId, taken.lines, deps.submitChecksMs ?? DEFAULT_SUBMIT_CHECKS_MS),
  );
  if (checked.kind !== 'ok') return checked;
  const q = checked.quoteView;
  // Below the account's minimum order value (on the goods the buyer accepted): nothing is ordered.
  const short = shortOfMinimum(q.totals);
  if (short)
    return {
      kind: 'MinimumOrderValueNotMet',
      currency: q.currency,
      minimum: short.minimum.toFixed(),
      shortBy: short.shortBy.toFixed(),
      message: `the cart's goods (${short.goods.toFixed()} ${q.currency}) are below the minimum order value ${short.minimum.toFixed()} ${q.currency}`,
    };
  const snapshot: SubmissionSnapshot = {
    ...taken,
    quote: {
      id: q.id,
      pricingDate: q.pricingDate,
      currency: q.currency,
      totals: q.totals,
      lines: q.lines.map((l) => ({ sku: l.sku, quantity: l.quantity, unitPrice: l.unitPrice, netAmount: l.netAmount })),
    },
    availability: checked.availability,
  };

  // Spending limit on what the buyer will be invoiced: over it, the cart waits for an approver.
  const { limit, currency } = await viewerLimit;
  const total = new Decimal(q.totals.total);
  if (needsApproval(total, limit)) {
    // In the currency's form (a yen total has no decimals): the timeline's summary shows them.
    const approval = { total: formatAmount(total, currency), spendingLimit: formatAmount(limit, currency) };
    const parked = await em.transactional(async (tx) => {
      const cart = await tx.findOneOrFail(Cart, { id: cartId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (cart.status !== 'SUBMITTING' || cart.submittingKey !== key) return false;
      cart.status = 'PENDING_APPROVAL';
      clearSubmitting(cart);
      cart.pendingSubmissionId = key;
      cart.updatedAt = new Date();
      cart.approvalRequestedAt = new Date(snapshot.submittedAt);
      cart.approvalRequestedBy = viewer.userId;
      cart.decidedAt = null;
      cart.decidedBy = null;
      cart.decisionComment = null;
      cart.submissionSnapshot = { ...snapshot, approval } as unknown as Record<string, unknown>;
      return true;
    });
    if (!parked) return rejected('CART_CHANGED', 'the cart changed while it was being submitted; look at it again and submit');
    return { kind: 'ApprovalRequired', cartId, ...approval };
  }

  const placed = await placeOrder(deps, { accountId: viewer.accountId, cartId, key, snapshot, deadline });
  switch (placed.kind) {
    case 'Placed':
      return { kind: 'OrderSubmitted', orderId: placed.orderId };
    case 'AlreadyPlaced':
      return { kind: 'CartAlreadySubmitted', orderId: placed.orderId, message: 'this cart already has an order' };
    case 'CartChanged':
      return rejected('CART_CHANGED', 'the cart changed while it was being submitted; look at it again and submit');
  }
}

/** A submit that did not place an order returns the cart to how it was, if it still holds it. */
export async function releaseCart(deps: OrdersDeps, cartId: string, key: string): Promise<void> {
  await deps.orm.em.fork().transactional(async (tx) => {
    const cart = await tx.findOne(Cart, { id: cartId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (!cart || cart.status !== 'SUBMITTING' || cart.submittingKey !== key) return;
    cart.status = cart.statusBeforeSubmit ?? 'ACTIVE';
    clearSubmitting(cart);
    cart.updatedAt = new Date();
  });
}
