/** Pricing subgraph configuration. */
import { z } from 'zod';
import { baseConfig, envBool, envPort, loadConfig } from '@portal/platform/config';
import { erpPortConfig } from '@portal/erp/port';

export const pricingConfigSchema = baseConfig.extend(erpPortConfig.shape).extend({
  PRICING_PORT: envPort.default(4101),
  /** How long a quote stays acceptable at submit. */
  PRICING_QUOTE_TTL_HOURS: z.coerce
    .number()
    .min(0.01)
    .max(24 * 30)
    .default(24),
  /** Re-run the full contract sync every N hours (0 = only at first start). */
  PRICING_FULL_SYNC_HOURS: z.coerce
    .number()
    .min(0)
    .max(24 * 30)
    .default(24),
  /** Follow the ERP change feed for condition changes. */
  PRICING_FEED: envBool.default(true),
  /** Long-poll wait per feed request. */
  PRICING_FEED_WAIT_MS: z.coerce.number().int().min(0).max(30_000).default(10_000),
});
export type PricingConfig = z.infer<typeof pricingConfigSchema>;
export const loadPricingConfig = (env: Record<string, string | undefined> = process.env) => loadConfig('pricing', pricingConfigSchema, env);
