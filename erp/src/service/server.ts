/**
 * The reference ERP as an HTTP service with its own schema: master data and document exports
 * (cursor-paginated, for full syncs), price simulation, batched ATP, idempotent sales orders,
 * fulfilment and billing driven by the business clock, PDFs, the change feed, and fault injection.
 * The API is described in erp/openapi.yaml.
 */
import type http from 'node:http';
import { timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { MikroORM } from '@mikro-orm/postgresql';
import { openServiceDatabase } from '@portal/platform/db';
import { HttpError, sendJson, startHttpService, type Route } from '@portal/platform/http';
import { createLogger, type Logger } from '@portal/platform/logger';
import { Decimal } from '@portal/platform/money';
import type { RunningService } from '@portal/platform/service';
import { acceptSubstitution, cancelLine, createSalesOrder, orderDetail, releaseCreditHold } from './orders.js';
import { checkAvailability } from './availability.js';
import { creditMemoDocument, creditMemoPayload, invoiceDocument, invoicePayload, issueCreditMemo, receivePayment } from './billing.js';
import { BusinessClock } from './clock.js';
import type { ErpConfig } from './config.js';
import type { ErpContext } from './context.js';
import {
  Carrier,
  Condition,
  Contact,
  CreditMemo,
  Customer,
  Delivery,
  Invoice,
  Item,
  SalesOrder,
  Stock,
  Warehouse,
  erpEntities,
  type ConditionEntity,
} from './entities/index.js';
import { FaultInjector } from './faults.js';
import { appendEvent, notifyAppended, readFeed, waitForFeed } from './feed.js';
import { deliveryPayload, runFulfilment } from './fulfilment.js';
import { migrations } from './migrations/index.js';
import { simulatePricing, simulateTiers } from './pricing.js';
import type { SeedScale } from '../seed/demo.js';
import { seedIfEmpty } from './seed.js';
import { parseOr400, queryParams, readJson } from './validation.js';

const MAX_LIMIT = 1000;

interface ConditionRow {
  id: string;
  version: number;
  condition_type: string;
  access: string;
  sku: string | null;
  account_id: string | null;
  price_list_id: string | null;
  tier: string | null;
  currency: string;
  amount: string | null;
  rate: string | null;
  scales: { from: string; amount?: string; rate?: string }[];
  valid_from: string;
  valid_to: string | null;
  contract_id: string | null;
}
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD');
const sku = z.string().min(1).max(64);
const quantity = z.number().int().min(1).max(1_000_000);

function pageParams(req: http.IncomingMessage): { after: string | undefined; limit: number } {
  const q = queryParams(req);
  const limitText = q.get('limit');
  const limit = limitText === null ? 100 : Number(limitText);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT)
    throw new HttpError(400, 'BAD_LIMIT', `limit must be an integer between 1 and ${MAX_LIMIT}`);
  const cursor = q.get('cursor');
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

/** Keyset pagination over a string primary key: stable under concurrent inserts, resumable. */
async function keysetPage<E, T>(
  req: http.IncomingMessage,
  fetch: (after: string | undefined, limit: number) => Promise<E[]>,
  key: (row: E) => string,
  map: (rows: E[]) => Promise<T[]> | T[],
) {
  const { after, limit } = pageParams(req);
  const rows = await fetch(after, limit + 1);
  const more = rows.length > limit;
  const pageRows = rows.slice(0, limit);
  const last = pageRows[pageRows.length - 1];
  return { items: await map(pageRows), nextCursor: more && last !== undefined ? encodeCursor(key(last)) : null };
}

export function conditionPayload(c: ConditionEntity) {
  return {
    id: c.id,
    version: c.version,
    conditionType: c.conditionType,
    access: c.access,
    sku: c.sku ?? null,
    accountId: c.accountId ?? null,
    priceListId: c.priceListId ?? null,
    tier: c.tier ?? null,
    currency: c.currency,
    amount: c.amount === null || c.amount === undefined ? null : new Decimal(c.amount).toFixed(),
    rate: c.rate === null || c.rate === undefined ? null : new Decimal(c.rate).toFixed(),
    scales: c.scales,
    validFrom: c.validFrom,
    validTo: c.validTo ?? null,
    contractId: c.contractId ?? null,
  };
}

const simulateSchema = z.object({
  accountId: z.string().min(1),
  pricingDate: isoDate.optional(),
  lines: z
    .array(z.object({ lineId: z.string().min(1).max(64), sku, quantity }))
    .min(1)
    .max(5000),
});

const atpSchema = z.object({
  accountId: z.string().min(1),
  partialDelivery: z.boolean().optional(),
  lines: z
    .array(
      z.object({
        lineId: z.string().min(1).max(64),
        sku,
        quantity,
        requestedDeliveryDate: isoDate.nullish(),
        warehouseId: z.string().min(1).nullish(),
      }),
    )
    .min(1)
    .max(5000),
});

const orderSchema = z.object({
  portalOrderId: z.string().min(1).max(255),
  accountId: z.string().min(1),
  customerReference: z.string().max(255).nullish(),
  requestedDeliveryDate: isoDate.nullish(),
  lines: z
    .array(z.object({ sku, quantity, requestedDeliveryDate: isoDate.nullish() }))
    .min(1)
    .max(1000),
});

const creditMemoSchema = z.object({
  invoiceNumber: z.string().min(1),
  reason: z.enum(['RETURN', 'PRICE_DISPUTE', 'DAMAGED', 'GOODWILL']),
  lines: z
    .array(
      z.object({
        lineNo: z.number().int().min(0),
        quantity: z.number().int().min(1).optional(),
        amount: z
          .string()
          .regex(/^\d+(\.\d{1,2})?$/)
          .optional(),
      }),
    )
    .min(1),
});

const paymentSchema = z.object({
  invoiceNumber: z.string().min(1),
  amount: z.string().regex(/^\d+(\.\d{1,2})?$/, 'amount must be a decimal string'),
});

const conditionChangeSchema = z.object({
  id: z.string().min(1).max(200),
  conditionType: z.string().min(1),
  access: z.string().min(1),
  sku: z.string().nullish(),
  accountId: z.string().nullish(),
  priceListId: z.string().nullish(),
  tier: z.string().nullish(),
  currency: z.string().regex(/^[A-Z]{3}$/),
  amount: z.string().nullish(),
  rate: z.string().nullish(),
  scales: z.array(z.object({ from: z.string(), amount: z.string().optional(), rate: z.string().optional() })).optional(),
  validFrom: isoDate,
  validTo: isoDate.nullish(),
  contractId: z.string().nullish(),
});

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
  const logger = opts.logger ?? createLogger('erp', config.LOG_LEVEL);
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

  // ---- master data and exports ----
  api('GET /v1/items', (req) =>
    keysetPage(
      req,
      (after, limit) => em().find(Item, after ? { sku: { $gt: after } } : {}, { orderBy: { sku: 'asc' }, limit }),
      (i) => i.sku,
      (rows) =>
        rows.map((i) => ({
          sku: i.sku,
          name: i.name,
          uom: i.uom,
          weightKg: new Decimal(i.weightKg).toFixed(3),
          leadTimeDays: i.leadTimeDays,
          discontinued: i.discontinued,
          successorSku: i.successorSku ?? null,
        })),
    ),
  );
  // Full syncs read millions of condition records: plain rows, no ORM hydration.
  api('GET /v1/conditions', (req) =>
    keysetPage(
      req,
      (after, limit) =>
        em()
          .getConnection()
          .execute<ConditionRow[]>(
            `select id, version, condition_type, access, sku, account_id, price_list_id, tier, currency, amount::text as amount, rate::text as rate,
                    scales, to_char(valid_from, 'YYYY-MM-DD') as valid_from, to_char(valid_to, 'YYYY-MM-DD') as valid_to, contract_id
               from "erp"."condition" ${after === undefined ? '' : 'where id > ?'} order by id limit ?`,
            after === undefined ? [limit] : [after, limit],
          ),
      (c) => c.id,
      (rows) =>
        rows.map((c) => ({
          id: c.id,
          version: c.version,
          conditionType: c.condition_type,
          access: c.access,
          sku: c.sku,
          accountId: c.account_id,
          priceListId: c.price_list_id,
          tier: c.tier,
          currency: c.currency,
          amount: c.amount === null ? null : new Decimal(c.amount).toFixed(),
          rate: c.rate === null ? null : new Decimal(c.rate).toFixed(),
          scales: c.scales,
          validFrom: c.valid_from,
          validTo: c.valid_to,
          contractId: c.contract_id,
        })),
    ),
  );
  api('GET /v1/accounts', (req) =>
    keysetPage(
      req,
      (after, limit) => em().find(Customer, after ? { id: { $gt: after } } : {}, { orderBy: { id: 'asc' }, limit }),
      (c) => c.id,
      async (rows) => {
        const contacts = await em().find(Contact, { customerId: { $in: rows.map((r) => r.id) } }, { orderBy: { userId: 'asc' } });
        return rows.map((c) => ({
          id: c.id,
          name: c.name,
          currency: c.currency,
          tier: c.tier,
          priceListId: c.priceListId,
          paymentTermsDays: c.paymentTermsDays,
          creditLimit: new Decimal(c.creditLimit).toFixed(2),
          defaultWarehouse: c.defaultWarehouse,
          partialDelivery: c.partialDelivery,
          contacts: contacts
            .filter((u) => u.customerId === c.id)
            .map((u) => ({ userId: u.userId, name: u.name, email: u.email, role: u.role, spendingLimit: u.spendingLimit ?? null })),
        }));
      },
    ),
  );
  api('GET /v1/warehouses', async () => (await em().find(Warehouse, {}, { orderBy: { id: 'asc' } })).map((w) => ({ ...w })));
  api('GET /v1/carriers', async () => (await em().find(Carrier, {}, { orderBy: { id: 'asc' } })).map((c) => ({ ...c })));
  api('GET /v1/sales-orders', (req) =>
    keysetPage(
      req,
      (after, limit) =>
        em().find(SalesOrder, after ? { number: { $gt: after } } : {}, { orderBy: { number: 'asc' }, limit, fields: ['number'] }),
      (o) => o.number,
      async (rows) => {
        const e = em();
        return (await Promise.all(rows.map((r) => orderDetail(e, r.number)))).filter((o) => o !== null);
      },
    ),
  );
  api('GET /v1/deliveries', (req) =>
    keysetPage(
      req,
      (after, limit) => em().find(Delivery, after ? { number: { $gt: after } } : {}, { orderBy: { number: 'asc' }, limit }),
      (d) => d.number,
      async (rows) => {
        const carriers = new Map((await em().find(Carrier, {})).map((c) => [c.id, c]));
        const orders = new Map(
          (await em().find(SalesOrder, { number: { $in: rows.map((r) => r.orderNumber) } })).map((o) => [o.number, o]),
        );
        return rows.map((d) => ({
          ...deliveryPayload(d),
          portalOrderId: orders.get(d.orderNumber)?.portalOrderId ?? null,
          carrierName: carriers.get(d.carrierId)?.name ?? d.carrierId,
          trackingUrl: carriers.get(d.carrierId)?.trackingUrlTemplate.replace('{tracking}', d.trackingNumber) ?? null,
        }));
      },
    ),
  );
  api('GET /v1/invoices', (req) =>
    keysetPage(
      req,
      (after, limit) => em().find(Invoice, after ? { number: { $gt: after } } : {}, { orderBy: { number: 'asc' }, limit }),
      (i) => i.number,
      (rows) => rows.map(invoicePayload),
    ),
  );
  api('GET /v1/credit-memos', (req) =>
    keysetPage(
      req,
      (after, limit) => em().find(CreditMemo, after ? { number: { $gt: after } } : {}, { orderBy: { number: 'asc' }, limit }),
      (c) => c.number,
      (rows) => rows.map(creditMemoPayload),
    ),
  );
  api('GET /v1/stock', async (req) => {
    const q = queryParams(req);
    const skus = (q.get('skus') ?? '').split(',').filter(Boolean);
    if (!skus.length || skus.length > 1000) throw new HttpError(400, 'BAD_SKUS', 'skus: 1 to 1000 comma-separated SKUs');
    return (await em().find(Stock, { sku: { $in: skus } }, { orderBy: { id: 'asc' } })).map((s) => ({
      sku: s.sku,
      warehouseId: s.warehouseId,
      onHand: s.onHand,
    }));
  });

  // ---- pricing ----
  api('POST /v1/pricing/simulate', async (req) => {
    const body = await readJson(req, simulateSchema);
    const customer = await customerOr404(body.accountId);
    return simulatePricing(em(), customer, body.lines, body.pricingDate ?? clock.today());
  });
  api('GET /v1/pricing/tiers', async (req) => {
    const q = queryParams(req);
    const p = parseOr400(z.object({ accountId: z.string().min(1), sku, pricingDate: isoDate.optional() }), Object.fromEntries(q));
    const customer = await customerOr404(p.accountId);
    if (!(await em().findOne(Item, { sku: p.sku }))) throw new HttpError(404, 'UNKNOWN_ITEM', `no item ${p.sku}`);
    return {
      sku: p.sku,
      accountId: p.accountId,
      currency: customer.currency,
      pricingDate: p.pricingDate ?? clock.today(),
      tiers: await simulateTiers(em(), customer, p.sku, p.pricingDate ?? clock.today()),
    };
  });

  // ---- availability ----
  api('POST /v1/availability/check', async (req) => {
    const body = await readJson(req, atpSchema);
    const customer = await customerOr404(body.accountId);
    const lines = await checkAvailability(
      em(),
      clock.now(),
      customer,
      body.lines,
      body.partialDelivery === undefined ? {} : { partialDelivery: body.partialDelivery },
    );
    return { checkedAt: clock.now().toISOString(), lines };
  });

  // ---- sales orders ----
  api('POST /v1/sales-orders', async (req, _p, res) => {
    const key = String(req.headers['idempotency-key'] ?? '');
    if (!key || key.length > 255)
      throw new HttpError(400, 'IDEMPOTENCY_KEY_REQUIRED', 'Idempotency-Key header (1-255 characters) is required');
    const body = await readJson(req, orderSchema);
    const result = await createSalesOrder(ctx, { ...body, idempotencyKey: key });
    res.setHeader('idempotent-replayed', String(result.replayed));
    res.statusCode = result.replayed ? 200 : 201;
    return result.order;
  });
  api(
    'GET /v1/sales-orders/:number',
    async (_req, p) => (await orderDetail(em(), p.number!)) ?? Promise.reject(notFound(`sales order ${p.number}`)),
  );
  api('GET /v1/sales-orders/by-portal-id/:portalOrderId', async (_req, p) => {
    const order = await em().findOne(SalesOrder, { portalOrderId: p.portalOrderId! });
    return (
      (order && (await orderDetail(em(), order.number))) ?? Promise.reject(notFound(`sales order for portal order ${p.portalOrderId}`))
    );
  });
  api('POST /v1/sales-orders/:number/lines/:lineNo/cancel', (_req, p) => cancelLine(ctx, p.number!, Number(p.lineNo)));
  api('POST /v1/sales-orders/:number/lines/:lineNo/accept-substitution', (_req, p) => acceptSubstitution(ctx, p.number!, Number(p.lineNo)));
  api('POST /v1/sales-orders/:number/release-credit-hold', async (req, p) => {
    const body = await readJson(req, z.object({ by: z.string().min(1).max(128).default('portal') }));
    return releaseCreditHold(ctx, p.number!, body.by);
  });

  // ---- billing ----
  api('GET /v1/invoices/:number', async (_req, p) => {
    const inv = await em().findOne(Invoice, { number: p.number! });
    return inv ? invoicePayload(inv) : Promise.reject(notFound(`invoice ${p.number}`));
  });
  const pdf =
    (load: (number: string) => Promise<Buffer>) =>
    async (_req: http.IncomingMessage, p: Record<string, string>, res: http.ServerResponse) => {
      const bytes = await load(p.number!);
      res.writeHead(200, {
        'content-type': 'application/pdf',
        'content-length': bytes.length,
        'content-disposition': `inline; filename="${p.number}.pdf"`,
      });
      res.end(bytes);
      return undefined;
    };
  api(
    'GET /v1/invoices/:number/document',
    pdf((n) => invoiceDocument(em(), n)),
  );
  api(
    'GET /v1/credit-memos/:number/document',
    pdf((n) => creditMemoDocument(em(), n)),
  );
  api('POST /v1/credit-memos', async (req, _p, res) => {
    const memo = await issueCreditMemo(ctx, await readJson(req, creditMemoSchema));
    res.statusCode = 201;
    return creditMemoPayload(memo);
  });
  api('POST /v1/payments', async (req, _p, res) => {
    const body = await readJson(req, paymentSchema);
    const invoice = await receivePayment(ctx, body.invoiceNumber, body.amount);
    res.statusCode = 201;
    return invoicePayload(invoice);
  });

  // ---- change feed ----
  api('GET /v1/events', async (req) => {
    const q = queryParams(req);
    const p = parseOr400(
      z.object({
        after: z.coerce.number().int().min(0).default(0),
        limit: z.coerce.number().int().min(1).max(1000).default(100),
        waitMs: z.coerce.number().int().min(0).max(30_000).default(0),
      }),
      Object.fromEntries(q),
    );
    const events = await waitForFeed(em(), p.after, p.limit, p.waitMs);
    // Fault injection: at-least-once delivery made visible — repeat an event the consumer already has.
    if (p.after > 0 && events.length && faults.duplicate('GET /v1/events')) {
      const [previous] = await readFeed(em(), Math.max(0, p.after - 1), 1);
      if (previous) events.unshift(previous);
    }
    const last = events[events.length - 1];
    return { events, nextCursor: last ? Math.max(last.seq, p.after) : p.after };
  });

  // ---- admin: business clock, faults, master data changes (demo and tests) ----
  api('GET /admin/clock', async () => ({ now: clock.now().toISOString(), today: clock.today() }), { faults: false });
  api(
    'POST /admin/clock/advance',
    async (req) => {
      const body = await readJson(
        req,
        z.object({ days: z.number().min(0).max(3650).default(0), hours: z.number().min(0).max(87_600).default(0) }),
      );
      await clock.advance((body.days * 24 + body.hours) * 3_600_000);
      const run = await runFulfilment(ctx);
      return { now: clock.now().toISOString(), today: clock.today(), fulfilment: run };
    },
    { faults: false },
  );
  api('POST /admin/fulfilment/run', () => runFulfilment(ctx), { faults: false });
  api('GET /admin/faults', async () => ({ config: faults.current(), injected: faults.counters }), { faults: false });
  api(
    'PUT /admin/faults',
    async (req) => {
      const raw = await readJson(req, z.unknown());
      try {
        return { config: faults.configure(raw) };
      } catch (err) {
        throw new HttpError(400, 'VALIDATION_FAILED', (err as Error).message);
      }
    },
    { faults: false },
  );
  api('DELETE /admin/faults', async () => ({ config: faults.configure({}) }), { faults: false });
  api(
    'POST /admin/conditions',
    async (req) => {
      const body = await readJson(req, conditionChangeSchema);
      const saved = await em().transactional(async (tx) => {
        const existing = await tx.findOne(Condition, { id: body.id });
        const data = {
          ...body,
          sku: body.sku ?? null,
          accountId: body.accountId ?? null,
          priceListId: body.priceListId ?? null,
          tier: body.tier ?? null,
          amount: body.amount ?? null,
          rate: body.rate ?? null,
          scales: body.scales ?? [],
          validTo: body.validTo ?? null,
          contractId: body.contractId ?? null,
          version: (existing?.version ?? 0) + 1,
        };
        const row = existing ? tx.assign(existing, data) : tx.create(Condition, data);
        await tx.flush();
        await appendEvent(tx, clock.now(), 'condition.changed', row.id, conditionPayload(row));
        return row;
      });
      notifyAppended();
      return conditionPayload(saved);
    },
    { faults: false },
  );
  api(
    'POST /admin/items',
    async (req) => {
      const body = await readJson(
        req,
        z.object({
          sku,
          name: z.string().min(1).max(200).optional(),
          leadTimeDays: z.number().int().min(0).max(3650).optional(),
          discontinued: z.boolean().optional(),
          successorSku: sku.nullish(),
        }),
      );
      const item = await em().transactional(async (tx) => {
        const row = await tx.findOne(Item, { sku: body.sku });
        if (!row) throw new HttpError(404, 'UNKNOWN_ITEM', `no item ${body.sku}`);
        if (body.successorSku && !(await tx.findOne(Item, { sku: body.successorSku })))
          throw new HttpError(422, 'UNKNOWN_SUCCESSOR', `no item ${body.successorSku}`);
        if (body.name !== undefined) row.name = body.name;
        if (body.leadTimeDays !== undefined) row.leadTimeDays = body.leadTimeDays;
        if (body.discontinued !== undefined) row.discontinued = body.discontinued;
        if (body.successorSku !== undefined) row.successorSku = body.successorSku ?? null;
        const payload = {
          sku: row.sku,
          name: row.name,
          uom: row.uom,
          weightKg: new Decimal(row.weightKg).toFixed(3),
          leadTimeDays: row.leadTimeDays,
          discontinued: row.discontinued,
          successorSku: row.successorSku ?? null,
        };
        await appendEvent(tx, clock.now(), 'item.changed', row.sku, payload);
        return payload;
      });
      notifyAppended();
      return item;
    },
    { faults: false },
  );
  api(
    'POST /admin/stock',
    async (req) => {
      const body = await readJson(req, z.object({ sku, warehouseId: z.string().min(1), onHand: z.number().int().min(0).max(100_000_000) }));
      const result = await em().transactional(async (tx) => {
        if (!(await tx.findOne(Item, { sku: body.sku }))) throw new HttpError(404, 'UNKNOWN_ITEM', `no item ${body.sku}`);
        if (!(await tx.findOne(Warehouse, { id: body.warehouseId })))
          throw new HttpError(404, 'UNKNOWN_WAREHOUSE', `no warehouse ${body.warehouseId}`);
        const id = `${body.sku}@${body.warehouseId}`;
        const stock =
          (await tx.findOne(Stock, { id })) ?? tx.create(Stock, { id, sku: body.sku, warehouseId: body.warehouseId, onHand: 0 });
        stock.onHand = body.onHand;
        await appendEvent(tx, clock.now(), 'stock.changed', id, {
          sku: body.sku,
          warehouseId: body.warehouseId,
          onHand: body.onHand,
          reason: 'ADJUSTMENT',
          ref: 'admin',
        });
        return { sku: body.sku, warehouseId: body.warehouseId, onHand: body.onHand };
      });
      notifyAppended();
      return result;
    },
    { faults: false },
  );

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
      await httpService.close();
      await orm.close(true);
    },
  };
}
