/**
 * `pnpm bench gateway`: our gateway vs stock Apollo Server 5 + @apollo/gateway 2 vs
 * @graphql-hive/gateway-runtime, over the same supergraph, the same running subgraphs and the
 * same query mix, in one run.
 *
 * Processes: this one runs the stack (ERP + 4 subgraphs; the stack's own gateway stays idle);
 * each gateway under test runs in its own child process (`gateway-server.ts`), and the load
 * generator in another (`gateway-load.ts`), so each gateway's CPU and RSS are its own.
 *
 * Steps: check every gateway returns the same `data` for every scenario (a gateway that errors or
 * differs is reported and not measured); warm up; measure each scenario per gateway at a fixed
 * concurrency in interleaved rounds (ABC, BCA, CAB, … to spread machine noise); print a table
 * per scenario and the ratios. Then profile our gateway alone on the deep query: subgraph time
 * vs gateway time (traced subgraph calls at concurrency 1) and a CPU profile under load.
 *
 * Env: BENCH_REQUESTS (per gateway per scenario, default 2000), BENCH_CONCURRENCY (16),
 * BENCH_ROUNDS (4), BENCH_GATEWAYS (ours,apollo,hive,hive-router), BENCH_SCENARIOS
 * (deep,viewers,small,cart,cart-viewers), BENCH_VIEWERS (64: distinct viewers of the `viewers`
 * and `cart-viewers` scenarios),
 * BENCH_PROFILE (1; 0 skips the profile), BENCH_REPLAY (1; 0 skips the replayed-subgraphs phase),
 * BENCH_LIVE (1; 0 skips measuring over the live subgraphs: on a loaded machine they bound every
 * gateway and take long; the replayed phase still records their answers),
 * MAX_COST (our gateway's cost limit for the bench, default 1000000).
 */
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { readFile } from 'node:fs/promises';
import { createJwtVerifier, signViewerHeader, type Viewer } from '@portal/platform/auth';
import { DEV_INTERNAL_SECRET, DEV_JWT_SECRET } from '@portal/platform/config';
import { startTestStack, type TestStack } from '../support/stack.js';
import type { LoadCommand, LoadReply } from './gateway-load.js';
import type { GatewayKind } from './gateway-server.js';
import { percentile, table } from './stats.js';
import {
  accountViewers,
  benchViewers,
  Child,
  DEEP_QUERY,
  firstDiff,
  microbench,
  mib,
  post,
  profileOurs,
  SMALL_QUERY,
  type Measured,
  type ReplayStats,
  type Usage,
} from './gateway-harness.js';

const GATEWAY_LABEL: Record<GatewayKind, string> = {
  ours: 'ours (gateway/src)',
  apollo: 'stock @apollo/gateway 2.14.4',
  hive: '@graphql-hive/gateway-runtime 2.12.1',
  'hive-router': 'gateway-runtime 2.12.1 + @graphql-hive/router-runtime 1.4.23 (Rust planner, sharing off)',
};

interface Scenario {
  name: string;
  what: string;
  body: string;
  /** Bearer tokens to rotate through, one per request (default: the one buyer's). */
  tokens?: string[];
}

interface Settings {
  requests: number;
  concurrency: number;
  rounds: number;
  kinds: GatewayKind[];
  token: string;
  env: Record<string, string>;
  loader: Child;
  children: Child[];
}

type Row = { rps: number; p50: number; p95: number; p99: number; cpu: number };

/**
 * One phase: start every gateway over `subgraphUrls`, verify, warm up, measure in interleaved
 * rounds, print the tables and ratios, stop the gateways.
 */
