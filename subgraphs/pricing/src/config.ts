/** Pricing subgraph configuration. */
import type { z } from 'zod';
import { baseConfig, envPort, loadConfig } from '@portal/platform/config';
import { erpPortConfig } from '@portal/erp/port';

export const pricingConfigSchema = baseConfig.extend(erpPortConfig.shape).extend({ PRICING_PORT: envPort.default(4101) });
export type PricingConfig = z.infer<typeof pricingConfigSchema>;
export const loadPricingConfig = (env: Record<string, string | undefined> = process.env) => loadConfig('pricing', pricingConfigSchema, env);
