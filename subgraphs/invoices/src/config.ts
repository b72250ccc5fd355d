/** Invoices subgraph configuration. */
import { z } from 'zod';
import { documentUrlConfig } from '@portal/platform/auth';
import { baseConfig, envBool, envPort, loadConfig } from '@portal/platform/config';
import { erpPortConfig } from '@portal/erp/port';

export const invoicesConfigSchema = baseConfig
  .extend(erpPortConfig.shape)
  .extend(documentUrlConfig.shape)
  .extend({
    INVOICES_PORT: envPort.default(4104),
    /** Follow the ERP change feed for postings, credit memos and payments. */
    INVOICES_FEED: envBool.default(true),
    INVOICES_FEED_WAIT_MS: z.coerce.number().int().min(0).max(30_000).default(10_000),
    /** Safety-net interval of the bus outbox worker (it also runs right after each feed page). */
    INVOICES_OUTBOX_INTERVAL_MS: z.coerce.number().int().min(50).max(600_000).default(1000),
    /** The gateway's public origin for document links (e.g. https://portal.example.com); empty = root-relative links. */
    INVOICES_DOCUMENT_BASE_URL: z
      .string()
      .default('')
      .refine((v) => v === '' || /^https?:\/\/[^/?#]+$/.test(v.replace(/\/$/, '')), 'an origin like https://portal.example.com'),
    /** How long a signed document link stays valid. */
    DOCUMENT_URL_TTL_SECONDS: z.coerce.number().int().min(10).max(86_400).default(300),
  });
export type InvoicesConfig = z.infer<typeof invoicesConfigSchema>;
export const loadInvoicesConfig = (env: Record<string, string | undefined> = process.env) =>
  loadConfig('invoices', invoicesConfigSchema, env);
