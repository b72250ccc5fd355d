/**
 * The inventory subgraph: the item master (and, with the ATP issue, availability). Opens its schema, runs migrations,
 * syncs the item master from the ERP on first start, then serves GraphQL.
 */
import { createErpPorts, type ErpPorts } from '@portal/erp/port';
import type { RunningService } from '@portal/platform/service';
import { startSubgraphService } from '@portal/platform/subgraph';
import type { InventoryConfig } from './config.js';
import { entities } from './entities/index.js';
import { syncItems } from './erp/item-sync.js';
import { createLoaders } from './loaders.js';
import { migrations } from './migrations/index.js';
import { resolvers } from './resolvers/index.js';

export { loadInventoryConfig } from './config.js';

export interface StartOptions {
  config: InventoryConfig;
  databaseUrl: string;
  port?: number;
  erp?: ErpPorts;
}

export function startInventory(opts: StartOptions): Promise<RunningService> {
  const erp = opts.erp ?? createErpPorts(opts.config);
  return startSubgraphService({
    name: 'inventory',
    schemaFile: new URL('./schema.graphql', import.meta.url),
    entities,
    migrations,
    resolvers,
    config: opts.config,
    databaseUrl: opts.databaseUrl,
    port: opts.port ?? opts.config.INVENTORY_PORT,
    createLoaders: (em) => createLoaders(em),
    prepare: async ({ orm, logger }) => {
      await syncItems(erp.inventory, orm.em.fork(), logger);
    },
  });
}
