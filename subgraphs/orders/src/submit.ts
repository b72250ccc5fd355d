/**
 * Idempotent submit. A submission is keyed by account + idempotency key and the hash of what was
 * submitted: the same key and payload replay the first result (also while the first request is
 * still working: duplicates wait for it); the same key with another payload is refused. The
 * buyer's quote is validated against the ERP (via pricing) and availability re-checked (via
 * inventory); changes come back as data and leave the key free for the corrected attempt. The
 * order is stored as SUBMITTED together with an outbox entry in one transaction, then sent to the
 * ERP with the key — a retry after a timeout or an outage can never create a second ERP order.
 */
import { createHash, randomUUID } from 'node:crypto';
import { GraphQLError } from 'graphql';
import type { EntityManager } from '@mikro-orm/postgresql';
import { hasRole, type Viewer } from '@portal/platform/auth';
import { currentScope } from '@portal/platform/context';
import { InternalCallError } from '@portal/platform/internal-client';
import { Decimal } from '@portal/platform/money';
import {
  Cart,
  CartLine,
  Order,
  OrderLine,
  Outbox,
  PortalUser,
  Submission,
  type CartEntity,
  type CartLineEntity,
} from './entities/index.js';
import type { OrdersDeps } from './deps.js';
import { deliverEntry, withinBudget } from './order-outbox.js';
import { appendTimeline, notifyTimeline } from './timeline.js';
import { isUuid } from './domain/ids.js';

export interface SubmitInput {
  cartId: string;
  idempotencyKey: string;
  acceptedQuoteId?: string | null;
}

/** A result as stored for replay: ids only, resolved to current objects when returned. */
export type SubmitOutcome =
  | { kind: 'OrderSubmitted'; orderId: string }
  | { kind: 'ApprovalRequired'; cartId: string; total: string; spendingLimit: string }
  | { kind: 'PriceChanged'; cartId: string; quoteId: string; changes: PriceChange[] }
  | { kind: 'AvailabilityChanged'; cartId: string; changes: AvailabilityChange[] }
  | { kind: 'SubmitRejected'; errorCode: string; message: string };

export interface PriceChange {
  lineId: string;
  sku: string;
  quantity: number;
  oldNetAmount: string | null;
  newNetAmount: string | null;
  oldUnitPrice: string | null;
  newUnitPrice: string | null;
}

export interface AvailabilityChange {
  lineId: string;
  sku: string;
  quantity: number;
  oldStatus: string | null;
  newStatus: string;
  oldDate: string | null;
  newDate: string | null;
}

const STALE_MS = 60_000;
const rejected = (errorCode: string, message: string): SubmitOutcome => ({ kind: 'SubmitRejected', errorCode, message });

const DEFAULT_SUBMIT_BUDGET_MS = 3000;
const DEFAULT_SUBMIT_CHECKS_MS = 7000;

/** The ERP's idempotency key for an order: the buyer's key, scoped to the account. */
export const erpKey = (accountId: string, key: string) => `${accountId}:${key}`;

