/**
 * The orders' transactional outbox to the ERP. Two kinds of entries wait here until the ERP has
 * taken them: a placed order (`CREATE_SALES_ORDER`, carrying the submission's idempotency key, so
 * a retry after a timeout or an outage never creates a second ERP order) and a decision on an
 * order exception (`EXCEPTION_ACTION`: release a credit hold, accept a substitution, cancel lines).
 *
 * Each entry is written in the same transaction as the fact that needs it (the order, the request
 * on the exception); delivery happens after that commit, outside any transaction, and its result
 * is recorded in a new one. A delivery first claims the entry with a lease, so the request that
 * created it, the worker and other replicas never send one entry twice at the same time; a lease
 * left by a crashed process runs out and the worker takes the entry over.
 */
import { randomUUID } from 'node:crypto';
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { ErpRequestError, ErpUnavailableError, type BusinessClock, type ErpSalesOrder, type OrdersPort } from '@portal/erp/port';
import { businessNow } from './deps.js';
import { timeStep } from '@portal/platform';
import type { Logger } from '@portal/platform/logger';
import { LockMode } from '@mikro-orm/core';
import { Order, OrderException, Outbox, type OrderEntity, type OutboxEntity } from './entities/index.js';
import { applyAcknowledgement } from './order-acknowledgement.js';
import { applyErpOrderState, settleRequest } from './order-state.js';
import { rebuildPendingHistories } from './order-history.js';
import { appendTimeline, lockAccountTimeline, notifyTimeline, useBusinessClock } from './timeline.js';

export interface OutboxDeps {
  orm: MikroORM;
  erp: OrdersPort;
  logger: Logger;
  /** How long a claimed entry is left to its deliverer before another may take it (≥ the ERP's timeout). */
  outboxLeaseMs?: number;
  /** The ERP's business clock: what the ERP answers is dated by it on the timeline. */
  clock?: BusinessClock;
}

/** One ERP command of an exception decision (the ERP port's operations). */
export type ErpActionCommand =
  { kind: 'releaseCreditHold' } | { kind: 'acceptSubstitution'; lineNo: number } | { kind: 'cancelLine'; lineNo: number };

export interface CreateOrderPayload {
  idempotencyKey: string;
  order: Parameters<OrdersPort['createSalesOrder']>[0];
}

export interface ExceptionActionPayload {
  exceptionId: string;
  accountId: string;
  erpOrderNumber: string;
  action: string;
  by: string;
  comment: string | null;
  commands: ErpActionCommand[];
  /** Commands the ERP has already carried out (a retry resumes after them). */
  completed: number;
}

export type DeliveryResult =
  { kind: 'DELIVERED' } | { kind: 'REFUSED'; code: string; message: string } | { kind: 'RETRY'; message: string } | { kind: 'NOT_CLAIMED' };

/**
 * An entry as its deliverer claimed it, with its order's ERP number if the ERP is known to have it
 * and whether the portal has the order (orders are never deleted).
 */
type ClaimedEntry = Pick<OutboxEntity, 'id' | 'kind' | 'orderId' | 'payload'> & {
  erpOrderNumber: string | null;
  orderExists: boolean;
  /** The quote the order was accepted at (what its acknowledgement is compared with). */
  acceptedQuote: OrderEntity['acceptedQuote'];
};

const DEFAULT_LEASE_MS = 30_000;
const backoffMs = (attempts: number) => Math.min(60_000, 500 * 2 ** Math.min(attempts, 7));

/** Record an exception decision for the ERP (inside the caller's transaction). */
export function enqueueExceptionAction(tx: EntityManager, orderId: string, payload: Omit<ExceptionActionPayload, 'completed'>): string {
  const id = randomUUID();
  tx.create(Outbox, {
    id,
    kind: 'EXCEPTION_ACTION',
    orderId,
    payload: { ...payload, completed: 0 },
    attempts: 0,
    lastError: null,
    nextAttemptAt: new Date(),
    doneAt: null,
  });
  return id;
}

/**
 * Deliver pending entries whose time has come (the worker), or one order's entries. Returns how
 * many were delivered.
 */
