/**
 * The orders subgraph: accounts, carts and the order read model. Opens its schema, runs migrations,
 * syncs accounts and orders from the ERP and creates demo carts on first start, then serves GraphQL.
 */
import { createErpPorts, type ErpPorts } from '@portal/erp/port';
import type { RunningService } from '@portal/platform/service';
import { internalClient } from '@portal/platform/internal-client';
import { startSubgraphService } from '@portal/platform/subgraph';
import type { OrdersConfig } from './config.js';
import { entities } from './entities/index.js';
import { seedDemoCarts } from './demo-carts.js';
import { syncOrdersMaster } from './erp/master-sync.js';
import { createLoaders } from './loaders.js';
import { migrations } from './migrations/index.js';
import { resolvers } from './resolvers/index.js';

export { loadOrdersConfig } from './config.js';

export interface StartOptions {
  config: OrdersConfig;
  databaseUrl: string;
  port?: number;
  erp?: ErpPorts;
}

export function startOrders(opts: StartOptions): Promise<RunningService> {
  const erp = opts.erp ?? createErpPorts(opts.config);
  const inventory = internalClient({
    baseUrl: opts.config.ORDERS_INVENTORY_URL,
    secret: opts.config.INTERNAL_HMAC_SECRET,
    service: 'inventory',
  });
  return startSubgraphService({
    name: 'orders',
    schemaFile: new URL('./schema.graphql', import.meta.url),
    entities,
    migrations,
    resolvers,
    config: opts.config,
    databaseUrl: opts.databaseUrl,
    port: opts.port ?? opts.config.ORDERS_PORT,
    createLoaders: (em) => createLoaders(em, inventory),
    prepare: async ({ orm, logger }) => {
      await syncOrdersMaster(erp.orders, orm.em.fork(), logger);
      if (opts.config.DEMO_CARTS) await seedDemoCarts(orm.em.fork(), logger);
    },
  });
}
