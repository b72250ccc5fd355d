/** Configuration of the reference ERP service. */
import { z } from 'zod';
import { baseConfig, envPort, loadConfig } from '@portal/platform/config';

export const DEV_ERP_API_KEY = 'portal-dev-erp-key';

export const erpConfigSchema = baseConfig.extend({
  ERP_PORT: envPort.default(4100),
  /** Key the portal presents to the ERP (`x-erp-api-key`). */
  ERP_API_KEY: z.string().min(8).default(DEV_ERP_API_KEY),
  /** `demo` loads the demo blueprint into an empty ERP; `none` starts empty. */
  ERP_SEED: z.enum(['demo', 'none']).default('demo'),
  /** Seed number of the demo blueprint (same number, same data). */
  ERP_SEED_NUMBER: z.coerce.number().int().default(42),
  /** Start the business clock at this instant (ISO) on first start; default: real time. */
  ERP_CLOCK_START: z.string().datetime().optional(),
  /** How often the fulfilment engine runs (real ms); 0 = only on clock advance or explicit runs. */
  ERP_FULFILMENT_INTERVAL_MS: z.coerce.number().int().min(0).default(5000),
});
export type ErpConfig = z.infer<typeof erpConfigSchema>;

export const loadErpConfig = (env: Record<string, string | undefined> = process.env) => loadConfig('erp', erpConfigSchema, env);
