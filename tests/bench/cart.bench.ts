/**
 * `pnpm bench cart`: the client's cart page through the gateway on the whole stack — the
 * `CartDetail` operation (`schema/operations/cart.graphql`: lines, items, prices with their basis,
 * availability, totals; orders + inventory + pricing) for carts of 10, 50 and 200 lines (distinct
 * SKUs), BENCH_CART_RUNS (40) sequential requests each after a warm-up: p50/p95/p99, CPU per
 * request (the whole process: every service, the embedded database's thread, the stack's
 * background work and this client — compare runs of equal load), SQL
 * statements per request per subgraph (counted per request by trace id, so background work is not
 * in them) and where the time goes — per request, summed by phase from the gateway's spans
 * (planning, fetches, the rest: executor and result shaping) and from what each service did for
 * the request's trace (its requests, their SQL, the ERP's requests). Repeats within the inventory
 * ATP cache window, so availability is the cached answer after the first request (see
 * `pnpm bench inventory` for cold).
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { finishedSpans } from '@portal/gateway/telemetry';
import { recordRequestWork, takeRequestWork, type ServiceWork } from '@portal/platform';
import { gql, type GraphQLResponse } from '../support/graphql.js';
import { startTestStack } from '../support/stack.js';
import { printProfile, startProfiler } from './gateway-profile.js';
import { load, table, type Metric } from './stats.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const SERVICES = ['orders', 'inventory', 'pricing', 'invoices'] as const;

const ms = (t: [number, number]) => t[0] * 1e3 + t[1] / 1e6;
const cpuMs = (u: NodeJS.CpuUsage) => (u.user + u.system) / 1000;

/** The gateway's share of one trace from its spans: the server span, planning, and the wall time fetches cover. */
function gatewayPhases(traceId: string): { total: number; plan: number; fetchWall: number; fetches: number } | undefined {
  const spans = finishedSpans().filter((s) => s.spanContext().traceId === traceId);
  const server = spans.find((s) => s.kind === 1 /* SERVER */);
  if (!server) return undefined;
  const plan = spans.filter((s) => s.name === 'gateway.plan').reduce((a, s) => a + ms(s.duration), 0);
  const intervals = spans
    .filter((s) => s.name === 'gateway.fetch')
    .map((s) => [ms(s.startTime), ms(s.endTime)] as const)
    .sort((a, b) => a[0] - b[0]);
  let fetchWall = 0;
  let end = -Infinity;
  for (const [a, b] of intervals) {
    if (b <= end) continue;
    fetchWall += b - Math.max(a, end);
    end = b;
  }
  return { total: ms(server.duration), plan, fetchWall, fetches: intervals.length };
}

interface TraceSample {
  gateway: NonNullable<ReturnType<typeof gatewayPhases>>;
  work: Record<string, ServiceWork>;
}

/** Per-request averages by phase over the sampled traces. */
function phases(samples: TraceSample[]): Record<string, string | number>[] {
  const n = samples.length || 1;
  const avg = (f: (s: TraceSample) => number) => samples.reduce((a, s) => a + f(s), 0) / n;
  const rows: Record<string, string | number>[] = [];
  const row = (phase: string, msPerRequest: number, notes: string) => rows.push({ phase, 'ms/request': msPerRequest, notes });
  row(
    'gateway, whole request',
    avg((s) => s.gateway.total),
    'server span',
  );
  row(
    'gateway planning',
    avg((s) => s.gateway.plan),
    'gateway.plan spans (plan cache hit after warm-up)',
  );
  row(
    'gateway executor + shaping',
    avg((s) => s.gateway.total - s.gateway.plan - s.gateway.fetchWall),
    'server span minus planning minus the wall time of subgraph fetches',
  );
  row(
    'waiting on subgraphs',
    avg((s) => s.gateway.fetchWall),
    `wall time covered by gateway.fetch spans (${avg((s) => s.gateway.fetches).toFixed(1)} fetches)`,
  );
  const services = [...new Set(samples.flatMap((s) => Object.keys(s.work)))].filter((s) => s !== 'gateway').sort();
  for (const svc of services) {
    const w = (s: TraceSample) => s.work[svc] ?? { requests: 0, ms: 0, sql: 0, sqlMs: 0 };
    if (svc === 'erp') {
      row(
        'ERP calls',
        avg((s) => w(s).ms),
        `${avg((s) => w(s).requests).toFixed(1)} requests to the reference ERP (inside the callers' time)`,
      );
      continue;
    }
    row(
      `${svc}: resolvers and serving`,
      avg((s) => w(s).ms - w(s).sqlMs),
      `${avg((s) => w(s).requests).toFixed(1)} requests, time not in SQL`,
    );
    row(
      `${svc}: SQL`,
      avg((s) => w(s).sqlMs),
      `${avg((s) => w(s).sql).toFixed(1)} statements`,
    );
  }
  return rows;
}

