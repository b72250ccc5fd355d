/**
 * `pnpm bench inventory`: availability for carts of 10, 50 and 200 lines through the inventory
 * subgraph — cold (every line asks the ERP: one batched call) and cached (a repeat within the
 * cache window) — with SQL statements and ERP calls per request.
 */
import os from 'node:os';
import type { RunningInventory } from '@portal/inventory';
import { VIEWER_HEADER, signViewerHeader } from '@portal/platform/auth';
import { DEV_INTERNAL_SECRET } from '@portal/platform/config';
import { startTestStack } from '../support/stack.js';
import { load, table, type Metric } from './stats.js';

export async function run(): Promise<Metric[]> {
  const metrics: Metric[] = [];
  process.stderr.write(`starting the stack on ${process.env.DATABASE_URL ? 'DATABASE_URL' : 'embedded PGlite'}...\n`);
  const stack = await startTestStack({ LOG_LEVEL: 'error', INVENTORY_ATP_CACHE_MS: '600000', ERP_FULFILMENT_INTERVAL_MS: '0' });
  try {
    const inventory = stack.services.inventory as RunningInventory;
    const headers = {
      'content-type': 'application/json',
      [VIEWER_HEADER]: signViewerHeader({ userId: 'acme-buyer', accountId: 'ACME', roles: ['buyer'] }, DEV_INTERNAL_SECRET),
    };
    const skus = (
      (await (
        await fetch(stack.gatewayUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${stack.token('ACME', 'buyer')}` },
          body: JSON.stringify({ query: '{ items(first: 100) { nodes { sku } } }' }),
        })
      ).json()) as { data: { items: { nodes: { sku: string }[] } } }
    ).data.items.nodes.map((n) => n.sku);
    const query = `query($r: [_Any!]!) { _entities(representations: $r) { ... on CartLine { availability { status freshness promisedQuantity } } } }`;
    let salt = 0;
    const reps = (n: number, s: number) =>
      Array.from({ length: n }, (_, i) => ({
        __typename: 'CartLine',
        id: `l${i}`,
        sku: skus[i % skus.length],
        quantity: 1 + ((s * 7919 + i) % 5000),
        requestedDate: null,
      }));
    const erpCalls = async () =>
      Number(
        /portal_erp_availability_calls_total\{outcome="ok"\} (\d+)/.exec(await (await fetch(`${inventory.url}/metrics`)).text())?.[1] ?? 0,
      );
    const rows: Record<string, string | number>[] = [];
    for (const n of [10, 50, 200]) {
      for (const mode of ['cold', 'cached'] as const) {
        const fixed = reps(n, 99_999 + n);
        let sql = 0;
        let freshness = '';
        if (mode === 'cached')
          await fetch(`${inventory.url}/graphql`, { method: 'POST', headers, body: JSON.stringify({ query, variables: { r: fixed } }) });
        const calls0 = await erpCalls();
        const runs = 30;
        const r = await load(runs, 1, async () => {
          const res = await fetch(`${inventory.url}/graphql`, {
            method: 'POST',
            headers,
            body: JSON.stringify({ query, variables: { r: mode === 'cold' ? reps(n, ++salt) : fixed } }),
          });
          const json = (await res.json()) as { data?: { _entities: { availability: { freshness: string } }[] } };
          sql = Number(res.headers.get('x-sql-count'));
          freshness = json.data?._entities[0]?.availability.freshness ?? '?';
          return json.data?._entities.length === n;
        });
        rows.push({
          lines: n,
          mode,
          runs: r.requests,
          errors: r.errors,
          'p50 ms': r.p50,
          'p95 ms': r.p95,
          'p99 ms': r.p99,
          'SQL/request': sql,
          'ERP calls/request': ((await erpCalls()) - calls0) / runs,
          freshness,
        });
        metrics.push({
          bench: 'inventory',
          metric: `cart availability (ATP), ${n} lines, ${mode}`,
          value: Number(r.p50.toFixed(1)),
          unit: 'ms p50',
          notes: `p95 ${r.p95.toFixed(1)} ms; inventory subgraph alone; SQL/request ${sql}, ERP calls/request ${rows[rows.length - 1]!['ERP calls/request']}`,
        });
      }
    }
    console.log(
      `\navailability for a cart through the inventory subgraph (ACME, WH-US); machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}, db: ${stack.db.kind === 'pglite' ? 'PGlite (embedded)' : 'PostgreSQL server'}`,
    );
    console.log(table(rows));
  } finally {
    await stack.stop();
  }
  return metrics;
}
