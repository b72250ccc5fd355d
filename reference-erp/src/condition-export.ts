/**
 * One page of the condition export (`GET /v1/conditions`). Full syncs read millions of condition
 * records: rows as the API gives them, straight from SQL — named as the API names them, decimals
 * and dates already as text — so a page is one query and one JSON text, no entity or mapped object
 * per record. Each page walks the primary key from the cursor on: with sorting disabled for the
 * query, the plan cannot turn into a scan and sort of the whole table per page, which the planner
 * picks when the table has no statistics yet (right after a bulk load; the embedded database never
 * gathers them on its own).
 */
import type { EntityManager, Knex } from '@mikro-orm/postgresql';
import { copyTo, type CopyClient } from '@portal/platform/db';
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

/**
 * The export's fields in order, as the API names them, with the SQL that gives each as text: the
 * columns of the tab-separated form (its first line names them).
 */
export const CONDITION_TEXT_COLUMNS: readonly (readonly [keyof ConditionRow, string])[] = [
  ['id', 'id'],
  ['version', 'version'],
  ['conditionType', 'condition_type'],
  ['access', 'access'],
  ['sku', 'sku'],
  ['accountId', 'account_id'],
  ['priceListId', 'price_list_id'],
  ['tier', 'tier'],
  ['currency', 'currency'],
  ['amount', 'trim_scale(amount)::text'],
  ['rate', 'trim_scale(rate)::text'],
  ['scales', 'scales'],
  ['validFrom', 'valid_from::text'],
  ['validTo', 'valid_to::text'],
  ['contractId', 'contract_id'],
  ['contractVersion', 'contract_version'],
  ['country', 'country'],
  ['taxClass', 'tax_class'],
];
const TEXT_SELECT = CONDITION_TEXT_COLUMNS.map(([, sql]) => sql).join(', ');

export interface ConditionTextPage {
  /** One line per record, fields separated by tabs, in the order of CONDITION_TEXT_COLUMNS, escaped as COPY's text format. */
  data: Buffer;
  rows: number;
  /** The last record's id when more records follow, else null. */
  lastKey: string | null;
}

/**
 * The same page as conditionExportPage, formatted by the database (`COPY … TO STDOUT`): no row
 * object in Node and no JSON, for a client that loads it as it is. The page's last id is found
 * first along the primary key (`limit` records on), so the copy reads exactly that range; COPY
 * takes no bind parameters, so the bounds travel as settings of the transaction.
 */
export function conditionExportText(em: EntityManager, after: string | undefined, limit: number): Promise<ConditionTextPage> {
  return em.transactional(async (tx) => {
    const conn = tx.getConnection();
    const ctx = tx.getTransactionContext<Knex.Transaction>()!;
    await conn.execute(`set local enable_sort = off; set local datestyle = 'ISO'`, [], 'run', ctx);
    // The limit-th record after the cursor and whether one follows it.
    const bounds = await conn.execute<{ id: string }[]>(
      `select id from "erp"."condition" ${after === undefined ? '' : 'where id > ?'} order by id offset ? limit 2`,
      after === undefined ? [limit - 1] : [after, limit - 1],
      'all',
      ctx,
    );
    const upTo = bounds[0]?.id;
    await conn.execute(
      `select set_config('portal.export_after', ?, true), set_config('portal.export_up_to', ?, true)`,
      [after ?? '', upTo ?? ''],
      'all',
      ctx,
    );
    const where = [
      after === undefined ? null : `id > current_setting('portal.export_after')`,
      upTo === undefined ? null : `id <= current_setting('portal.export_up_to')`,
    ].filter(Boolean);
    const client = (await ctx.client.acquireConnection()) as CopyClient;
    const { data, rows } = await copyTo(
      client,
      `copy (select ${TEXT_SELECT} from "erp"."condition" ${where.length ? `where ${where.join(' and ')}` : ''} order by id) to stdout`,
    );
    return { data, rows, lastKey: bounds.length > 1 ? upTo! : null };
  });
}
