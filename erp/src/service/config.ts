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
});
export type ErpConfig = z.infer<typeof erpConfigSchema>;

export const loadErpConfig = (env: Record<string, string | undefined> = process.env) => loadConfig('erp', erpConfigSchema, env);
