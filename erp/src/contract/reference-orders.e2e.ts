/**
 * Order creation in the reference ERP, where it checks all lines in one availability check: two
 * lines of one SKU are promised as if checked one after the other (the second sees what the first
 * booked), the created order answered is the order as stored, orders taking the same items in
 * opposite line order at the same time all go through (their ATP locks are taken in one order),
 * and an order of 10 lines costs the statements of one of 3, within a ceiling.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@portal/testkit';
import { metrics } from '@portal/platform/metrics';
import { loadErpConfig } from '@portal/reference-erp/config';
import { startErpService, type RunningErp } from '@portal/reference-erp';
import { createReferenceErp } from '../port/reference.js';
import type { ErpPorts } from '../port/types.js';

/** Statements one order creation may send (before its transaction 1, in it 4). */
const MAX_CREATE_SQL = 5;

let db: TestDatabase;
let erp: RunningErp;
let ports: ErpPorts;
// A fixed business clock: every check and order below sees the same day.
const config = loadErpConfig({ LOG_LEVEL: 'fatal', ERP_CLOCK_START: '2026-11-02T12:00:00.000Z', ERP_FULFILMENT_INTERVAL_MS: '0' });

beforeAll(async () => {
  db = await createTestDatabase('portal_erp_orders');
  erp = await startErpService({ config, databaseUrl: db.url, port: 0, onProgress: () => {} });
  ports = createReferenceErp({ baseUrl: erp.url, apiKey: config.ERP_API_KEY, timeoutMs: 20_000 });
});
afterAll(async () => {
  await erp?.close();
  await db?.close();
});

const order = (lines: { sku: string; quantity: number }[]) =>
  ports.orders.createSalesOrder({ portalOrderId: randomUUID(), accountId: 'ACME', lines }, randomUUID());
const schedule = (l: { scheduleLines: { availableDate: string; quantity: number; basis?: string }[] }) =>
  l.scheduleLines.map((s) => ({ availableDate: s.availableDate, quantity: s.quantity, basis: s.basis }));

/** Orderable SKUs with stock on hand for ACME (a check of one unit answers AVAILABLE). */
async function stockedSkus(n: number): Promise<{ sku: string; onHand: number }[]> {
  const items = (await ports.inventory.exportItems({ cursor: null, limit: 200 })).items.filter((i) => !i.discontinued);
  const atp = await ports.inventory.checkAvailability(
    'ACME',
    items.map((i) => ({ lineId: i.sku, sku: i.sku, quantity: 1 })),
  );
  const stocked = atp.lines.filter((l) => l.status === 'AVAILABLE' && l.onHandHint >= 4).map((l) => ({ sku: l.sku, onHand: l.onHandHint }));
  expect(stocked.length).toBeGreaterThanOrEqual(n);
  return stocked.slice(0, n);
}

describe('reference ERP: creating an order', () => {
  it('promises a second line of the same SKU what is left after the first, as one line after the other', async () => {
    const [{ sku, onHand }] = (await stockedSkus(1)) as [{ sku: string; onHand: number }];
    const first = onHand - 1;
    const second = 3;
    // One line after the other: an order of the first quantity, then what a second line would get.
    const alone = (await order([{ sku, quantity: first }])).order;
    const expectedSecond = (await ports.inventory.checkAvailability('ACME', [{ lineId: 'x', sku, quantity: second }])).lines[0]!;
    await ports.orders.cancelLine(alone.number, alone.lines[0]!.lineNo); // its stock is free again

    const both = (
      await order([
        { sku, quantity: first },
        { sku, quantity: second },
      ])
    ).order;
    expect(schedule(both.lines[0]!)).toEqual(schedule(alone.lines[0]!));
    expect(schedule(both.lines[1]!)).toEqual(schedule(expectedSecond));
    // Not promised the same unit twice: from stock on hand at most what there is.
    const today = both.lines[0]!.scheduleLines[0]!.availableDate;
    const fromStockToday = both.lines.flatMap((l) => l.scheduleLines).filter((s) => s.availableDate === today && s.basis !== 'LEAD_TIME');
    expect(fromStockToday.reduce((n, s) => n + s.quantity, 0)).toBeLessThanOrEqual(onHand);
  });

  it('answers the order as stored', async () => {
    const skus = await stockedSkus(3);
    const created = (await order(skus.map((s, i) => ({ sku: s.sku, quantity: i + 1 })))).order;
    expect(created.lines).toHaveLength(3);
    expect(await ports.orders.getSalesOrder(created.number)).toEqual(created);
  });

  it('orders of the same items in opposite line order at the same time all go through', async () => {
    const [a, b] = (await stockedSkus(2)).map((s) => s.sku) as [string, string];
    const results = await Promise.allSettled(
      Array.from({ length: 8 }, (_, i) =>
        order(
          i % 2
            ? [
                { sku: a, quantity: 1 },
                { sku: b, quantity: 1 },
              ]
            : [
                { sku: b, quantity: 1 },
                { sku: a, quantity: 1 },
              ],
        ),
      ),
    );
    expect(results.filter((r) => r.status === 'rejected').map((r) => String((r as PromiseRejectedResult).reason))).toEqual([]);
    expect(new Set(results.map((r) => (r as PromiseFulfilledResult<{ order: { number: string } }>).value.order.number)).size).toBe(8);
  });

  it('an order of 10 lines costs the statements of one of 3, within the ceiling', async () => {
    const skus = (await ports.inventory.exportItems({ cursor: null, limit: 200 })).items.filter((i) => !i.discontinued).map((i) => i.sku);
    expect(skus.length).toBeGreaterThanOrEqual(10);
    const erpStatements = async () => (await metrics.sqlStatements.get()).values.find((v) => v.labels.service === 'erp')?.value ?? 0;
    const counted: number[] = [];
    for (const n of [3, 10]) {
      const before = await erpStatements();
      const created = (await order(skus.slice(0, n).map((sku) => ({ sku, quantity: 1 })))).order;
      expect(created.lines).toHaveLength(n);
      counted.push((await erpStatements()) - before);
    }
    expect(counted[0]).toBeGreaterThan(2); // the count is live
    expect(counted[1]).toBe(counted[0]);
    expect(counted[0]).toBeLessThanOrEqual(MAX_CREATE_SQL);
  });
});
