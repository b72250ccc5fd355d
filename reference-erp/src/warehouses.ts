/** Warehouse master data as the availability engine and fulfilment need it. */
import type { EntityManager } from '@mikro-orm/postgresql';
import { WorkingCalendar, type WarehouseParams, type Weekday } from '@portal/atp-engine';
import { Warehouse, type WarehouseEntity } from './entities/index.js';

/** What the availability engine uses of a warehouse. */
export type WarehouseRow = Omit<WarehouseEntity, 'name'>;

export function warehouseParams(w: WarehouseRow): WarehouseParams {
  return {
    id: w.id,
    calendar: new WorkingCalendar({ workingWeekdays: w.workingDays as Weekday[], holidays: w.holidays }),
    timeZone: w.timeZone,
    cutoffTime: w.cutoffTime,
    pickPackDays: w.pickPackDays,
    loadingDays: w.loadingDays,
    transitDays: w.transitDays,
  };
}

export async function loadWarehouses(em: EntityManager): Promise<Map<string, WarehouseParams>> {
  return new Map((await em.find(Warehouse, {})).map((w) => [w.id, warehouseParams(w)]));
}
