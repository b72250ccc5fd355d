/**
 * Reference-ERP-only HTTP behaviour the port suite does not reach: authentication, malformed
 * input, the endpoints without a port (carriers, stock, admin), condition changes on the feed,
 * and injected timeouts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@portal/testkit';
import { createReferenceErpAdmin } from '../port/reference-admin.js';
import { createReferenceErp } from '../port/reference.js';
import { ErpUnavailableError } from '../port/types.js';
import { loadErpConfig } from '@portal/reference-erp/config';
import { startErpService, type RunningErp } from '@portal/reference-erp';

let db: TestDatabase;
let erp: RunningErp;
const config = loadErpConfig({ LOG_LEVEL: 'fatal', ERP_CLOCK_START: '2026-11-02T12:00:00.000Z', ERP_FULFILMENT_INTERVAL_MS: '0' });
const key = { 'x-erp-api-key': config.ERP_API_KEY };
const get = (path: string, headers: Record<string, string> = key) => fetch(`${erp.url}${path}`, { headers });
const post = (path: string, body: string, headers: Record<string, string> = key) =>
  fetch(`${erp.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });

beforeAll(async () => {
  db = await createTestDatabase('portal_erp_http');
  erp = await startErpService({ config, databaseUrl: db.url, port: 0, onProgress: () => {} });
});
afterAll(async () => {
  await erp?.close();
  await db?.close();
});

describe('reference ERP HTTP', () => {
  it('refuses calls without the API key, and with a wrong one', async () => {
    const attempts: Record<string, string>[] = [{}, { 'x-erp-api-key': 'wrong-key-wrong' }];
    for (const headers of attempts) {
      const res = await get('/v1/items', headers);
      expect(res.status).toBe(401);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('UNAUTHORIZED');
    }
    expect((await get('/health', {})).status).toBe(200);
  });

  it('answers malformed JSON, invalid bodies and bad limits with typed 400s and changes nothing', async () => {
    const before = await (await get('/v1/sales-orders?limit=1000')).json();
    const bad = await post('/v1/sales-orders', '{not json', { ...key, 'idempotency-key': 'k1' });
    expect(bad.status).toBe(400);
    const invalid = await post('/v1/sales-orders', JSON.stringify({ accountId: 'ACME', lines: [] }), { ...key, 'idempotency-key': 'k2' });
    expect(invalid.status).toBe(400);
    expect(((await invalid.json()) as { error: { code: string; message: string } }).error).toMatchObject({ code: 'VALIDATION_FAILED' });
    const noKey = await post(
      '/v1/sales-orders',
      JSON.stringify({ portalOrderId: 'x', accountId: 'ACME', lines: [{ sku: 'BOLT-0001', quantity: 1 }] }),
    );
    expect(noKey.status).toBe(400);
    expect((await get('/v1/items?limit=0')).status).toBe(400);
    expect((await get('/v1/events?after=-1')).status).toBe(400);
    expect(await (await get('/v1/sales-orders?limit=1000')).json()).toEqual(before);
  });

  it('lists carriers and stock', async () => {
    const carriers = (await (await get('/v1/carriers')).json()) as { id: string; trackingUrlTemplate: string }[];
    expect(carriers.map((c) => c.id)).toEqual(['FREIGHTLINE', 'PARCELCO']);
    const stock = (await (await get('/v1/stock?skus=ATP-DEMO-1')).json()) as { warehouseId: string; onHand: number }[];
    expect(stock).toEqual([
      { sku: 'ATP-DEMO-1', warehouseId: 'WH-EU', onHand: 100 },
      { sku: 'ATP-DEMO-1', warehouseId: 'WH-US', onHand: 100 },
    ]);
  });

  it('versions a changed condition and publishes it on the change feed', async () => {
    const admin = createReferenceErpAdmin({ baseUrl: erp.url, apiKey: config.ERP_API_KEY });
    const ports = createReferenceErp({ baseUrl: erp.url, apiKey: config.ERP_API_KEY });
    let cursor = 0;
    for (
      let page = await ports.events.poll(0, { limit: 1000 });
      page.events.length;
      page = await ports.events.poll(cursor, { limit: 1000 })
    )
      cursor = page.nextCursor;
    const changed = await admin.changeCondition({
      id: 'PR00-LIST-BOLT-0011-USD',
      conditionType: 'PR00',
      access: 'LIST',
      sku: 'BOLT-0011',
      accountId: null,
      priceListId: null,
      tier: null,
      currency: 'USD',
      amount: '12.3400',
      rate: null,
      scales: [],
      validFrom: '2026-01-01',
      validTo: null,
      contractId: null,
    });
    expect(changed.version).toBe(2);
    const feed = await ports.events.poll(cursor);
    expect(feed.events).toEqual([
      expect.objectContaining({
        type: 'condition.changed',
        key: 'PR00-LIST-BOLT-0011-USD',
        payload: expect.objectContaining({ version: 2, amount: '12.34' }),
      }),
    ]);
    const sim = await ports.pricing.simulate('INITECH', [{ lineId: '1', sku: 'BOLT-0011', quantity: 2 }]);
    expect(sim.lines[0]!.netAmount).toBe('24.68');
  });

  it('drops the connection on an injected timeout, which the adapter reports as unavailable', async () => {
    const admin = createReferenceErpAdmin({ baseUrl: erp.url, apiKey: config.ERP_API_KEY });
    const ports = createReferenceErp({ baseUrl: erp.url, apiKey: config.ERP_API_KEY, timeoutMs: 2000 });
    try {
      await admin.setFaults({ 'GET /v1/pricing/tiers': { timeoutRate: 1, timeoutMs: 100 } });
      await expect(ports.pricing.tiers('ACME', 'BOLT-0001')).rejects.toBeInstanceOf(ErpUnavailableError);
      expect((await admin.faults()).injected.timeouts).toBe(1);
    } finally {
      await admin.clearFaults();
    }
  });

  it('reports and advances the business clock', async () => {
    const admin = createReferenceErpAdmin({ baseUrl: erp.url, apiKey: config.ERP_API_KEY });
    const before = await admin.clock();
    expect(before.today).toBe('2026-11-02');
    const after = await admin.advance({ days: 2 });
    expect(after.today).toBe('2026-11-04');
    expect(after.fulfilment).toEqual(expect.objectContaining({ shipped: expect.any(Number) }));
  });
});
