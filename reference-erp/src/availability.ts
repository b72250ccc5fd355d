/**
 * Availability service: loads stock, dated movements, items and warehouses for a batch of lines
 * (one query each, whatever the line count) and runs the pure ATP engine over them.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { HttpError } from '@portal/platform/http';
import { checkMany, DomainInputError, type AvailabilityResult, type ItemSupply, type MovementKind } from '@portal/atp-engine';
import { Item, Movement, Stock, type CustomerEntity, type ItemEntity } from './entities/index.js';
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
  /** `items`: the lines' items when the caller has them already (not read again). */
  opts: { partialDelivery?: boolean; items?: Map<string, ItemEntity> } = {},
): Promise<AtpLineResult[]> {
  if (!lines.length) return [];
  const warehouses = await loadWarehouses(em);
  const skus = [...new Set(lines.map((l) => l.sku))];
  const items = skus.every((s) => opts.items?.has(s))
    ? opts.items!
    : new Map((await em.find(Item, { sku: { $in: skus } })).map((i) => [i.sku, i]));
  const unknown = skus.filter((s) => !items.has(s));
  if (unknown.length) throw new HttpError(422, 'UNKNOWN_ITEM', `unknown SKU(s): ${unknown.join(', ')}`);
  const whIds = [...new Set(lines.map((l) => l.warehouseId ?? customer.defaultWarehouse))];
  const badWh = whIds.filter((w) => !warehouses.has(w));
  if (badWh.length) throw new HttpError(422, 'UNKNOWN_WAREHOUSE', `unknown warehouse(s): ${badWh.join(', ')}`);

  // Sequential: callers may run this inside a transaction (one connection).
  const stock = await em.find(Stock, { sku: { $in: skus }, warehouseId: { $in: whIds } });
  const movements = await em.find(Movement, { sku: { $in: skus }, warehouseId: { $in: whIds } }, { orderBy: { date: 'asc', id: 'asc' } });
  const supplyOf = (sku: string, warehouseId: string): ItemSupply => ({
    stockOnHand: stock.find((s) => s.sku === sku && s.warehouseId === warehouseId)?.onHand ?? 0,
    movements: movements
      .filter((m) => m.sku === sku && m.warehouseId === warehouseId)
      .map((m) => ({ date: m.date, quantity: m.quantity, kind: m.kind as MovementKind, ref: m.ref })),
  });
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
