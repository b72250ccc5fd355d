/**
 * The credit check's figures: a customer's exposure from its open orders and open receivables, an
 * order's open value, and the lock that serialises one customer's credit checks.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { Decimal } from '@portal/platform/money';
import type { SalesOrderLineEntity } from './entities/index.js';
import { lock } from './locks.js';

export const HOLD_CREDIT = 'CREDIT_LIMIT_EXCEEDED';

/**
 * Credit exposure from committed documents: the open (not yet invoiced) value of the customer's
 * other orders plus its open receivables. The order being checked is left out by number (its own
 * value is added once by the caller), so it does not matter whether its lines were already written.
 */
export async function creditExposure(tx: EntityManager, customerId: string, exceptOrder: string | null): Promise<Decimal> {
  const rows = await tx
    .getConnection()
    .execute<{ open_orders: string | null; open_invoices: string | null; credit_balance: string | null }[]>(
      `select
       (select coalesce(sum(l.net_amount * (l.quantity - l.cancelled_quantity - l.invoiced_quantity)
                            / nullif(l.quantity - l.cancelled_quantity, 0)), 0)
          from "erp"."sales_order_line" l join "erp"."sales_order" o on o.number = l.order_number
         where o.customer_id = ? and o.number <> ? and l.status <> 'CANCELLED' and o.status <> 'CANCELLED') as open_orders,
       (select coalesce(sum(balance), 0) from "erp"."invoice" where customer_id = ? and status = 'OPEN') as open_invoices,
       (select credit_balance from "erp"."customer" where id = ?) as credit_balance`,
      [customerId, exceptOrder ?? '', customerId, customerId],
      'all',
      tx.getTransactionContext(),
    );
  // Credit the customer holds with us lowers what it owes.
  return new Decimal(rows[0]?.open_orders ?? 0).plus(rows[0]?.open_invoices ?? 0).minus(rows[0]?.credit_balance ?? 0);
}

/** The open (not yet invoiced) value of an order's lines. */
export function openOrderValue(
  lines: Pick<SalesOrderLineEntity, 'status' | 'netAmount' | 'quantity' | 'cancelledQuantity' | 'invoicedQuantity'>[],
): Decimal {
  return lines
    .filter((l) => l.status !== 'CANCELLED' && l.quantity - l.cancelledQuantity > 0)
    .reduce(
      (s, l) =>
        s.plus(new Decimal(l.netAmount).mul(l.quantity - l.cancelledQuantity - l.invoicedQuantity).div(l.quantity - l.cancelledQuantity)),
      new Decimal(0),
    );
}

/**
 * One customer's credit checks run one at a time (until the checking transaction commits), so two
 * orders checked at the same moment cannot both use the same headroom.
 */
export async function lockCredit(tx: EntityManager, customerId: string): Promise<void> {
  await lock(tx, creditLockKey(customerId));
}

export const creditLockKey = (customerId: string) => `credit:${customerId}`;
