/**
 * What the orders service's commands work with: the database, the ERP's orders port, the other
 * subgraphs it asks at submit (pricing for quotes, inventory for the ATP re-check), and the time
 * budgets that keep a request from waiting on the ERP for longer than a client will.
 */
import type { MikroORM } from '@mikro-orm/postgresql';
import type { BusinessClock, OrdersPort } from '@portal/erp/port';
import type { InternalClient } from '@portal/platform/internal-client';
import type { Logger } from '@portal/platform/logger';

export interface OrdersDeps {
  orm: MikroORM;
  erp: OrdersPort;
  pricing: InternalClient;
  inventory: InternalClient;
  logger: Logger;
  /** The ERP's first delivery of an order waits only until this many ms after the submit began. */
  submitBudgetMs?: number;
  /** Limit for a submit's checks with pricing and inventory (quote validation, ATP re-check), in ms. */
  submitChecksMs?: number;
  /** How long an exception decision waits for the ERP before it answers ResolutionPending. */
  erpActionBudgetMs?: number;
  /** How long a claimed outbox entry is left to its deliverer before another may take it over. */
  outboxLeaseMs?: number;
  /** The ERP's business clock: submits, approvals and placements are dated by it. */
  clock?: BusinessClock;
}

/**
 * The business time now, for facts the portal records itself (a submit, an approval, a placed
 * order). Read before any transaction (it may ask the ERP); the machine's time only when no
 * business time is known at all.
 */
export async function businessNow(deps: Pick<OrdersDeps, 'clock'>): Promise<Date> {
  if (!deps.clock) return new Date();
  try {
    return new Date((await deps.clock.now()).at);
  } catch {
    return new Date();
  }
}
