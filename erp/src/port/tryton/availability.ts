/**
 * The inventory port over Tryton: items and warehouses from the master data, and availability from
 * Tryton's stock — quantity on hand per warehouse plus the dated draft/assigned moves in and out of
 * it — through the shared cumulative ATP engine. Tryton keeps no warehouse calendar or outbound
 * times, so promises use Monday–Friday and no pick/pack, loading or transit days. The stock on hand
 * is reported as Tryton computes it (negative or fractional included); the engine promises whole
 * units, so it counts a fractional quantity down (stock, receipts) or up (issues), never over-promising.
 */
import { checkMany, WorkingCalendar, type ItemSupply, type Movement } from '@portal/atp-engine';
import { ErpRequestError, type AvailabilityAnswer, type AvailabilityLineRequest, type InventoryPort } from '../types.js';
import { pageOf } from './paging.js';
import { tDate } from './rpc.js';
import { today, toItem, toWarehouse, type Master, type Row, type TrytonAccount, type TrytonSession } from './session.js';

export function createTrytonInventory(session: TrytonSession): InventoryPort {
  const { rpc, read } = session;

  /** Stock on hand today (as Tryton says it) and dated moves across the warehouse's boundary, per product. */
  async function supplyOf(productIds: number[], wh: Row, m: Master): Promise<Map<number, { supply: ItemSupply; onHand: number }>> {
    const day = today();
    const locations = m.locationsOf(wh.id as number);
    const [onHand, moves] = await Promise.all([
      rpc.model<Row[]>('product.product', 'read', [productIds, ['quantity']], {
        locations: [wh.id],
        stock_date_end: tDate(day),
        with_childs: true,
      }),
      read(
        'stock.move',
        [
          ['product', 'in', productIds],
          ['state', 'in', ['draft', 'assigned', 'staging']],
          ['OR', ['to_location', 'in', locations], ['from_location', 'in', locations]],
        ],
        ['product', 'quantity', 'from_location', 'to_location', 'planned_date'],
      ),
    ]);
    const inside = new Set(locations);
    const out = new Map(
      onHand.map((r) => [
        r.id as number,
        { supply: { stockOnHand: Math.floor(Number(r.quantity)), movements: [] } as ItemSupply, onHand: Number(r.quantity) },
      ]),
    );
    for (const mv of moves) {
      const toIn = inside.has(mv.to_location as number);
      const fromIn = inside.has(mv.from_location as number);
      if (toIn === fromIn) continue; // inside the warehouse (storage → output): no change of its stock
      const movements = out.get(mv.product as number)?.supply.movements as Movement[] | undefined;
      movements?.push({
        date: (mv.planned_date as string | null) ?? day,
        quantity: toIn ? Math.floor(Number(mv.quantity)) : -Math.ceil(Number(mv.quantity)),
        kind: toIn ? 'PURCHASE_ORDER' : 'SALES_ORDER',
        ref: `stock.move,${mv.id}`,
      });
    }
    return out;
  }

  /** Refuses unknown SKUs, bad quantities and unknown warehouses; the product ids to read, per warehouse code. */
  function productsByWarehouse(lines: AvailabilityLineRequest[], m: Master, a: TrytonAccount): Map<string, number[]> {
    for (const l of lines) {
      if (!m.bySku.has(l.sku)) throw new ErpRequestError(422, 'UNKNOWN_ITEM', `unknown SKU ${l.sku}`);
      if (!Number.isSafeInteger(l.quantity) || l.quantity < 1)
        throw new ErpRequestError(400, 'VALIDATION_FAILED', `line ${l.lineId}: quantity must be a positive whole number`);
    }
    const byWh = new Map<string, number[]>();
    for (const l of lines) {
      const wh = l.warehouseId ?? a.warehouse;
      if (!m.whByCode.has(wh)) throw new ErpRequestError(422, 'UNKNOWN_WAREHOUSE', `unknown warehouse ${wh}`);
      byWh.set(wh, [...new Set([...(byWh.get(wh) ?? []), m.bySku.get(l.sku)!.id as number])]);
    }
    return byWh;
  }

  return {
    async exportItems(req) {
      const m = await session.master();
      return pageOf(
        m.products.map((p) => toItem(p, m)),
        (i) => i.sku,
        req,
      );
    },
    async warehouses() {
      const m = await session.master();
      return m.warehouses.filter((w) => w.code).map((w) => toWarehouse(w, m));
    },
    async checkAvailability(accountId, lines, o = {}) {
      const { m, a } = await session.account(accountId);
      const supplies = new Map<string, { supply: ItemSupply; onHand: number }>();
      await Promise.all(
        [...productsByWarehouse(lines, m, a)].map(async ([wh, ids]) => {
          for (const [id, s] of await supplyOf(ids, m.whByCode.get(wh)!, m)) supplies.set(`${m.byId.get(id)!.code}|${wh}`, s);
        }),
      );
      const now = new Date();
      const calendar = WorkingCalendar.mondayToFriday();
      const results = checkMany({
        now,
        supplyOf: (sku, wh) => supplies.get(`${sku}|${wh}`)?.supply ?? { stockOnHand: 0, movements: [] },
        lines: lines.map((l) => {
          const w = toWarehouse(m.whByCode.get(l.warehouseId ?? a.warehouse)!, m);
          return {
            sku: l.sku,
            quantity: l.quantity,
            requestedDeliveryDate: l.requestedDeliveryDate ?? null,
            partialDelivery: o.partialDelivery ?? a.partial,
            leadTimeDays: m.leadTimes.get(m.bySku.get(l.sku)!.id as number) ?? 0,
            warehouse: {
              id: w.id,
              calendar,
              timeZone: w.timeZone,
              cutoffTime: w.cutoffTime,
              pickPackDays: 0,
              loadingDays: 0,
              transitDays: 0,
            },
          };
        }),
      });
      return {
        checkedAt: now.toISOString(),
        lines: results.map((r, i): AvailabilityAnswer => {
          const { schedulingStart: _s, ...rest } = r;
          const l = lines[i]!;
          const onHand = supplies.get(`${l.sku}|${l.warehouseId ?? a.warehouse}`)?.onHand ?? 0;
          return { ...rest, onHandHint: onHand, lineId: l.lineId, sku: l.sku };
        }),
      };
    },
  };
}