export async function deliverOutbox(deps: OutboxDeps, orderId?: string): Promise<number> {
  const due = await deps.orm.em
    .fork()
    .find(
      Outbox,
      { doneAt: null, nextAttemptAt: { $lte: new Date() }, ...(orderId ? { orderId } : {}) },
      { orderBy: { nextAttemptAt: 'asc' }, limit: 50 },
    );
  let delivered = 0;
  for (const entry of due) if ((await deliverEntry(deps, entry.id)).kind === 'DELIVERED') delivered++;
  return delivered;
}

/**
 * Claim one entry and deliver it. `NOT_CLAIMED`: it is done, not due yet, or someone else is
 * delivering it right now.
 */
export async function deliverEntry(deps: OutboxDeps, entryId: string): Promise<DeliveryResult> {
  const em = deps.orm.em.fork();
  const lease = deps.outboxLeaseMs ?? DEFAULT_LEASE_MS;
  // The claim answers the entry, whether its order is known to the ERP already and the quote it
  // was accepted at, in one statement.
  const claimed = await em.getConnection().execute<
    {
      id: string;
      kind: string;
      order_id: string;
      payload: Record<string, unknown>;
      erp_order_number: string | null;
      order_exists: boolean;
      accepted_quote: OrderEntity['acceptedQuote'];
    }[]
  >(
    `update "orders"."outbox" o set next_attempt_at = now() + (? * interval '1 millisecond')
      where o.id = ? and o.done_at is null and o.next_attempt_at <= now()
      returning o.id, o.kind, o.order_id, o.payload,
        (select s.erp_order_number from "orders"."sales_order" s where s.id = o.order_id) as erp_order_number,
        exists (select 1 from "orders"."sales_order" s where s.id = o.order_id) as order_exists,
        (select s.accepted_quote from "orders"."sales_order" s where s.id = o.order_id) as accepted_quote`,
    [lease, entryId],
  );
  const row = claimed[0];
  if (!row) return { kind: 'NOT_CLAIMED' };
  const entry: ClaimedEntry = {
    id: row.id,
    kind: row.kind,
    orderId: row.order_id,
    payload: row.payload,
    erpOrderNumber: row.erp_order_number,
    orderExists: row.order_exists,
    acceptedQuote: row.accepted_quote,
  };
  try {
    if (entry.kind === 'EXCEPTION_ACTION') return await deliverExceptionAction(deps, entry);
    return await deliverOrder(deps, entry);
  } catch (err) {
    deps.logger.error({ err, entryId, orderId: entry.orderId }, 'outbox delivery failed');
    await retryLater(deps, entry, err as Error);
    return { kind: 'RETRY', message: (err as Error).message };
  }
}

async function deliverOrder(deps: OutboxDeps, entry: ClaimedEntry): Promise<DeliveryResult> {
  const payload = entry.payload as unknown as CreateOrderPayload;
  // The ERP may have taken an earlier attempt whose answer was lost; its change feed then told us.
  if (entry.erpOrderNumber) {
    await deps.orm.em.fork().transactional((tx) => markDone(tx, entry.id));
    return { kind: 'DELIVERED' };
  }
  let order: ErpSalesOrder;
  try {
    ({ order } = await timeStep('orders', 'delivery: ERP call', () => deps.erp.createSalesOrder(payload.order, payload.idempotencyKey)));
  } catch (err) {
    if (err instanceof ErpRequestError) {
      await refuseOrder(deps, entry, err);
      return { kind: 'REFUSED', code: err.code, message: err.message };
    }
    if (!(err instanceof ErpUnavailableError)) throw err;
    await retryLater(deps, entry, err);
    return { kind: 'RETRY', message: err.message };
  }
  const occurredAt = await businessNow(deps);
  await timeStep('orders', 'delivery: acknowledgement stored', async () => {
    // The order is read under the account's timeline lock there, not before it; the entry is
    // marked done in the same round trip.
    const alongside = [markDoneStatement(entry.id)];
    if (!entry.orderExists) return deps.orm.em.fork().transactional((tx) => markDone(tx, entry.id));
    // Its claim found no ERP number: the order as the submit left it, in two round trips.
    if (
      (await applyAcknowledgement(deps.orm.em.fork(), order, { acceptedQuote: entry.acceptedQuote, occurredAt, alongside })) !== 'GENERAL'
    )
      return;
    // Another view of the order got there first: the general way.
    await deps.orm.em.fork().transactional((tx) => applyErpOrderState(tx, order, { occurredAt, alongside, unacknowledged: true }));
  });
  notifyTimeline();
  return { kind: 'DELIVERED' };
}

