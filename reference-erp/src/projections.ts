/**
 * Plain-row reads of the ERP's hot paths (price simulation, the availability check, order
 * creation): SQL that answers exactly the columns a path needs, as plain objects rather than
 * managed entities, so that a request costs one prepared statement and no ORM work. The fragments are
 * scalar subqueries over a one-row `p` (the parameters) and a `c` (the customer, may be null) that
 * the statement using them provides; each answers JSON.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import type { ItemSupply, MovementKind, WarehouseParams } from '@portal/atp-engine';
import { preparedQuery } from '@portal/platform/db';
import type { CustomerEntity, ItemEntity } from './entities/index.js';
import { warehouseParams, type WarehouseRow } from './warehouses.js';

/**
 * One statement in `em`'s transaction (if it is in one); its rows. A prepared statement: these are
 * sent with every request of their path, and parsing and planning them cost more than running them.
 */
export function query<T>(em: EntityManager, sql: string, params: unknown[]): Promise<T[]> {
  return preparedQuery<T>(em, sql, params);
}

/** A list of texts as one parameter: `array(select jsonb_array_elements_text(?::jsonb))` in SQL. */
export const textArray = `array(select jsonb_array_elements_text(?::jsonb))`;

/** An instant as `Date#toISOString` writes it (UTC, milliseconds). */
export const isoInstant = (column: string) => `to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/** What the hot paths use of a customer. */
export type CustomerRow = Pick<
  CustomerEntity,
  | 'id'
  | 'currency'
  | 'tier'
  | 'priceListId'
  | 'creditLimit'
  | 'defaultWarehouse'
  | 'partialDelivery'
  | 'shipToCountry'
  | 'minimumOrderValue'
>;

/** The customer `c` (null when there is none). */
export const CUSTOMER_JSON = `case when c.id is null then null else json_build_object(
    'id', c.id, 'currency', c.currency, 'tier', c.tier, 'priceListId', c.price_list_id, 'creditLimit', c.credit_limit::text,
    'defaultWarehouse', c.default_warehouse, 'partialDelivery', c.partial_delivery, 'shipToCountry', c.ship_to_country,
    'minimumOrderValue', c.minimum_order_value::text) end`;

/** What the hot paths use of an item. */
export type ItemRow = Pick<ItemEntity, 'sku' | 'leadTimeDays' | 'discontinued' | 'successorSku' | 'taxClass'>;

/** The items of the SKUs `p.skus`. */
export const ITEMS_JSON = `(select coalesce(json_agg(json_build_object('sku', i.sku, 'leadTimeDays', i.lead_time_days,
    'discontinued', i.discontinued, 'successorSku', i.successor_sku, 'taxClass', i.tax_class)), '[]')
    from "erp"."item" i where i.sku = any(p.skus))`;

export const itemsBySku = (rows: ItemRow[]) => new Map(rows.map((i) => [i.sku, i]));

/** Every warehouse. */
export const WAREHOUSES_JSON = `(select coalesce(json_agg(json_build_object('id', w.id, 'timeZone', w.time_zone,
    'workingDays', w.working_days, 'holidays', w.holidays, 'cutoffTime', w.cutoff_time, 'pickPackDays', w.pick_pack_days,
    'loadingDays', w.loading_days, 'transitDays', w.transit_days)), '[]') from "erp"."warehouse" w)`;

export const warehousesById = (rows: WarehouseRow[]): Map<string, WarehouseParams> => new Map(rows.map((w) => [w.id, warehouseParams(w)]));

/**
 * Stock on hand and dated movements of the SKUs `p.skus` in the warehouses `whs` (an SQL array
 * expression): two columns, `stock` and `movements` (by date, then id), read by `supplyOf`.
 */
export const supplyColumns = (whs: string) => `
    (select coalesce(json_agg(json_build_array(s.sku, s.warehouse_id, s.on_hand)), '[]')
       from "erp"."stock" s where s.sku = any(p.skus) and s.warehouse_id = any(${whs})) as stock,
    (select coalesce(json_agg(json_build_array(m.sku, m.warehouse_id, to_char(m.date, 'YYYY-MM-DD'), m.quantity, m.kind, m.ref)
                              order by m.date, m.id), '[]')
       from "erp"."movement" m where m.sku = any(p.skus) and m.warehouse_id = any(${whs})) as movements`;

export interface SupplyColumns {
  stock: [string, string, number][];
  movements: [string, string, string, number, string, string][];
}

/** The supply of `supplyColumns`, keyed `<sku>@<warehouse>`. */
export function supplyOf(r: SupplyColumns): Map<string, ItemSupply> {
  const supply = new Map<string, { stockOnHand: number; movements: ItemSupply['movements'][number][] }>();
  const of = (sku: string, wh: string) => {
    const key = `${sku}@${wh}`;
    let s = supply.get(key);
    if (!s) supply.set(key, (s = { stockOnHand: 0, movements: [] }));
    return s;
  };
  for (const [sku, wh, onHand] of r.stock) of(sku, wh).stockOnHand = Number(onHand);
  for (const [sku, wh, date, quantity, kind, ref] of r.movements)
    of(sku, wh).movements.push({ date, quantity: Number(quantity), kind: kind as MovementKind, ref });
  return supply;
}
