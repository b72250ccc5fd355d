/**
 * The invoices subgraph: invoices, credit memos, payments, balances and document links. Opens its
 * schema, runs migrations, takes the ERP feed's head, runs the first full sync of billing, then
 * follows the change feed (publishing postings, payments and credits on the bus through the
 * outbox) and serves GraphQL plus the internal document route for the gateway.
 */
import { createBusinessClock, createErpPorts, type ErpPorts } from '@portal/erp/port';
import type { RunningService } from '@portal/platform/service';
import { startSubgraphService } from '@portal/platform/subgraph';
import type { InvoicesConfig } from './config.js';
import { entities } from './entities/index.js';
import { billingFeed } from './erp/billing-feed.js';
import { syncBilling } from './erp/billing-sync.js';
import { internalRoutes } from './internal-api.js';
import { createLoaders } from './loaders.js';
import { migrations } from './migrations/index.js';
import { startOutboxWorker } from './outbox.js';
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
  const clock = createBusinessClock(erp.clock);
  const { config } = opts;
  const documents = {
    secret: config.DOCUMENT_URL_SECRET,
    ttlSeconds: config.DOCUMENT_URL_TTL_SECONDS,
    baseUrl: config.INVOICES_DOCUMENT_BASE_URL.replace(/\/$/, ''),
    contentType: erp.invoices.documentContentType,
  };
  return startSubgraphService({
    name: 'invoices',
    schemaFile: new URL('./schema.graphql', import.meta.url),
    entities,
    migrations,
    resolvers,
    config,
    databaseUrl: opts.databaseUrl,
    port: opts.port ?? config.INVOICES_PORT,
    bus: true,
    createLoaders: (em, viewer) =>
      createLoaders(
        em,
        viewer,
        documents,
        () => clock.today(),
        (id) => erp.invoices.creditBalance(id),
      ),
    prepare: async ({ orm, logger, bus }) => {
      if (!bus) throw new Error('the invoices subgraph needs the event bus');
      const outbox = startOutboxWorker(orm, bus, logger, config.INVOICES_OUTBOX_INTERVAL_MS);
      const feed = config.INVOICES_FEED
        ? billingFeed({ events: erp.events, em: orm.em.fork(), logger, waitMs: config.INVOICES_FEED_WAIT_MS, onPoll: outbox.kick })
        : undefined;
      // The feed starts where the ERP's was when the first full sync began: the export holds
      // everything before it, and the feed replaces a synced invoice only with a newer snapshot.
      await feed?.initialise(() => erp.events.head());
      await syncBilling(erp.invoices, orm.em.fork(), logger, feed ? await feed.cursor() : 0);
      feed?.start();
      return {
        routes: internalRoutes({ orm, erp: erp.invoices, config }),
        close: async () => {
          await feed?.stop();
          await outbox.stop();
        },
      };
    },
  });
}