async function phase(
  title: string,
  subgraphUrls: Record<string, string>,
  scenarios: Scenario[],
  o: Settings,
  replay?: Child,
): Promise<Map<string, Row>> {
  const perRound = Math.ceil(o.requests / o.rounds);
  const gateways = new Map<GatewayKind, { child: Child; url: string }>();
  const summary = new Map<string, Row>();
  try {
    // One child process per gateway, started one after the other (startup is CPU-heavy).
    for (const kind of o.kinds) {
      const child = new Child('gateway-server.ts', [kind], { ...o.env, BENCH_SUBGRAPH_URLS: JSON.stringify(subgraphUrls) });
      o.children.push(child);
      const ready = await child.ready;
      gateways.set(kind, { child, url: String(ready.url) });
    }
    const headers = { authorization: `Bearer ${o.token}` };
    const loadRun = (url: string, s: Scenario, c: number, n: number) =>
      o.loader.call<LoadReply>({
        url,
        body: s.body,
        headers,
        concurrency: c,
        requests: n,
        ...(s.tokens ? { viewers: s.tokens.map((t) => `Bearer ${t}`) } : {}),
      } satisfies Omit<LoadCommand, 'id'>);

    console.log(`\n## ${title}`);
    // Same data from every gateway, or that gateway is not measured on that scenario.
    const excluded = new Map<string, string>(); // `${scenario}/${kind}` → why
    console.log(`verification (one request per gateway per scenario; data must be deep-equal across gateways):`);
    const callLines: string[] = [];
    for (const s of scenarios) {
      let reference: { kind: GatewayKind; data: unknown } | undefined;
      for (const [kind, gw] of gateways) {
        const before = replay ? await replay.call<ReplayStats>({ type: 'stats' }) : undefined;
        const r = await post(gw.url, s.body, s.tokens?.[0] ?? o.token);
        if (replay && before) {
          const after = await replay.call<ReplayStats>({ type: 'stats' });
          const calls = Object.entries(after.perSubgraph)
            .map(
              ([n, c]) =>
                [n, c.calls - (before.perSubgraph[n]?.calls ?? 0), c.requestBytes - (before.perSubgraph[n]?.requestBytes ?? 0)] as const,
            )
            .filter(([, n]) => n > 0)
            .map(([n, calls, bytes]) => `${n} ${calls} (${bytes} B)`);
          callLines.push(`  ${s.name.padEnd(5)} ${kind.padEnd(6)} ${calls.join(', ')}`);
        }
        const errs = r.json?.errors;
        if (r.status !== 200 || !r.json || errs?.length || r.json.data == null) {
          excluded.set(
            `${s.name}/${kind}`,
            `HTTP ${r.status}, ${errs?.length ? errs.map((e) => e.message).join('; ') : r.text.slice(0, 200)}`,
          );
          continue;
        }
        if (!reference) reference = { kind, data: r.json.data };
        else if (!isDeepStrictEqual(reference.data, r.json.data))
          excluded.set(`${s.name}/${kind}`, `data differs from ${reference.kind} at ${firstDiff(reference.data, r.json.data)}`);
      }
      const size = reference ? JSON.stringify(reference.data).length : 0;
      const bad = [...gateways.keys()].filter((k) => excluded.has(`${s.name}/${k}`));
      console.log(
        `  ${s.name}: ${bad.length ? bad.map((k) => `${k} NOT MEASURED (${excluded.get(`${s.name}/${k}`)})`).join('; ') : `all ${gateways.size} gateways agree`}; response data ${size} bytes`,
      );
    }

    if (callLines.length)
      console.log(`subgraph calls per client request (request bytes), as each gateway plans them:\n${callLines.join('\n')}`);

    // Warm-up: JIT, connection pools, plan caches (and, replayed, the subgraph answer cache).
    for (const s of scenarios)
      for (const [kind, gw] of gateways)
        if (!excluded.has(`${s.name}/${kind}`)) await loadRun(gw.url, s, 8, Math.min(300, Math.max(50, Math.round(o.requests / 10))));

    const results = new Map<string, Measured>();
    for (const s of scenarios) {
      const measured = [...gateways.keys()].filter((k) => !excluded.has(`${s.name}/${k}`));
      for (let round = 0; round < o.rounds; round++) {
        const order = measured.map((_, i) => measured[(i + round) % measured.length]!);
        process.stderr.write(`${title.split(':')[0]} ${s.name} round ${round + 1}/${o.rounds}: ${order.join(' ')}\n`);
        for (const kind of order) {
          const gw = gateways.get(kind)!;
          const before = await gw.child.call<Usage>({ type: 'usage' });
          const r = await loadRun(gw.url, s, o.concurrency, perRound);
          const after = await gw.child.call<Usage>({ type: 'usage' });
          const key = `${s.name}/${kind}`;
          const acc = results.get(key) ?? { requests: 0, errors: 0, seconds: 0, latencies: [], cpuMs: 0, rss: 0 };
          acc.requests += r.requests;
          acc.errors += r.errors;
          acc.seconds += r.seconds;
          acc.latencies.push(...r.latencies);
          acc.cpuMs += after.cpuMs - before.cpuMs;
          acc.rss = Math.max(acc.rss, after.rss);
          acc.firstError ??= r.firstError;
          results.set(key, acc);
        }
      }
    }

    for (const s of scenarios) {
      console.log(`\n[${s.name}] ${s.what}`);
      const rows: Record<string, string | number>[] = [];
      for (const kind of gateways.keys()) {
        const why = excluded.get(`${s.name}/${kind}`);
        const r = results.get(`${s.name}/${kind}`);
        if (why || !r) {
          rows.push({
            gateway: GATEWAY_LABEL[kind],
            'req/s': 'n/a',
            'p50 ms': '',
            'p95 ms': '',
            'p99 ms': '',
            errors: 'not measured',
            'gw CPU ms/req': '',
            'gw RSS MiB': '',
          });
          continue;
        }
        const sorted = [...r.latencies].sort((a, b) => a - b);
        const row = {
          rps: r.requests / r.seconds,
          p50: percentile(sorted, 50),
          p95: percentile(sorted, 95),
          p99: percentile(sorted, 99),
          cpu: r.cpuMs / r.requests,
        };
        summary.set(`${s.name}/${kind}`, row);
        rows.push({
          gateway: GATEWAY_LABEL[kind],
          'req/s': row.rps,
          'p50 ms': row.p50,
          'p95 ms': row.p95,
          'p99 ms': row.p99,
          errors: `${r.errors}/${r.requests}`,
          'gw CPU ms/req': row.cpu,
          'gw RSS MiB': Math.round(mib(r.rss)),
        });
      }
      console.log(table(rows));
      for (const kind of gateways.keys()) {
        const r = results.get(`${s.name}/${kind}`);
        if (r?.firstError) console.log(`  ${kind} first error: ${r.firstError}`);
      }
    }
    const ratioRows: Record<string, string | number>[] = [];
    for (const s of scenarios)
      for (const other of ['apollo', 'hive', 'hive-router'] as const) {
        const a = summary.get(`${s.name}/ours`);
        const b = summary.get(`${s.name}/${other}`);
        if (!a || !b) continue;
        ratioRows.push({
          scenario: s.name,
          'ours vs': other,
          'req/s ×': a.rps / b.rps,
          'p50 ×': b.p50 / a.p50,
          'p95 ×': b.p95 / a.p95,
          'p99 ×': b.p99 / a.p99,
          'gw CPU/req ×': b.cpu / a.cpu,
        });
      }
    if (ratioRows.length) {
      console.log(`\nratios, ${title.split(':')[0]} (>1 = ours better: req/s ours/other; latency and gateway CPU per request other/ours):`);
      console.log(table(ratioRows));
    }
  } finally {
    for (const { child } of gateways.values()) child.stop();
  }
  return summary;
}

