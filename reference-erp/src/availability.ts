/**
 * Availability service: loads warehouses, items, and stock with dated movements for a batch of
 * lines (one query each, stock and movements together, whatever the line count) and runs the pure
 * ATP engine over them.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { HttpError } from '@portal/platform/http';
import {
  checkMany,
  DomainInputError,
  type AvailabilityResult,
  type ItemSupply,
  type MovementKind,
  type WarehouseParams,
} from '@portal/atp-engine';
import { Item, type CustomerEntity, type ItemEntity } from './entities/index.js';
import { loadWarehouses } from './warehouses.js';

export interface AtpLineRequest {
  lineId: string;
  sku: string;
  quantity: number;
  requestedDeliveryDate?: string | null;
  warehouseId?: string | null;
}

export interface AtpLineResult extends AvailabilityResult {
  lineId: string;
  sku: string;
}

export async function checkAvailability(
  em: EntityManager,
  now: Date,
  customer: Pick<CustomerEntity, 'defaultWarehouse' | 'partialDelivery'>,
  lines: AtpLineRequest[],
  /**
   * `items`, `warehouses`, `supply`: what the caller has read already (not read again).
   */
  opts: {
    partialDelivery?: boolean;
    items?: Map<string, ItemEntity>;
    warehouses?: Map<string, WarehouseParams>;
    supply?: Map<string, ItemSupply>;
  } = {},
): Promise<AtpLineResult[]> {
  if (!lines.length) return [];
  const warehouses = opts.warehouses ?? (await loadWarehouses(em));
  const skus = [...new Set(lines.map((l) => l.sku))];
  const items = skus.every((s) => opts.items?.has(s))
    ? opts.items!
    : new Map((await em.find(Item, { sku: { $in: skus } })).map((i) => [i.sku, i]));
  const unknown = skus.filter((s) => !items.has(s));
  if (unknown.length) throw new HttpError(422, 'UNKNOWN_ITEM', `unknown SKU(s): ${unknown.join(', ')}`);
  const whIds = [...new Set(lines.map((l) => l.warehouseId ?? customer.defaultWarehouse))];
  const badWh = whIds.filter((w) => !warehouses.has(w));
  if (badWh.length) throw new HttpError(422, 'UNKNOWN_WAREHOUSE', `unknown warehouse(s): ${badWh.join(', ')}`);

  const supply = opts.supply ?? (await readSupply(em, skus, whIds));
  const supplyOf = (sku: string, warehouseId: string): ItemSupply =>
    supply.get(`${sku}@${warehouseId}`) ?? { stockOnHand: 0, movements: [] };
  try {
    const results = checkMany({
      now,
      supplyOf,
      lines: lines.map((l) => ({
        sku: l.sku,
        ref: l.lineId,
        warehouse: warehouses.get(l.warehouseId ?? customer.defaultWarehouse)!,
        quantity: l.quantity,
        requestedDeliveryDate: l.requestedDeliveryDate ?? null,
        partialDelivery: opts.partialDelivery ?? customer.partialDelivery,
        leadTimeDays: items.get(l.sku)!.leadTimeDays,
      })),
    });
    return results.map((r, i) => ({ ...r, lineId: lines[i]!.lineId, sku: lines[i]!.sku }));
  } catch (err) {
    // Bad stock or movement rows are this ERP's own data fault (a 500), not the caller's input.
    if (err instanceof DomainInputError && !/^(movements\[|stockOnHand)/.test(err.field))
      throw new HttpError(400, 'INVALID_INPUT', err.message);
    throw err;
  }
}

interface SupplyRow {
  sku: string | null;
  warehouse_id: string | null;
  on_hand: number | null;
  date: string | null;
  quantity: number | null;
  kind: string | null;
  ref: string | null;
}

/**
 * Stock on hand and dated movements of these SKUs in these warehouses, in one statement (movements
 * by date, then id), keyed `<sku>@<warehouse>`. `lockFirst`: advisory locks taken in the same
 * statement, in the order given — what they protect is seen by the next statement, not this one
 * (the supply itself must already be under the caller's ATP locks).
 */
export async function readSupply(
  em: EntityManager,
  skus: string[],
  whIds: string[],
  lockFirst: string[] = [],
): Promise<Map<string, ItemSupply>> {
  const rows = await em.getConnection().execute<SupplyRow[]>(
    `with locked as materialized (
       select pg_advisory_xact_lock(hashtext(k)) from jsonb_array_elements_text(?::jsonb) with ordinality as t(k, o) order by o)
     select null::text as sku, null::text as warehouse_id, count(*)::int as on_hand, null::text as date, null::int as quantity,
            null::text as kind, null::text as ref, null::text as id
       from locked
     union all
     select s.sku, s.warehouse_id, s.on_hand, null, null, null, null, null
       from "erp"."stock" s
      where s.sku in (select jsonb_array_elements_text(?::jsonb)) and s.warehouse_id in (select jsonb_array_elements_text(?::jsonb))
     union all
     select m.sku, m.warehouse_id, null, to_char(m.date, 'YYYY-MM-DD'), m.quantity, m.kind, m.ref, m.id
       from "erp"."movement" m
      where m.sku in (select jsonb_array_elements_text(?::jsonb)) and m.warehouse_id in (select jsonb_array_elements_text(?::jsonb))
     order by 4 nulls first, 8`,
    [JSON.stringify(lockFirst), JSON.stringify(skus), JSON.stringify(whIds), JSON.stringify(skus), JSON.stringify(whIds)],
    'all',
    em.getTransactionContext(),
  );
  const supply = new Map<string, { stockOnHand: number; movements: ItemSupply['movements'][number][] }>();
  for (const r of rows) {
    if (r.sku === null) continue; // the locks' row
    const key = `${r.sku}@${r.warehouse_id}`;
    let s = supply.get(key);
    if (!s) supply.set(key, (s = { stockOnHand: 0, movements: [] }));
    if (r.date === null) s.stockOnHand = Number(r.on_hand ?? 0);
    else s.movements.push({ date: r.date, quantity: Number(r.quantity), kind: r.kind as MovementKind, ref: r.ref! });
  }
  return supply;
}
