/**
 * Which ERP the portal talks to, chosen by configuration alone: the reference ERP over HTTP
 * (`ERP=reference`) or Tryton 6.0 over JSON-RPC (`ERP=tryton`). Subgraphs call
 * `createErpPorts(config)` and never know which adapter they got.
 */
import { z } from 'zod';
import { createReferenceErp } from './reference.js';
import { createTrytonErp } from './tryton/adapter.js';
import type { ErpPorts } from './types.js';

export const erpPortConfig = z.object({
  ERP: z.enum(['reference', 'tryton']).default('reference'),
  ERP_URL: z.string().url().default('http://127.0.0.1:4100'),
  ERP_API_KEY: z.string().min(8).default('portal-dev-erp-key'),
  ERP_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
  TRYTON_URL: z.string().url().default('http://127.0.0.1:8010'),
  TRYTON_DATABASE: z.string().min(1).default('portal_tryton'),
  TRYTON_USER: z.string().min(1).default('admin'),
  TRYTON_PASSWORD: z.string().min(1).default('admin-portal-dev'),
  /** How often the change-feed poller asks Tryton again while a consumer long-polls. */
  TRYTON_POLL_INTERVAL_MS: z.coerce.number().int().min(100).max(60_000).default(1_000),
});
export type ErpPortConfig = z.infer<typeof erpPortConfig>;

export function createErpPorts(cfg: ErpPortConfig): ErpPorts {
  switch (cfg.ERP) {
    case 'reference':
      return createReferenceErp({ baseUrl: cfg.ERP_URL, apiKey: cfg.ERP_API_KEY, timeoutMs: cfg.ERP_TIMEOUT_MS });
    case 'tryton':
      return createTrytonErp({
        url: cfg.TRYTON_URL,
        database: cfg.TRYTON_DATABASE,
        user: cfg.TRYTON_USER,
        password: cfg.TRYTON_PASSWORD,
        timeoutMs: cfg.ERP_TIMEOUT_MS,
        pollIntervalMs: cfg.TRYTON_POLL_INTERVAL_MS,
      });
  }
}
