/**
 * The inventory subgraph: the item master (full sync on first start, then ERP item changes from
 * the change feed) and availability (batched ERP ATP with a short cache ended by stock and order
 * events, a time budget and honest degradation), plus the internal re-check API for submit.
 */
import { createBusinessClock, createErpPorts, type ErpPorts } from '@portal/erp/port';
import type { FeedConsumer } from '@portal/platform/feed';
import type { RunningService } from '@portal/platform/service';
import { startSubgraphService } from '@portal/platform/subgraph';
import { AvailabilityService } from './availability-service.js';
import type { InventoryConfig } from './config.js';
import { Item, entities } from './entities/index.js';
import { itemFeed } from './erp/item-feed.js';
import { syncItems } from './erp/item-sync.js';
import { internalRoutes } from './internal-api.js';
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

export interface RunningInventory extends RunningService {
  feed: FeedConsumer | undefined;
  availability: AvailabilityService;
}

export async function startInventory(opts: StartOptions): Promise<RunningInventory> {
  const erp = opts.erp ?? createErpPorts(opts.config);
  const clock = createBusinessClock(erp.clock);
  let feed: FeedConsumer | undefined;
  let availability: AvailabilityService | undefined;
  const service = await startSubgraphService({
    name: 'inventory',
    schemaFile: new URL('./schema.graphql', import.meta.url),
    entities,
    migrations,
    resolvers,
    config: opts.config,
    databaseUrl: opts.databaseUrl,
    port: opts.port ?? opts.config.INVENTORY_PORT,
    createLoaders: (em, viewer) => createLoaders(em, viewer, availability!),
    async prepare({ orm, logger }) {
      await syncItems(erp.inventory, orm.em.fork(), logger);
      await clock.now();
      availability = new AvailabilityService(erp.inventory, {
        budgetMs: opts.config.INVENTORY_ATP_BUDGET_MS,
        cacheMs: opts.config.INVENTORY_ATP_CACHE_MS,
        logger,
        // The last known business time (no waiting on an ERP that is down); a refresh runs behind it for next time.
        businessNow() {
          clock.now().catch(() => {});
          return new Date(clock.peek().at);
        },
        async leadTimeOf(skus) {
          const rows = await orm.em.fork().find(Item, { sku: { $in: skus } }, { fields: ['sku', 'leadTimeDays'] });
          return new Map(rows.map((r) => [r.sku, r.leadTimeDays]));
        },
      });
      if (opts.config.INVENTORY_FEED) {
        feed = itemFeed(erp.events, orm.em.fork(), logger, availability, opts.config.INVENTORY_FEED_WAIT_MS);
        feed.start();
      }
      return {
        routes: internalRoutes({
          availability,
          config: opts.config,
          async lookupItems(skus) {
            const rows = await orm.em.fork().find(Item, { sku: { $in: skus } });
            return rows.map((r) => ({
              sku: r.sku,
              name: r.name,
              discontinued: r.discontinued ?? false,
              successorSku: r.successorSku ?? null,
            }));
          },
        }),
        close: async () => {
          await feed?.stop();
        },
      };
    },
  });
  return { ...service, feed, availability: availability! };
}
