/**
 * Availability service: reads the customer, warehouses, items, and stock with dated movements for a
 * batch of lines (one statement, whatever the line count) and runs the pure ATP engine over them.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { HttpError } from '@portal/platform/http';
import { checkMany, DomainInputError, type AvailabilityResult, type ItemSupply, type WarehouseParams } from '@portal/atp-engine';
import { Item, type CustomerEntity, type ItemEntity } from './entities/index.js';
import {
  CUSTOMER_JSON,
  ITEMS_JSON,
  itemsBySku,
  query,
  supplyColumns,
  supplyOf,
  textArray,
  WAREHOUSES_JSON,
  warehousesById,
  type CustomerRow,
  type ItemRow,
  type SupplyColumns,
} from './projections.js';
import { loadWarehouses, type WarehouseRow } from './warehouses.js';

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
    /** Every item of the lines that exists (an SKU missing from it is unknown). */
    items?: Map<string, Pick<ItemEntity, 'leadTimeDays'>>;
    warehouses?: Map<string, WarehouseParams>;
    supply?: Map<string, ItemSupply>;
  } = {},
): Promise<AtpLineResult[]> {
  if (!lines.length) return [];
  const warehouses = opts.warehouses ?? (await loadWarehouses(em));
  const skus = [...new Set(lines.map((l) => l.sku))];
  const items = opts.items ?? new Map((await em.find(Item, { sku: { $in: skus } })).map((i) => [i.sku, i]));
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

/**
 * What an availability check reads, in one statement: the customer, every warehouse, the lines'
 * items, and the supply of their SKUs in the lines' warehouses and the customer's default one.
 */
export async function readAvailability(
  em: EntityManager,
  accountId: string,
  lines: Pick<AtpLineRequest, 'sku' | 'warehouseId'>[],
): Promise<{
  customer: CustomerRow | null;
  items: Map<string, ItemRow>;
  warehouses: Map<string, WarehouseParams>;
  supply: Map<string, ItemSupply>;
}> {
  const skus = [...new Set(lines.map((l) => l.sku))];
  const whIds = [...new Set(lines.flatMap((l) => (l.warehouseId ? [l.warehouseId] : [])))];
  const [row] = await query<{ customer: CustomerRow | null; items: ItemRow[]; warehouses: WarehouseRow[] } & SupplyColumns>(
    em,
    `with p as (select ?::text as account, ${textArray} as skus, ${textArray} as whs)
     select ${CUSTOMER_JSON} as customer, ${WAREHOUSES_JSON} as warehouses, ${ITEMS_JSON} as items,
            ${supplyColumns('array_append(p.whs, c.default_warehouse::text)')}
       from p left join "erp"."customer" c on c.id = p.account`,
    [accountId, JSON.stringify(skus), JSON.stringify(whIds)],
  );
  return { customer: row!.customer, items: itemsBySku(row!.items), warehouses: warehousesById(row!.warehouses), supply: supplyOf(row!) };
}

/** Stock on hand and dated movements of these SKUs in these warehouses, in one statement, keyed `<sku>@<warehouse>`. */
export async function readSupply(em: EntityManager, skus: string[], whIds: string[]): Promise<Map<string, ItemSupply>> {
  const [row] = await query<SupplyColumns>(
    em,
    `with p as (select ${textArray} as skus, ${textArray} as whs) select ${supplyColumns('p.whs')} from p`,
    [JSON.stringify(skus), JSON.stringify(whIds)],
  );
  return supplyOf(row!);
}
