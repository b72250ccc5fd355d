/**
 * Control client for the reference ERP's admin API (demos and tests): the business clock,
 * fulfilment runs, fault injection, condition and stock changes, credit memos and payments.
 * Not a port: a real ERP is not driven this way.
 */
import type { ErpCondition, ErpCreditMemo, ErpInvoice, ErpItem, ErpSalesOrder } from './types.js';

export interface FaultRule {
  latencyMs?: number;
  jitterMs?: number;
  errorRate?: number;
  timeoutRate?: number;
  timeoutMs?: number;
  outages?: { from: string; to: string }[];
  duplicateRate?: number;
}

export interface FulfilmentRun {
  received: number;
  picking: number;
  shipped: number;
  delivered: number;
  invoices: number;
}

export function createReferenceErpAdmin(opts: { baseUrl: string; apiKey: string }) {
  const base = opts.baseUrl.replace(/\/$/, '');
  async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { 'x-erp-api-key': opts.apiKey, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const json = (await res.json()) as T & { error?: { code: string; message: string } };
    if (!res.ok) throw new Error(`ERP admin ${method} ${path}: ${res.status} ${json.error?.code ?? ''} ${json.error?.message ?? ''}`);
    return json;
  }
  return {
    clock: () => call<{ now: string; today: string }>('GET', '/admin/clock'),
    /** Move the business clock forward and run fulfilment once. */
    advance: (by: { days?: number; hours?: number }) =>
      call<{ now: string; today: string; fulfilment: FulfilmentRun }>('POST', '/admin/clock/advance', by),
    runFulfilment: () => call<FulfilmentRun>('POST', '/admin/fulfilment/run', {}),
    setFaults: (rules: Record<string, FaultRule>, seed = 1) => call<unknown>('PUT', '/admin/faults', { seed, rules }),
    clearFaults: () => call<unknown>('DELETE', '/admin/faults'),
    faults: () =>
      call<{ injected: { latency: number; errors: number; timeouts: number; outages: number; duplicates: number } }>(
        'GET',
        '/admin/faults',
      ),
    changeCondition: (c: Omit<ErpCondition, 'version'>) => call<ErpCondition>('POST', '/admin/conditions', c),
    changeItem: (change: {
      sku: string;
      name?: string;
      leadTimeDays?: number;
      discontinued?: boolean;
      successorSku?: string | null;
      /** null: not taxed anywhere. */
      taxClass?: string | null;
    }) => call<ErpItem>('POST', '/admin/items', change),
    /** An order entered at the ERP's own sales desk: no idempotency key, no portal id. */
    enterSalesOrder: (order: {
      accountId: string;
      requestedDeliveryDate?: string | null;
      customerReference?: string | null;
      lines: { sku: string; quantity: number; requestedDeliveryDate?: string | null }[];
    }) => call<ErpSalesOrder>('POST', '/admin/sales-orders', order),
    setStock: (sku: string, warehouseId: string, onHand: number) =>
      call<{ onHand: number }>('POST', '/admin/stock', { sku, warehouseId, onHand }),
    issueCreditMemo: (
      invoiceNumber: string,
      reason: 'RETURN' | 'PRICE_DISPUTE' | 'DAMAGED' | 'GOODWILL',
      lines: { lineNo: number; quantity?: number; amount?: string }[],
    ) => call<ErpCreditMemo>('POST', '/v1/credit-memos', { invoiceNumber, reason, lines }),
    receivePayment: (invoiceNumber: string, amount: string) => call<ErpInvoice>('POST', '/v1/payments', { invoiceNumber, amount }),
  };
}
export type ReferenceErpAdmin = ReturnType<typeof createReferenceErpAdmin>;
