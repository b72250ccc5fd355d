/**
 * Master data and document exports of the reference ERP (cursor-paginated, for the portal's full syncs).
 */
import type http from 'node:http';
import { HttpError } from '@portal/platform/http';
import { Decimal, amountText } from '@portal/platform/money';
import { orderDetail } from '../orders.js';
import { creditMemoPayload, invoicePayload } from '../billing.js';
import {
  Carrier,
  Contact,
  CreditMemo,
  Customer,
  Delivery,
  Invoice,
  Item,
  Payment,
  SalesOrder,
  Stock,
  Warehouse,
} from '../entities/index.js';
import { deliveryPayload } from '../fulfilment.js';
import { queryParams } from '../validation.js';
import { CONDITION_TEXT_COLUMNS, conditionExportPage, conditionExportText } from '../condition-export.js';
import { CONDITION_MAX_LIMIT, encodeCursor, keysetPage, pageParams, type Api, type RouteDeps } from './common.js';

/** The condition export's tab-separated form (COPY's text format, a first line naming the fields). */
const CONDITION_TEXT_TYPE = 'text/tab-separated-values; charset=utf-8';
const acceptsText = (req: http.IncomingMessage) => /\btext\/tab-separated-values\b/.test(req.headers.accept ?? '');

export function exportRoutes(api: Api, deps: RouteDeps): void {
  const { em } = deps;
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
          taxClass: i.taxClass ?? null,
        })),
    ),
  );
  // Large keyset pages for full syncs, straight from SQL (condition-export.ts); as tab-separated
  // text formatted by the database when the client asks for it.
  api('GET /v1/conditions', async (req, _params, res) => {
    if (acceptsText(req)) {
      const { after, limit } = pageParams(req, CONDITION_MAX_LIMIT);
      const page = await conditionExportText(em(), after, limit);
      const header = Buffer.from(`${CONDITION_TEXT_COLUMNS.map(([name]) => name).join('\t')}\n`);
      res.writeHead(200, {
        'content-type': CONDITION_TEXT_TYPE,
        'content-length': header.length + page.data.length,
        'x-rows': String(page.rows),
        ...(page.lastKey === null ? {} : { 'x-next-cursor': encodeCursor(page.lastKey) }),
      });
      res.end(Buffer.concat([header, page.data]));
      return undefined;
    }
    return keysetPage(
      req,
      (after, limit) => conditionExportPage(em(), after, limit),
      (c) => c.id,
      (rows) => rows,
      CONDITION_MAX_LIMIT,
    );
  });
  api('GET /v1/accounts', (req) =>
    keysetPage(
      req,
      (after, limit) => em().find(Customer, after ? { id: { $gt: after } } : {}, { orderBy: { id: 'asc' }, limit }),
      (c) => c.id,
      async (rows) => {
        const contacts = await em().find(Contact, { customerId: { $in: rows.map((r) => r.id) } }, { orderBy: { userId: 'asc' } });
        // Each customer's contacts, in the query's order: one pass, not a scan of all per customer.
        const contactsOf = new Map<string, typeof contacts>();
        for (const u of contacts) {
          const list = contactsOf.get(u.customerId);
          if (list) list.push(u);
          else contactsOf.set(u.customerId, [u]);
        }
        return rows.map((c) => ({
          id: c.id,
          name: c.name,
          currency: c.currency,
          tier: c.tier,
          priceListId: c.priceListId,
          paymentTermsDays: c.paymentTermsDays,
          creditLimit: amountText(c.creditLimit, c.currency),
          defaultWarehouse: c.defaultWarehouse,
          partialDelivery: c.partialDelivery,
          shipToCountry: c.shipToCountry ?? null,
          minimumOrderValue:
            c.minimumOrderValue === null || c.minimumOrderValue === undefined ? null : amountText(c.minimumOrderValue, c.currency),
          contacts: (contactsOf.get(c.id) ?? []).map((u) => ({
            userId: u.userId,
            name: u.name,
            email: u.email,
            role: u.role,
            spendingLimit: u.spendingLimit ?? null,
          })),
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
  // Payments in id order (ids are opaque), with the invoice's order and currency: the portal's full sync of payment history.
  api('GET /v1/payments', (req) =>
    keysetPage(
      req,
      (after, limit) => em().find(Payment, after ? { id: { $gt: after } } : {}, { orderBy: { id: 'asc' }, limit }),
      (p) => p.id,
      async (rows) => {
        const invoices = new Map(
          (await em().find(Invoice, { number: { $in: [...new Set(rows.map((r) => r.invoiceNumber))] } })).map((i) => [i.number, i]),
        );
        return rows.map((p) => ({
          id: p.id,
          invoiceNumber: p.invoiceNumber,
          accountId: p.customerId,
          portalOrderId: invoices.get(p.invoiceNumber)?.portalOrderId ?? null,
          currency: invoices.get(p.invoiceNumber)?.currency ?? null,
          amount: amountText(p.amount, invoices.get(p.invoiceNumber)?.currency ?? 'USD'),
          receivedAt: p.receivedAt.toISOString(),
        }));
      },
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
}
