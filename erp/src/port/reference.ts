/**
 * The reference ERP adapter: implements every port over the reference ERP's HTTP API
 * (reference-erp, described in reference-erp/openapi.yaml). Carries the API key, the correlation id and a
 * child traceparent on every call; sales orders carry the idempotency key, so a retry after a
 * timeout can never create a second order.
 */
import { currentScope } from '@portal/platform/context';
import { assertNoOpenTransaction } from '@portal/platform/remote-call-guard';
import { httpCall, splitBase, type HttpAnswer } from '@portal/platform/http-client';
import { childTraceparent } from '@portal/platform/trace';
import type { DocumentPrice, PriceTier } from '@portal/pricing-engine';
import {
  ErpRequestError,
  ErpUnavailableError,
  type AvailabilityAnswer,
  type ErpAccount,
  type ErpChangeEvent,
  type ErpCondition,
  type ErpCreditBalance,
  type ErpCreditMemo,
  type ErpDelivery,
  type ErpDocument,
  type ErpDocumentFlow,
  type ErpPayment,
  type ErpInvoice,
  type ErpItem,
  type ErpPorts,
  type ErpSalesOrder,
  type ErpWarehouse,
  type Page,
  type PageRequest,
  type TextPage,
} from './types.js';

export interface ReferenceErpOptions {
  baseUrl: string;
  apiKey: string;
  timeoutMs?: number;
}

interface CallOptions {
  method?: 'GET' | 'POST';
  body?: unknown;
  headers?: Record<string, string>;
  /** Long-poll calls wait longer than the usual timeout. */
  extraTimeoutMs?: number;
}

