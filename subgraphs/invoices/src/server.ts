/**
 * The invoices subgraph: invoices and balances. Opens its schema, runs migrations,
 * syncs invoices from the ERP on first start, then serves GraphQL.
 */
import { createErpPorts, type ErpPorts } from '@portal/erp/port';
import type { RunningService } from '@portal/platform/service';
import { startSubgraphService } from '@portal/platform/subgraph';
import type { InvoicesConfig } from './config.js';
import { entities } from './entities/index.js';
import { syncInvoices } from './erp/invoice-sync.js';
import { createLoaders } from './loaders.js';
import { migrations } from './migrations/index.js';
import { resolvers } from './resolvers/index.js';

export { loadInvoicesConfig } from './config.js';

export interface StartOptions {
  config: InvoicesConfig;
  databaseUrl: string;
  port?: number;
  erp?: ErpPorts;
}

export function startInvoices(opts: StartOptions): Promise<RunningService> {
  const erp = opts.erp ?? createErpPorts(opts.config);
  return startSubgraphService({
    name: 'invoices',
    schemaFile: new URL('./schema.graphql', import.meta.url),
    entities,
    migrations,
    resolvers,
    config: opts.config,
    databaseUrl: opts.databaseUrl,
    port: opts.port ?? opts.config.INVOICES_PORT,
    createLoaders: (em, viewer) => createLoaders(em, viewer),
    prepare: async ({ orm, logger }) => {
      await syncInvoices(erp.invoices, orm.em.fork(), logger);
    },
  });
}
