/**
 * The pricing subgraph: contract prices with their basis and breakdown. Opens its schema,
 * runs migrations, syncs conditions and customer pricing data from the ERP on first start, then serves GraphQL.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'graphql';
import { createErpPorts, type ErpPorts } from '@portal/erp/port';
import { openServiceDatabase } from '@portal/platform/db';
import { createLogger } from '@portal/platform/logger';
import type { RunningService } from '@portal/platform/service';
import { startSubgraph } from '@portal/platform/subgraph';
import type { PricingConfig } from './config.js';
import { entities } from './entities/index.js';
import { syncPricing } from './erp/contract-sync.js';
import { createLoaders } from './loaders.js';
import { migrations } from './migrations/index.js';
import { resolvers } from './resolvers/index.js';

export const typeDefs = parse(readFileSync(new URL('./schema.graphql', import.meta.url), 'utf8'));

export interface StartOptions {
  config: PricingConfig;
  databaseUrl: string;
  port?: number;
  erp?: ErpPorts;
}

export async function startPricing(opts: StartOptions): Promise<RunningService> {
  const logger = createLogger('pricing', opts.config.LOG_LEVEL);
  const orm = await openServiceDatabase({ schema: 'pricing', url: opts.databaseUrl, entities, migrations, logger });
  const erp = opts.erp ?? createErpPorts(opts.config);
  await syncPricing(erp.pricing, orm.em.fork(), logger);
  return startSubgraph({
    name: 'pricing',
    typeDefs,
    resolvers,
    orm,
    config: opts.config,
    port: opts.port ?? opts.config.PRICING_PORT,
    logger,
    createLoaders: (em, viewer) => createLoaders(em, viewer),
    onClose: () => orm.close(true),
  });
}
export { loadPricingConfig } from './config.js';
