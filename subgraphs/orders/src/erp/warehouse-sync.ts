/** The ERP's warehouses and their time zones, refreshed at every start (a handful of rows). */
import type { EntityManager } from '@mikro-orm/postgresql';
import type { InventoryPort } from '@portal/erp/port';
import type { Logger } from '@portal/platform/logger';
import { Warehouse } from '../entities/index.js';

export async function syncWarehouses(port: InventoryPort, em: EntityManager, logger: Logger): Promise<number> {
  const warehouses = await port.warehouses();
  if (warehouses.length)
    await em.fork().upsertMany(
      Warehouse,
      warehouses.map((w) => ({ id: w.id, timeZone: w.timeZone })),
    );
  logger.info({ warehouses: warehouses.length }, 'warehouses synced');
  return warehouses.length;
}
