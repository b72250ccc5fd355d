/**
 * The reference ERP as an HTTP service with its own schema. This slice serves master data and
 * documents as cursor-paginated exports (the full-sync side of every port); pricing simulation,
 * ATP, sales order creation, fulfilment, billing and the change feed come with the ERP domain.
 */
import type http from 'node:http';
import { timingSafeEqual } from 'node:crypto';
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { HttpError, sendJson, startHttpService, type Route } from '@portal/platform/http';
import { createLogger, type Logger } from '@portal/platform/logger';
import { openServiceDatabase } from '@portal/platform/db';
import type { RunningService } from '@portal/platform/service';
import type { ErpAccount, ErpCondition, ErpInvoice, ErpItem, ErpSalesOrder, Page } from '../port/types.js';
import type { ErpConfig } from './config.js';
import { Condition, Contact, Customer, Invoice, Item, SalesOrder, erpEntities } from './entities/index.js';
import { migrations } from './migrations/index.js';
import { seedDemoIfEmpty } from './seed.js';

const MAX_LIMIT = 1000;

function pageParams(req: http.IncomingMessage): { after: string | undefined; limit: number } {
  const url = new URL(req.url ?? '/', 'http://erp');
  const limitText = url.searchParams.get('limit');
  const limit = limitText === null ? 100 : Number(limitText);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT)
    throw new HttpError(400, 'BAD_LIMIT', `limit must be an integer between 1 and ${MAX_LIMIT}`);
  const cursor = url.searchParams.get('cursor');
  if (!cursor) return { after: undefined, limit };
  try {
    const after = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (typeof after !== 'string') throw new Error('not a key');
    return { after, limit };
  } catch {
    throw new HttpError(400, 'BAD_CURSOR', 'cursor is not one this ERP issued');
  }
}

const encodeCursor = (key: string) => Buffer.from(JSON.stringify(key)).toString('base64url');

/** Keyset pagination over a string primary key: stable under concurrent inserts. */
async function keysetPage<E, T>(
  req: http.IncomingMessage,
  fetch: (after: string | undefined, limit: number) => Promise<E[]>,
  key: (row: E) => string,
  map: (rows: E[]) => Promise<T[]> | T[],
): Promise<Page<T>> {
  const { after, limit } = pageParams(req);
  const rows = await fetch(after, limit + 1);
  const more = rows.length > limit;
  const pageRows = rows.slice(0, limit);
  const last = pageRows[pageRows.length - 1];
  return { items: await map(pageRows), nextCursor: more && last !== undefined ? encodeCursor(key(last)) : null };
}

const isoDate = (d: unknown) => (d instanceof Date ? d.toISOString().slice(0, 10) : String(d));

export interface StartErpOptions {
  config: ErpConfig;
  /** Database URL (the ERP's own schema `erp` is created in it). */
  databaseUrl: string;
  port?: number;
  logger?: Logger;
}

export interface RunningErp extends RunningService {
  orm: MikroORM;
  /** True when this start loaded the demo data (an empty ERP). */
  seeded: boolean;
}