export async function submitCart(deps: OrdersDeps, viewer: Viewer, input: SubmitInput): Promise<SubmitOutcome> {
  if (!hasRole(viewer, 'buyer', 'approver', 'admin'))
    throw new GraphQLError('this role cannot submit orders', { extensions: { code: 'FORBIDDEN' } });
  if (!input.idempotencyKey || input.idempotencyKey.length > 255)
    return rejected('INVALID_IDEMPOTENCY_KEY', 'idempotencyKey must be 1-255 characters');
  if (!isUuid(input.cartId)) return rejected('CART_NOT_FOUND', 'no such cart in your account');
  const deadline = Date.now() + (deps.submitBudgetMs ?? DEFAULT_SUBMIT_BUDGET_MS);
  const em = deps.orm.em.fork();
  const cart = await em.findOne(Cart, { id: input.cartId.toLowerCase(), accountId: viewer.accountId });
  if (!cart) return rejected('CART_NOT_FOUND', 'no such cart in your account');
  const lines = await em.find(CartLine, { cartId: cart.id }, { orderBy: { position: 'asc' } });
  const hash = createHash('sha256')
    .update(
      JSON.stringify({
        cartId: cart.id,
        quote: input.acceptedQuoteId ?? null,
        lines: lines.map((l) => [l.sku, l.quantity, l.requestedDate ?? null]),
      }),
    )
    .digest('hex');
  const id = erpKey(viewer.accountId, input.idempotencyKey);

  // Claim the key, or find who has it.
  for (const started = Date.now(); ;) {
    const claimed = await em.getConnection().execute<{ id: string }[]>(
      `insert into "orders"."submission" (id, payload_hash, state, result, order_id, created_at, updated_at) values (?, ?, 'IN_PROGRESS', null, null, now(), now())
       on conflict (id) do nothing returning id`,
      [id, hash],
    );
    if (claimed.length) break;
    const existing = await em.fork().findOne(Submission, { id });
    if (!existing) continue; // released in between: claim again
    if (existing.payloadHash !== hash)
      return rejected('IDEMPOTENCY_KEY_REUSED', 'this idempotency key was used for a different submission');
    if (existing.state === 'DONE' && existing.result) return existing.result as SubmitOutcome;
    // In flight elsewhere: wait for it (a crashed holder is taken over once stale).
    if (Date.now() - existing.updatedAt.getTime() > STALE_MS) {
      await em.getConnection().execute(`update "orders"."submission" set updated_at = now() where id = ? and state = 'IN_PROGRESS'`, [id]);
      break;
    }
    if (Date.now() - started > 30_000)
      return rejected('SUBMISSION_IN_PROGRESS', 'the same submission is still being processed; retry with the same key');
    await new Promise((r) => setTimeout(r, 50));
  }

  let outcome: SubmitOutcome;
  try {
    outcome = await work(deps, viewer, input, cart.id, deadline);
  } catch (err) {
    // Nothing terminal happened: free the key so the client can retry it.
    await em.getConnection().execute(`delete from "orders"."submission" where id = ? and state = 'IN_PROGRESS'`, [id]);
    throw err;
  }
  if (outcome.kind === 'PriceChanged' || outcome.kind === 'AvailabilityChanged') {
    // The buyer has to look again; the corrected attempt may reuse the key.
    await em.getConnection().execute(`delete from "orders"."submission" where id = ?`, [id]);
  } else {
    await em
      .getConnection()
      .execute(`update "orders"."submission" set state = 'DONE', result = ?::jsonb, order_id = ?, updated_at = now() where id = ?`, [
        JSON.stringify(outcome),
        outcome.kind === 'OrderSubmitted' ? outcome.orderId : null,
        id,
      ]);
  }
  return outcome;
}

