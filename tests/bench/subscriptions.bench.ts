/**
 * `pnpm bench subscriptions`: graphql-ws subscriptions through the gateway.
 *
 * Processes: the stack (reference ERP and the four subgraphs, orders among them) runs in this
 * process; ONE gateway runs in a child process of its own (`subscriptions-gateway.ts`), over the
 * stack's subgraphs; the clients run in BENCH_SUB_CLIENT_PROCS (2) further child processes
 * (`subscriptions-clients.ts`), so no process needs more descriptors than it has and the gateway's
 * memory and CPU are measured alone. The gateway holds a few shared graphql-ws connections to the
 * orders subgraph (not one per client).
 *
 * 1. Idle clients: BENCH_SUB_CLIENTS (default 10,000) clients, each one WebSocket to the gateway's
 *    `/graphql` with the JWT in `connection_init` and one `orderUpdated` subscription on an existing
 *    order (the three demo accounts' orders in turn), opened BENCH_SUB_STEP (1,000) at a time. After
 *    each step: the gateway's RSS and heap (after a forced GC), this process's RSS (orders and the
 *    rest of the stack), and over an idle window the gateway's CPU, this process's CPU and the orders
 *    subgraph's SQL statements per second, and the upstream connections (gateway side and as the
 *    orders subgraph counts them).
 * 2. Fan-out, for each of BENCH_FANOUT_SIZES (1,000 and 10,000): that many clients on
 *    `accountOrderUpdates { cursor event { id type summary } order { status } }` of ACME, from every
 *    ACME persona in turn (buyer, approver, admin, analyst); a warm-up event proves every one is live;
 *    then BENCH_FANOUT_EVENTS (10) events, one at a time (a price dispute on an ACME order line, then
 *    its withdrawal, alternately): the latency from the mutation's response (and from its request) to
 *    each subscriber receiving the event, p50/p95/p99/max, and the orders SQL statements per event
 *    (the mutation itself included).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import v8 from 'node:v8';
import vm from 'node:vm';
import { registry } from '@portal/platform/metrics';
import { gql } from '../support/graphql.js';
import { startTestStack } from '../support/stack.js';
import { ClientPool, GatewayProcess } from './subscriptions-processes.js';
import { mib, percentile, table, type Metric } from './stats.js';

const now = () => performance.timeOrigin + performance.now();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

function nofile(): { soft: number; hard: number } {
  const line = fs
    .readFileSync('/proc/self/limits', 'utf8')
    .split('\n')
    .find((l) => l.startsWith('Max open files'));
  const [soft, hard] = (line ?? '').split(/\s+/).slice(3, 5).map(Number);
  return { soft: soft ?? NaN, hard: hard ?? NaN };
}

async function gauge(name: string): Promise<number> {
  return ((await registry.getSingleMetric(name)?.get())?.values ?? []).reduce((s, v) => s + v.value, 0);
}
async function sqlOf(service: string): Promise<number> {
  const values = (await registry.getSingleMetric('portal_sql_statements_total')?.get())?.values ?? [];
  return values.filter((v) => v.labels.service === service).reduce((s, v) => s + v.value, 0);
}

/** Waits until `check` is true (polled every 50 ms) or `ms` pass; returns whether it became true. */
async function until(check: () => Promise<boolean>, ms: number): Promise<boolean> {
  for (const started = Date.now(); Date.now() - started < ms; await sleep(50)) if (await check()) return true;
  return check();
}

function settledMemory() {
  gc();
  gc();
  const m = process.memoryUsage();
  return { rss: m.rss, heap: m.heapUsed, external: m.external + m.arrayBuffers };
}

const IDLE_SUB = `subscription($id: ID!) { orderUpdated(orderId: $id) { cursor event { id type summary } order { id status } } }`;
const FANOUT_SUB = `subscription { accountOrderUpdates { cursor event { id type summary } order { status } } }`;

const load = () => fs.readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');

