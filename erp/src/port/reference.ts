/**
 * The reference ERP adapter: implements every port over the reference ERP's HTTP API
 * (erp/src/service). Carries the API key, the correlation id and a child traceparent on every call.
 */
import { currentScope } from '@portal/platform/context';
import { childTraceparent } from '@portal/platform/trace';
import {
  ErpRequestError,
  ErpUnavailableError,
  type ErpAccount,
  type ErpCondition,
  type ErpInvoice,
  type ErpItem,
  type ErpPorts,
  type ErpSalesOrder,
  type Page,
  type PageRequest,
} from './types.js';

export interface ReferenceErpOptions {
  baseUrl: string;
  apiKey: string;
  timeoutMs?: number;
}

export function createReferenceErp(opts: ReferenceErpOptions): ErpPorts {
  const base = opts.baseUrl.replace(/\/$/, '');
  const timeoutMs = opts.timeoutMs ?? 10_000;

  async function call<T>(path: string): Promise<T> {
    const scope = currentScope();
    let res: Response;
    try {
      res = await fetch(`${base}${path}`, {
        headers: {
          accept: 'application/json',
          'x-erp-api-key': opts.apiKey,
          traceparent: childTraceparent(scope?.trace),
          ...(scope ? { 'x-correlation-id': scope.correlationId } : {}),
        },
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (err) {
      throw new ErpUnavailableError(`ERP unreachable: ${(err as Error).message}`, err);
    }
    if (res.status >= 500) throw new ErpUnavailableError(`ERP answered ${res.status} for ${path}`);
    const body = (await res.json().catch(() => ({}))) as { error?: { code?: string; message?: string } };
    if (!res.ok)
      throw new ErpRequestError(res.status, body.error?.code ?? 'ERP_ERROR', body.error?.message ?? `ERP answered ${res.status}`);
    return body as T;
  }

  function page<T>(path: string) {
    return (req: PageRequest): Promise<Page<T>> => {
      const q = new URLSearchParams();
      if (req.cursor) q.set('cursor', req.cursor);
      if (req.limit) q.set('limit', String(req.limit));
      return call<Page<T>>(`${path}?${q}`);
    };
  }

  return {
    inventory: { exportItems: page<ErpItem>('/v1/items') },
    pricing: {
      exportConditions: page<ErpCondition>('/v1/conditions'),
      async exportCustomers(req) {
        const accounts = await page<ErpAccount>('/v1/accounts')(req);
        return {
          items: accounts.items.map((a) => ({ accountId: a.id, currency: a.currency, tier: a.tier, priceListId: a.priceListId })),
          nextCursor: accounts.nextCursor,
        };
      },
    },
    orders: {
      exportAccounts: page<ErpAccount>('/v1/accounts'),
      exportSalesOrders: page<ErpSalesOrder>('/v1/sales-orders'),
    },
    invoices: { exportInvoices: page<ErpInvoice>('/v1/invoices') },
    async ping() {
      try {
        const res = await fetch(`${base}/health`, { signal: AbortSignal.timeout(2_000) });
        return res.ok;
      } catch {
        return false;
      }
    },
  };
}
