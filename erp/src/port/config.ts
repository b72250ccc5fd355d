/**
 * Which ERP the portal talks to, chosen by configuration alone. Today: the reference ERP over
 * HTTP. Subgraphs call `createErpPorts(config)` and never know which adapter they got.
 */
import { z } from 'zod';
import { createReferenceErp } from './reference.js';
import type { ErpPorts } from './types.js';

export const erpPortConfig = z.object({
  ERP: z.enum(['reference']).default('reference'),
  ERP_URL: z.string().url().default('http://127.0.0.1:4100'),
  ERP_API_KEY: z.string().min(8).default('portal-dev-erp-key'),
  ERP_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
});
export type ErpPortConfig = z.infer<typeof erpPortConfig>;

export function createErpPorts(cfg: ErpPortConfig): ErpPorts {
  switch (cfg.ERP) {
    case 'reference':
      return createReferenceErp({ baseUrl: cfg.ERP_URL, apiKey: cfg.ERP_API_KEY, timeoutMs: cfg.ERP_TIMEOUT_MS });
  }
}
