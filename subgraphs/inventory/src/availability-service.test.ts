/** AvailabilityService.check: live then cached answers per line, in the asked order, counted per freshness. */
import { describe, expect, it } from 'vitest';
import type { AvailabilityAnswer, InventoryPort } from '@portal/erp/port';
import { createLogger } from '@portal/platform/logger';
import { registry } from '@portal/platform/metrics';
import { AvailabilityService, keyFor, keyOf, type AvailabilityKey } from './availability-service.js';

const answer = (lineId: string, sku: string, quantity: number): AvailabilityAnswer => ({
  lineId,
  sku,
  status: 'AVAILABLE',
  requestedDeliveryDate: null,
  materialAvailabilityDate: '2026-06-16',
  scheduleLines: [{ availableDate: '2026-06-16', deliveryDate: '2026-06-17', quantity, basis: 'SUPPLY' }],
  atpDate: '2026-06-17',
  promisedQuantity: quantity,
  onHandHint: 100,
  leadTimeDays: 3,
  cutoffAt: '2099-01-01T15:00:00.000Z',
  warehouse: 'WH1',
  caveats: [],
  businessDate: '2026-06-15',
  checkedAt: '2026-06-15T10:00:00.000Z',
});

async function served(): Promise<Record<string, number>> {
  const metric = (await registry.getSingleMetric('portal_availability_lines_total')?.get()) ?? { values: [] };
  return Object.fromEntries(metric.values.map((v) => [String(v.labels.freshness), v.value]));
}

describe('AvailabilityService.check', () => {
  it('asks the ERP once for the lines it has no answer for, answers in the asked order, and counts lines per freshness', async () => {
    const calls: string[][] = [];
    const port = {
      async checkAvailability(_account: string, lines: { lineId: string; sku: string; quantity: number }[]) {
        calls.push(lines.map((l) => l.sku));
        return { checkedAt: '2026-06-15T10:00:00.000Z', lines: lines.map((l) => answer(l.lineId, l.sku, l.quantity)) };
      },
    } as unknown as InventoryPort;
    const service = new AvailabilityService(port, {
      budgetMs: 5_000,
      cacheMs: 60_000,
      logger: createLogger('inventory', 'silent'),
      leadTimeOf: async () => new Map(),
    });
    const key = (sku: string, quantity: number): AvailabilityKey => ({
      accountId: 'ACME',
      sku,
      quantity,
      requestedDate: null,
      warehouse: null,
    });
    const before = await served();
    const first = await service.check([key('A', 1), key('B', 2)]);
    expect(first.map((v) => [v.sku, v.promisedQuantity, v.freshness])).toEqual([
      ['A', 1, 'LIVE'],
      ['B', 2, 'LIVE'],
    ]);
    const second = await service.check([key('C', 3), key('B', 2), key('A', 1)]);
    expect(second.map((v) => [v.sku, v.promisedQuantity, v.freshness])).toEqual([
      ['C', 3, 'LIVE'],
      ['B', 2, 'CACHED'],
      ['A', 1, 'CACHED'],
    ]);
    expect(calls).toEqual([['A', 'B'], ['C']]);
    const after = await served();
    expect((after.LIVE ?? 0) - (before.LIVE ?? 0)).toBe(3);
    expect((after.CACHED ?? 0) - (before.CACHED ?? 0)).toBe(2);
  });

  it('keys a line the same whether or not the key carries its account', () => {
    const line = { sku: 'A', quantity: 2, requestedDate: '2026-07-01', warehouse: null };
    expect(keyFor('ACME', line)).toBe(keyOf({ ...line, accountId: 'ACME' }));
    expect(keyFor('ACME', line)).toBe('ACME|A|2|2026-07-01|');
  });
});
