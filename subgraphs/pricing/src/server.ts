/**
 * The pricing subgraph: contract prices with their basis and breakdown. Opens its schema, runs migrations,
 * syncs conditions and customer pricing data from the ERP on first start, then serves GraphQL.
 */
import { createErpPorts, type ErpPorts } from '@portal/erp/port';
import type { RunningService } from '@portal/platform/service';
import { startSubgraphService } from '@portal/platform/subgraph';
import type { PricingConfig } from './config.js';
import { entities } from './entities/index.js';
import { syncPricing } from './erp/contract-sync.js';
import { createLoaders } from './loaders.js';
import { migrations } from './migrations/index.js';
import { resolvers } from './resolvers/index.js';

export { loadPricingConfig } from './config.js';

export interface StartOptions {
  config: PricingConfig;
  databaseUrl: string;
  port?: number;
  erp?: ErpPorts;
}

export function startPricing(opts: StartOptions): Promise<RunningService> {
  const erp = opts.erp ?? createErpPorts(opts.config);
  return startSubgraphService({
    name: 'pricing',
    schemaFile: new URL('./schema.graphql', import.meta.url),
    entities,
    migrations,
    resolvers,
    config: opts.config,
    databaseUrl: opts.databaseUrl,
    port: opts.port ?? opts.config.PRICING_PORT,
    createLoaders: (em, viewer) => createLoaders(em, viewer),
    prepare: ({ orm, logger }) => syncPricing(erp.pricing, orm.em.fork(), logger),
  });
}