async function work(deps: OrdersDeps, viewer: Viewer, input: SubmitInput, cartId: string, deadline: number): Promise<SubmitOutcome> {
  const em = deps.orm.em.fork();
  const cart = await em.findOneOrFail(Cart, { id: cartId });
  if (!['ACTIVE', 'SAVED'].includes(cart.status)) return rejected('CART_LOCKED', `the cart is ${cart.status}`);
  const lines = await em.find(CartLine, { cartId }, { orderBy: { position: 'asc' } });
  if (!lines.length) return rejected('CART_EMPTY', 'the cart has no lines');
  if (!input.acceptedQuoteId) return rejected('QUOTE_REQUIRED', 'pass the quote the buyer accepted (Cart.quote.id) as acceptedQuoteId');
  // The checks with pricing and inventory (each asks the ERP) share one limit, well inside the gateway's.
  const checksEnd = Date.now() + (deps.submitChecksMs ?? DEFAULT_SUBMIT_CHECKS_MS);
  const checks = () => ({ timeoutMs: checksEnd - Date.now() });

  // Prices and availability are checked at the same time (each asks the ERP); a price change is
  // reported first, as the buyer has to look at prices before dates.
  const [price, atp] = await Promise.allSettled([
    checkPrices(deps, viewer, input.acceptedQuoteId, cartId, lines, checks),
    recheckAvailability(deps, viewer, cartId, lines, checks),
  ]);
  if (price.status === 'rejected') throw price.reason;
  if (price.value.kind !== 'ok') return price.value;
  if (atp.status === 'rejected') throw atp.reason;
  if (atp.value.kind !== 'ok') return atp.value;
  const quoteView = price.value.quoteView;
  const availability = atp.value.availability;

  const snapshot: SubmissionSnapshot = {
    submittedBy: viewer.userId,
    submittedAt: new Date().toISOString(),
    quote: {
      id: quoteView.id,
      pricingDate: quoteView.pricingDate,
      currency: quoteView.currency,
      totals: quoteView.totals,
      lines: quoteView.lines.map((l) => ({ sku: l.sku, quantity: l.quantity, unitPrice: l.unitPrice, netAmount: l.netAmount })),
    },
    availability,
  };

  // 3. Spending limit: over it, the cart waits for an approver.
  const user = await em.findOne(PortalUser, { id: viewer.userId, accountId: viewer.accountId });
  const total = new Decimal(quoteView.totals.total);
  if (
    user?.spendingLimit !== null &&
    user?.spendingLimit !== undefined &&
    total.gt(user.spendingLimit) &&
    !hasRole(viewer, 'approver', 'admin')
  ) {
    cart.status = 'PENDING_APPROVAL';
    cart.pendingSubmissionId = erpKey(viewer.accountId, input.idempotencyKey);
    cart.updatedAt = new Date();
    cart.approvalRequestedAt = new Date();
    cart.approvalRequestedBy = viewer.userId;
    cart.submissionSnapshot = {
      ...snapshot,
      approval: { total: total.toFixed(2), spendingLimit: new Decimal(user.spendingLimit).toFixed(2) },
    };
    await em.flush();
    return { kind: 'ApprovalRequired', cartId, total: total.toFixed(2), spendingLimit: new Decimal(user.spendingLimit).toFixed(2) };
  }

  // 4. The order.
  return {
    kind: 'OrderSubmitted',
    orderId: await placeOrder(deps, viewer.accountId, cartId, erpKey(viewer.accountId, input.idempotencyKey), snapshot, deadline),
  };
}

interface QuoteView {
  id: string;
  pricingDate: string;
  lines: { lineId: string; sku: string; quantity: number; unitPrice: string; netAmount: string }[];
  totals: { subtotal?: string; discount?: string; freight?: string; total: string };
  currency: string;
}
type Limit = () => { timeoutMs: number };

/** The quote the buyer saw must be what the ERP prices now, to the cent. */
async function checkPrices(
  deps: OrdersDeps,
  viewer: Viewer,
  quoteId: string,
  cartId: string,
  lines: CartLineEntity[],
  limit: Limit,
): Promise<{ kind: 'ok'; quoteView: QuoteView } | SubmitOutcome> {
  let validation: {
    status: string;
    quote: { id: string };
    differences: {
      lineId: string;
      sku: string;
      quantity: number;
      old: { netAmount: string; unitPrice: string } | null;
      new: { netAmount: string; unitPrice: string } | null;
    }[];
  };
  let quoteView: QuoteView;
  try {
    quoteView = await deps.pricing.get(`/internal/quotes/${encodeURIComponent(quoteId)}`, viewer, limit());
    const sameLines =
      quoteView.lines.length === lines.length &&
      lines.every((l) => quoteView.lines.some((q) => q.lineId === l.id && q.sku === l.sku && q.quantity === l.quantity));
    if (!sameLines) return rejected('QUOTE_OUTDATED', 'the cart changed after this quote; take the current Cart.quote');
    validation = await deps.pricing.post('/internal/quotes/validate', { quoteId }, viewer, limit());
  } catch (err) {
    if (err instanceof InternalCallError && err.status === 404) return rejected('QUOTE_NOT_FOUND', 'no such quote for your account');
    if (err instanceof InternalCallError)
      throw new GraphQLError(`prices cannot be confirmed right now (${err.code}); nothing was submitted`, {
        extensions: { code: 'SERVICE_UNAVAILABLE' },
      });
    throw err;
  }
  if (validation.status === 'VALID') return { kind: 'ok', quoteView };
  return {
    kind: 'PriceChanged',
    cartId,
    quoteId: validation.quote.id,
    changes: validation.differences.map((d) => ({
      lineId: d.lineId,
      sku: d.sku,
      quantity: d.quantity,
      oldNetAmount: d.old?.netAmount ?? null,
      newNetAmount: d.new?.netAmount ?? null,
      oldUnitPrice: d.old?.unitPrice ?? null,
      newUnitPrice: d.new?.unitPrice ?? null,
    })),
  };
}

