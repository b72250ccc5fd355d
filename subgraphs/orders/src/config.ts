/** Orders subgraph configuration. */
import { z } from 'zod';
import { baseConfig, envBool, envPort, loadConfig } from '@portal/platform/config';
import { erpPortConfig } from '@portal/erp/port';

export const ordersConfigSchema = baseConfig.extend(erpPortConfig.shape).extend({
  ORDERS_PORT: envPort.default(4103),
  /** Create demo carts for accounts that have none (embedded demo). */
  DEMO_CARTS: envBool.default(true),
  /** The inventory subgraph (item facts for cart validation, ATP re-check at submit). */
  ORDERS_INVENTORY_URL: z.string().url().default('http://127.0.0.1:4102'),
  /** How often orders the ERP has not acknowledged yet are retried. */
  ORDERS_OUTBOX_INTERVAL_MS: z.coerce.number().int().min(50).max(600_000).default(1000),
  /** Follow the ERP change feed for order status and shipments. */
  ORDERS_FEED: envBool.default(true),
  ORDERS_FEED_WAIT_MS: z.coerce.number().int().min(0).max(30_000).default(10_000),
  /** The pricing subgraph (quotes at submit). */
  ORDERS_PRICING_URL: z.string().url().default('http://127.0.0.1:4101'),
  /**
   * This replica's name for its live-update consumer on the bus (order subscriptions): keep it
   * stable across restarts of the same replica, unique across replicas. Default: host name + port.
   */
  ORDERS_INSTANCE_ID: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,50}$/)
    .optional(),
  /** Safety-net poll of order subscriptions when no append signal arrives. */
  ORDERS_SUBSCRIPTION_POLL_MS: z.coerce.number().int().min(50).max(60_000).default(2000),
});
export type OrdersConfig = z.infer<typeof ordersConfigSchema>;
export const loadOrdersConfig = (env: Record<string, string | undefined> = process.env) => loadConfig('orders', ordersConfigSchema, env);
