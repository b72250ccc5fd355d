/** Inventory subgraph configuration. */
import type { z } from 'zod';
import { baseConfig, envPort, loadConfig } from '@portal/platform/config';
import { erpPortConfig } from '@portal/erp/port';

export const inventoryConfigSchema = baseConfig.extend(erpPortConfig.shape).extend({ INVENTORY_PORT: envPort.default(4102) });
export type InventoryConfig = z.infer<typeof inventoryConfigSchema>;
export const loadInventoryConfig = (env: Record<string, string | undefined> = process.env) =>
  loadConfig('inventory', inventoryConfigSchema, env);
