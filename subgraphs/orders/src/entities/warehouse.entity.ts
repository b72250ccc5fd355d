/**
 * The ERP's warehouses as the orders subgraph needs them: the time zone a delivery's business day
 * is counted in (a delivery at 20:00 in Chicago is delivered that day there, the next day in UTC).
 */
import { defineEntity, type InferEntity } from '@mikro-orm/core';

export const Warehouse = defineEntity({
  name: 'Warehouse',
  tableName: 'warehouse',
  properties: (p) => ({
    id: p.string().primary(),
    /** IANA time zone, e.g. America/Chicago. */
    timeZone: p.string(),
  }),
});
export type WarehouseEntity = InferEntity<typeof Warehouse>;
