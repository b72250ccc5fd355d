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
  /**
   * A submit answers within this budget (ms): the checks with pricing and inventory, recording the
   * order, and as much of the ERP's first delivery as fits. An ERP slower than that leaves the
   * order SUBMITTED (acknowledgement pending), delivered in the background. Keep it well inside
   * the gateway's subgraph timeout.
   */
  ORDERS_SUBMIT_BUDGET_MS: z.coerce.number().int().min(0).max(60_000).default(3000),
  /**
   * Limit (ms) for a submit's checks with pricing and inventory, which ask the ERP to price and
   * promise the cart; past it the submit is refused (nothing placed). Keep it inside the gateway's
   * subgraph timeout (10 s by default).
   */
  ORDERS_SUBMIT_CHECKS_MS: z.coerce.number().int().min(100).max(120_000).default(7000),
  /**
   * A cart left SUBMITTING longer than this (ms) was left by a submit whose process died: it is
   * settled (SUBMITTED if its order exists, else back to how it was) at start and by the outbox worker.
   */
  ORDERS_SUBMITTING_STALE_MS: z.coerce.number().int().min(1000).max(3_600_000).default(60_000),
  /** How long an exception decision waits for the ERP before it answers ResolutionPending (ms). */
  ORDERS_ERP_ACTION_BUDGET_MS: z.coerce.number().int().min(0).max(60_000).default(1500),
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
  /** Events one subscription may have waiting; past that it is closed with a resumable error. */
  ORDERS_SUBSCRIPTION_BUFFER: z.coerce.number().int().min(1).max(1_000_000).default(1000),
});
export type OrdersConfig = z.infer<typeof ordersConfigSchema>;
export const loadOrdersConfig = (env: Record<string, string | undefined> = process.env) => loadConfig('orders', ordersConfigSchema, env);
