/**
 * `pnpm bench erp`: the reference ERP on its own — batched ATP for a 200-line request, price
 * simulation of a 500-line cart, and a full condition export of BENCH_CONDITIONS (default
 * 1,000,000) records through the port (rows/s), plus how fast the seed loads them — then each ERP
 * adapter per port operation (price simulation, ATP check, order creation, order read): calls to
 * the ERP per operation (HTTP requests for the reference ERP, JSON-RPC calls for Tryton) and p50/p95
 * time. Tryton is measured when it answers at TRYTON_URL (scripts/tryton/setup.sh), else skipped.
 */
import os from 'node:os';
import { createReferenceErp, createTrytonErp, rpcDelta, type ErpPorts, type RpcStats } from '@portal/erp/port';
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
    const exportPage = Number(process.env.BENCH_EXPORT_PAGE ?? 10_000);
    let rows = 0;
    for (let cursor: string | null = null; ;) {
      const page = await ports.pricing.exportConditions({ cursor, limit: exportPage });
      rows += page.items.length;
      if (!page.nextCursor) break;
      cursor = page.nextCursor;
    }
    const exportSeconds = (performance.now() - exportStart) / 1000;
    // The same export as tab-separated text formatted by the ERP's database (what a sync into a
    // PostgreSQL server loads as it is).
    const textStart = performance.now();
    let textRows = 0;
    for (let cursor: string | null = null; ;) {
      const page = await ports.pricing.exportConditionsText!({ cursor, limit: exportPage });
      textRows += page.rows;
      if (!page.nextCursor) break;
      cursor = page.nextCursor;
    }
    const textSeconds = (performance.now() - textStart) / 1000;

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
      `condition export through the port: ${rows} records in ${exportSeconds.toFixed(1)} s = ${Math.round(rows / exportSeconds)} rows/s (pages of ${exportPage})`,
    );
    console.log(
      `condition export as tab-separated text through the port: ${textRows} records in ${textSeconds.toFixed(1)} s = ${Math.round(textRows / textSeconds)} rows/s`,
    );
    console.log(`seed (load + history replay) with ${conditions} extra conditions: ${seedSeconds.toFixed(1)} s`);

    // Per port operation, both adapters: the reference ERP's HTTP requests are counted at fetch.
    let httpCalls = 0;
    const fetchBefore = globalThis.fetch;
    globalThis.fetch = ((input: Parameters<typeof fetch>[0], init?: RequestInit) => {
      if (String(input instanceof Request ? input.url : input).startsWith(erp.url)) httpCalls++;
      return fetchBefore(input, init);
    }) as typeof fetch;
    const perOp: OperationRow[] = [];
    try {
      perOp.push(...(await perOperation('reference ERP', ports, () => httpCalls)));
    } finally {
      globalThis.fetch = fetchBefore;
    }
    const trytonOpts = {
      url: process.env.TRYTON_URL ?? 'http://127.0.0.1:8010',
      database: process.env.TRYTON_DATABASE ?? 'portal_tryton',
      user: process.env.TRYTON_USER ?? 'admin',
      password: process.env.TRYTON_PASSWORD ?? 'admin-portal-dev',
    };
    const tryton = createTrytonErp({ ...trytonOpts, timeoutMs: 60_000 });
    if (await tryton.ping()) {
      // A session of its own (the same URL spelt another way), before anything else of this process asks Tryton: login and master data.
      const otherSpelling = trytonOpts.url.endsWith('/') ? trytonOpts.url.replace(/\/+$/, '') : `${trytonOpts.url}/`;
      const cold = createTrytonErp({ ...trytonOpts, url: otherSpelling, timeoutMs: 60_000 });
      const coldBefore = cold.rpc.stats().calls;
      const t = performance.now();
      await cold.pricing.simulate('ACME', [{ lineId: '1', sku: 'BOLT-0001', quantity: 1 }]);
      const coldMs = performance.now() - t;
      perOp.push({
        erp: 'Tryton 6.0',
        operation: 'price simulation, 1 line, first of a process (login, master data)',
        runs: 1,
        errors: 0,
        'calls/op': String(cold.rpc.stats().calls - coldBefore),
        'p50 ms': coldMs,
        'p95 ms': coldMs,
      });
      let createCalls: RpcStats | undefined;
      perOp.push(
        ...(await perOperation('Tryton 6.0', tryton, () => tryton.rpc.stats().calls, {
          around: async (run) => {
            const before = tryton.rpc.stats();
            await run();
            createCalls = rpcDelta(before, tryton.rpc.stats());
          },
        })),
      );
      if (createCalls)
        console.log(
          `\nTryton calls of the order creations, by method (calls, mean ms): ${Object.entries(createCalls.byMethod)
            .map(([k, v]) => `${k.replace(/^model\./, '')} ${v.calls} (${(v.ms / v.calls).toFixed(0)})`)
            .join(', ')}`,
        );
    } else console.log(`\nTryton: nothing answers at ${trytonOpts.url} (scripts/tryton/setup.sh): not measured`);
    console.log(
      `\nper port operation (sequential; calls = requests to the ERP per operation; load average now ${os.loadavg()[0]!.toFixed(1)} on ${os.cpus().length} cores)`,
    );
    console.log(table(perOp.map((r) => ({ ...r }))));
    return [
      ...perOp.map((r) => ({
        bench: 'erp',
        metric: `${r.erp}: ${r.operation}`,
        value: Number(r['p50 ms'].toFixed(1)),
        unit: 'ms p50',
        notes: `p95 ${r['p95 ms'].toFixed(1)} ms, ${r['calls/op']} calls/op, ${r.runs} runs${r.errors ? `, ${r.errors} errors` : ''}`,
      })),
      {
        bench: 'erp',
        metric: 'reference ERP condition export through the port',
        value: Math.round(rows / exportSeconds),
        unit: 'rows/s',
        notes: `${rows} records, pages of ${exportPage}`,
      },
      {
        bench: 'erp',
        metric: 'reference ERP condition export as text through the port',
        value: Math.round(textRows / textSeconds),
        unit: 'rows/s',
        notes: `${textRows} records, pages of ${exportPage}, tab-separated text formatted by the database`,
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

interface OperationRow {
  erp: string;
  operation: string;
  runs: number;
  errors: number;
  'calls/op': string;
  'p50 ms': number;
  'p95 ms': number;
}

/**
 * The port operations a cart and a submit cost, run one at a time: price simulation and ATP check of
 * a 10-line and a 200-line cart, creating a 3-line order, reading it back. `calls()` counts the
 * requests to the ERP so far; `around` wraps the order creations (to break their calls down).
 */
async function perOperation(
  name: string,
  ports: ErpPorts,
  calls: () => number,
  o: { around?: (run: () => Promise<void>) => Promise<void> } = {},
): Promise<OperationRow[]> {
  const runs = Number(process.env.BENCH_ERP_RUNS ?? 20);
  const items = (await ports.inventory.exportItems({ limit: 1000 })).items.filter((i) => !i.discontinued && !/^ATP-/.test(i.sku));
  const cart = (n: number) =>
    Array.from({ length: n }, (_, k) => ({ lineId: String(k), sku: items[k % items.length]!.sku, quantity: 1 + (k % 9) }));
  const small = cart(10);
  const big = cart(200);
  const rows: OperationRow[] = [];
  const measure = async (operation: string, n: number, fn: (i: number) => Promise<unknown>) => {
    const times: number[] = [];
    let errors = 0;
    const before = calls();
    for (let i = 0; i < n; i++) {
      const t = performance.now();
      await fn(i).catch((err: unknown) => {
        errors++;
        if (errors === 1) process.stderr.write(`  ${name} ${operation}: ${(err as Error).message}\n`);
      });
      times.push(performance.now() - t);
    }
    times.sort((a, b) => a - b);
    const pct = (p: number) => times[Math.min(times.length - 1, Math.max(0, Math.ceil((p / 100) * times.length) - 1))]!;
    rows.push({
      erp: name,
      operation,
      runs: n,
      errors,
      'calls/op': ((calls() - before) / n).toFixed(1),
      'p50 ms': pct(50),
      'p95 ms': pct(95),
    });
  };
  await ports.pricing.simulate('ACME', small); // warm-up
  // A big cart once, then carts of items at a quantity not priced before in this process (another
  // price-list band), then the same carts again (what an adapter may keep).
  await measure('price simulation, 200 lines, first time', 1, () => ports.pricing.simulate('ACME', big));
  await measure('price simulation, 10 lines, items not priced before', Math.min(runs, Math.floor(items.length / 10) - 1), (i) =>
    ports.pricing.simulate(
      'ACME',
      small.map((l, k) => ({ ...l, sku: items[(10 * (i + 1) + k) % items.length]!.sku, quantity: 50 + k })),
    ),
  );
  await measure('price simulation, 10 lines, the same cart again', runs, () => ports.pricing.simulate('ACME', small));
  await measure('price simulation, 200 lines, the same cart again', Math.ceil(runs / 2), () => ports.pricing.simulate('ACME', big));
  await measure('ATP check, 10 lines', runs, () => ports.inventory.checkAvailability('ACME', small));
  await measure('ATP check, 200 lines', Math.ceil(runs / 2), () => ports.inventory.checkAvailability('ACME', big));
  const numbers: string[] = [];
  const stamp = Date.now().toString(36);
  const orderLines = [
    { sku: 'BOLT-0001', quantity: 1 },
    { sku: 'BRG-0004', quantity: 1 },
    { sku: 'NUT-0002', quantity: 2 },
  ];
  const create = () =>
    measure('create order, 3 lines (idempotent submit)', Math.ceil(runs / 2), async (i) => {
      const key = `bench-${stamp}-${i}`;
      numbers.push(
        (await ports.orders.createSalesOrder({ portalOrderId: `bench-${key}`, accountId: 'ACME', lines: orderLines }, key)).order.number,
      );
    });
  await (o.around ? o.around(create) : create());
  await measure('read order', runs, (i) => ports.orders.getSalesOrder(numbers[i % numbers.length]!));
  return rows;
}