export async function run(): Promise<Metric[]> {
  const runs = Number(process.env.BENCH_CART_RUNS ?? 40);
  const sizes = (process.env.BENCH_CART_LINES ?? '10,50,200').split(',').map(Number);
  const document = fs.readFileSync(path.join(HERE, '../../schema/operations/cart.graphql'), 'utf8');
  process.stderr.write(`starting the stack on ${process.env.DATABASE_URL ? 'DATABASE_URL' : 'embedded PGlite'}...\n`);
  recordRequestWork(true);
  const stack = await startTestStack({ LOG_LEVEL: 'error', ERP_FULFILMENT_INTERVAL_MS: '0', OTEL_TRACES_EXPORTER: 'memory' });
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
    const breakdowns: { lines: number; rows: Record<string, string | number>[] }[] = [];
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
      let samples: TraceSample[] = [];
      const call = async () => {
        const traceId = randomBytes(16).toString('hex');
        const res = await fetch(stack.gatewayUrl, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            authorization: `Bearer ${token}`,
            traceparent: `00-${traceId}-${randomBytes(8).toString('hex')}-01`,
          },
          body: JSON.stringify({ query: document, operationName: 'CartDetail', variables: { id: cartId } }),
        });
        const body = (await res.json()) as { data?: { cart?: { lines: unknown[] } }; errors?: unknown };
        await new Promise((r) => setImmediate(r)); // the gateway's request finishes after its body is sent
        const gateway = gatewayPhases(traceId);
        const work = takeRequestWork(traceId);
        if (gateway) samples.push({ gateway, work });
        return res.ok && !body.errors && body.data?.cart?.lines.length === lines;
      };
      // Warm-up: plan cache, ATP cache, and enough requests — and time — for V8 to optimise the hot
      // code of every service and the embedded database's WASM (a long-running server's steady state,
      // not its first minute: measured right after start, the first size's statements ran slower).
      const warmUntil = performance.now() + Number(process.env.BENCH_CART_WARMUP_S ?? 5) * 1000;
      await load(Number(process.env.BENCH_CART_WARMUP ?? 20), 1, call);
      while (performance.now() < warmUntil) await call();
      samples = [];
      const profiler = await startProfiler(process.env.BENCH_CART_PROFILE === '1');
      const cpu0 = process.cpuUsage();
      const r = await load(runs, 1, call);
      const cpu = cpuMs(process.cpuUsage(cpu0));
      const profile = await profiler.stop();
      if (profile)
        printProfile(profile, `CPU profile of the ${lines}-line runs (all services, one process)`, r.requests, 'request', {
          modules: 20,
          functions: Number(process.env.BENCH_CART_PROFILE_TOP ?? 20),
          ours: Number(process.env.BENCH_CART_PROFILE_TOP ?? 20),
        });
      const sqlOf = (svc: string) => samples.reduce((a, x) => a + (x.work[svc]?.sql ?? 0), 0) / (samples.length || 1);
      const sql = SERVICES.map(sqlOf);
      rows.push({
        'cart lines': lines,
        runs: r.requests,
        errors: r.errors,
        'p50 ms': r.p50,
        'p95 ms': r.p95,
        'p99 ms': r.p99,
        // User + system time of the whole process (every service, the embedded database's thread, this client).
        'CPU ms/req': cpu / (r.requests || 1),
        'SQL/req orders, inventory, pricing, invoices': sql.map((x) => x.toFixed(1)).join(', '),
      });
      breakdowns.push({ lines, rows: phases(samples) });
      metrics.push({
        bench: 'cart',
        metric: `CartDetail through the gateway, ${lines} lines`,
        value: Number(r.p50.toFixed(1)),
        unit: 'ms p50',
        notes: `p95 ${r.p95.toFixed(1)} ms, p99 ${r.p99.toFixed(1)} ms, ${r.errors}/${r.requests} errors; SQL/req (this request's own) orders ${sql[0]!.toFixed(1)}, inventory ${sql[1]!.toFixed(1)}, pricing ${sql[2]!.toFixed(1)}`,
      });
    }
    console.log(
      `\nCartDetail (orders + inventory + pricing) through the gateway, ACME buyer, sequential requests, whole stack in one process`,
    );
    console.log(table(rows));
    for (const b of breakdowns) {
      console.log(`\nWhere the time goes, ${b.lines} lines (mean per request over the measured runs):`);
      console.log(table(b.rows));
    }
  } finally {
    await stack.stop();
    recordRequestWork(false);
  }
  return metrics;
}
