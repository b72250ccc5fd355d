/**
 * The invoices subgraph: invoices and balances. Opens its schema,
 * runs migrations, syncs invoices from the ERP on first start, then serves GraphQL.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'graphql';
import { createErpPorts, type ErpPorts } from '@portal/erp/port';
import { openServiceDatabase } from '@portal/platform/db';
import { createLogger } from '@portal/platform/logger';
import type { RunningService } from '@portal/platform/service';
import { startSubgraph } from '@portal/platform/subgraph';
import type { InvoicesConfig } from './config.js';
import { entities } from './entities/index.js';
import { syncInvoices } from './erp/invoice-sync.js';
import { createLoaders } from './loaders.js';
import { migrations } from './migrations/index.js';
import { resolvers } from './resolvers/index.js';

export const typeDefs = parse(readFileSync(new URL('./schema.graphql', import.meta.url), 'utf8'));

export interface StartOptions {
  config: InvoicesConfig;
  databaseUrl: string;
  port?: number;
  erp?: ErpPorts;
}

export async function startInvoices(opts: StartOptions): Promise<RunningService> {
  const logger = createLogger('invoices', opts.config.LOG_LEVEL);
  const orm = await openServiceDatabase({ schema: 'invoices', url: opts.databaseUrl, entities, migrations, logger });
  const erp = opts.erp ?? createErpPorts(opts.config);
  await syncInvoices(erp.invoices, orm.em.fork(), logger);
  return startSubgraph({
    name: 'invoices',
    typeDefs,
    resolvers,
    orm,
    config: opts.config,
    port: opts.port ?? opts.config.INVOICES_PORT,
    logger,
    createLoaders: (em, viewer) => createLoaders(em, viewer),
    onClose: () => orm.close(true),
  });
}
export { loadInvoicesConfig } from './config.js';
