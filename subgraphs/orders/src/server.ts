/**
 * The orders subgraph: accounts, carts and the order read model. Opens its schema,
 * runs migrations, syncs accounts and orders from the ERP and creates demo carts on first start, then serves GraphQL.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'graphql';
import { createErpPorts, type ErpPorts } from '@portal/erp/port';
import { openServiceDatabase } from '@portal/platform/db';
import { createLogger } from '@portal/platform/logger';
import type { RunningService } from '@portal/platform/service';
import { startSubgraph } from '@portal/platform/subgraph';
import type { OrdersConfig } from './config.js';
import { entities } from './entities/index.js';
import { seedDemoCarts } from './demo-carts.js';
import { syncOrdersMaster } from './erp/master-sync.js';
import { createLoaders } from './loaders.js';
import { migrations } from './migrations/index.js';
import { resolvers } from './resolvers/index.js';

export const typeDefs = parse(readFileSync(new URL('./schema.graphql', import.meta.url), 'utf8'));

export interface StartOptions {
  config: OrdersConfig;
  databaseUrl: string;
  port?: number;
  erp?: ErpPorts;
}

export async function startOrders(opts: StartOptions): Promise<RunningService> {
  const logger = createLogger('orders', opts.config.LOG_LEVEL);
  const orm = await openServiceDatabase({ schema: 'orders', url: opts.databaseUrl, entities, migrations, logger });
  const erp = opts.erp ?? createErpPorts(opts.config);
  await syncOrdersMaster(erp.orders, orm.em.fork(), logger);
  if (opts.config.DEMO_CARTS) await seedDemoCarts(orm.em.fork(), logger);
  return startSubgraph({
    name: 'orders',
    typeDefs,
    resolvers,
    orm,
    config: opts.config,
    port: opts.port ?? opts.config.ORDERS_PORT,
    logger,
    createLoaders: (em) => createLoaders(em),
    onClose: () => orm.close(true),
  });
}
export { loadOrdersConfig } from './config.js';
