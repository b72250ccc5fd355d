/**
 * What the reference ERP's side of a submit costs in statements, and what the plain-row reads
 * answer: a price simulation and an availability check take one statement each whatever their
 * lines; an order creation five (one before its transaction, four in it); a replay of a committed
 * order one (no transaction), answering the order as it now stands, like a read of it; another
 * payload under the key is refused from that read. The change feed reads in `seq` order past
 * every power of ten.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedPostgres } from '@portal/platform/db';
import { metrics } from '@portal/platform/metrics';
import { loadErpConfig } from './config.js';
import { readFeed } from './feed.js';
import { startErpService, type RunningErp } from './server.js';

let db: { stop(): Promise<void>; url: string };
let erp: RunningErp;
const config = loadErpConfig({ LOG_LEVEL: 'fatal', ERP_FULFILMENT_INTERVAL_MS: '0', ERP_CLOCK_START: '2026-11-02T12:00:00.000Z' });

beforeAll(async () => {
  db = await startEmbeddedPostgres();
  erp = await startErpService({ config, databaseUrl: db.url, port: 0, onProgress: () => {} });
}, 120_000);
afterAll(async () => {
  await erp?.close();
  await db?.stop();
});

const statements = async () => (await metrics.sqlStatements.get()).values.find((v) => v.labels.service === 'erp')?.value ?? 0;

/** A call to the ERP with the statements it sent. */
async function call(path: string, body?: unknown, headers: Record<string, string> = {}) {
  const before = await statements();
  const res = await fetch(`${erp.url}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { 'content-type': 'application/json', 'x-erp-api-key': config.ERP_API_KEY, ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return {
    status: res.status,
    replayed: res.headers.get('idempotent-replayed'),
    body: await res.json(),
    sql: (await statements()) - before,
  };
}

async function orderableSkus(n: number): Promise<string[]> {
  const items = (await call('/v1/items?limit=200')).body.items as { sku: string; discontinued: boolean }[];
  const skus = items.filter((i) => !i.discontinued && !i.sku.startsWith('ATP-')).map((i) => i.sku);
  expect(skus.length).toBeGreaterThanOrEqual(n);
  return skus.slice(0, n);
}

describe('reference ERP: statements of a submit', () => {
  it('a price simulation and an availability check take one statement each, for 3 lines as for 10', async () => {
    for (const skus of [await orderableSkus(3), await orderableSkus(10)]) {
      const lines = skus.map((sku, i) => ({ lineId: String(i), sku, quantity: 1 }));
      const sim = await call('/v1/pricing/simulate', { accountId: 'ACME', lines });
      expect(sim.status).toBe(200);
      expect(sim.body.lines).toHaveLength(skus.length);
      expect(sim.sql).toBe(1);
      const atp = await call('/v1/availability/check', { accountId: 'ACME', lines });
      expect(atp.status).toBe(200);
      expect(atp.body.lines).toHaveLength(skus.length);
      expect(atp.sql).toBe(1);
    }
    expect((await call('/v1/pricing/simulate', { accountId: 'NOBODY', lines: [{ lineId: '1', sku: 'X', quantity: 1 }] })).status).toBe(404);
    expect((await call('/v1/availability/check', { accountId: 'NOBODY', lines: [{ lineId: '1', sku: 'X', quantity: 1 }] })).status).toBe(
      404,
    );
  });

  it('an order takes five statements; its replay one, answering the order as a read of it does', async () => {
    const skus = await orderableSkus(10);
    const payload = { portalOrderId: 'stmt-1', accountId: 'ACME', lines: skus.map((sku) => ({ sku, quantity: 2 })) };
    const created = await call('/v1/sales-orders', payload, { 'idempotency-key': 'stmt-key-1' });
    expect(created.status).toBe(201);
    expect(created.body.lines).toHaveLength(10);
    expect(created.sql).toBe(5);

    const replay = await call('/v1/sales-orders', payload, { 'idempotency-key': 'stmt-key-1' });
    expect(replay.status).toBe(200);
    expect(replay.replayed).toBe('true');
    expect(replay.sql).toBe(1);
    const read = await call(`/v1/sales-orders/${created.body.number}`);
    expect(read.sql).toBe(1);
    expect(replay.body).toEqual(read.body);
    expect(replay.body).toEqual(created.body);
    expect((await call('/v1/sales-orders/by-portal-id/stmt-1')).body).toEqual(read.body);

    const reused = await call('/v1/sales-orders', { ...payload, lines: payload.lines.slice(1) }, { 'idempotency-key': 'stmt-key-1' });
    expect(reused.status).toBe(422);
    expect(reused.body.error.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(reused.sql).toBe(1);
    // The portal order under another key is refused under the locks, in the transaction.
    expect((await call('/v1/sales-orders', payload, { 'idempotency-key': 'stmt-key-2' })).status).toBe(409);
  });

  it('reads the change feed in seq order past every power of ten', async () => {
    const events = await readFeed(erp.orm.em.fork(), 0, 1000);
    expect(events.length).toBeGreaterThan(100);
    expect(events.map((e) => e.seq)).toEqual([...events.map((e) => e.seq)].sort((a, b) => a - b));
    expect(events[0]!.occurredAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  });
});
