/** Inventory subgraph configuration. */
import { z } from 'zod';
import { baseConfig, envBool, envPort, loadConfig } from '@portal/platform/config';
import { erpPortConfig } from '@portal/erp/port';

export const inventoryConfigSchema = baseConfig.extend(erpPortConfig.shape).extend({
  INVENTORY_PORT: envPort.default(4102),
  /** Time budget for the ERP's availability answer; past it, the last known answer or the lead time. */
  INVENTORY_ATP_BUDGET_MS: z.coerce.number().int().min(50).max(60_000).default(1500),
  /** How long an ERP availability answer may be served again (stock and order events end it sooner). */
  INVENTORY_ATP_CACHE_MS: z.coerce.number().int().min(0).max(3_600_000).default(30_000),
  /** Follow the ERP change feed (item changes; stock and order events invalidate cached answers). */
  INVENTORY_FEED: envBool.default(true),
  INVENTORY_FEED_WAIT_MS: z.coerce.number().int().min(0).max(30_000).default(10_000),
});
export type InventoryConfig = z.infer<typeof inventoryConfigSchema>;
export const loadInventoryConfig = (env: Record<string, string | undefined> = process.env) =>
  loadConfig('inventory', inventoryConfigSchema, env);