/** The ERP refused the order itself: it will not work on retry; the order shows as cancelled. */
async function refuseOrder(deps: OutboxDeps, entry: ClaimedEntry, err: ErpRequestError): Promise<void> {
  const occurredAt = await businessNow(deps);
  await deps.orm.em.fork().transactional(async (tx) => {
    await markDone(tx, entry.id, err.message);
    const order = await tx.findOne(Order, { id: entry.orderId });
    if (!order) return;
    order.status = 'CANCELLED';
    await appendTimeline(tx, {
      orderId: order.id,
      accountId: order.accountId,
      source: 'ERP',
      factKey: `rejected:${order.id}`,
      occurredAt,
      type: 'order.rejected',
      summary: `The ERP refused the order (${err.code}): ${err.message}`,
      data: { code: err.code, message: err.message },
    });
  });
  notifyTimeline();
  deps.logger.error({ orderId: entry.orderId, code: err.code }, 'ERP refused the order');
}

async function deliverExceptionAction(deps: OutboxDeps, entry: ClaimedEntry): Promise<DeliveryResult> {
  const payload = entry.payload as unknown as ExceptionActionPayload;
  let last: ErpSalesOrder | null = null;
  for (let i = payload.completed; i < payload.commands.length; i++) {
    const c = payload.commands[i]!;
    try {
      last =
        c.kind === 'releaseCreditHold'
          ? await deps.erp.releaseCreditHold(payload.erpOrderNumber, payload.by)
          : c.kind === 'acceptSubstitution'
            ? await deps.erp.acceptSubstitution(payload.erpOrderNumber, c.lineNo)
            : await deps.erp.cancelLine(payload.erpOrderNumber, c.lineNo);
    } catch (err) {
      if (err instanceof ErpRequestError) {
        await refuseAction(deps, entry, payload, err);
        return { kind: 'REFUSED', code: err.code, message: err.message };
      }
      if (!(err instanceof ErpUnavailableError)) throw err;
      await retryLater(deps, entry, err);
      return { kind: 'RETRY', message: err.message };
    }
    // Progress is kept, so a retry does not send a command the ERP has already carried out.
    if (i + 1 < payload.commands.length)
      await deps.orm.em
        .fork()
        .getConnection()
        .execute(`update "orders"."outbox" set payload = jsonb_set(payload, '{completed}', to_jsonb(?::int)) where id = ?`, [
          i + 1,
          entry.id,
        ]);
  }
  const occurredAt = await businessNow(deps);
  await deps.orm.em.fork().transactional(async (tx) => {
    await lockAccountTimeline(tx, payload.accountId);
    // What the ERP answered closes the exception if it no longer shows it (attributed to the requester).
    if (last && (await tx.findOne(Order, { id: entry.orderId }))) await applyErpOrderState(tx, last, { occurredAt });
    const ex = await tx.findOne(OrderException, { id: payload.exceptionId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (ex && ex.status === 'OPEN' && ex.request?.outboxId === entry.id) await settleRequest(tx, ex, occurredAt);
    else if (ex?.request?.outboxId === entry.id) ex.request = null;
    await markDone(tx, entry.id);
  });
  notifyTimeline();
  return { kind: 'DELIVERED' };
}

/** The ERP refused the decision: the request is withdrawn and the exception is open again. */
async function refuseAction(deps: OutboxDeps, entry: ClaimedEntry, payload: ExceptionActionPayload, err: ErpRequestError): Promise<void> {
  const occurredAt = await businessNow(deps);
  await deps.orm.em.fork().transactional(async (tx) => {
    await lockAccountTimeline(tx, payload.accountId);
    const ex = await tx.findOne(OrderException, { id: payload.exceptionId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (ex?.request?.outboxId === entry.id) ex.request = null;
    await markDone(tx, entry.id, err.message);
    if (ex)
      await appendTimeline(tx, {
        orderId: entry.orderId,
        accountId: payload.accountId,
        source: 'ERP',
        factKey: `exception:${payload.exceptionId}:refused:${entry.id}`,
        occurredAt,
        type: 'exception.action_refused',
        summary: `The ERP refused ${payload.action} requested by ${payload.by} (${err.code}): ${err.message}`,
        data: {
          exceptionId: ex.id,
          exceptionType: ex.type,
          reasonCode: ex.reasonCode,
          lineNo: ex.lineNo ?? null,
          action: payload.action,
          requestedBy: payload.by,
          code: err.code,
          message: err.message,
        },
      });
  });
  notifyTimeline();
}

/** The ERP could not be reached (or answered late): try again with backoff. Orders say so on their timeline once. */
async function retryLater(deps: OutboxDeps, entry: Pick<ClaimedEntry, 'id'>, err: Error): Promise<void> {
  // The ERP is not answering: the last known business time, moved on (no call to it).
  const occurredAt = deps.clock ? new Date(deps.clock.peek().at) : new Date();
  await deps.orm.em.fork().transactional(async (tx) => {
    const e = await tx.findOneOrFail(Outbox, { id: entry.id });
    e.attempts += 1;
    e.lastError = err.message.slice(0, 1000);
    e.nextAttemptAt = new Date(Date.now() + backoffMs(e.attempts));
    if (e.kind !== 'CREATE_SALES_ORDER') return;
    const order = await tx.findOne(Order, { id: e.orderId });
    if (order)
      await appendTimeline(tx, {
        orderId: order.id,
        accountId: order.accountId,
        source: 'PORTAL',
        factKey: `queued:${order.id}`,
        occurredAt,
        type: 'order.queued',
        summary: 'The ERP is not reachable right now; the order is kept and sent again automatically (same key, no duplicate)',
        data: { error: err.message.slice(0, 300) },
      });
  });
  notifyTimeline();
}

function markDoneStatement(entryId: string, lastError?: string): { sql: string; params: unknown[] } {
  return {
    sql: `update "orders"."outbox" set done_at = ?, attempts = attempts + 1, last_error = coalesce(?, last_error) where id = ?`,
    params: [new Date(), lastError ? lastError.slice(0, 1000) : null, entryId],
  };
}

async function markDone(tx: EntityManager, entryId: string, lastError?: string): Promise<void> {
  const { sql, params } = markDoneStatement(entryId, lastError);
  await tx.getConnection().execute(sql, params, 'run', tx.getTransactionContext());
}

/**
 * Wait for `work` at most `ms`; after that the caller answers without it while it goes on (its
 * outcome is recorded by itself). Returns `undefined` when the budget ran out.
 */
export async function withinBudget<T>(work: Promise<T>, ms: number, logger: Logger, what: string): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), Math.max(0, ms))));
  work.catch((err: unknown) => logger.error({ err, what }, 'background delivery failed'));
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The outbox worker: entries the ERP could not take yet (or whose deliverer died) are retried
 * until done; `alsoEachRun` is other housekeeping on the same beat. Returns a stop function, which
 * resolves once a run in progress has ended (waiting at most `STOP_WAIT_MS`), so the database is
 * not closed under it.
 */
export function startOutboxWorker(deps: OutboxDeps, intervalMs: number, alsoEachRun?: () => Promise<unknown>): () => Promise<void> {
  useBusinessClock(deps.clock);
  let running: Promise<void> | null = null;
  const timer = setInterval(() => {
    if (running) return;
    running = deliverOutbox(deps)
      // Orders met in the ERP get their history from its document flow (a no-op when there are none).
      .then(() => rebuildPendingHistories(deps))
      .then(() => alsoEachRun?.())
      .then(() => {})
      .catch((err: unknown) => deps.logger.error({ err }, 'outbox run failed'))
      .finally(() => (running = null));
  }, intervalMs);
  timer.unref();
  return async () => {
    clearInterval(timer);
    if (running) await Promise.race([running, new Promise((r) => setTimeout(r, STOP_WAIT_MS).unref())]);
  };
}

const STOP_WAIT_MS = 3_000;
