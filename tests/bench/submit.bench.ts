/**
 * `pnpm bench submit`: order submission through the gateway on the whole stack, with idempotency.
 *
 * BENCH_SUBMIT_BUYERS (12) buyers over the three demo accounts (signed dev tokens for users
 * without a spending limit, so nothing waits for approval) each prepare BENCH_SUBMIT_CARTS (5)
 * distinct carts of BENCH_SUBMIT_LINES (10) lines (not timed), then:
 * - distinct: every cart is submitted once with its own key, BENCH_SUBMIT_CONCURRENCY (8) at a
 *   time — submits/s and p50/p95/p99 (each submit re-prices at the ERP, re-checks availability,
 *   stores the order with its outbox entry and sends it to the ERP);
 * - retried: each of those keys is sent again BENCH_SUBMIT_RETRIES (3) times (same payload) —
 *   replays/s and latency; every replay must name the same order;
 * - concurrent duplicates: BENCH_SUBMIT_DUP_INTENTS (10) more carts, each submitted R+1 times at
 *   once with one key — all answers must name one order;
 * then the ERP's sales orders created during the run are counted (its order export, before and
 * after, once the outbox is drained) and must equal the number of intents.
 *
 * The process's CPU time per distinct submit is printed too (the whole stack runs in this process,
 * so it is what one submit costs, whatever the machine's load).
 *
 * BENCH_SUBMIT_PROCESSES=1 (with DATABASE_URL and EVENT_BUS_URL=nats://…) runs the stack as deployed
 * instead, one process per service (deploy/one-per-service.json, tests/bench/deployed.ts), so the
 * services use every core; CPU per submit is then read per process (and for the Postgres server)
 * from /proc. The per-trace breakdown by service and step needs the stack in this process and is
 * left out then. BENCH_SUBMIT_PROFILE=1 takes a CPU
 * profile of the distinct phase (written to BENCH_SUBMIT_PROFILE_FILE, default
 * .data/bench/submit.cpuprofile) and prints self time per module and per function.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { metrics as serviceMetrics, recordRequestWork, takeRequestWork, type ServiceWork } from '@portal/platform';
import { signDevToken } from '@portal/platform/auth';
import { DEV_JWT_SECRET } from '@portal/platform/config';
import { erpPorts, allPages } from '../support/erp.js';
import { gql } from '../support/graphql.js';
import { startTestStack } from '../support/stack.js';
import { startDeployedStack } from './deployed.js';
import { printProfile, startProfiler } from './gateway-profile.js';
import { load, percentile, table, type Metric } from './stats.js';

const SUBMIT = `mutation($i: SubmitCartInput!) { submitCart(input: $i) { __typename ... on OrderSubmitted { order { id } } ... on SubmitRejected { errorCode message } } }`;

/**
 * Everything the services in this process have done so far: SQL statements per service and HTTP
 * requests served per service (background work — feeds, outboxes, long-polls — included).
 */
async function processWork(): Promise<Record<string, { sql: number; http: number }>> {
  const out: Record<string, { sql: number; http: number }> = {};
  const at = (service: string) => (out[service] ??= { sql: 0, http: 0 });
  for (const v of (await serviceMetrics.sqlStatements.get()).values) at(String(v.labels.service)).sql += v.value;
  for (const v of (await serviceMetrics.httpRequests.get()).values) at(String(v.labels.service)).http += v.value;
  return out;
}

interface Intent {
  token: string;
  cartId: string;
  quoteId: string;
  key: string;
}

