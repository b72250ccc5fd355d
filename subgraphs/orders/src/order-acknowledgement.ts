/**
 * The submit's acknowledgement of an order no ERP view has reached yet, in two round trips of plain
 * statements (the general way to apply any ERP view is `applyErpOrderState`, order-state.ts).
 */
import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { orderFactKey, type ErpSalesOrder } from '@portal/erp/port';
import { inSqlTransaction, type Statement } from '@portal/platform/db';
import { exceptionsFromErp } from './domain/exception-rules.js';
import { orderStatusFromErp } from './domain/order-status.js';
import { erpLineFields, erpOrderAmounts } from './erp/order-amounts.js';
import {
  acknowledgedEvent,
  erpViewHash,
  exceptionRaisedEvent,
  exceptionRow,
  priceMismatchException,
  raisedFactKey,
  type AcceptedQuote,
} from './order-state.js';
import { accountLockStatement, prepareAppend, timelineRead, type TimelineReadRows } from './timeline.js';

/**
 * The ERP's answer to the creation of an order the portal placed, applied in a transaction of two
 * round trips, as `applyErpOrderState` would apply it to an order no ERP view has reached: the
 * order and its lines take the ERP's view; the acknowledgement, and every exception the answer
 * shows (a price mismatch against the accepted quote included), go on the timeline. Everything
 * the answer can append is known before the transaction — from the ERP's order and the quote the
 * order was accepted at — so the account's lock, the order's row and the timeline's read (with
 * the caller's `alongside` statements) go in the first round trip, and every write with the COMMIT
 * in the second.
 *
 * `UNCHANGED`: the order has this view already (committed with `alongside`). `GENERAL`: the
 * order is not as this path expects it (another view reached it first, or it is missing); nothing
 * was kept, and the caller applies the answer with `applyErpOrderState` instead.
 */
export async function applyAcknowledgement(
  em: EntityManager,
  erp: ErpSalesOrder,
  opts: { acceptedQuote?: AcceptedQuote | null; occurredAt: Date; alongside: Statement[] },
): Promise<'APPLIED' | 'UNCHANGED' | 'GENERAL'> {
  const order = { id: erp.portalOrderId, accountId: erp.accountId };
  const viewHash = erpViewHash(erp);
  const mismatch = opts.acceptedQuote ? priceMismatchException(order.id, opts.acceptedQuote, erp) : null;
  const raised = [
    // As the general path does: the mismatch dated when it is appended, the ERP's exceptions by the answer.
    ...(mismatch ? [{ ...mismatch, occurredAt: undefined }] : []),
    ...exceptionsFromErp(erp).map((detected) => ({ id: randomUUID(), detected, occurredAt: opts.occurredAt })),
  ];
  const facts = [orderFactKey.acknowledged(order.id), ...raised.map((r) => raisedFactKey(r.id))];
  const read = timelineRead(facts.map((factKey) => ({ factKey, orderId: order.id })));
  return inSqlTransaction(em, 'orders', async (tx) => {
    type Row = { account_id: string; erp_order_number: string | null; erp_view_hash: string | null; accepted_at: Date | string | null };
    const [, [row], readRows] = await tx.run<[unknown[], Row[], TimelineReadRows]>([
      accountLockStatement(order.accountId),
      {
        sql: `select account_id, erp_order_number, erp_view_hash, accepted_at from "orders"."sales_order" where id = ?`,
        params: [order.id],
      },
      read,
      ...opts.alongside,
    ]);
    if (row?.erp_view_hash === viewHash) {
      await tx.commit();
      return 'UNCHANGED';
    }
    if (!row || row.erp_order_number !== null || row.account_id !== order.accountId) {
      await tx.rollback();
      return 'GENERAL';
    }
    const status = orderStatusFromErp(erp.status);
    const acceptedAt = row.accepted_at ? new Date(row.accepted_at) : new Date(erp.placedAt);
    const { write: appended } = prepareAppend(
      [
        acknowledgedEvent({ ...order, status, acceptedAt }, erp, false),
        ...raised.map((r) => exceptionRaisedEvent(order, r.id, r.detected, r.occurredAt)),
      ],
      readRows,
    );
    const amounts = erpOrderAmounts(erp);
    await tx.commit([
      {
        sql: `update "orders"."sales_order" set erp_order_number = ?, status = ?, hold_reason = ?, accepted_at = ?,
          net_total = ?, freight = ?, requested_delivery_date = ?, erp_view_hash = ? where id = ?`,
        params: [
          erp.number,
          status,
          erp.holdReason,
          acceptedAt,
          amounts.netTotal,
          amounts.freight,
          amounts.requestedDeliveryDate,
          viewHash,
          order.id,
        ],
      },
      // The lines the order has take the ERP's view (by line number); lines only the ERP has are added.
      {
        sql: `with x as (
           select * from jsonb_to_recordset(?::jsonb) as x("lineNo" int, sku text, quantity int, "confirmedQuantity" int,
             "shippedQuantity" int, "invoicedQuantity" int, "cancelledQuantity" int, status text, "proposedSku" text,
             "unitPrice" numeric, "netAmount" numeric, "scheduleLines" jsonb)),
         u as (
           update "orders"."sales_order_line" l set sku = x.sku, quantity = x.quantity, confirmed_quantity = x."confirmedQuantity",
             shipped_quantity = x."shippedQuantity", invoiced_quantity = x."invoicedQuantity", cancelled_quantity = x."cancelledQuantity",
             status = x.status, proposed_sku = x."proposedSku", unit_price = x."unitPrice", net_amount = x."netAmount",
             schedule_lines = x."scheduleLines"
             from x where l.order_id = ? and l.line_no = x."lineNo" returning l.line_no)
         insert into "orders"."sales_order_line" (id, order_id, line_no, sku, quantity, confirmed_quantity, shipped_quantity,
           invoiced_quantity, cancelled_quantity, status, proposed_sku, unit_price, net_amount, schedule_lines)
         select ? || ':' || x."lineNo", ?, x."lineNo", x.sku, x.quantity, x."confirmedQuantity", x."shippedQuantity",
           x."invoicedQuantity", x."cancelledQuantity", x.status, x."proposedSku", x."unitPrice", x."netAmount", x."scheduleLines"
           from x where x."lineNo" not in (select line_no from u)`,
        params: [JSON.stringify(erp.lines.map((l) => ({ lineNo: l.lineNo, ...erpLineFields(l) }))), order.id, order.id, order.id],
      },
      ...(raised.length
        ? [
            {
              sql: `insert into "orders"."order_exception" (id, order_id, account_id, type, line_no, reason_code, status, message,
                 actions, details, raised_at, raised_by, resolved_at, resolved_by, resolution, comment, request)
               select id, "orderId", "accountId", type, "lineNo", "reasonCode", status, message, actions, details, "raisedAt",
                 "raisedBy", null, null, null, null, null
                 from jsonb_to_recordset(?::jsonb) as x(id text, "orderId" text, "accountId" text, type text, "lineNo" int,
                   "reasonCode" text, status text, message text, actions jsonb, details jsonb, "raisedAt" timestamptz, "raisedBy" text)`,
              params: [JSON.stringify(raised.map((r) => exceptionRow(order, r.id, r.detected)))],
            },
          ]
        : []),
      ...(appended ? [appended] : []),
    ]);
    return 'APPLIED';
  });
}
