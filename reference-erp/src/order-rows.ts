/**
 * The statements of a new order's transaction that read and write plain rows: the look-up of its
 * key and portal order id with the stock and movements it is confirmed against, and the insert of
 * the order, its lines and their issues together with its `order.created` event — one statement
 * each, whatever the number of lines.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import type { ItemSupply } from '@portal/atp-engine';
import type { MovementRow } from './confirmation.js';
import type { SalesOrderEntity, SalesOrderLineEntity } from './entities/index.js';
import { appendEvent } from './feed.js';
import { executeInOrder } from '@portal/platform/db';
import { lockAllStatement } from './locks.js';
import { supplyColumns, supplyOf, textArray, type SupplyColumns } from './projections.js';

/** A new order's row. */
export type NewOrder = Omit<SalesOrderEntity, 'creditReleasedBy'> & { creditReleasedBy: string | null };
/** A new order line's row. */
export type NewLine = SalesOrderLineEntity;

interface Found {
  number: string;
  idempotencyKey: string | null;
  portalOrderId: string;
  payloadHash: string | null;
}

/**
 * The advisory locks `locks` (key, portal order, ATP; taken in the order given), then in one
 * statement under them: the orders with this key or portal order id, and the stock and movements of
 * the SKUs in the warehouse. With them, when no order was found, the advisory lock `creditLock`
 * (null: none) — what it protects is seen by the transaction's next statement, not this one. One
 * round trip: the read is a statement of its own after the locks, so it sees what their holders
 * committed.
 */
export async function lookUpAndReadSupply(
  tx: EntityManager,
  o: { locks: string[]; key: string | null; portalId: string | null; skus: string[]; warehouseId: string; creditLock: string | null },
): Promise<{ found: Found[]; supply: Map<string, ItemSupply> }> {
  const lock = o.locks.length ? [lockAllStatement(o.locks)] : [];
  const answers = await executeInOrder<unknown[][]>(tx, 'erp', [
    ...lock,
    {
      sql: `with p as (select ?::text as key, ?::text as portal, ${textArray} as skus, array[?::text] as whs, ?::text as credit),
          found as materialized (
            select o.number, o.idempotency_key, o.portal_order_id, o.payload_hash from "erp"."sales_order" o, p
             where o.idempotency_key = p.key or o.portal_order_id = p.portal),
          locked as materialized (
            select pg_advisory_xact_lock(hashtext(p.credit)) from p where p.credit is not null and not exists (select 1 from found))
     select (select coalesce(json_agg(json_build_object('number', f.number, 'idempotencyKey', f.idempotency_key,
                                                        'portalOrderId', f.portal_order_id, 'payloadHash', f.payload_hash)), '[]')
               from found f) as found,
            (select count(*) from locked)::int as locks,
            ${supplyColumns('p.whs')}
       from p`,
      params: [o.key, o.portalId, JSON.stringify(o.skus), o.warehouseId, o.creditLock],
    },
  ]);
  const row = (answers[lock.length] as ({ found: Found[]; locks: number } & SupplyColumns)[])[0]!;
  return { found: row.found, supply: supplyOf(row) };
}

const ORDER_COLUMNS = [
  'number',
  'portal_order_id',
  'idempotency_key',
  'payload_hash',
  'customer_id',
  'status',
  'hold_reason',
  'credit_released_by',
  'placed_at',
  'currency',
  'requested_delivery_date',
  'warehouse_id',
  'partial_delivery',
  'pricing_date',
  'net_total',
  'freight',
  'header_discount',
  'tax',
  'tax_lines',
  'customer_reference',
  'updated_at',
];
const LINE_COLUMNS = [
  'id',
  'order_number',
  'line_no',
  'sku',
  'quantity',
  'unit_price',
  'net_amount',
  'status',
  'confirmed_quantity',
  'shipped_quantity',
  'invoiced_quantity',
  'cancelled_quantity',
  'schedule_lines',
  'proposed_sku',
  'components',
  'requested_delivery_date',
  'tax_class',
  'tax_rate',
  'header_discount',
  'tax_amount',
];
const MOVEMENT_COLUMNS = ['id', 'sku', 'warehouse_id', 'date', 'quantity', 'kind', 'ref'];

const camel = (column: string) => column.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
const FIELDS = new Map([...ORDER_COLUMNS, ...LINE_COLUMNS, ...MOVEMENT_COLUMNS].map((c) => [c, camel(c)]));

/** Rows as the table's columns name their fields (what `jsonb_populate_recordset` reads). */
function asColumns(rows: object[], columns: string[]): Record<string, unknown>[] {
  return rows.map((r) => {
    const out: Record<string, unknown> = {};
    for (const c of columns) out[c] = (r as Record<string, unknown>)[FIELDS.get(c)!] ?? null;
    return out;
  });
}

/** `name as (insert into <table> (columns) select columns from the rows of JSON parameter ?)` */
const insertCte = (name: string, table: string, columns: string[]) =>
  `${name} as (insert into "erp"."${table}" (${columns.join(', ')})
     select ${columns.join(', ')} from jsonb_populate_recordset(null::"erp"."${table}", ?::jsonb))`;

const WRITES = [
  insertCte('new_order', 'sales_order', ORDER_COLUMNS),
  insertCte('new_lines', 'sales_order_line', LINE_COLUMNS),
  insertCte('new_issues', 'movement', MOVEMENT_COLUMNS),
].join(',\n');

/** The order, its lines, their issues (one insert per table) and its `order.created` event: one statement. */
export async function writeNewOrder(
  tx: EntityManager,
  order: NewOrder,
  lines: NewLine[],
  issues: MovementRow[],
  payload: Record<string, unknown>,
): Promise<void> {
  await appendEvent(tx, order.placedAt, 'order.created', order.number, payload, {
    ctes: WRITES,
    params: [
      JSON.stringify(asColumns([order], ORDER_COLUMNS)),
      JSON.stringify(asColumns(lines, LINE_COLUMNS)),
      JSON.stringify(asColumns(issues, MOVEMENT_COLUMNS)),
    ],
  });
}
