/**
 * `pnpm bench cart`: the client's cart page through the gateway on the whole stack — the
 * `CartDetail` operation (`schema/operations/cart.graphql`: lines, items, prices with their basis,
 * availability, totals; orders + inventory + pricing) for carts of 10, 50 and 200 lines (distinct
 * SKUs), BENCH_CART_RUNS (40) sequential requests each after a warm-up: p50/p95/p99 and SQL
 * statements per request per subgraph. Repeats within the inventory ATP cache window, so
 * availability is the cached answer after the first request (see `pnpm bench inventory` for cold).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { registry } from '@portal/platform/metrics';
import { gql, type GraphQLResponse } from '../support/graphql.js';
import { startTestStack } from '../support/stack.js';
import { load, table, type Metric } from './stats.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const SERVICES = ['orders', 'inventory', 'pricing', 'invoices'] as const;

async function sqlBySubgraph(): Promise<Record<string, number>> {
  const metric = (await registry.getSingleMetric('portal_sql_statements_total')?.get())?.values ?? [];
  const out: Record<string, number> = {};
  for (const v of metric) out[String(v.labels.service)] = (out[String(v.labels.service)] ?? 0) + v.value;
  return out;
}

export async function run(): Promise<Metric[]> {
  const runs = Number(process.env.BENCH_CART_RUNS ?? 40);
  const sizes = (process.env.BENCH_CART_LINES ?? '10,50,200').split(',').map(Number);
  const document = fs.readFileSync(path.join(HERE, '../../schema/operations/cart.graphql'), 'utf8');
  process.stderr.write(`starting the stack on ${process.env.DATABASE_URL ? 'DATABASE_URL' : 'embedded PGlite'}...\n`);
  const stack = await startTestStack({ LOG_LEVEL: 'error', ERP_FULFILMENT_INTERVAL_MS: '0' });
  const metrics: Metric[] = [];
  try {
    const token = stack.token('ACME', 'buyer');
    const skus: string[] = [];
    for (let after: string | null = null; skus.length < 400;) {
      type Page = { items: { nodes: { sku: string }[]; pageInfo: { endCursor: string | null; hasNextPage: boolean } } };
      const page: GraphQLResponse<Page> = await gql<Page>(
        stack.gatewayUrl,
        `query($a: String) { items(first: 100, after: $a) { nodes { sku } pageInfo { endCursor hasNextPage } } }`,
        { token, variables: { a: after } },
      );
      if (!page.body.data) throw new Error(`items: ${JSON.stringify(page.body.errors)}`);
      skus.push(...page.body.data.items.nodes.map((n) => n.sku));
      if (!page.body.data.items.pageInfo.hasNextPage) break;
      after = page.body.data.items.pageInfo.endCursor;
    }
    const rows: Record<string, string | number>[] = [];
    for (const n of sizes) {
      const cartId = (await gql(stack.gatewayUrl, `mutation { createCart { ... on Cart { id } } }`, { token })).body.data.createCart
        .id as string;
      let lines = 0;
      for (const sku of skus) {
        if (lines >= n) break;
        const r = await gql(
          stack.gatewayUrl,
          `mutation($c: ID!, $l: [CartLineInput!]!) { addCartLines(cartId: $c, lines: $l) { __typename } }`,
          {
            token,
            variables: { c: cartId, l: [{ sku, quantity: 1 + (lines % 7) }] },
          },
        );
        if (r.body.data?.addCartLines?.__typename === 'Cart') lines++;
      }
      const call = async () => {
        const res = await fetch(stack.gatewayUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify({ query: document, operationName: 'CartDetail', variables: { id: cartId } }),
        });
        const body = (await res.json()) as { data?: { cart?: { lines: unknown[] } }; errors?: unknown };
        return res.ok && !body.errors && body.data?.cart?.lines.length === lines;
      };
      await load(5, 1, call); // warm-up: plan cache, ATP cache
      const before = await sqlBySubgraph();
      const r = await load(runs, 1, call);
      const after = await sqlBySubgraph();
      const sql = SERVICES.map((s) => ((after[s] ?? 0) - (before[s] ?? 0)) / runs);
      rows.push({
        'cart lines': lines,
        runs: r.requests,
        errors: r.errors,
        'p50 ms': r.p50,
        'p95 ms': r.p95,
        'p99 ms': r.p99,
        'SQL/req orders, inventory, pricing, invoices': sql.map((x) => x.toFixed(1)).join(', '),
      });
      metrics.push({
        bench: 'cart',
        metric: `CartDetail through the gateway, ${lines} lines`,
        value: Number(r.p50.toFixed(1)),
        unit: 'ms p50',
        notes: `p95 ${r.p95.toFixed(1)} ms, p99 ${r.p99.toFixed(1)} ms, ${r.errors}/${r.requests} errors; SQL/req orders ${sql[0]!.toFixed(1)}, inventory ${sql[1]!.toFixed(1)}, pricing ${sql[2]!.toFixed(1)}`,
      });
    }
    console.log(
      `\nCartDetail (orders + inventory + pricing) through the gateway, ACME buyer, sequential requests, whole stack in one process`,
    );
    console.log(table(rows));
  } finally {
    await stack.stop();
  }
  return metrics;
}
