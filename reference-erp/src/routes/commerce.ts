/**
 * Pricing, availability, sales orders, billing documents and the change feed of the reference ERP.
 */
import type http from 'node:http';
import { z } from 'zod';
import { HttpError } from '@portal/platform/http';
import { acceptSubstitution, cancelLine, releaseCreditHold } from '../order-changes.js';
import { createSalesOrder } from '../order-create.js';
import { readOrderDetail } from '../orders.js';
import { checkAvailability, readAvailability } from '../availability.js';
import { documentFlow } from '../document-flow.js';
import {
  creditMemoDocument,
  creditMemoPayload,
  customerCreditBalance,
  invoiceDocument,
  invoicePayload,
  issueCreditMemo,
  receivePayment,
} from '../billing.js';
import { Invoice, Item } from '../entities/index.js';
import { EVENT_TYPES, readFeed, waitForFeed } from '../feed.js';
import { readPricing, simulatePricing, simulateTiers } from '../pricing.js';
import { parseOr400, queryParams, readJson } from '../validation.js';
import { isoDate, quantity, sku, type Api, type RouteDeps } from './common.js';

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
        // Up to 4 places here; the invoice's currency decides how many it may have (422 BAD_AMOUNT).
        amount: z
          .string()
          .regex(/^\d+(\.\d{1,4})?$/)
          .optional(),
      }),
    )
    .min(1),
});

const paymentSchema = z.object({
  invoiceNumber: z.string().min(1),
  amount: z.string().regex(/^\d+(\.\d{1,4})?$/, 'amount must be a decimal string'),
});

const unknownCustomer = (id: string) => new HttpError(404, 'UNKNOWN_CUSTOMER', `no customer ${id}`);

export function commerceRoutes(api: Api, deps: RouteDeps): void {
  const { ctx, clock, faults, em, notFound, customerOr404, closing } = deps;
  // ---- business clock: the date pricing, validity, ATP and due dates are reckoned on ----
  api('GET /v1/clock', async () => ({ now: clock.now().toISOString(), today: clock.today(), timezone: 'UTC' }), { faults: false });
  // ---- pricing ----
  api('POST /v1/pricing/simulate', async (req) => {
    const body = await readJson(req, simulateSchema);
    const pricingDate = body.pricingDate ?? clock.today();
    const e = em();
    const read = await readPricing(e, body.accountId, [...new Set(body.lines.map((l) => l.sku))], pricingDate);
    if (!read.customer) throw unknownCustomer(body.accountId);
    return simulatePricing(e, read.customer, body.lines, pricingDate, read.items, read.records);
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
    const e = em();
    const { customer, ...read } = await readAvailability(e, body.accountId, body.lines);
    if (!customer) throw unknownCustomer(body.accountId);
    const lines = await checkAvailability(
      e,
      clock.now(),
      customer,
      body.lines,
      body.partialDelivery === undefined ? read : { ...read, partialDelivery: body.partialDelivery },
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
    async (_req, p) => (await readOrderDetail(em(), 'number', p.number!)) ?? Promise.reject(notFound(`sales order ${p.number}`)),
  );
  api(
    'GET /v1/sales-orders/:number/document-flow',
    async (_req, p) => (await documentFlow(em(), p.number!)) ?? Promise.reject(notFound(`sales order ${p.number}`)),
  );
  api(
    'GET /v1/sales-orders/by-portal-id/:portalOrderId',
    async (_req, p) =>
      (await readOrderDetail(em(), 'portalOrderId', p.portalOrderId!)) ??
      Promise.reject(notFound(`sales order for portal order ${p.portalOrderId}`)),
  );
  api('POST /v1/sales-orders/:number/lines/:lineNo/cancel', (_req, p) => cancelLine(ctx, p.number!, Number(p.lineNo)));
  api('POST /v1/sales-orders/:number/lines/:lineNo/accept-substitution', (_req, p) => acceptSubstitution(ctx, p.number!, Number(p.lineNo)));
  api('POST /v1/sales-orders/:number/release-credit-hold', async (req, p) => {
    const body = await readJson(req, z.object({ by: z.string().min(1).max(128).default('portal') }));
    return releaseCreditHold(ctx, p.number!, body.by);
  });

  // ---- billing ----
  api('GET /v1/customers/:id/credit-balance', (_req, p) => customerCreditBalance(em(), p.id!));
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
  // The feed's current end: a consumer that has just read everything through a full sync starts here.
  api('GET /v1/events/head', async () => {
    const rows = await em().getConnection().execute<{ seq: string | null }[]>(`select max(seq)::text as seq from "erp"."event"`);
    return { seq: Number(rows[0]?.seq ?? 0) };
  });
  api('GET /v1/events', async (req) => {
    const q = queryParams(req);
    const p = parseOr400(
      z.object({
        after: z.coerce.number().int().min(0).default(0),
        limit: z.coerce.number().int().min(1).max(1000).default(100),
        waitMs: z.coerce.number().int().min(0).max(30_000).default(0),
        types: z
          .string()
          .optional()
          .transform((v) => (v ? v.split(',') : []))
          .pipe(z.array(z.enum(EVENT_TYPES))),
      }),
      Object.fromEntries(q),
    );
    const { events, nextCursor } = await waitForFeed(em(), p.after, p.limit, p.waitMs, p.types, closing);
    // Fault injection: at-least-once delivery made visible — repeat an event the consumer already has.
    if (p.after > 0 && events.length && faults.duplicate('GET /v1/events')) {
      const [previous] = await readFeed(em(), Math.max(0, p.after - 1), 1);
      if (previous) events.unshift(previous);
    }
    return { events, nextCursor };
  });
}