export async function run(): Promise<Metric[]> {
  const buyers = Number(process.env.BENCH_SUBMIT_BUYERS ?? 12);
  const cartsPerBuyer = Number(process.env.BENCH_SUBMIT_CARTS ?? 5);
  const concurrency = Number(process.env.BENCH_SUBMIT_CONCURRENCY ?? 8);
  const retries = Number(process.env.BENCH_SUBMIT_RETRIES ?? 3);
  const dupIntents = Number(process.env.BENCH_SUBMIT_DUP_INTENTS ?? 10);
  const linesPerCart = Number(process.env.BENCH_SUBMIT_LINES ?? 10);
  const processes = process.env.BENCH_SUBMIT_PROCESSES === '1';
  const where = `${processes ? 'one process per service, ' : ''}${process.env.DATABASE_URL ? 'DATABASE_URL' : 'embedded PGlite'}`;
  process.stderr.write(`starting the stack (${where})...\n`);
  recordRequestWork(!processes);
  const settings = { LOG_LEVEL: 'error', ERP_FULFILMENT_INTERVAL_MS: '0', ORDERS_OUTBOX_INTERVAL_MS: '200' };
  const stack = processes
    ? await startDeployedStack({ ...settings, ORDERS_SUBMIT_BUDGET_MS: '6000', ORDERS_ERP_ACTION_BUDGET_MS: '4000' })
    : await (async () => {
        const s = await startTestStack(settings);
        const cpu = (): Record<string, number> => {
          const c = process.cpuUsage();
          return { 'the stack (one process)': (c.user + c.system) / 1000 };
        };
        return { gatewayUrl: s.gatewayUrl, erpUrl: s.services.erp.url, cpu, stop: () => s.stop() };
      })();
  const metrics: Metric[] = [];
  try {
    const erp = erpPorts(stack.erpUrl);
    const erpOrders = async () => (await allPages((cursor) => erp.orders.exportSalesOrders({ cursor, limit: 1000 }))).length;
    const accounts = ['ACME', 'GLOBEX', 'INITECH'];
    const tokens = await Promise.all(
      Array.from({ length: buyers }, (_, k) =>
        signDevToken({ userId: `bench-buyer-${k}`, accountId: accounts[k % 3]!, roles: ['buyer'] }, DEV_JWT_SECRET, { expiresIn: '2h' }),
      ),
    );
    // Orderable SKUs only (the item master refuses discontinued ones).
    const skus = (
      await gql<{ items: { nodes: { sku: string; discontinued: boolean }[] } }>(
        stack.gatewayUrl,
        `{ items(first: 100) { nodes { sku discontinued } } }`,
        { token: tokens[0] },
      )
    ).body
      .data!.items.nodes.filter((n) => !n.discontinued)
      .map((n) => n.sku);

    process.stderr.write(`preparing ${buyers * cartsPerBuyer + dupIntents} carts...\n`);
    let n = 0;
    const prepare = async (token: string): Promise<Intent> => {
      const k = n++;
      const created = await gql(stack.gatewayUrl, `mutation { createCart { __typename ... on Cart { id } } }`, { token });
      const cartId = created.body.data?.createCart?.id as string;
      if (!cartId) throw new Error(`createCart: ${JSON.stringify(created.body)}`);
      // Distinct SKUs per cart, in one call.
      const lines = Array.from({ length: linesPerCart }, (_, i) => ({ sku: skus[(k * linesPerCart + i) % skus.length]!, quantity: 1 }));
      const added = await gql(
        stack.gatewayUrl,
        `mutation($c: ID!, $l: [CartLineInput!]!) { addCartLines(cartId: $c, lines: $l) { __typename } }`,
        { token, variables: { c: cartId, l: lines } },
      );
      if (added.body.data?.addCartLines?.__typename !== 'Cart') throw new Error(`addCartLines: ${JSON.stringify(added.body)}`);
      const quote = await gql(stack.gatewayUrl, `query($c: ID!) { cart(id: $c) { quote { id } } }`, { token, variables: { c: cartId } });
      const quoteId = quote.body.data?.cart?.quote?.id as string;
      if (!quoteId) throw new Error(`quote: ${JSON.stringify(quote.body)}`);
      return { token, cartId, quoteId, key: `bench-${k}-${crypto.randomUUID()}` };
    };
    const intents: Intent[] = [];
    for (let c = 0; c < cartsPerBuyer; c++) intents.push(...(await Promise.all(tokens.map(prepare))));
    const dups: Intent[] = [];
    for (let d = 0; d < dupIntents; d++) dups.push(await prepare(tokens[d % tokens.length]!));

    const erpBefore = await erpOrders();
    // Each submit under a trace of its own: what every service did for it (the distinct phase).
    let traced: Record<string, ServiceWork>[] | undefined;
    const submit = async (i: Intent) => {
      const traceId = randomBytes(16).toString('hex');
      const r = await gql(stack.gatewayUrl, SUBMIT, {
        token: i.token,
        variables: { i: { cartId: i.cartId, idempotencyKey: i.key, acceptedQuoteId: i.quoteId } },
        headers: { traceparent: `00-${traceId}-${randomBytes(8).toString('hex')}-01` },
      });
      await new Promise((resolve) => setImmediate(resolve));
      const work = takeRequestWork(traceId);
      traced?.push(work);
      return r.body.data?.submitCart as { __typename: string; order?: { id: string }; errorCode?: string } | undefined;
    };
    const outcomes = new Map<string, number>();
    const count = (t: string) => outcomes.set(t, (outcomes.get(t) ?? 0) + 1);
    const orderOf = new Map<string, string>();

    // Distinct submits.
    let next = 0;
    traced = [];
    const profiler = await startProfiler(process.env.BENCH_SUBMIT_PROFILE === '1');
    const cpu0 = stack.cpu();
    const work0 = await processWork();
    const distinct = await load(intents.length, concurrency, async () => {
      const i = intents[next++]!;
      const r = await submit(i);
      count(r?.__typename ?? 'error');
      if (r?.order) orderOf.set(i.key, r.order.id);
      return r?.__typename === 'OrderSubmitted';
    });
    const cpu1 = stack.cpu();
    const work1 = await processWork();
    const cpuPerSubmit = Object.fromEntries(Object.keys(cpu1).map((k) => [k, (cpu1[k]! - (cpu0[k] ?? 0)) / (distinct.requests || 1)]));
    // What the services spent per submit: the one process, or the service processes and the database server.
    const cpuMsPerSubmit = Object.entries(cpuPerSubmit).reduce((a, [k, v]) => (k === 'machine' ? a : a + v), 0);
    const profile = await profiler.stop();
    if (profile) {
      const file = process.env.BENCH_SUBMIT_PROFILE_FILE ?? '.data/bench/submit.cpuprofile';
      await mkdir(path.dirname(file), { recursive: true });
      await writeFile(file, JSON.stringify(profile));
      printProfile(profile, `CPU profile of the distinct phase (${file})`, distinct.requests, 'submit');
    }

    const submitWork = traced;
    traced = undefined;
    // Sequential retries of the same keys (same payload): replays.
    let mismatched = 0;
    const retryList = intents.flatMap((i) => Array.from({ length: retries }, () => i));
    next = 0;
    const replay = await load(retryList.length, concurrency, async () => {
      const i = retryList[next++]!;
      const r = await submit(i);
      const same = r?.__typename === 'OrderSubmitted' && r.order?.id === orderOf.get(i.key);
      if (!same) mismatched++;
      return same;
    });

    // Concurrent duplicates: R+1 identical submits at once per key.
    let dupSplit = 0;
    const dupLatencies: number[] = [];
    const dupStart = performance.now();
    for (const i of dups) {
      const answers = await Promise.all(
        Array.from({ length: retries + 1 }, async () => {
          const t = performance.now();
          const r = await submit(i);
          dupLatencies.push(performance.now() - t);
          return r?.order?.id ?? `!${r?.__typename ?? 'error'}`;
        }),
      );
      if (new Set(answers).size !== 1 || answers[0]!.startsWith('!')) dupSplit++;
      else orderOf.set(i.key, answers[0]!);
    }
    const dupSeconds = (performance.now() - dupStart) / 1000;
    dupLatencies.sort((a, b) => a - b);

    // ERP orders: wait for the outbox to deliver every order, then count.
    const expected = intents.length + dups.length;
    let created = 0;
    for (const started = Date.now(); Date.now() - started < 60_000; await new Promise((r) => setTimeout(r, 500))) {
      created = (await erpOrders()) - erpBefore;
      if (created >= expected) break;
    }
    await new Promise((r) => setTimeout(r, 1500)); // anything late would show up as an extra order
    created = (await erpOrders()) - erpBefore;
    const portalOrders = new Set(orderOf.values()).size;

    const rows = [
      {
        phase: 'distinct carts, one key each',
        requests: distinct.requests,
        concurrency,
        'req/s': distinct.rps,
        'p50 ms': distinct.p50,
        'p95 ms': distinct.p95,
        'p99 ms': distinct.p99,
        'not OrderSubmitted': distinct.errors,
      },
      {
        phase: `same key again ×${retries} (replay)`,
        requests: replay.requests,
        concurrency,
        'req/s': replay.rps,
        'p50 ms': replay.p50,
        'p95 ms': replay.p95,
        'p99 ms': replay.p99,
        'not OrderSubmitted': replay.errors,
      },
      {
        phase: `${retries + 1} identical submits at once`,
        requests: dupLatencies.length,
        concurrency: retries + 1,
        'req/s': dupLatencies.length / dupSeconds,
        'p50 ms': percentile(dupLatencies, 50),
        'p95 ms': percentile(dupLatencies, 95),
        'p99 ms': percentile(dupLatencies, 99),
        'not OrderSubmitted': dupSplit,
      },
    ];
    console.log(
      `\nsubmitCart through the gateway: ${buyers} buyers over 3 accounts, carts of ${linesPerCart} lines, ${processes ? 'one process per service' : 'whole stack in one process'}`,
    );
    console.log(table(rows));
    console.log(`CPU per distinct submit (ms; machine = every process on the machine, this benchmark's client included):`);
    console.log(table(Object.entries(cpuPerSubmit).map(([process, ms]) => ({ process, 'CPU ms/submit': ms }))));
    if (!processes) {
      // Counted process-wide, so the work a submit causes after its answer (feeds, outboxes, the
      // long-polls they wake) is in it too; only this benchmark ran meanwhile.
      console.log(`\nper distinct submit, everything the services did meanwhile (background work included):`);
      console.log(
        table(
          Object.keys(work1)
            .sort()
            .map((service) => ({
              service,
              'SQL statements': (work1[service]!.sql - (work0[service]?.sql ?? 0)) / (distinct.requests || 1),
              'HTTP requests served': (work1[service]!.http - (work0[service]?.http ?? 0)) / (distinct.requests || 1),
            })),
        ),
      );
    }
    // Where a submit's time goes, per service (mean per submit; the services overlap in time: orders
    // waits on pricing's quote check and inventory's ATP re-check, which wait on the ERP).
    const services = [...new Set(submitWork.flatMap((w) => Object.keys(w)))].sort();
    const runs = submitWork.length || 1;
    const mean = (svc: string, f: (w: ServiceWork) => number) => submitWork.reduce((a, w) => a + (w[svc] ? f(w[svc]) : 0), 0) / runs;
    console.log(`\nper distinct submit, by service (mean of ${submitWork.length}; a service's time includes the calls it waited on):`);
    console.log(
      table(
        services.map((svc) => ({
          service: svc,
          requests: mean(svc, (w) => w.requests),
          'ms (serving)': mean(svc, (w) => w.ms),
          'SQL statements': mean(svc, (w) => w.sql),
          'SQL ms': mean(svc, (w) => w.sqlMs),
        })),
      ),
    );
    // The submit's own steps (orders), each timed whole: the quote check and the ATP re-check run at
    // the same time, the first delivery holds the ERP call and the acknowledgement.
    const stepNames = [...new Set(submitWork.flatMap((w) => Object.keys(w.orders?.steps ?? {})))];
    if (stepNames.length) {
      console.log(`\nper distinct submit, by step (orders; ms over ${submitWork.length} submits):`);
      console.log(
        table(
          stepNames.map((step) => {
            const ms = submitWork.map((w) => w.orders?.steps?.[step] ?? 0).sort((a, b) => a - b);
            return {
              step,
              'mean ms': ms.reduce((a, b) => a + b, 0) / (ms.length || 1),
              'p50 ms': percentile(ms, 50),
              'p95 ms': percentile(ms, 95),
            };
          }),
        ),
      );
    }
    console.log(`outcomes of the distinct submits: ${[...outcomes].map(([k, v]) => `${k} ${v}`).join(', ')}`);
    console.log(
      `intents ${expected}; portal orders ${portalOrders}; ERP sales orders created ${created} (${created === expected ? 'equal' : 'NOT EQUAL'}); replays naming another order ${mismatched}; duplicate groups split ${dupSplit}`,
    );
    metrics.push(
      {
        bench: 'submit',
        metric: `submit throughput, ${concurrency} concurrent${processes ? ', one process per service' : ''}`,
        value: Number(distinct.rps.toFixed(1)),
        unit: 'submits/s',
        notes: `p50 ${distinct.p50.toFixed(0)} ms, p95 ${distinct.p95.toFixed(0)} ms, CPU ${cpuMsPerSubmit.toFixed(0)} ms/submit${
          processes
            ? ` (${Object.entries(cpuPerSubmit)
                .filter(([k]) => k !== 'machine')
                .map(([k, v]) => `${k} ${v.toFixed(0)}`)
                .join(', ')})`
            : ''
        }; ${distinct.requests} distinct carts of ${linesPerCart} lines from ${buyers} buyers; ${distinct.errors} not OrderSubmitted`,
      },
      {
        bench: 'submit',
        metric: `idempotent replay (same key ×${retries})`,
        value: Number(replay.rps.toFixed(1)),
        unit: 'replays/s',
        notes: `p50 ${replay.p50.toFixed(0)} ms, p95 ${replay.p95.toFixed(0)} ms; ${mismatched} named another order; ${retries + 1} concurrent duplicates: ${dupSplit}/${dups.length} groups split`,
      },
      {
        bench: 'submit',
        metric: 'ERP orders created / intents',
        value: `${created} / ${expected}`,
        unit: 'orders',
        notes: created === expected ? 'equal: no duplicate ERP order' : 'NOT EQUAL',
      },
    );
  } finally {
    await stack.stop();
    recordRequestWork(false);
  }
  return metrics;
}
