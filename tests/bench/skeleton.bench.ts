/**
 * `pnpm bench skeleton`: the walking-skeleton query (four subgraphs) through the gateway on the
 * whole stack — throughput, latency percentiles, gateway process memory, and SQL statements per
 * request per subgraph (from each service's Prometheus counter).
 */
import os from 'node:os';
import { registry } from '@portal/platform/metrics';
import { startTestStack } from '../support/stack.js';
import { load, table, type Metric } from './stats.js';

const QUERY = `{ me { account { id } } items(first: 20) { nodes { sku name price(quantity: 1) { unitPrice { amount currency } } } } invoices(first: 1) { totalCount } }`;

async function sqlBySubgraph(): Promise<Record<string, number>> {
  const metric = (await registry.getSingleMetric('portal_sql_statements_total')?.get())?.values ?? [];
  return Object.fromEntries(metric.map((v) => [String(v.labels.service), v.value]));
}

export async function run(): Promise<Metric[]> {
  const metrics: Metric[] = [];
  const requests = Number(process.env.BENCH_REQUESTS ?? 2000);
  process.stderr.write(`starting the stack on ${process.env.DATABASE_URL ? 'DATABASE_URL' : 'embedded PGlite'}...\n`);
  const stack = await startTestStack({ LOG_LEVEL: 'error' });
  try {
    const token = stack.token('ACME', 'buyer');
    const call = async () => {
      const res = await fetch(stack.gatewayUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query: QUERY }),
      });
      const body = (await res.json()) as { errors?: unknown };
      return res.ok && !body.errors;
    };
    // Warm-up: JIT (the services' and the embedded database's WASM), connection pools, plan cache —
    // at least 200 requests and 5 s, the steady state of a running server.
    const warmUntil = performance.now() + Number(process.env.BENCH_WARMUP_S ?? 5) * 1000;
    await load(200, 8, call);
    while (performance.now() < warmUntil) await call();
    const rows: Record<string, string | number>[] = [];
    for (const concurrency of [1, 16]) {
      const before = await sqlBySubgraph();
      const r = await load(requests, concurrency, call);
      const after = await sqlBySubgraph();
      const sql = (s: string) => ((after[s] ?? 0) - (before[s] ?? 0)) / requests;
      rows.push({
        concurrency,
        requests: r.requests,
        errors: r.errors,
        'req/s': r.rps,
        'p50 ms': r.p50,
        'p95 ms': r.p95,
        'p99 ms': r.p99,
        'sql/req pricing': sql('pricing'),
        'sql/req inventory': sql('inventory'),
        'sql/req orders': sql('orders'),
        'sql/req invoices': sql('invoices'),
      });
      metrics.push({
        bench: 'skeleton',
        metric: `skeleton query (4 subgraphs) through the gateway, concurrency ${concurrency}`,
        value: Math.round(r.rps),
        unit: 'req/s',
        notes: `p50 ${r.p50.toFixed(0)} / p95 ${r.p95.toFixed(0)} / p99 ${r.p99.toFixed(0)} ms, ${r.errors}/${r.requests} errors`,
      });
      if (concurrency === 1)
        metrics.push({
          bench: 'skeleton',
          metric: 'SQL statements per request per subgraph',
          value: ['pricing', 'inventory', 'orders', 'invoices'].map((s) => Number(sql(s).toFixed(2))).join(', '),
          unit: 'statements',
          notes: 'pricing, inventory, orders, invoices; skeleton query with 20 priced items',
        });
    }
    const mem = process.memoryUsage();
    console.log(`\nskeleton query through the gateway (20 priced items, 4 subgraphs), all services in one process`);
    console.log(
      `machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}, db: ${stack.db.kind === 'pglite' ? 'PGlite (embedded)' : 'PostgreSQL server'}`,
    );
    console.log(table(rows));
    console.log(
      `process RSS ${(mem.rss / 2 ** 20).toFixed(0)} MiB, heap used ${(mem.heapUsed / 2 ** 20).toFixed(0)} MiB (ERP + 4 subgraphs + gateway + load generator)`,
    );
  } finally {
    await stack.stop();
  }
  return metrics;
}
