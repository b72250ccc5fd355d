/**
 * Admin routes of the reference ERP for demos and tests: business clock, fulfilment runs, fault injection, master data changes,
 * and orders entered in the ERP itself (by its sales desk, without a portal id).
 */
import { z } from 'zod';
import { HttpError } from '@portal/platform/http';
import { Decimal } from '@portal/platform/money';
import { Condition, Item, Stock, Warehouse } from '../entities/index.js';
import { appendEvent, notifyAppended } from '../feed.js';
import { runFulfilment } from '../fulfilment.js';
import { createSalesOrder } from '../order-create.js';
import { readJson } from '../validation.js';
import { isoDate, quantity, sku, type Api, type RouteDeps, conditionPayload } from './common.js';

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
  contractVersion: z.number().int().min(1).nullish(),
});

export function adminRoutes(api: Api, deps: RouteDeps): void {
  const { ctx, clock, faults, em } = deps;
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
          contractVersion: body.contractVersion ?? (body.contractId ? (existing?.contractVersion ?? 1) : null),
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
          taxClass: z.string().min(1).max(40).nullish(),
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
        if (body.taxClass !== undefined) row.taxClass = body.taxClass ?? null;
        const payload = {
          sku: row.sku,
          name: row.name,
          uom: row.uom,
          weightKg: new Decimal(row.weightKg).toFixed(3),
          leadTimeDays: row.leadTimeDays,
          discontinued: row.discontinued,
          successorSku: row.successorSku ?? null,
          taxClass: row.taxClass ?? null,
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
    'POST /admin/sales-orders',
    async (req) => {
      const body = await readJson(
        req,
        z.object({
          accountId: z.string().min(1),
          customerReference: z.string().max(255).nullish(),
          requestedDeliveryDate: isoDate.nullish(),
          lines: z
            .array(z.object({ sku, quantity, requestedDeliveryDate: isoDate.nullish() }))
            .min(1)
            .max(1000),
        }),
      );
      // Entered at the ERP's sales desk: no idempotency key and no portal id (the portal knows it as `erp:<number>`).
      return (await createSalesOrder(ctx, { ...body, idempotencyKey: null, portalOrderId: null })).order;
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
}