/** Availability re-checked against the ERP; a changed promise goes back to the buyer. */
async function recheckAvailability(
  deps: OrdersDeps,
  viewer: Viewer,
  cartId: string,
  lines: CartLineEntity[],
  limit: Limit,
): Promise<{ kind: 'ok'; availability: SubmissionSnapshot['availability'] } | SubmitOutcome> {
  try {
    const atp = await deps.inventory.post<{
      changed: boolean;
      lines: {
        lineId: string;
        sku: string;
        quantity: number;
        changed: boolean;
        old: { status: string; scheduleLines: { date: string }[] } | null;
        new: { status: string; atpDate: string | null };
      }[];
    }>(
      '/internal/availability/recheck',
      { lines: lines.map((l) => ({ lineId: l.id, sku: l.sku, quantity: l.quantity, requestedDate: l.requestedDate ?? null })) },
      viewer,
      limit(),
    );
    if (atp.changed)
      return {
        kind: 'AvailabilityChanged',
        cartId,
        changes: atp.lines
          .filter((l) => l.changed)
          .map((l) => ({
            lineId: l.lineId,
            sku: l.sku,
            quantity: l.quantity,
            oldStatus: l.old?.status ?? null,
            newStatus: l.new.status,
            oldDate: l.old?.scheduleLines.at(-1)?.date ?? null,
            newDate: l.new.atpDate,
          })),
      };
    return {
      kind: 'ok',
      availability: atp.lines.map((l) => ({
        lineId: l.lineId,
        sku: l.sku,
        quantity: l.quantity,
        status: l.new.status,
        atpDate: l.new.atpDate,
      })),
    };
  } catch (err) {
    if (err instanceof InternalCallError)
      throw new GraphQLError(`availability cannot be confirmed right now (${err.code}); nothing was submitted`, {
        extensions: { code: 'SERVICE_UNAVAILABLE' },
      });
    throw err;
  }
}

/**
 * Store the order as SUBMITTED with its outbox entry in one transaction (the cart becomes
 * SUBMITTED), then send it to the ERP under the submission's key — waiting for the ERP's answer
 * only until `deadline`: after that the answer is the order as SUBMITTED (acknowledgement
 * pending) while the delivery goes on; the acknowledgement reaches the order's timeline later.
 */
