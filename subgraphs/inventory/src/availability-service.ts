/**
 * Availability for the inventory subgraph: one batched ERP call for all lines of a request, a
 * short-lived cache (ended early by the ERP's stock and order events, and at the answer's cut-off),
 * the last known answer per line, and a time budget after which the buyer gets the last known
 * answer (UNKNOWN) or the lead time (LEAD_TIME) with a caveat — the cart query never hangs.
 */
import { prom as client, registry } from '@portal/platform/metrics';
import { ErpRequestError, type AvailabilityAnswer, type InventoryPort } from '@portal/erp/port';
import type { Logger } from '@portal/platform/logger';
import { fromLastKnown, leadTimeEstimate, type AvailabilityView } from './domain/availability.js';

export interface AvailabilityKey {
  accountId: string;
  sku: string;
  quantity: number;
  requestedDate: string | null;
  warehouse: string | null;
}

/** The ERP refused the request (unknown SKU or warehouse): the caller's mistake, not an outage. */
export class AvailabilityRefused extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export const keyOf = (k: AvailabilityKey) => keyFor(k.accountId, k);

/** `keyOf` for a line of one account, without building the key object first. */
export function keyFor(accountId: string, k: Omit<AvailabilityKey, 'accountId'>): string {
  return `${accountId}|${k.sku}|${k.quantity}|${k.requestedDate ?? ''}|${k.warehouse ?? ''}`;
}

const erpCalls = new client.Counter({
  name: 'portal_erp_availability_calls_total',
  help: 'Batched ERP availability calls',
  labelNames: ['outcome'] as const,
  registers: [registry],
});
const linesServed = new client.Counter({
  name: 'portal_availability_lines_total',
  help: 'Availability answers by freshness',
  labelNames: ['freshness'] as const,
  registers: [registry],
});

export function toView(a: AvailabilityAnswer, requestedDate: string | null): AvailabilityView {
  return {
    sku: a.sku,
    status: a.status,
    requestedDate: a.requestedDeliveryDate ?? requestedDate,
    materialAvailabilityDate: a.materialAvailabilityDate,
    atpDate: a.atpDate,
    promisedQuantity: a.promisedQuantity,
    onHandHint: a.onHandHint,
    leadTimeDays: a.leadTimeDays,
    warehouse: a.warehouse,
    cutoffAt: a.cutoffAt,
    scheduleLines: a.scheduleLines.map((l) => ({ date: l.deliveryDate, availableDate: l.availableDate, quantity: l.quantity })),
    caveats: a.caveats,
    checkedAt: a.checkedAt,
    freshness: 'LIVE',
  };
}

interface CacheEntry {
  view: AvailabilityView;
  expiresAt: number;
}

export class AvailabilityService {
  private readonly cache = new Map<string, CacheEntry>();
  private readonly lastKnown = new Map<string, AvailabilityView>();
  /** sku → cache keys, so a stock or order event drops every answer about that item. */
  private readonly bySku = new Map<string, Set<string>>();

  constructor(
    private readonly port: InventoryPort,
    private readonly opts: {
      budgetMs: number;
      cacheMs: number;
      logger: Logger;
      leadTimeOf: (skus: string[]) => Promise<Map<string, number>>;
      /** The business time without an ERP call (the last known, moved on), for answers while the ERP is down. */
      businessNow?: () => Date;
    },
  ) {}

  /** Stock or ATP of these items changed in the ERP: cached answers about them are wrong now. */
  invalidate(skus: Iterable<string>): number {
    let dropped = 0;
    for (const sku of skus) {
      for (const key of this.bySku.get(sku) ?? []) if (this.cache.delete(key)) dropped++;
      this.bySku.delete(sku);
    }
    return dropped;
  }

  private remember(key: AvailabilityKey, view: AvailabilityView) {
    const k = keyOf(key);
    this.lastKnown.set(k, view);
    if (this.opts.cacheMs <= 0) return;
    // The answer holds until its cut-off at most: measured on the ERP's business clock, which may differ from ours.
    const untilCutoff = view.cutoffAt ? Date.parse(view.cutoffAt) - Date.parse(view.checkedAt) : Infinity;
    this.cache.set(k, { view, expiresAt: Date.now() + Math.min(this.opts.cacheMs, untilCutoff) });
    let keys = this.bySku.get(key.sku);
    if (!keys) this.bySku.set(key.sku, (keys = new Set()));
    keys.add(k);
  }

