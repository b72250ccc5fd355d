/**
 * Compose the whole stack in one process: database (a server, or embedded PGlite), the reference
 * ERP, the four subgraphs and the gateway. `pnpm start` and the end-to-end tests use this; in
 * production each service starts on its own (`pnpm --filter … start`).
 */
import { loadErpConfig } from '@portal/reference-erp/config';
import { startErpService } from '@portal/reference-erp';
import { loadGatewayConfig } from '@portal/gateway/config';
import { startGateway } from '@portal/gateway';
import { loadInventoryConfig, startInventory } from '@portal/inventory';
import { loadInvoicesConfig, startInvoices } from '@portal/invoices';
import { loadOrdersConfig, startOrders } from '@portal/orders';
import { loadPricingConfig, startPricing } from '@portal/pricing';
import { startEmbeddedPostgres } from '@portal/platform/db';
import type { RunningService } from '@portal/platform/service';

/** NODE_ENV as the process was started: a library that sets it later must not turn services to production. */
const NODE_ENV_AT_LOAD = process.env.NODE_ENV;

export const SUBGRAPHS = ['pricing', 'inventory', 'orders', 'invoices'] as const;
export type SubgraphName = (typeof SUBGRAPHS)[number];
export type ServiceName = 'erp' | SubgraphName | 'gateway';

export const DEFAULT_PORTS: Record<ServiceName, number> = {
  gateway: 4000,
  erp: 4100,
  pricing: 4101,
  inventory: 4102,
  orders: 4103,
  invoices: 4104,
};

export interface StackOptions {
  /** Use this Postgres server; else an embedded PGlite. */
  databaseUrl?: string;
  /** Embedded PGlite data directory; omit for an in-memory database. */
  dataDir?: string;
  /** Ports per service; 0 = any free port. Defaults to all random. */
  ports?: Partial<Record<ServiceName, number>>;
  /**
   * The environment every service is configured from. `pnpm start` passes the environment it was
   * started with, taken before anything ran; default: `process.env` now, except `NODE_ENV`, which
   * is taken as it was when the launcher was loaded (build tools such as vite set it on the fly).
   */
  baseEnv?: Record<string, string | undefined>;
  /** Extra environment for every service's config (on top of `baseEnv`). */
  env?: Record<string, string | undefined>;
  supergraphPath?: string;
  onProgress?: (message: string) => void;
}

export interface Stack {
  gatewayUrl: string;
  databaseUrl: string;
  embedded: boolean;
  services: Record<ServiceName, RunningService>;
  /** Stop everything: gateway, subgraphs, ERP, then the embedded database. */
  close(): Promise<void>;
}

export async function startStack(opts: StackOptions = {}): Promise<Stack> {
  const progress = opts.onProgress ?? (() => {});
  const env = { ...(opts.baseEnv ?? { ...process.env, NODE_ENV: NODE_ENV_AT_LOAD }), ...opts.env };
  const port = (s: ServiceName) => opts.ports?.[s] ?? 0;
  const started: RunningService[] = [];
  let stopDb: (() => Promise<void>) | undefined;
  try {
    let databaseUrl = opts.databaseUrl;
    if (!databaseUrl) {
      progress(opts.dataDir ? `starting embedded Postgres (PGlite) in ${opts.dataDir}` : 'starting embedded Postgres (PGlite, in memory)');
      const pg = await startEmbeddedPostgres(opts.dataDir ? { dataDir: opts.dataDir } : {});
      databaseUrl = pg.url;
      stopDb = pg.stop;
    }
    progress('starting reference ERP (migrations, demo data on first run)');
    const erp = await startErpService({
      config: loadErpConfig(env),
      databaseUrl,
      port: port('erp'),
      onProgress: (m) => progress(`ERP: ${m}`),
    });
    started.push(erp);
    progress(erp.seeded ? 'reference ERP: demo data loaded (first run)' : 'reference ERP: existing data kept');
    const subEnv = { ...env, ERP_URL: erp.url };
    progress('starting subgraphs (migrations, first sync from the ERP)');
    // Pricing and inventory first: orders calls both (quotes, items, ATP re-check).
    const [pricing, inventory] = await Promise.all([
      startPricing({
        config: loadPricingConfig(subEnv),
        databaseUrl,
        port: port('pricing'),
        onProgress: (m) => progress(`pricing: ${m}`),
      }).then((s) => (started.push(s), s)),
      startInventory({ config: loadInventoryConfig(subEnv), databaseUrl, port: port('inventory') }).then((s) => (started.push(s), s)),
    ]);
    const ordersEnv = { ...subEnv, ORDERS_PRICING_URL: pricing.url, ORDERS_INVENTORY_URL: inventory.url };
    const [orders, invoices] = await Promise.all([
      startOrders({ config: loadOrdersConfig(ordersEnv), databaseUrl, port: port('orders') }).then((s) => (started.push(s), s)),
      startInvoices({ config: loadInvoicesConfig(subEnv), databaseUrl, port: port('invoices') }).then((s) => (started.push(s), s)),
    ]);
    progress('starting gateway');
    const gateway = await startGateway({
      config: loadGatewayConfig(env),
      ...(opts.supergraphPath ? { supergraphPath: opts.supergraphPath } : {}),
      port: port('gateway'),
      subgraphUrls: {
        pricing: `${pricing.url}/graphql`,
        inventory: `${inventory.url}/graphql`,
        orders: `${orders.url}/graphql`,
        invoices: `${invoices.url}/graphql`,
      },
    });
    started.push(gateway);
    const services = { erp, pricing, inventory, orders, invoices, gateway };
    return {
      gatewayUrl: `${gateway.url}/graphql`,
      databaseUrl,
      embedded: !opts.databaseUrl,
      services,
      async close() {
        // Gateway first, ERP last, database after everything.
        for (const s of [gateway, pricing, inventory, orders, invoices, erp]) await s.close().catch(() => {});
        await stopDb?.();
      },
    };
  } catch (err) {
    for (const s of started.reverse()) await s.close().catch(() => {});
    await stopDb?.();
    throw err;
  }
}