export function createReferenceErp(opts: ReferenceErpOptions): ErpPorts {
  const { origin, prefix } = splitBase(opts.baseUrl);
  const timeoutMs = opts.timeoutMs ?? 10_000;

  async function send(path: string, o: CallOptions = {}): Promise<HttpAnswer> {
    assertNoOpenTransaction(`ERP ${o.method ?? 'GET'} ${path.split('?')[0]}`);
    const scope = currentScope();
    try {
      return await httpCall(origin, `${prefix}${path}`, {
        method: o.method ?? 'GET',
        headers: {
          accept: 'application/json',
          'x-erp-api-key': opts.apiKey,
          traceparent: childTraceparent(scope?.trace),
          ...(scope ? { 'x-correlation-id': scope.correlationId } : {}),
          ...(o.body !== undefined ? { 'content-type': 'application/json' } : {}),
          ...o.headers,
        },
        ...(o.body !== undefined ? { body: JSON.stringify(o.body) } : {}),
        timeoutMs: timeoutMs + (o.extraTimeoutMs ?? 0),
      });
    } catch (err) {
      throw new ErpUnavailableError(`ERP unreachable or timed out: ${(err as Error).message}`, err);
    }
  }

  async function failure(res: HttpAnswer, path: string): Promise<never> {
    const body = (await res.json().catch(() => ({}))) as { error?: { code?: string; message?: string } };
    if (res.status >= 500 || res.status === 429)
      throw new ErpUnavailableError(`ERP answered ${res.status} for ${path}: ${body.error?.message ?? ''}`.trim());
    throw new ErpRequestError(res.status, body.error?.code ?? 'ERP_ERROR', body.error?.message ?? `ERP answered ${res.status}`);
  }

  async function call<T>(path: string, o: CallOptions = {}): Promise<T> {
    const res = await send(path, o);
    if (!res.ok) return failure(res, path);
    try {
      return await res.json<T>();
    } catch (err) {
      // A body cut off mid-way (connection dropped) is an availability problem, not a bad request.
      throw new ErpUnavailableError(`ERP response for ${path} was incomplete`, err);
    }
  }

  /** 404 → null, for lookups where "not there" is an answer. */
  async function find<T>(path: string): Promise<T | null> {
    try {
      return await call<T>(path);
    } catch (err) {
      if (err instanceof ErpRequestError && err.status === 404) return null;
      throw err;
    }
  }

  async function document(path: string): Promise<ErpDocument> {
    const res = await send(path);
    if (!res.ok) return failure(res, path);
    return { contentType: res.header('content-type') ?? 'application/octet-stream', bytes: await res.bytes() };
  }

  function page<T>(path: string) {
    return (req: PageRequest): Promise<Page<T>> => {
      const q = new URLSearchParams();
      if (req.cursor) q.set('cursor', req.cursor);
      if (req.limit) q.set('limit', String(req.limit));
      return call<Page<T>>(`${path}?${q}`);
    };
  }

  /** A page of an export as tab-separated text (the line of field names first). */
  function textPage(path: string) {
    return async (req: PageRequest): Promise<TextPage> => {
      const q = new URLSearchParams();
      if (req.cursor) q.set('cursor', req.cursor);
      if (req.limit) q.set('limit', String(req.limit));
      const res = await send(`${path}?${q}`, { headers: { accept: 'text/tab-separated-values' } });
      if (!res.ok) return failure(res, path);
      let body: Buffer;
      try {
        body = await res.bytes();
      } catch (err) {
        throw new ErpUnavailableError(`ERP response for ${path} was incomplete`, err);
      }
      const rows = Number(res.header('x-rows'));
      const eol = body.indexOf(10);
      if (!/^text\/tab-separated-values\b/.test(res.header('content-type') ?? '') || eol < 0 || !Number.isInteger(rows))
        throw new ErpUnavailableError(`ERP answered ${path} without the tab-separated page it was asked for`);
      return {
        columns: body.subarray(0, eol).toString('utf8').split('\t'),
        data: body.subarray(eol + 1),
        rows,
        nextCursor: res.header('x-next-cursor') || null,
      };
    };
  }

  const seg = encodeURIComponent;
  const post = <T>(path: string, body: unknown = {}) => call<T>(path, { method: 'POST', body });

  return {
    clock: {
      async now() {
        const c = await call<{ now: string; today: string; timezone?: string }>('/v1/clock');
        return { date: c.today, at: c.now, ...(c.timezone ? { timezone: c.timezone } : {}) };
      },
    },
    inventory: {
      exportItems: page<ErpItem>('/v1/items'),
      warehouses: () => call<ErpWarehouse[]>('/v1/warehouses'),
      checkAvailability: (accountId, lines, o = {}) =>
        post<{ checkedAt: string; lines: AvailabilityAnswer[] }>('/v1/availability/check', {
          accountId,
          lines,
          ...(o.partialDelivery === undefined ? {} : { partialDelivery: o.partialDelivery }),
        }),
    },
    pricing: {
      exportConditions: page<ErpCondition>('/v1/conditions'),
      exportConditionsText: textPage('/v1/conditions'),
      async exportCustomers(req) {
        const accounts = await page<ErpAccount>('/v1/accounts')(req);
        return {
          items: accounts.items.map((a) => ({
            accountId: a.id,
            currency: a.currency,
            tier: a.tier,
            priceListId: a.priceListId,
            shipToCountry: a.shipToCountry ?? null,
            minimumOrderValue: a.minimumOrderValue ?? null,
          })),
          nextCursor: accounts.nextCursor,
        };
      },
      async exportItemTaxClasses(req) {
        const items = await page<ErpItem>('/v1/items')(req);
        return { items: items.items.map((i) => ({ sku: i.sku, taxClass: i.taxClass ?? null })), nextCursor: items.nextCursor };
      },
      simulate: (accountId, lines, pricingDate) =>
        post<DocumentPrice>('/v1/pricing/simulate', { accountId, lines, ...(pricingDate ? { pricingDate } : {}) }),
      async tiers(accountId, sku, pricingDate) {
        const q = new URLSearchParams({ accountId, sku, ...(pricingDate ? { pricingDate } : {}) });
        return (await call<{ tiers: PriceTier[] }>(`/v1/pricing/tiers?${q}`)).tiers;
      },
    },
    orders: {
      exportAccounts: page<ErpAccount>('/v1/accounts'),
      exportSalesOrders: page<ErpSalesOrder>('/v1/sales-orders'),
      exportDeliveries: page<ErpDelivery>('/v1/deliveries'),
      async createSalesOrder(input, idempotencyKey) {
        const res = await send('/v1/sales-orders', { method: 'POST', body: input, headers: { 'idempotency-key': idempotencyKey } });
        if (!res.ok) return failure(res, '/v1/sales-orders');
        const order = await res
          .json<ErpSalesOrder>()
          .catch((err: unknown) => Promise.reject(new ErpUnavailableError('ERP order response was incomplete', err)));
        return { order, replayed: res.header('idempotent-replayed') === 'true' };
      },
      getSalesOrder: (number) => find<ErpSalesOrder>(`/v1/sales-orders/${seg(number)}`),
      findSalesOrderByPortalId: (id) => find<ErpSalesOrder>(`/v1/sales-orders/by-portal-id/${seg(id)}`),
      cancelLine: (number, lineNo) => post<ErpSalesOrder>(`/v1/sales-orders/${seg(number)}/lines/${lineNo}/cancel`),
      acceptSubstitution: (number, lineNo) => post<ErpSalesOrder>(`/v1/sales-orders/${seg(number)}/lines/${lineNo}/accept-substitution`),
      releaseCreditHold: (number, by) => post<ErpSalesOrder>(`/v1/sales-orders/${seg(number)}/release-credit-hold`, { by }),
      documentFlow: (number) => find<ErpDocumentFlow>(`/v1/sales-orders/${seg(number)}/document-flow`),
    },
    invoices: {
      documentContentType: 'application/pdf',
      exportInvoices: page<ErpInvoice>('/v1/invoices'),
      exportCreditMemos: page<ErpCreditMemo>('/v1/credit-memos'),
      exportPayments: page<ErpPayment>('/v1/payments'),
      getInvoice: (number) => find<ErpInvoice>(`/v1/invoices/${seg(number)}`),
      creditBalance: async (accountId) => {
        const balance = await find<ErpCreditBalance>(`/v1/customers/${seg(accountId)}/credit-balance`);
        if (!balance) throw new ErpRequestError(404, 'UNKNOWN_CUSTOMER', `no customer ${accountId}`);
        return balance;
      },
      invoiceDocument: (number) => document(`/v1/invoices/${seg(number)}/document`),
      creditMemoDocument: (number) => document(`/v1/credit-memos/${seg(number)}/document`),
    },
    events: {
      poll(after, o = {}) {
        const q = new URLSearchParams({ after: String(after), limit: String(o.limit ?? 100), waitMs: String(o.waitMs ?? 0) });
        if (o.types?.length) q.set('types', o.types.join(','));
        return call<{ events: ErpChangeEvent[]; nextCursor: number }>(`/v1/events?${q}`, { extraTimeoutMs: o.waitMs ?? 0 });
      },
      async head() {
        return (await call<{ seq: number }>('/v1/events/head')).seq;
      },
    },
    async ping() {
      try {
        const res = await httpCall(origin, `${prefix}/health`, { timeoutMs: 2_000 });
        await res.bytes();
        return res.ok;
      } catch {
        return false;
      }
    },
  };
}
