/** Orders subgraph configuration. */
import type { z } from 'zod';
import { baseConfig, envBool, envPort, loadConfig } from '@portal/platform/config';
import { erpPortConfig } from '@portal/erp/port';

export const ordersConfigSchema = baseConfig.extend(erpPortConfig.shape).extend({
  ORDERS_PORT: envPort.default(4103),
  /** Create demo carts for accounts that have none (embedded demo). */
  DEMO_CARTS: envBool.default(true),
});
export type OrdersConfig = z.infer<typeof ordersConfigSchema>;
export const loadOrdersConfig = (env: Record<string, string | undefined> = process.env) => loadConfig('orders', ordersConfigSchema, env);