export async function startErpService(opts: StartErpOptions): Promise<RunningErp> {
  const logger = opts.logger ?? createLogger('erp', opts.config.LOG_LEVEL);
  const orm = await openServiceDatabase({ schema: 'erp', url: opts.databaseUrl, entities: erpEntities, migrations, logger, poolMax: 5 });
  const seeded = opts.config.ERP_SEED === 'demo' && (await seedDemoIfEmpty(orm.em.fork(), logger));
  if (seeded) logger.info('reference ERP demo data loaded');
  const expectedKey = Buffer.from(opts.config.ERP_API_KEY);

  /** Every API route checks the portal's key, then works on a fresh EntityManager. */
  const api =
    (handler: (req: http.IncomingMessage, em: EntityManager) => Promise<unknown>): Route =>
    async (req, res) => {
      const given = Buffer.from(String(req.headers['x-erp-api-key'] ?? ''));
      if (given.length !== expectedKey.length || !timingSafeEqual(given, expectedKey))
        throw new HttpError(401, 'UNAUTHORIZED', 'missing or wrong x-erp-api-key');
      sendJson(res, 200, await handler(req, orm.em.fork()));
    };

  const routes: Record<string, Route> = {
    'GET /v1/items': api((req, em) =>
      keysetPage(
        req,
        (after, limit) => em.find(Item, after ? { sku: { $gt: after } } : {}, { orderBy: { sku: 'asc' }, limit }),
        (i) => i.sku,
        (rows): ErpItem[] =>
          rows.map((i) => ({
            sku: i.sku,
            name: i.name,
            uom: i.uom,
            leadTimeDays: i.leadTimeDays,
            discontinued: i.discontinued,
            successorSku: i.successorSku ?? null,
          })),
      ),
    ),
    'GET /v1/conditions': api((req, em) =>
      keysetPage(
        req,
        (after, limit) => em.find(Condition, after ? { id: { $gt: after } } : {}, { orderBy: { id: 'asc' }, limit }),
        (c) => c.id,
        (rows): ErpCondition[] =>
          rows.map((c) => ({
            id: c.id,
            version: c.version,
            conditionType: c.conditionType,
            access: c.access as ErpCondition['access'],
            sku: c.sku,
            accountId: c.accountId ?? null,
            priceListId: c.priceListId ?? null,
            tier: c.tier ?? null,
            currency: c.currency,
            amount: c.amount,
            validFrom: isoDate(c.validFrom),
            validTo: c.validTo ? isoDate(c.validTo) : null,
          })),
      ),
    ),
    'GET /v1/accounts': api((req, em) =>
      keysetPage(
        req,
        (after, limit) => em.find(Customer, after ? { id: { $gt: after } } : {}, { orderBy: { id: 'asc' }, limit }),
        (c) => c.id,
        async (rows): Promise<ErpAccount[]> => {
          // One query for all contacts of the page, not one per account.
          const contacts = await em.find(Contact, { customerId: { $in: rows.map((r) => r.id) } }, { orderBy: { userId: 'asc' } });
          return rows.map((c) => ({
            id: c.id,
            name: c.name,
            currency: c.currency,
            tier: c.tier,
            priceListId: c.priceListId,
            contacts: contacts
              .filter((u) => u.customerId === c.id)
              .map((u) => ({
                userId: u.userId,
                name: u.name,
                email: u.email,
                role: u.role as ErpAccount['contacts'][number]['role'],
                spendingLimit: u.spendingLimit ?? null,
              })),
          }));
        },
      ),
    ),
    'GET /v1/sales-orders': api((req, em) =>
      keysetPage(
        req,
        (after, limit) => em.find(SalesOrder, after ? { number: { $gt: after } } : {}, { orderBy: { number: 'asc' }, limit }),
        (o) => o.number,
        (rows): ErpSalesOrder[] =>
          rows.map((o) => ({
            number: o.number,
            portalOrderId: o.portalOrderId,
            accountId: o.customerId,
            status: o.status,
            placedAt: o.placedAt.toISOString(),
            currency: o.currency,
            lines: o.lines,
          })),
      ),
    ),
    'GET /v1/invoices': api((req, em) =>
      keysetPage(
        req,
        (after, limit) => em.find(Invoice, after ? { number: { $gt: after } } : {}, { orderBy: { number: 'asc' }, limit }),
        (i) => i.number,
        (rows): ErpInvoice[] =>
          rows.map((i) => ({
            number: i.number,
            accountId: i.customerId,
            orderNumber: i.orderNumber,
            portalOrderId: i.portalOrderId,
            currency: i.currency,
            issuedAt: isoDate(i.issuedAt),
            dueDate: isoDate(i.dueDate),
            total: i.total,
            balance: i.balance,
            status: i.status,
          })),
      ),
    ),
  };

  const http = await startHttpService({
    service: 'erp',
    logger,
    host: opts.config.HOST,
    port: opts.port ?? opts.config.ERP_PORT,
    routes,
    ready: async () => {
      await orm.em.getConnection().execute('select 1');
      return true;
    },
  });
  logger.info({ url: http.url }, 'reference ERP listening');
  return {
    name: 'erp',
    url: http.url,
    port: http.port,
    orm,
    seeded,
    async close() {
      await http.close();
      await orm.close(true);
    },
  };
}
