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

/** The export's columns, named as the API names them, decimals and dates as text. */
const COLUMNS = `id, version, condition_type as "conditionType", access, sku, account_id as "accountId",
       price_list_id as "priceListId", tier, currency,
       trim_scale(amount)::text as amount, trim_scale(rate)::text as rate, scales,
       valid_from::text as "validFrom", valid_to::text as "validTo",
       contract_id as "contractId", contract_version as "contractVersion", country, tax_class as "taxClass"`;

/** The records after `after` (by id, none: from the first), at most `limit` of them. */
export function conditionExportPage(em: EntityManager, after: string | undefined, limit: number): Promise<ConditionRow[]> {
  // trim_scale: the decimal text the API gives (no trailing zeros), without a Decimal per row here.
  return exportQuery<ConditionRow>(em, `select ${COLUMNS} from "erp"."condition" ${where(after)} order by id limit ?`, after, limit);
}

/**
 * The same page, each record already as its JSON text. On a PostgreSQL server the query gives it
 * (`row_to_json`, the API's names and values): the route joins the texts into the response, with
 * no object per record to parse from the database's rows and serialise again — that work is the
 * server's, beside this process. The embedded database runs every query on its one thread, which
 * the syncing side waits for as well, so there the rows come as objects and are serialised here.
 */
export async function conditionExportJson(
  em: EntityManager,
  after: string | undefined,
  limit: number,
): Promise<{ id: string; json: string }[]> {
  if (await isEmbedded(em)) return (await conditionExportPage(em, after, limit)).map((row) => ({ id: row.id, json: JSON.stringify(row) }));
  return exportQuery<{ id: string; json: string }>(
    em,
    `select c.id, row_to_json(c)::text as json
       from (select ${COLUMNS} from "erp"."condition" ${where(after)} order by id limit ?) as c
      order by c.id`,
    after,
    limit,
  );
}

/** Whether the database is the embedded one (PGlite), asked once per connection. */
const embedded = new WeakMap<object, Promise<boolean>>();
function isEmbedded(em: EntityManager): Promise<boolean> {
  const conn = em.getConnection();
  let known = embedded.get(conn);
  if (!known) {
    known = conn.execute<{ version: string }[]>(`select version() as version`).then((r) => /PGlite/i.test(r[0]?.version ?? ''));
    embedded.set(conn, known);
    known.catch(() => embedded.delete(conn)); // asked again next time
  }
  return known;
}

const where = (after: string | undefined) => (after === undefined ? '' : 'where id > ?');

function exportQuery<T>(em: EntityManager, sql: string, after: string | undefined, limit: number): Promise<T[]> {
  return em.transactional(async (tx) => {
    const conn = tx.getConnection();
    const ctx = tx.getTransactionContext();
    // ISO dates: a date as text is YYYY-MM-DD whatever the server's default date style.
    await conn.execute(`set local enable_sort = off; set local datestyle = 'ISO'`, [], 'run', ctx);
    return conn.execute<T[]>(sql, after === undefined ? [limit] : [after, limit], 'all', ctx);
  });
}
