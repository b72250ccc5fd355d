/**
 * The ERP's warehouses and their time zones (a handful of rows), refreshed at every start. Not
 * fatal: a start while the ERP is unreachable keeps the zones synced before (reports count a
 * delivery from a warehouse with no known zone on its UTC day) and says so in the log.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import type { InventoryPort } from '@portal/erp/port';
import type { Logger } from '@portal/platform/logger';
import { Warehouse } from '../entities/index.js';

export async function syncWarehouses(port: InventoryPort, em: EntityManager, logger: Logger): Promise<number> {
  try {
    const warehouses = await port.warehouses();
    if (warehouses.length)
      await em.fork().upsertMany(
        Warehouse,
        warehouses.map((w) => ({ id: w.id, timeZone: w.timeZone })),
      );
    logger.info({ warehouses: warehouses.length }, 'warehouses synced');
    return warehouses.length;
  } catch (err) {
    logger.warn({ err: (err as Error).message }, 'warehouses not synced: the time zones synced before stay in use');
    return 0;
  }
}
