/**
 * The inventory subgraph: item master (and, with the ATP issue, availability). Opens its schema,
 * runs migrations, syncs the item master from the ERP on first start, then serves GraphQL.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'graphql';
import { createErpPorts, type ErpPorts } from '@portal/erp/port';
import { openServiceDatabase } from '@portal/platform/db';
import { createLogger } from '@portal/platform/logger';
import type { RunningService } from '@portal/platform/service';
import { startSubgraph } from '@portal/platform/subgraph';
import type { InventoryConfig } from './config.js';
import { entities } from './entities/index.js';
import { syncItems } from './erp/item-sync.js';
import { createLoaders } from './loaders.js';
import { migrations } from './migrations/index.js';
import { resolvers } from './resolvers/index.js';

export const typeDefs = parse(readFileSync(new URL('./schema.graphql', import.meta.url), 'utf8'));

export interface StartOptions {
  config: InventoryConfig;
  databaseUrl: string;
  port?: number;
  erp?: ErpPorts;
}

export async function startInventory(opts: StartOptions): Promise<RunningService> {
  const logger = createLogger('inventory', opts.config.LOG_LEVEL);
  const orm = await openServiceDatabase({ schema: 'inventory', url: opts.databaseUrl, entities, migrations, logger });
  const erp = opts.erp ?? createErpPorts(opts.config);
  await syncItems(erp.inventory, orm.em.fork(), logger);
  return startSubgraph({
    name: 'inventory',
    typeDefs,
    resolvers,
    orm,
    config: opts.config,
    port: opts.port ?? opts.config.INVENTORY_PORT,
    logger,
    createLoaders: (em) => createLoaders(em),
    onClose: () => orm.close(true),
  });
}
export { loadInventoryConfig } from './config.js';
