/**
 * The reference ERP as an HTTP service with its own schema: master data and document exports
 * (cursor-paginated, for full syncs), price simulation, batched ATP, idempotent sales orders,
 * fulfilment and billing driven by the business clock, PDFs, the change feed, and fault injection.
 * The API is described in reference-erp/openapi.yaml.
 */
import type http from 'node:http';
import { timingSafeEqual } from 'node:crypto';
import type { MikroORM } from '@mikro-orm/postgresql';
import { openServiceDatabase } from '@portal/platform/db';
import { HttpError, sendJson, startHttpService, type Route } from '@portal/platform/http';
import { createLogger, type Logger } from '@portal/platform/logger';
import type { RunningService } from '@portal/platform/service';
import { BusinessClock } from './clock.js';
import type { ErpConfig } from './config.js';
import type { ErpContext } from './context.js';
import { Customer, erpEntities } from './entities/index.js';
import { FaultInjector } from './faults.js';
import { runFulfilment } from './fulfilment.js';
import { migrations } from './migrations/index.js';
import type { SeedScale } from './seed/demo.js';
import { seedIfEmpty } from './seed/load.js';

import { adminRoutes } from './routes/admin.js';
import { commerceRoutes } from './routes/commerce.js';
import { exportRoutes } from './routes/exports.js';

export interface StartErpOptions {
  config: ErpConfig;
  /** Database URL (the ERP's own schema `erp` is created in it). */
  databaseUrl: string;
  port?: number;
  logger?: Logger;
  onProgress?: (message: string) => void;
  /** Scale of the demo seed (benchmarks); default: the demo scale. */
  seedScale?: Partial<SeedScale>;
}

export interface RunningErp extends RunningService {
  orm: MikroORM;
  clock: BusinessClock;
  faults: FaultInjector;
  /** True when this start loaded the demo data (an empty ERP). */
  seeded: boolean;
}

export async function startErpService(opts: StartErpOptions): Promise<RunningErp> {
  const { config } = opts;
  const logger = opts.logger ?? createLogger('erp', config);
  const orm = await openServiceDatabase({ schema: 'erp', url: opts.databaseUrl, entities: erpEntities, migrations, logger, poolMax: 5 });
  const clock = await BusinessClock.load(orm.em.fork(), config.ERP_CLOCK_START);
  const ctx: ErpContext = { orm, clock, logger };
  const seeded =
    config.ERP_SEED === 'demo' &&
    (await seedIfEmpty(ctx, {
      seed: config.ERP_SEED_NUMBER,
      ...(opts.seedScale ? { scale: opts.seedScale } : {}),
      ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
    }));
  const faults = new FaultInjector();
  const expectedKey = Buffer.from(config.ERP_API_KEY);
  const em = () => orm.em.fork();

  const authorise = (req: http.IncomingMessage) => {
    const given = Buffer.from(String(req.headers['x-erp-api-key'] ?? ''));
    if (given.length !== expectedKey.length || !timingSafeEqual(given, expectedKey))
      throw new HttpError(401, 'UNAUTHORIZED', 'missing or wrong x-erp-api-key');
  };
  type Handler = (req: http.IncomingMessage, params: Record<string, string>, res: http.ServerResponse) => Promise<unknown>;
  const routes: Record<string, Route> = {};
  /** An API route: key check, fault injection, JSON out (handlers that wrote the response return undefined). */
  const api = (key: string, handler: Handler, opts: { faults?: boolean } = {}) => {
    const route: Route = async (req, res, _scope, params) => {
      authorise(req);
      const body = await handler(req, params, res);
      if (!res.headersSent) sendJson(res, key.startsWith('POST') && res.statusCode === 201 ? 201 : 200, body);
    };
    routes[key] = opts.faults === false ? route : faults.wrap(key, route);
  };
  const notFound = (what: string) => new HttpError(404, 'NOT_FOUND', `no ${what}`);
  const customerOr404 = async (id: string) =>
    (await em().findOne(Customer, { id })) ?? Promise.reject(new HttpError(404, 'UNKNOWN_CUSTOMER', `no customer ${id}`));

  // Closing ends the change feed's long-polls first: they answer (nothing new) while the database
  // is still open, instead of waking after it has closed.
  const closing = new AbortController();
  const deps = { ctx, clock, faults, em, notFound, customerOr404, closing: closing.signal };
  exportRoutes(api, deps);
  commerceRoutes(api, deps);
  adminRoutes(api, deps);

  const httpService = await startHttpService({
    service: 'erp',
    logger,
    host: config.HOST,
    port: opts.port ?? config.ERP_PORT,
    routes,
    maxBodyBytes: 10_000_000,
    ready: async () => {
      await orm.em.getConnection().execute('select 1');
      return true;
    },
  });
  // The fulfilment engine follows the business clock on its own; tests advance it explicitly.
  const timer =
    config.ERP_FULFILMENT_INTERVAL_MS > 0
      ? setInterval(
          () => void runFulfilment(ctx).catch((err: unknown) => logger.error({ err }, 'fulfilment run failed')),
          config.ERP_FULFILMENT_INTERVAL_MS,
        )
      : undefined;
  timer?.unref();
  logger.info({ url: httpService.url, businessDate: clock.today() }, 'reference ERP listening');
  return {
    name: 'erp',
    url: httpService.url,
    port: httpService.port,
    orm,
    clock,
    faults,
    seeded,
    async close() {
      if (timer) clearInterval(timer);
      closing.abort();
      await httpService.close();
      await orm.close(true);
    },
  };
}
