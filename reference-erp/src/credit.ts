/**
 * The credit check's figures: a customer's exposure from its open orders and open receivables, an
 * order's open value, and the lock that serialises one customer's credit checks.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { Decimal } from '@portal/platform/money';
import type { SalesOrderEntity, SalesOrderLineEntity } from './entities/index.js';
import { lock } from './locks.js';
import { DRAW_NUMBER_SQL, drawNumberParams, type RangeName } from './numbers.js';

export const HOLD_CREDIT = 'CREDIT_LIMIT_EXCEEDED';

/**
 * Credit exposure from committed documents: the open (not yet invoiced) value of the customer's
 * other orders plus its open receivables. The order being checked is left out by number (its own
 * value is added once by the caller), so it does not matter whether its lines were already written.
 * Receivables are what invoices billed, tax included, so an open order counts what it will bill:
 * per line the open part of its net after its header-discount share plus its tax, and the order's
 * freight until its first invoice bills it (see `openOrderValue`).
 */
export async function creditExposure(tx: EntityManager, customerId: string, exceptOrder: string | null): Promise<Decimal> {
  return (await exposureWith(tx, '', [], customerId, exceptOrder)).exposure;
}

/**
 * The credit exposure and, in the same statement, a number drawn from a range (`nextNumber`'s
 * insert as a data-modifying CTE): one round trip where a new order needs both.
 */
export async function creditExposureAndNumber(
  tx: EntityManager,
  customerId: string,
  range: RangeName,
): Promise<{ exposure: Decimal; number: string }> {
  const r = await exposureWith(tx, `with drawn as (${DRAW_NUMBER_SQL})`, drawNumberParams(range), customerId, null);
  return { exposure: r.exposure, number: r.number! };
}

async function exposureWith(
  tx: EntityManager,
  cte: string,
  cteParams: unknown[],
  customerId: string,
  exceptOrder: string | null,
): Promise<{ exposure: Decimal; number: string | null }> {
  const rows = await tx
    .getConnection()
    .execute<{ open_orders: string | null; open_invoices: string | null; credit_balance: string | null; number: string | null }[]>(
      `${cte}
       select
       (select coalesce(sum(open_value), 0) from (
          select sum((l.net_amount - l.header_discount + l.tax_amount) * (l.quantity - l.cancelled_quantity - l.invoiced_quantity)
                     / nullif(l.quantity - l.cancelled_quantity, 0))
                 + case when sum(l.invoiced_quantity) = 0 and sum(l.quantity - l.cancelled_quantity) > 0 then max(o.freight) else 0 end
                 as open_value
            from "erp"."sales_order_line" l join "erp"."sales_order" o on o.number = l.order_number
           where o.customer_id = ? and o.number <> ? and l.status <> 'CANCELLED' and o.status <> 'CANCELLED'
           group by o.number) t) as open_orders,
       (select coalesce(sum(balance), 0) from "erp"."invoice" where customer_id = ? and status = 'OPEN') as open_invoices,
       (select credit_balance from "erp"."customer" where id = ?) as credit_balance,
       ${cte ? '(select next::text from drawn)' : 'null::text'} as number`,
      [...cteParams, customerId, exceptOrder ?? '', customerId, customerId],
      'all',
      tx.getTransactionContext(),
    );
  // Credit the customer holds with us lowers what it owes.
  const exposure = new Decimal(rows[0]?.open_orders ?? 0).plus(rows[0]?.open_invoices ?? 0).minus(rows[0]?.credit_balance ?? 0);
  return { exposure, number: rows[0]?.number ?? null };
}

type OpenLine = Pick<
  SalesOrderLineEntity,
  'status' | 'netAmount' | 'headerDiscount' | 'taxAmount' | 'quantity' | 'cancelledQuantity' | 'invoicedQuantity'
>;

/**
 * The open (not yet invoiced) value of an order as its invoices will bill it: per uncancelled line
 * the uninvoiced part of its net after its header-discount share plus its tax; the order's freight
 * while nothing is invoiced (its first invoice bills it).
 */
export function openOrderValue(order: Pick<SalesOrderEntity, 'freight'>, lines: OpenLine[]): Decimal {
  const open = lines.filter((l) => l.status !== 'CANCELLED' && l.quantity - l.cancelledQuantity > 0);
  const goods = open.reduce(
    (s, l) =>
      s.plus(
        new Decimal(l.netAmount)
          .minus(l.headerDiscount)
          .plus(l.taxAmount)
          .mul(l.quantity - l.cancelledQuantity - l.invoicedQuantity)
          .div(l.quantity - l.cancelledQuantity),
      ),
    new Decimal(0),
  );
  const invoiced = lines.some((l) => l.invoicedQuantity > 0);
  return open.length && !invoiced ? goods.plus(order.freight) : goods;
}

/**
 * One customer's credit checks run one at a time (until the checking transaction commits), so two
 * orders checked at the same moment cannot both use the same headroom.
 */
export async function lockCredit(tx: EntityManager, customerId: string): Promise<void> {
  await lock(tx, creditLockKey(customerId));
}

export const creditLockKey = (customerId: string) => `credit:${customerId}`;
