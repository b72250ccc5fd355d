/** Invoices subgraph configuration. */
import type { z } from 'zod';
import { baseConfig, envPort, loadConfig } from '@portal/platform/config';
import { erpPortConfig } from '@portal/erp/port';

export const invoicesConfigSchema = baseConfig.extend(erpPortConfig.shape).extend({ INVOICES_PORT: envPort.default(4104) });
export type InvoicesConfig = z.infer<typeof invoicesConfigSchema>;
export const loadInvoicesConfig = (env: Record<string, string | undefined> = process.env) =>
  loadConfig('invoices', invoicesConfigSchema, env);