export async function placeOrder(
  deps: OrdersDeps,
  accountId: string,
  cartId: string,
  key: string,
  snapshot: SubmissionSnapshot | null,
  deadline: number,
): Promise<string> {
  const em = deps.orm.em.fork();
  const orderId = randomUUID();
  const outboxId = randomUUID();
  await em.transactional(async (tx) => {
    const now = new Date();
    const cart = await tx.findOneOrFail(Cart, { id: cartId });
    const lines = await tx.find(CartLine, { cartId }, { orderBy: { position: 'asc' } });
    tx.create(Order, {
      id: orderId,
      accountId,
      number: `W${now.getTime().toString(36).toUpperCase()}${orderId.slice(0, 4).toUpperCase()}`,
      erpOrderNumber: null,
      status: 'SUBMITTED',
      placedAt: now,
      acceptedAt: null,
      currency: cart.currency,
      correlationId: currentScope()?.correlationId ?? null,
    });
    lines.forEach((l, i) =>
      tx.create(OrderLine, {
        id: `${orderId}:${(i + 1) * 10}`,
        orderId,
        lineNo: (i + 1) * 10,
        sku: l.sku,
        quantity: l.quantity,
        confirmedQuantity: 0,
        shippedQuantity: 0,
        invoicedQuantity: 0,
      }),
    );
    tx.create(Outbox, {
      id: outboxId,
      kind: 'CREATE_SALES_ORDER',
      orderId,
      payload: {
        idempotencyKey: key,
        order: {
          portalOrderId: orderId,
          accountId,
          customerReference: cart.name ?? null,
          requestedDeliveryDate: cart.requestedDeliveryDate ?? null,
          lines: lines.map((l) => ({ sku: l.sku, quantity: l.quantity, requestedDeliveryDate: l.requestedDate ?? null })),
        },
      },
      attempts: 0,
      lastError: null,
      nextAttemptAt: now,
      doneAt: null,
    });
    cart.status = 'SUBMITTED';
    cart.updatedAt = now;
    await recordSubmission(tx, { orderId, accountId, cart, snapshot: snapshot ?? (cart.submissionSnapshot as SubmissionSnapshot | null) });
    // The submission is settled in the same transaction as the order: whatever happens next (the
    // ERP call, a crash), a retry with this key replays this order and never places another.
    await tx
      .getConnection()
      .execute(
        `update "orders"."submission" set state = 'DONE', result = ?::jsonb, order_id = ?, updated_at = now() where id = ?`,
        [JSON.stringify({ kind: 'OrderSubmitted', orderId }), orderId, key],
        'run',
        tx.getTransactionContext(),
      );
  });
  notifyTimeline();
  // First delivery right away, within what is left of the budget; whatever does not finish in
  // time goes on in the background, and the outbox retries what fails.
  const first = await withinBudget(deliverEntry(deps, outboxId), deadline - Date.now(), deps.logger, 'first delivery of an order');
  if (!first)
    deps.logger.info({ orderId }, 'the ERP has not answered within the submit budget; the order is SUBMITTED, acknowledgement pending');
  return orderId;
}

/** The prices and availability the buyer submitted with, and the approval if one was needed. */
export interface SubmissionSnapshot {
  submittedBy: string;
  submittedAt: string;
  quote: {
    id: string;
    pricingDate: string;
    currency: string;
    totals: Record<string, string | undefined>;
    lines: { sku: string; quantity: number; unitPrice: string; netAmount: string }[];
  };
  availability: { lineId: string; sku: string; quantity: number; status: string; atpDate: string | null }[];
  approval?: { total: string; spendingLimit: string };
}

/** The first timeline events of an order: pricing snapshot, ATP check, approval, placement. */
async function recordSubmission(
  tx: EntityManager,
  o: { orderId: string; accountId: string; cart: CartEntity; snapshot: SubmissionSnapshot | null },
): Promise<void> {
  const base = { orderId: o.orderId, accountId: o.accountId, source: 'PORTAL' as const };
  const s = o.snapshot;
  if (s) {
    await appendTimeline(tx, {
      ...base,
      type: 'pricing.snapshot',
      at: new Date(s.submittedAt),
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
    await appendTimeline(tx, {
      ...base,
      type: 'availability.checked',
      at: new Date(s.submittedAt),
      summary: `Availability re-checked with the ERP: ${s.availability.map((l) => `${l.sku} ${l.status}${l.atpDate ? ` ${l.atpDate}` : ''}`).join(', ')}`,
      data: { lines: s.availability },
    });
  }
  if (o.cart.approvalRequestedAt && s?.approval) {
    await appendTimeline(tx, {
      ...base,
      type: 'approval.requested',
      at: o.cart.approvalRequestedAt,
      actor: o.cart.approvalRequestedBy,
      summary: `Approval requested: total ${s.approval.total} over the spending limit ${s.approval.spendingLimit}`,
      data: { total: s.approval.total, spendingLimit: s.approval.spendingLimit, cartId: o.cart.id },
    });
    if (o.cart.decidedAt)
      await appendTimeline(tx, {
        ...base,
        type: 'approval.approved',
        at: o.cart.decidedAt,
        actor: o.cart.decidedBy,
        summary: `Approved by ${o.cart.decidedBy}${o.cart.decisionComment ? `: ${o.cart.decisionComment}` : ''}`,
        data: { decidedBy: o.cart.decidedBy, comment: o.cart.decisionComment, cartId: o.cart.id },
      });
  }
  await appendTimeline(tx, {
    ...base,
    type: 'order.submitted',
    summary: 'Order received by the portal; sending it to the ERP',
    data: { cartId: o.cart.id },
  });
}
