/**
 * The pricing subgraph: contract prices with their basis and breakdown, tiers, cart totals and
 * quotes. Opens its schema, runs migrations, runs the full contract sync on first start (and every
 * PRICING_FULL_SYNC_HOURS), follows the ERP change feed for condition changes, serves GraphQL and
 * the internal quote API.
 */
import { createBusinessClock, createErpPorts, type ErpPorts } from '@portal/erp/port';
import type { RunningService } from '@portal/platform/service';
import { startSubgraphService } from '@portal/platform/subgraph';
import { SyncState } from '@portal/platform/sync';
import type { PricingConfig } from './config.js';
import { PriceCondition, entities } from './entities/index.js';
import { conditionFeed } from './erp/condition-feed.js';
import { syncPricing } from './erp/contract-sync.js';
import { internalRoutes } from './internal-api.js';
import { CustomerPricingCache } from './customer-cache.js';
import { createLoaders } from './loaders.js';
import { migrations } from './migrations/index.js';
import { createResolvers } from './resolvers/index.js';
import type { FeedConsumer } from '@portal/platform/feed';

export { loadPricingConfig } from './config.js';

export interface StartOptions {
  config: PricingConfig;
  databaseUrl: string;
  port?: number;
  erp?: ErpPorts;
  /** Progress of the first full sync (pages of condition records), for a terminal. */
  onProgress?: (message: string) => void;
}

export interface RunningPricing extends RunningService {
  feed: FeedConsumer | undefined;
}

export async function startPricing(opts: StartOptions): Promise<RunningPricing> {
  const erp = opts.erp ?? createErpPorts(opts.config);
  const clock = createBusinessClock(erp.clock);
  const customers = new CustomerPricingCache();
  let feed: FeedConsumer | undefined;
  const service = await startSubgraphService({
    name: 'pricing',
    schemaFile: new URL('./schema.graphql', import.meta.url),
    entities,
    migrations,
    resolvers: ({ orm }) =>
      createResolvers({
        quoteTtlHours: opts.config.PRICING_QUOTE_TTL_HOURS,
        async status() {
          const em = orm.em.fork();
          const full = await em.findOne(SyncState, { name: 'conditions' });
          const s = feed?.snapshot();
          return {
            fullSyncRows: full?.rows ?? 0,
            fullSyncCompletedAt: full?.completedAt ?? null,
            feedCursor: s?.cursor ?? 0,
            feedRunning: s?.running ?? false,
            lastEventAt: s?.lastEventAt ?? null,
            lagSeconds: s?.lagSeconds ?? null,
            eventsApplied: s?.applied ?? 0,
            eventsIgnored: s?.ignored ?? 0,
            duplicatesSkipped: s?.duplicates ?? 0,
            feedErrors: s?.errors ?? 0,
            lastError: s?.lastError ?? null,
            conditionRecords: await em.count(PriceCondition, {}),
          };
        },
      }),
    config: opts.config,
    databaseUrl: opts.databaseUrl,
    port: opts.port ?? opts.config.PRICING_PORT,
    createLoaders: (em, viewer) => createLoaders(em, viewer, () => clock.now(), customers),
    async prepare({ orm, logger }) {
      await syncPricing(erp.pricing, orm.em.fork(), logger, false, (p) =>
        opts.onProgress?.(
          `contract sync: ${p.rows.toLocaleString('en')} ${p.sync} rows, ${p.rowsPerSecond.toLocaleString('en')} rows/s${p.done ? ', merged' : ''}`,
        ),
      );
      customers.clear();
      if (opts.config.PRICING_FEED) {
        feed = conditionFeed(erp.events, orm.em.fork(), logger, opts.config.PRICING_FEED_WAIT_MS);
        feed.start();
      }
      let syncing = false;
      const timer =
        opts.config.PRICING_FULL_SYNC_HOURS > 0
          ? setInterval(() => {
              if (syncing) return;
              syncing = true;
              syncPricing(erp.pricing, orm.em.fork(), logger, true)
                .then(() => customers.clear())
                .catch((err: unknown) => logger.error({ err }, 'scheduled full sync failed'))
                .finally(() => (syncing = false));
            }, opts.config.PRICING_FULL_SYNC_HOURS * 3_600_000)
          : undefined;
      timer?.unref();
      return {
        routes: internalRoutes({ orm, erp: erp.pricing, clock, config: opts.config, quoteTtlHours: opts.config.PRICING_QUOTE_TTL_HOURS }),
        async close() {
          if (timer) clearInterval(timer);
          await feed?.stop();
        },
      };
    },
  });
  return { ...service, feed };
}