export async function run(): Promise<Metric[]> {
  const requested = Number(process.env.BENCH_SUB_CLIENTS ?? 10_000);
  const step = Math.max(1, Number(process.env.BENCH_SUB_STEP ?? 1000));
  const batch = Math.max(1, Number(process.env.BENCH_SUB_BATCH ?? 100));
  const procs = Math.max(2, Number(process.env.BENCH_SUB_CLIENT_PROCS ?? 2));
  const fanoutSizes = (process.env.BENCH_FANOUT_SIZES ?? process.env.BENCH_FANOUT_CLIENTS ?? '1000,10000').split(',').map(Number);
  const fanoutEvents = Number(process.env.BENCH_FANOUT_EVENTS ?? 10);
  const idleWindowMs = Number(process.env.BENCH_SUB_IDLE_MS ?? 4000);
  const metrics: Metric[] = [];

  // Descriptors: the clients are spread over `procs` processes and the gateway has its own; try to
  // raise this process's limit anyway (the client processes inherit it).
  const limitBefore = nofile();
  const wanted = Math.ceil(requested / procs) + 2000;
  let limitNote = `ulimit -n ${limitBefore.soft} (hard ${limitBefore.hard})`;
  if (limitBefore.soft < wanted) {
    try {
      execFileSync('prlimit', ['--pid', String(process.pid), `--nofile=${wanted}:${Math.max(wanted, limitBefore.hard)}`]);
      limitNote += `; raised to ${nofile().soft} with prlimit`;
    } catch (err) {
      limitNote += `; not raised (${(err as Error).message.split('\n')[0]}); ${procs} client processes of ~${Math.ceil(requested / procs)} sockets each`;
    }
  }
  process.stderr.write(`${limitNote}\n`);
  process.stderr.write(`starting the stack on ${process.env.DATABASE_URL ? 'DATABASE_URL' : 'embedded PGlite'}...\n`);
  const stack = await startTestStack({
    LOG_LEVEL: 'error',
    ERP_FULFILMENT_INTERVAL_MS: '0',
    ...(process.env.BENCH_SUB_POLL_MS ? { ORDERS_SUBSCRIPTION_POLL_MS: process.env.BENCH_SUB_POLL_MS } : {}),
  });
  const subgraphUrls = Object.fromEntries(
    (['pricing', 'inventory', 'orders', 'invoices'] as const).map((n) => [n, `${stack.services[n].url}/graphql`]),
  );
  const gateway = new GatewayProcess(subgraphUrls);
  const clients = new ClientPool(procs);
  try {
    const gatewayUrl = await gateway.ready;
    const upstream = async () => ({
      gateway: await gateway.metric(gatewayUrl, 'portal_gateway_upstream_connections'),
      orders: await gauge('portal_subscription_connections'),
      operations: await gateway.metric(gatewayUrl, 'portal_gateway_upstream_operations'),
    });
    const activeSubs = () => gateway.metric(gatewayUrl, 'portal_gateway_active_subscriptions');
    // Existing orders of each demo account.
    const specs: { connectionParams: Record<string, unknown>; variables: Record<string, unknown> }[] = [];
    for (const account of ['ACME', 'GLOBEX', 'INITECH']) {
      const token = stack.token(account, 'buyer');
      const res = await gql<{ orders: { nodes: { id: string }[] } }>(gatewayUrl, `{ orders(first: 50) { nodes { id } } }`, { token });
      const nodes = res.body.data?.orders.nodes ?? [];
      if (!nodes.length) throw new Error(`no orders for ${account}: ${JSON.stringify(res.body.errors)}`);
      for (const o of nodes) specs.push({ connectionParams: { Authorization: `Bearer ${token}` }, variables: { id: o.id } });
    }
    specs.sort((a, b) => String(a.variables.id).localeCompare(String(b.variables.id)));

    // Warm up: plan caches, pools, JIT.
    await clients.open({ cmd: 'open', url: gatewayUrl, count: 50, batch: 50, query: IDLE_SUB, clients: specs });
    await until(async () => (await activeSubs()) >= 50, 30_000);
    await clients.close();
    await until(async () => (await activeSubs()) === 0, 30_000);
    await sleep(1000);

    // 1. Idle clients.
    const idle = async () => {
      const sql0 = await sqlOf('orders');
      const cpu0 = process.cpuUsage();
      const g0 = await gateway.usage();
      const t0 = performance.now();
      await sleep(idleWindowMs);
      const g1 = await gateway.usage();
      const seconds = (performance.now() - t0) / 1000;
      const cpu = process.cpuUsage(cpu0);
      return {
        sqlPerS: ((await sqlOf('orders')) - sql0) / seconds,
        stackCpu: ((cpu.user + cpu.system) / 1e6 / seconds) * 100,
        gatewayCpu: ((g1.cpuMicros - g0.cpuMicros) / 1e6 / seconds) * 100,
      };
    };
    const row = async (n: number, openS: number | '', clientRss: number) => {
      await sleep(1000);
      const g = await gateway.usage();
      const m = settledMemory();
      const i = await idle();
      const u = await upstream();
      return {
        clients: n,
        'open s': openS,
        'gateway RSS MiB': mib(g.rss),
        'gateway heap MiB': mib(g.heap),
        'stack RSS MiB': mib(m.rss),
        'gateway CPU %': i.gatewayCpu,
        'stack CPU %': i.stackCpu,
        'orders SQL/s': i.sqlPerS,
        'upstream conns': u.gateway,
        'orders conns': u.orders,
        'upstream ops': u.operations,
        'clients RSS MiB': mib(clientRss),
        _g: g,
        _m: m,
      };
    };
    const rows: Awaited<ReturnType<typeof row>>[] = [await row(0, '', 0)];
    let reached = 0;
    let breakNote = '';
    while (reached < requested) {
      const n = Math.min(step, requested - reached);
      const t0 = performance.now();
      const reply = await clients.open({ cmd: 'open', url: gatewayUrl, count: n, batch, query: IDLE_SUB, clients: specs });
      const live = await until(async () => (await activeSubs()) >= reached + n, 180_000);
      const openSeconds = (performance.now() - t0) / 1000;
      if (reply.failed || !live) {
        breakNote = `at ${reached + n} clients: ${reply.failed} failed, ${await activeSubs()} active at the gateway; first error: ${reply.firstError ?? 'subscriptions not active after 180 s'}`;
        process.stderr.write(`  break ${breakNote}\n`);
        break;
      }
      reached += n;
      rows.push(await row(reached, openSeconds, reply.rss));
      process.stderr.write(
        `  ${reached} idle clients, gateway RSS ${mib(rows[rows.length - 1]!._g.rss).toFixed(0)} MiB (load ${load()})\n`,
      );
    }
    const base = rows[0]!;
    const top = rows[rows.length - 1]!;
    const loadIdle = load();
    console.log(
      `\nidle graphql-ws clients through ONE gateway process (orderUpdated on existing orders of 3 accounts); clients in ${procs} processes; the stack (ERP, orders and the other subgraphs) in the bench process; load average ${loadIdle}`,
    );
    console.log(limitNote);
    console.log(table(rows.map(({ _g, _m, ...r }) => r)));
    if (breakNote) console.log(`stopped ${breakNote}`);
    const per = (a: number, b: number) => (reached ? (a - b) / reached : NaN);
    const gatewayPer = per(top._g.rss, base._g.rss);
    const stackPer = per(top._m.rss, base._m.rss);
    console.log(
      `per client: gateway RSS ${(gatewayPer / 1024).toFixed(1)} KiB (heap ${(per(top._g.heap, base._g.heap) / 1024).toFixed(1)} KiB); stack process (orders) RSS ${(stackPer / 1024).toFixed(1)} KiB`,
    );
    metrics.push(
      {
        bench: 'subscriptions',
        metric: 'idle clients held by one gateway process',
        value: reached,
        unit: 'clients',
        notes: [breakNote, `${procs} client processes`, limitNote, `load ${loadIdle}`].filter(Boolean).join('; '),
      },
      {
        bench: 'subscriptions',
        metric: `gateway RSS at ${reached} idle clients`,
        value: Math.round(mib(top._g.rss)),
        unit: 'MiB',
        notes: `gateway in its own process; ${Math.round(mib(top._g.heap))} MiB heap; ${Math.round(mib(base._g.rss))} MiB with 0 clients; load ${loadIdle}`,
      },
      {
        bench: 'subscriptions',
        metric: 'gateway memory per idle client',
        value: Number((gatewayPer / 1024).toFixed(1)),
        unit: 'KiB RSS',
        notes: `${(per(top._g.heap, base._g.heap) / 1024).toFixed(1)} KiB V8 heap`,
      },
      {
        bench: 'subscriptions',
        metric: `stack process (orders + other subgraphs + ERP) RSS at ${reached} idle clients`,
        value: Math.round(mib(top._m.rss)),
        unit: 'MiB',
        notes: `${Math.round(mib(base._m.rss))} MiB with 0 clients: ${(stackPer / 1024).toFixed(1)} KiB per client (the orders subgraph's subscriptions)`,
      },
      {
        bench: 'subscriptions',
        metric: `upstream connections gateway → orders at ${reached} clients`,
        value: top['upstream conns'],
        unit: 'connections',
        notes: `the orders subgraph counts ${top['orders conns']}; ${top['upstream ops']} upstream operations`,
      },
      {
        bench: 'subscriptions',
        metric: `idle load at ${reached} clients`,
        value: Number(top['orders SQL/s'].toFixed(1)),
        unit: 'SQL/s (orders)',
        notes: `gateway CPU ${top['gateway CPU %'].toFixed(1)} % of one core, stack process ${top['stack CPU %'].toFixed(1)} %, while idle; load ${loadIdle}`,
      },
    );
    await clients.close();
    await until(async () => (await activeSubs()) === 0, 180_000);
    await sleep(2000);

    // 2. Fan-out of one account event to N subscribers.
    const acme = await gql<{ orders: { nodes: { id: string; lines: { id: string }[] }[] } }>(
      gatewayUrl,
      `{ orders(first: 50) { nodes { id lines { id } } } }`,
      { token: stack.token('ACME', 'buyer') },
    );
    const o = acme.body.data?.orders.nodes.find((n) => n.lines.length);
    if (!o) throw new Error('no ACME order with lines for the fan-out');
    const acmeOrder = { id: o.id, lineId: o.lines[0]!.id };
    const buyer = stack.token('ACME', 'buyer');
    const personas = stack.tokens
      .filter((t) => t.accountId === 'ACME')
      .map((t) => ({ connectionParams: { Authorization: `Bearer ${t.token}` }, variables: {} }));
    let openException: string | undefined;
    const mutate = async () => {
      const t0 = now();
      if (openException) {
        const r = await gql(
          gatewayUrl,
          `mutation($o: ID!, $e: ID!) { resolveOrderException(orderId: $o, exceptionId: $e, action: WITHDRAW) { __typename } }`,
          { token: buyer, variables: { o: acmeOrder.id, e: openException } },
        );
        if (r.body.data?.resolveOrderException?.__typename !== 'OrderExceptionResolved')
          throw new Error(`withdraw failed: ${JSON.stringify(r.body)}`);
        openException = undefined;
      } else {
        const r = await gql(
          gatewayUrl,
          `mutation($o: ID!, $l: ID!, $r: String!) { disputeOrderPrice(orderId: $o, lineId: $l, reason: $r) { __typename ... on OrderExceptionRaised { exception { id } } } }`,
          { token: buyer, variables: { o: acmeOrder.id, l: acmeOrder.lineId, r: 'bench: price looks wrong' } },
        );
        openException = r.body.data?.disputeOrderPrice?.exception?.id;
        if (!openException) throw new Error(`dispute failed: ${JSON.stringify(r.body)}`);
      }
      return { sent: t0, answered: now() };
    };
    // The same events with nobody subscribed: what the mutation and the outbox publisher cost alone.
    let baseSql = 0;
    {
      const sql0 = await sqlOf('orders');
      for (let k = 0; k < 4; k++) {
        await mutate();
        await sleep(300);
      }
      baseSql = ((await sqlOf('orders')) - sql0) / 4;
    }
    for (const size of fanoutSizes) {
      const opened = await clients.open({ cmd: 'open', url: gatewayUrl, count: size, batch, query: FANOUT_SUB, clients: personas });
      await until(async () => (await activeSubs()) >= size, 180_000);
      const u = await upstream();
      let mutationFailures = 0;
      let firstMutationError = '';
      const oneEvent = async () => {
        const sql0 = await sqlOf('orders');
        const delivery0 = await gauge('portal_orders_subscription_live_reads_total');
        let t: { sent: number; answered: number } | undefined;
        for (let attempt = 0; !t && attempt < 3; attempt++)
          t = await mutate().catch((err: Error) => {
            mutationFailures++;
            firstMutationError ||= err.message.slice(0, 200);
            return sleep(2000).then(() => undefined);
          });
        if (!t) throw new Error(`3 mutations in a row failed: ${firstMutationError}`);
        let times: number[] = [];
        await until(async () => {
          times = (await clients.received()).filter((x) => x >= t.sent);
          return times.length >= size;
        }, 120_000);
        await sleep(300); // the outbox publisher's statements belong to this event too
        return {
          ...t,
          times,
          sql: (await sqlOf('orders')) - sql0,
          delivery: (await gauge('portal_orders_subscription_live_reads_total')) - delivery0,
        };
      };
      const warm = await oneEvent();
      process.stderr.write(`  fan-out ${size}: warm-up event reached ${warm.times.length} of ${size} (load ${load()})\n`);
      const fromAnswer: number[] = [];
      const fromSent: number[] = [];
      const perEvent: Record<string, string | number>[] = [];
      for (let k = 0; k < fanoutEvents; k++) {
        const e = await oneEvent();
        const a = e.times.map((x) => x - e.answered).sort((x, y) => x - y);
        fromAnswer.push(...a);
        fromSent.push(...e.times.map((x) => x - e.sent));
        perEvent.push({
          event: k + 1,
          delivered: e.times.length,
          'mutation ms': e.answered - e.sent,
          'p50 ms': percentile(a, 50),
          'p99 ms': percentile(a, 99),
          'max ms': a[a.length - 1] ?? NaN,
          'orders SQL': e.sql,
          'delivery SQL': e.delivery,
        });
        await sleep(200);
      }
      fromAnswer.sort((x, y) => x - y);
      fromSent.sort((x, y) => x - y);
      const loadNow = load();
      console.log(
        `\nfan-out: ${size} subscribers to accountOrderUpdates of ACME (${opened.connected} connected, ${warm.times.length} received the warm-up event; ${personas.length} personas, so ${u.operations} upstream operations on ${u.gateway} connections); one event at a time; latency = receive time − mutation response time; load average ${loadNow}`,
      );
      console.log(table(perEvent));
      const summary = (xs: number[]) =>
        `p50 ${percentile(xs, 50).toFixed(1)} ms, p95 ${percentile(xs, 95).toFixed(1)} ms, p99 ${percentile(xs, 99).toFixed(1)} ms, max ${(xs[xs.length - 1] ?? NaN).toFixed(1)} ms`;
      console.log(`all ${fromAnswer.length} deliveries, from the mutation's response: ${summary(fromAnswer)}`);
      console.log(`from the mutation's request: ${summary(fromSent)}`);
      console.log(
        `orders SQL per event: ${(perEvent.reduce((x, r) => x + Number(r['orders SQL']), 0) / Math.max(1, perEvent.length)).toFixed(1)}, with no subscriber ${baseSql.toFixed(1)}`,
      );
      const meanSql = perEvent.reduce((s, r) => s + Number(r['orders SQL']), 0) / Math.max(1, perEvent.length);
      const meanDelivery = perEvent.reduce((s, r) => s + Number(r['delivery SQL']), 0) / Math.max(1, perEvent.length);
      console.log(`delivery SQL per event (the live path's own statements, whatever the subscriber count): ${meanDelivery.toFixed(1)}`);
      metrics.push(
        {
          bench: 'subscriptions',
          metric: `fan-out p99, 1 event → ${size} subscribers`,
          value: Number(percentile(fromAnswer, 99).toFixed(1)),
          unit: 'ms',
          notes: `from the mutation's response; p50 ${percentile(fromAnswer, 50).toFixed(1)}, p95 ${percentile(fromAnswer, 95).toFixed(1)}, max ${(fromAnswer[fromAnswer.length - 1] ?? NaN).toFixed(1)} ms; from its request p99 ${percentile(fromSent, 99).toFixed(1)} ms; ${fromAnswer.length} of ${fanoutEvents * size} deliveries; ${u.operations} upstream operations; load ${loadNow}${mutationFailures ? `; ${mutationFailures} mutations retried (${firstMutationError})` : ''}`,
        },
        {
          bench: 'subscriptions',
          metric: `orders SQL per event, ${size} subscribers`,
          value: Number(meanSql.toFixed(1)),
          unit: 'statements',
          notes: `everything the orders subgraph ran for the event: the mutation (and the outbox publisher and feeds meanwhile; ${baseSql.toFixed(1)} with no subscriber) and the delivery, of which the delivery's own statements (read once for all subscriptions): ${meanDelivery.toFixed(1)}`,
        },
      );
      await clients.close();
      await until(async () => (await activeSubs()) === 0, 180_000);
      await sleep(1000);
    }
  } finally {
    clients.stop();
    gateway.stop();
    await stack.stop();
  }
  return metrics;
}