  /**
   * Answers for many lines: cached ones, then one ERP call for the rest within the time budget.
   * `leadTimeOf` (for answers past the budget) defaults to the service's own lookup; a request
   * passes its loader, which already holds the items it asked about.
   */
  async check(
    keys: readonly AvailabilityKey[],
    leadTimeOf: (skus: string[]) => Promise<Map<string, number>> = this.opts.leadTimeOf,
  ): Promise<AvailabilityView[]> {
    const now = Date.now();
    const answers = new Map<string, AvailabilityView>();
    const missing = new Map<string, AvailabilityKey>();
    const keyTexts = keys.map(keyOf);
    for (const [i, key] of keys.entries()) {
      const k = keyTexts[i]!;
      const hit = this.cache.get(k);
      if (hit && hit.expiresAt > now) answers.set(k, { ...hit.view, freshness: 'CACHED' });
      else missing.set(k, key);
    }
    // One ERP call per account (the account decides the warehouse and delivery policy).
    const byAccount = new Map<string, AvailabilityKey[]>();
    for (const m of missing.values()) byAccount.set(m.accountId, [...(byAccount.get(m.accountId) ?? []), m]);
    await Promise.all(
      [...byAccount.entries()].map(async ([accountId, group]) => {
        let timer: NodeJS.Timeout | undefined;
        const budget = new Promise<'TIMEOUT'>((resolve) => (timer = setTimeout(() => resolve('TIMEOUT'), this.opts.budgetMs)));
        const call = this.port.checkAvailability(
          accountId,
          group.map((k, i) => ({
            lineId: String(i),
            sku: k.sku,
            quantity: k.quantity,
            requestedDeliveryDate: k.requestedDate,
            warehouseId: k.warehouse,
          })),
        );
        try {
          const result = await Promise.race([call, budget]);
          if (result === 'TIMEOUT') throw new Error(`no answer within ${this.opts.budgetMs} ms`);
          erpCalls.labels('ok').inc();
          result.lines.forEach((line) => {
            const key = group[Number(line.lineId)]!;
            const view = toView(line, key.requestedDate);
            this.remember(key, view);
            answers.set(keyOf(key), view);
          });
        } catch (err) {
          // A client error (unknown SKU or warehouse) is the caller's, not the ERP being down.
          if (err instanceof ErpRequestError) {
            erpCalls.labels('refused').inc();
            throw new AvailabilityRefused(err.code, err.message);
          }
          erpCalls.labels(String((err as Error).message).startsWith('no answer within') ? 'timeout' : 'error').inc();
          this.opts.logger.warn({ err: (err as Error).message, lines: group.length }, 'ERP availability unavailable; degrading');
          call.catch(() => {}); // the late answer (or error) is no longer awaited
          const leadTimes = await leadTimeOf(group.map((k) => k.sku));
          const now = this.opts.businessNow?.() ?? new Date();
          for (const key of group) {
            const last = this.lastKnown.get(keyOf(key));
            answers.set(
              keyOf(key),
              last ? fromLastKnown(last, now) : leadTimeEstimate(key.sku, leadTimes.get(key.sku) ?? 0, key.requestedDate, now),
            );
          }
        } finally {
          clearTimeout(timer);
        }
      }),
    );
    // Counted per freshness once per call, not per line: a cart page asks for every line at once.
    const served = new Map<string, number>();
    const views = keyTexts.map((k) => {
      const view = answers.get(k)!;
      served.set(view.freshness, (served.get(view.freshness) ?? 0) + 1);
      return view;
    });
    for (const [freshness, lines] of served) linesServed.labels(freshness).inc(lines);
    return views;
  }

  /** The answer the buyer was last shown for this line, if any. */
  lastKnownFor(key: AvailabilityKey): AvailabilityView | undefined {
    return this.lastKnown.get(keyOf(key));
  }

  /** Fresh ERP answers, no cache, no degradation (submit must not rely on a stale promise). */
  async recheck(accountId: string, keys: readonly AvailabilityKey[]): Promise<AvailabilityView[]> {
    const result = await this.port.checkAvailability(
      accountId,
      keys.map((k, i) => ({
        lineId: String(i),
        sku: k.sku,
        quantity: k.quantity,
        requestedDeliveryDate: k.requestedDate,
        warehouseId: k.warehouse,
      })),
    );
    erpCalls.labels('ok').inc();
    return result.lines.map((line) => {
      const key = keys[Number(line.lineId)]!;
      const view = toView(line, key.requestedDate);
      this.remember(key, view);
      return view;
    });
  }
}
