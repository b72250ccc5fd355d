/**
 * One page of the condition export (`GET /v1/conditions`). Full syncs read millions of condition
 * records: rows as the API gives them, straight from SQL — named as the API names them, decimals
 * and dates already as text — so a page is one query and one JSON text, no entity or mapped object
 * per record. Each page walks the primary key from the cursor on: with sorting disabled for the
 * query, the plan cannot turn into a scan and sort of the whole table per page, which the planner
 * picks when the table has no statistics yet (right after a bulk load; the embedded database never
 * gathers them on its own).
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import type { ConditionRow } from './routes/common.js';

export type { ConditionRow };

/** The records after `after` (by id, none: from the first), at most `limit` of them. */
export function conditionExportPage(em: EntityManager, after: string | undefined, limit: number): Promise<ConditionRow[]> {
  return em.transactional(async (tx) => {
    const conn = tx.getConnection();
    const ctx = tx.getTransactionContext();
    // ISO dates: a date as text is YYYY-MM-DD whatever the server's default date style.
    await conn.execute(`set local enable_sort = off; set local datestyle = 'ISO'`, [], 'run', ctx);
    return conn.execute<ConditionRow[]>(
      // trim_scale: the decimal text the API gives (no trailing zeros), without a Decimal per row here.
      `select id, version, condition_type as "conditionType", access, sku, account_id as "accountId",
              price_list_id as "priceListId", tier, currency,
              trim_scale(amount)::text as amount, trim_scale(rate)::text as rate, scales,
              valid_from::text as "validFrom", valid_to::text as "validTo",
              contract_id as "contractId", contract_version as "contractVersion", country, tax_class as "taxClass"
         from "erp"."condition" ${after === undefined ? '' : 'where id > ?'} order by id limit ?`,
      after === undefined ? [limit] : [after, limit],
      'all',
      ctx,
    );
  });
}
