/**
 * The orders subgraph: accounts, carts and the order read model. Opens its schema, runs migrations,
 * syncs accounts and orders from the ERP and creates demo carts on first start, then serves GraphQL.
 */
import { createBusinessClock, createErpPorts, type ErpPorts } from '@portal/erp/port';
import type { RunningService } from '@portal/platform/service';
import { internalClient } from '@portal/platform/internal-client';
import { startSubgraphService } from '@portal/platform/subgraph';
import { hostname } from 'node:os';
import { orderFeed } from './erp/order-feed.js';
import { consumeInvoiceEvents } from './erp/invoice-events.js';
import { startTimelineWorkers } from './timeline.js';
import { TimelineFanout } from './timeline-fanout.js';
import { startOutboxWorker } from './order-outbox.js';
import type { OrdersDeps } from './deps.js';
import type { OrdersConfig } from './config.js';
import { entities } from './entities/index.js';
import { seedDemoCarts, seedDemoSpendingLimits } from './demo-carts.js';
import { settleSubmittingCarts } from './place-order.js';
import { syncOrdersMaster } from './erp/master-sync.js';
import { syncWarehouses } from './erp/warehouse-sync.js';
import { createCommands } from './commands.js';
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
  const clock = createBusinessClock(erp.clock);
  const pricing = internalClient({ baseUrl: opts.config.ORDERS_PRICING_URL, secret: opts.config.INTERNAL_HMAC_SECRET, service: 'pricing' });
  let submitDeps: OrdersDeps | undefined;
  let timelineFanout: TimelineFanout | undefined;
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
    createLoaders: (em) => ({
      ...createLoaders(em, () => clock.today()),
      ...createCommands(em, inventory, () => submitDeps!),
      timelineFanout: timelineFanout!,
    }),
    bus: true,
    subscriptions: true,
    prepare: async ({ orm, logger, bus }) => {
      const feed = opts.config.ORDERS_FEED ? orderFeed(erp.events, orm.em.fork(), logger, opts.config.ORDERS_FEED_WAIT_MS) : undefined;
      // The feed starts where the ERP's was when the first full sync began: no replay of history the
      // export already holds (which would show old states again while catching up), no gap either.
      await feed?.initialise(() => erp.events.head());
      await syncOrdersMaster(erp.orders, orm.em.fork(), logger);
      await syncWarehouses(erp.inventory, orm.em.fork(), logger);
      if (opts.config.DEMO_CARTS) {
        await seedDemoCarts(orm.em.fork(), logger);
        await seedDemoSpendingLimits(orm.em.fork(), logger);
      }
      // A submit whose process died between taking the snapshot and placing the order left its cart SUBMITTING.
      const staleMs = opts.config.ORDERS_SUBMITTING_STALE_MS;
      await settleSubmittingCarts(orm, logger, staleMs);
      const deps: OrdersDeps = {
        orm,
        erp: erp.orders,
        pricing,
        inventory,
        logger,
        submitBudgetMs: opts.config.ORDERS_SUBMIT_BUDGET_MS,
        submitChecksMs: opts.config.ORDERS_SUBMIT_CHECKS_MS,
        erpActionBudgetMs: opts.config.ORDERS_ERP_ACTION_BUDGET_MS,
        // A delivery is left to its claimer for as long as the ERP may take to answer it, and a bit.
        outboxLeaseMs: opts.config.ERP_TIMEOUT_MS + 5000,
        clock,
      };
      submitDeps = deps;
      // Entries the ERP could not take yet (orders, exception decisions) are retried until done.
      const stopOutbox = startOutboxWorker(deps, opts.config.ORDERS_OUTBOX_INTERVAL_MS, () => settleSubmittingCarts(orm, logger, staleMs));
      feed?.start();
      // The timeline: appended events go onto the bus (for other replicas' subscribers and other
      // consumers), and billing from the invoices subgraph comes onto the order timelines.
      const port = opts.port ?? opts.config.ORDERS_PORT;
      const workers = await startTimelineWorkers({
        orm,
        bus: bus!,
        logger,
        instanceId: opts.config.ORDERS_INSTANCE_ID ?? `${hostname()}-${port}`,
        watchMs: opts.config.ORDERS_SUBSCRIPTION_POLL_MS,
      });
      // Live subscriptions: each appended event read once, delivered in memory (timeline-fanout.ts).
      const fanout = (timelineFanout = new TimelineFanout(orm, { logger, bufferLimit: opts.config.ORDERS_SUBSCRIPTION_BUFFER }));
      const invoiceEvents = await consumeInvoiceEvents(orm, bus!, logger);
      return {
        close: async () => {
          await Promise.all([stopOutbox(), feed?.stop()]);
          await invoiceEvents.close();
          fanout.close();
          await workers.close();
        },
      };
    },
  });
}
