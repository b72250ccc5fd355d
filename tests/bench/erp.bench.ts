/**
 * `pnpm bench erp`: the reference ERP on its own — batched ATP for a 200-line request, price
 * simulation of a 500-line cart, and a full condition export of BENCH_CONDITIONS (default
 * 1,000,000) records through the port (rows/s), plus how fast the seed loads them.
 */
import os from 'node:os';
import { createReferenceErp } from '@portal/erp/port';
import { loadErpConfig } from '@portal/reference-erp/config';
import { startErpService } from '@portal/reference-erp';
import { createTestDatabase } from '@portal/testkit';
import { load, table, type Metric } from './stats.js';

export async function run(): Promise<Metric[]> {
  const conditions = Number(process.env.BENCH_CONDITIONS ?? 1_000_000);
  const db = await createTestDatabase('portal_bench_erp');
  const t0 = Date.now();
  process.stderr.write(
    `seeding the reference ERP with ${conditions} extra condition records over ${process.env.BENCH_ACCOUNTS ?? 2000} accounts on ${db.kind}...\n`,
  );
  const config = loadErpConfig({ LOG_LEVEL: 'error', ERP_FULFILMENT_INTERVAL_MS: '0', ERP_CLOCK_START: '2026-11-02T12:00:00.000Z' });
  let lastProgress = 0;
  const erp = await startErpService({
    config: { ...config, ERP_SEED: 'demo' },
    databaseUrl: db.url,
    port: 0,
    // 1M contracts spread over 2,000 customers (~500 each), not piled onto the three demo accounts.
    seedScale: { conditions, accounts: Number(process.env.BENCH_ACCOUNTS ?? 2000) },
    onProgress: (m) => {
      if (Date.now() - lastProgress > 5000 || /seeded/.test(m)) {
        lastProgress = Date.now();
        process.stderr.write(`  ${m}\n`);
      }
    },
  });
  const seedSeconds = (Date.now() - t0) / 1000;
  try {
    const ports = createReferenceErp({ baseUrl: erp.url, apiKey: config.ERP_API_KEY, timeoutMs: 120_000 });
    const items = (await ports.inventory.exportItems({ limit: 1000 })).items;
    const atpLines = Array.from({ length: 200 }, (_, k) => ({
      lineId: String(k),
      sku: items[k % items.length]!.sku,
      quantity: 1 + (k % 9),
    }));
    const cart = Array.from({ length: 500 }, (_, k) => ({ lineId: String(k), sku: items[k % items.length]!.sku, quantity: 1 + (k % 120) }));
    await ports.inventory.checkAvailability('ACME', atpLines); // warm-up
    await ports.pricing.simulate('ACME', cart);
    const atp = await load(40, 1, async () => (await ports.inventory.checkAvailability('ACME', atpLines)).lines.length === 200);
    const sim = await load(20, 1, async () => (await ports.pricing.simulate('ACME', cart)).lines.length === 500);

    const exportStart = performance.now();
    let rows = 0;
    for (let cursor: string | null = null; ;) {
      const page = await ports.pricing.exportConditions({ cursor, limit: 1000 });
      rows += page.items.length;
      if (!page.nextCursor) break;
      cursor = page.nextCursor;
    }
    const exportSeconds = (performance.now() - exportStart) / 1000;

    console.log(
      `\nreference ERP alone; machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}, db: ${db.kind === 'pglite' ? 'PGlite (embedded)' : 'PostgreSQL server'}`,
    );
    console.log(
      table([
        {
          operation: 'ATP check, 200 lines, one call',
          runs: atp.requests,
          errors: atp.errors,
          'p50 ms': atp.p50,
          'p95 ms': atp.p95,
          'p99 ms': atp.p99,
        },
        {
          operation: 'price simulation, 500-line cart',
          runs: sim.requests,
          errors: sim.errors,
          'p50 ms': sim.p50,
          'p95 ms': sim.p95,
          'p99 ms': sim.p99,
        },
      ]),
    );
    console.log(
      `condition export through the port: ${rows} records in ${exportSeconds.toFixed(1)} s = ${Math.round(rows / exportSeconds)} rows/s (pages of 1000)`,
    );
    console.log(`seed (load + history replay) with ${conditions} extra conditions: ${seedSeconds.toFixed(1)} s`);
    return [
      {
        bench: 'erp',
        metric: 'reference ERP condition export through the port',
        value: Math.round(rows / exportSeconds),
        unit: 'rows/s',
        notes: `${rows} records, pages of 1000`,
      },
      {
        bench: 'erp',
        metric: 'reference ERP ATP check, 200 lines',
        value: Number(atp.p50.toFixed(1)),
        unit: 'ms p50',
        notes: `p95 ${atp.p95.toFixed(1)} ms`,
      },
      {
        bench: 'erp',
        metric: 'reference ERP price simulation, 500 lines',
        value: Number(sim.p50.toFixed(1)),
        unit: 'ms p50',
        notes: `p95 ${sim.p95.toFixed(1)} ms`,
      },
    ];
  } finally {
    await erp.close();
    await db.close();
  }
}