export async function run(): Promise<void> {
  const requests = Number(process.env.BENCH_REQUESTS ?? 2000);
  const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 16);
  const rounds = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 4));
  const kinds = (process.env.BENCH_GATEWAYS ?? 'ours,apollo,hive,hive-router').split(',').map((s) => s.trim()) as GatewayKind[];
  const wantedScenarios = (process.env.BENCH_SCENARIOS ?? 'deep,viewers,small,cart,cart-viewers').split(',').map((s) => s.trim());
  const viewerCount = Math.max(2, Number(process.env.BENCH_VIEWERS ?? 64));
  const doProfile = process.env.BENCH_PROFILE !== '0';
  const doReplay = process.env.BENCH_REPLAY !== '0';
  const doLive = process.env.BENCH_LIVE !== '0';

  process.stderr.write(`starting the stack on ${process.env.DATABASE_URL ? 'DATABASE_URL' : 'embedded PGlite'}...\n`);
  const stack: TestStack = await startTestStack({ LOG_LEVEL: 'error' });
  const children: Child[] = [];
  try {
    const buyer = stack.tokens.find((t) => t.accountId === 'ACME' && t.role === 'buyer');
    if (!buyer) throw new Error('no ACME buyer persona');
    const token = buyer.token;
    const viewer: Viewer = { userId: buyer.userId, accountId: buyer.accountId, roles: [buyer.role] };
    const subgraphUrls = Object.fromEntries(
      (['pricing', 'inventory', 'orders', 'invoices'] as const).map((n) => [n, `${stack.services[n].url}/graphql`]),
    );

    // The cart scenario needs a cart of the buyer's account: the one with the most lines.
    const cartOps = await readFile(path.resolve('schema/operations/cart.graphql'), 'utf8');
    const cartDetail = /query CartDetail[\s\S]*?\n}\n/.exec(cartOps)?.[0];
    const carts = await post(stack.gatewayUrl, JSON.stringify({ query: '{ carts { id lines { id } } }' }), token);
    const cartList = ((carts.json?.data as { carts?: { id: string; lines: unknown[] }[] } | undefined)?.carts ?? []).sort(
      (a, b) => b.lines.length - a.lines.length,
    );
    const cart = cartList[0];
    const orders = await post(
      stack.gatewayUrl,
      JSON.stringify({ query: '{ orders(first: 20) { nodes { lines { sku } invoices { number } } } }' }),
      token,
    );
    const orderNodes =
      (orders.json?.data as { orders?: { nodes: { lines: unknown[]; invoices: unknown[] }[] } } | undefined)?.orders?.nodes ?? [];
    const shape = `${orderNodes.length} orders, ${orderNodes.reduce((a, n) => a + n.lines.length, 0)} lines, ${orderNodes.reduce((a, n) => a + n.invoices.length, 0)} invoices`;

    const scenarios: Scenario[] = [
      {
        name: 'deep',
        what: `orders(first: 20) → lines → item {name, price, availability, successor.price}, invoices → order; 4 subgraphs, entity fetches at 2 levels (${shape})`,
        body: JSON.stringify({ query: DEEP_QUERY }),
      },
      {
        name: 'viewers',
        what: `the deep query, each request from another of ${viewerCount} viewers (buyers of every demo account): in-flight sharing of identical subgraph calls, which only one viewer's concurrent requests can use, does not apply`,
        body: JSON.stringify({ query: DEEP_QUERY }),
        tokens: await benchViewers(stack, viewerCount),
      },
      { name: 'small', what: 'me { account { id } } (one subgraph)', body: JSON.stringify({ query: SMALL_QUERY }) },
    ];
    if (cartDetail && cart)
      scenarios.push({
        name: 'cart',
        what: `CartDetail (schema/operations/cart.graphql), cart with ${cart.lines.length} lines (orders → inventory, pricing)`,
        body: JSON.stringify({ query: cartDetail, variables: { id: cart.id }, operationName: 'CartDetail' }),
      });
    if (cartDetail && cart)
      scenarios.push({
        name: 'cart-viewers',
        what: `the cart query, each request from another of ${viewerCount} buyers of ACME (the cart's account; distinct users, so no in-flight sharing)`,
        body: JSON.stringify({ query: cartDetail, variables: { id: cart.id }, operationName: 'CartDetail' }),
        tokens: await accountViewers(buyer, viewerCount),
      });
    else console.log(`note: no cart for ACME buyer (or no CartDetail operation): cart scenarios skipped`);
    const active = scenarios.filter((s) => wantedScenarios.includes(s.name));

    const loader = new Child('gateway-load.ts', [], {});
    children.push(loader);
    await loader.ready;
    // Our gateway's operation-cost limit refused the deep query at its first default (5000: it counts
    // 20 orders × 10 assumed lines × …); raise it here. The check still runs, only the threshold moves.
    const env = { BENCH_VIEWER: JSON.stringify(viewer), LOG_LEVEL: 'error', MAX_COST: process.env.MAX_COST ?? '1000000' };
    const settings: Settings = { requests, concurrency, rounds, kinds, token, env, loader, children };

    const cpus = os.cpus();
    console.log(
      `\nmachine: ${cpus.length} cores (${cpus[0]?.model ?? 'cpu'}), ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}, db: ${stack.db.kind === 'pglite' ? 'PGlite (embedded)' : 'PostgreSQL server'}, ${new Date().toISOString().slice(0, 10)}`,
    );
    console.log(
      `processes: the stack (ERP + 4 subgraphs) runs in the bench process; each gateway in its own process; the load generator in its own process.\n` +
        `All share ${cpus.length} cores. With live subgraphs req/s is bounded by the subgraphs; "gw CPU ms/req" (the gateway process's user+sys CPU per request) is the gateway's own cost.`,
    );
    const dirty = execFileSync('git', ['status', '--porcelain', '--', 'gateway', 'platform'], { encoding: 'utf8' })
      .trim()
      .split('\n')
      .filter(Boolean).length;
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
    console.log(
      `our gateway: the working tree at ${head}${dirty ? ` with ${dirty} uncommitted change(s) under gateway/ and platform/` : ''}; operation-cost limit raised to ${env.MAX_COST} (so the deep query never trips it); load average at start ${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}`,
    );
    console.log(
      `load: closed loop, ${concurrency} keep-alive connections, ${Math.ceil(requests / rounds) * rounds} requests per gateway per scenario in ${rounds} interleaved rounds (rotating order), after a warm-up.`,
    );
    console.log(
      `auth: ours verifies the client's JWT (HS256) and signs the viewer header per subgraph call; the stock gateways do not check the JWT (plain setup): they read the viewer from its claims and forward it signed once per token (re-signed every 30 s), so every subgraph verifies the same HMAC header for every gateway. This favours the stock gateways by the JWT check (cost below).`,
    );

    if (doLive) await phase('live: the real subgraphs', subgraphUrls, active, settings);

    if (doReplay) {
      const replay = new Child('gateway-replay.ts', [], { BENCH_UPSTREAMS: JSON.stringify(subgraphUrls) });
      children.push(replay);
      const base = String((await replay.ready).url);
      const replayed = Object.fromEntries(Object.keys(subgraphUrls).map((n) => [n, `${base}/${n}/graphql`]));
      console.log(
        `\nreplayed subgraphs: one tiny server answers every subgraph request from the real subgraphs' answer to that exact request (recorded on first sight, during verification and warm-up), so the gateway is the bottleneck. Same data, near-zero subgraph cost.`,
      );
      await phase('replayed: gateway-bound', replayed, active, settings, replay);
      const st = await replay.call<ReplayStats>({ type: 'stats' });
      console.log(
        `replay server: ${st.entries} distinct subgraph requests, ${st.hits} answered from the recording, ${st.misses} forwarded`,
      );
    }

    console.log(
      `\nload average at the end: ${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')} (other work on this machine makes the numbers noisier; the rounds interleave gateways to spread it)`,
    );

    // Auth costs our gateway pays and the stock ones don't (measured in this process).
    const verify = createJwtVerifier({ devSecret: process.env.JWT_DEV_SECRET ?? DEV_JWT_SECRET });
    const jwtUs = await microbench(() => verify(token), 3000);
    const hmacUs = await microbench(() => signViewerHeader(viewer, DEV_INTERNAL_SECRET), 20000);
    console.log(
      `\nauth cost in ours: JWT verify ${jwtUs.toFixed(1)} µs per request, viewer header signing ${hmacUs.toFixed(1)} µs per subgraph call`,
    );

    if (doProfile && kinds.includes('ours') && active.some((s) => s.name === 'deep'))
      await profileOurs({
        env: { ...env, BENCH_SUBGRAPH_URLS: JSON.stringify(subgraphUrls) },
        token,
        loader,
        requests,
        concurrency,
        children,
      });
  } finally {
    for (const c of children) c.stop();
    await stack.stop();
  }
}
