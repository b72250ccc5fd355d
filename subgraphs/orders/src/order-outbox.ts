/**
 * The orders' transactional outbox to the ERP: a placed order waits here until the ERP
 * acknowledges it. Every attempt carries the submission's idempotency key, so retries after a
 * timeout or an outage never create a second ERP order.
 */
import { ErpRequestError, ErpUnavailableError, type OrdersPort } from '@portal/erp/port';
import { Order, Outbox } from './entities/index.js';
import { applyErpOrderState } from './order-state.js';
import type { SubmitDeps } from './submit.js';
import { appendTimeline, notifyTimeline } from './timeline.js';

/**
 * Send pending outbox entries to the ERP (one order, or all due ones). The idempotency key makes
 * every retry safe; an unavailable ERP leaves the entry for the next attempt with backoff.
 */
export async function deliverOutbox(deps: SubmitDeps, orderId?: string): Promise<number> {
  const em = deps.orm.em.fork();
  const due = await em.find(
    Outbox,
    { doneAt: null, ...(orderId ? { orderId } : { nextAttemptAt: { $lte: new Date() } }) },
    { orderBy: { nextAttemptAt: 'asc' }, limit: 50 },
  );
  let delivered = 0;
  for (const entry of due) {
    const payload = entry.payload as { idempotencyKey: string; order: Parameters<OrdersPort['createSalesOrder']>[0] };
    try {
      const { order } = await deps.erp.createSalesOrder(payload.order, payload.idempotencyKey);
      await em.transactional(async (tx) => {
        if (await tx.findOne(Order, { id: entry.orderId })) await applyErpOrderState(tx, order, {});
        const e = await tx.findOneOrFail(Outbox, { id: entry.id });
        e.doneAt = new Date();
        e.attempts += 1;
      });
      notifyTimeline();
      delivered++;
    } catch (err) {
      await em.fork().transactional(async (tx) => {
        const e = await tx.findOneOrFail(Outbox, { id: entry.id });
        e.attempts += 1;
        e.lastError = (err as Error).message.slice(0, 1000);
        const order = await tx.findOne(Order, { id: entry.orderId });
        if (err instanceof ErpRequestError) {
          // The ERP refused the order itself: it will not work on retry; the order shows as cancelled.
          e.doneAt = new Date();
          if (order) {
            order.status = 'CANCELLED';
            await appendTimeline(tx, {
              orderId: order.id,
              accountId: order.accountId,
              source: 'ERP',
              id: `rejected:${order.id}`,
              type: 'order.rejected',
              summary: `The ERP refused the order (${err.code}): ${err.message}`,
              data: { code: err.code, message: err.message },
            });
          }
          deps.logger.error({ orderId: entry.orderId, code: err.code }, 'ERP refused the order');
        } else {
          if (!(err instanceof ErpUnavailableError)) deps.logger.error({ err, orderId: entry.orderId }, 'outbox delivery failed');
          e.nextAttemptAt = new Date(Date.now() + Math.min(60_000, 500 * 2 ** Math.min(e.attempts, 7)));
          if (order)
            await appendTimeline(tx, {
              orderId: order.id,
              accountId: order.accountId,
              source: 'PORTAL',
              id: `queued:${order.id}`,
              type: 'order.queued',
              summary: 'The ERP is not reachable right now; the order is kept and sent again automatically (same key, no duplicate)',
              data: { error: (err as Error).message.slice(0, 300) },
            });
        }
      });
      notifyTimeline();
    }
  }
  return delivered;
}
