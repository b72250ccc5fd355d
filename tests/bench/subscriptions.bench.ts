/**
 * `pnpm bench subscriptions`: graphql-ws subscriptions through the gateway on the whole stack.
 *
 * 1. Idle clients: BENCH_SUB_CLIENTS (default 10,000) clients, each one WebSocket to the gateway's
 *    `/graphql` with the JWT in `connection_init` and one `orderUpdated` subscription on an existing
 *    order (the three demo accounts' orders in turn), opened BENCH_SUB_STEP (1,000) at a time. After
 *    each step: the stack process's RSS and V8 heap (after a forced GC), open file descriptors, and
 *    over an idle window the process CPU and the orders subgraph's SQL statements per second (each
 *    subgraph subscription re-reads the timeline on its safety-net poll). The gateway, the orders
 *    subgraph (and the rest of the stack) share this process; every gateway subscription holds one
 *    upstream graphql-ws connection to the orders subgraph, so a client costs 3 sockets here
 *    (downstream, upstream client, orders server side). The clients live in a child process
 *    (`subscriptions-clients.ts`), so their memory is not counted.
 * 2. Fan-out: BENCH_FANOUT_CLIENTS (1,000) clients on `accountOrderUpdates` of ACME; a warm-up event
 *    proves every one is live; then BENCH_FANOUT_EVENTS (10) events, one at a time (a price dispute
 *    on an ACME order line, then its withdrawal, alternately): the latency from the mutation's
 *    response (and from its request) to each subscriber receiving the event, p50/p95/p99/max.
 *
 * The file-descriptor limit is raised for this process with `prlimit` when it is too low (possible
 * as root or up to the hard limit); if clients still fail, the largest count that worked is reported
 * with the first error, and the per-client figures are scaled from it.
 */
import { execFileSync, fork } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import v8 from 'node:v8';
import vm from 'node:vm';
import { registry } from '@portal/platform/metrics';
import { gql } from '../support/graphql.js';
import { startTestStack } from '../support/stack.js';
import type { Command, Reply } from './subscriptions-clients.js';
import { mib, percentile, table, type Metric } from './stats.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
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
const openFds = () => fs.readdirSync('/proc/self/fd').length;

async function gauge(name: string): Promise<number> {
  return ((await registry.getSingleMetric(name)?.get())?.values ?? []).reduce((s, v) => s + v.value, 0);
}
async function sqlOf(service: string): Promise<number> {
  const values = (await registry.getSingleMetric('portal_sql_statements_total')?.get())?.values ?? [];
  return values.filter((v) => v.labels.service === service).reduce((s, v) => s + v.value, 0);
}
const activeSubs = () => gauge('portal_gateway_active_subscriptions');

type WithoutId<T> = T extends unknown ? Omit<T, 'id'> : never;

class Clients {
  private seq = 0;
  private waiting = new Map<number, (r: Reply) => void>();
  private proc = fork(path.join(HERE, 'subscriptions-clients.ts'), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  constructor() {
    this.proc.on('message', (r: Reply) => {
      this.waiting.get(r.id)?.(r);
      this.waiting.delete(r.id);
    });
  }
  send(cmd: WithoutId<Command>): Promise<Reply> {
    const id = ++this.seq;
    return new Promise((resolve) => {
      this.waiting.set(id, resolve);
      this.proc.send({ ...cmd, id });
    });
  }
  stop() {
    this.proc.kill();
  }
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
const FANOUT_SUB = `subscription { accountOrderUpdates { cursor event { id type summary } order { id status } } }`;

export async function run(): Promise<Metric[]> {
  const requested = Number(process.env.BENCH_SUB_CLIENTS ?? 10_000);
  const step = Math.max(1, Number(process.env.BENCH_SUB_STEP ?? 1000));
  const batch = Math.max(1, Number(process.env.BENCH_SUB_BATCH ?? 100));
  const fanoutClients = Number(process.env.BENCH_FANOUT_CLIENTS ?? 1000);
  const fanoutEvents = Number(process.env.BENCH_FANOUT_EVENTS ?? 10);
  const idleWindowMs = Number(process.env.BENCH_SUB_IDLE_MS ?? 4000);
  const metrics: Metric[] = [];

  // File descriptors: 3 per client in this process (+ 1 per client in the child).
  const limitBefore = nofile();
  const wanted = Math.max(65_536, 3 * requested + 2000);
  let limitNote = `ulimit -n was ${limitBefore.soft} (hard ${limitBefore.hard})`;
  if (limitBefore.soft < wanted) {
    try {
      execFileSync('prlimit', ['--pid', String(process.pid), `--nofile=${wanted}:${Math.max(wanted, limitBefore.hard)}`]);
      limitNote += `; raised to ${nofile().soft} for this process with prlimit`;
    } catch (err) {
      limitNote += `; could not raise it (${(err as Error).message.split('\n')[0]})`;
    }
  }
  // Past the limit accept() and connect() fail with EMFILE, and with them the stack's own database
  // and bus connections: stop short of it unless BENCH_SUB_PAST_LIMIT=1.
  const limit = nofile().soft;
  const fdCap = Math.floor((limit - openFds() - 1500) / 3 / step) * step;
  let target = requested;
  if (fdCap < requested && process.env.BENCH_SUB_PAST_LIMIT !== '1') {
    target = fdCap;
    limitNote += `; ${requested} clients need ~${3 * requested} descriptors in this process (3 per client), so capped at ${target} (BENCH_SUB_PAST_LIMIT=1 goes on until it breaks)`;
  }
  process.stderr.write(`${limitNote}\n`);
  const pollMs = process.env.BENCH_SUB_POLL_MS;
  process.stderr.write(`starting the stack on ${process.env.DATABASE_URL ? 'DATABASE_URL' : 'embedded PGlite'}...\n`);
  const fanoutPollMs = process.env.BENCH_FANOUT_POLL_MS ?? '';
  const startStack = (poll: string | undefined) =>
    startTestStack({ LOG_LEVEL: 'error', ERP_FULFILMENT_INTERVAL_MS: '0', ...(poll ? { ORDERS_SUBSCRIPTION_POLL_MS: poll } : {}) });
  let stack = await startStack(pollMs);
  const clients = new Clients();
  try {
    // Existing orders of each demo account, with a line (for the fan-out's dispute).
    const specs: { connectionParams: Record<string, unknown>; variables: Record<string, unknown> }[] = [];
    let acmeOrder: { id: string; lineId: string } | undefined;
    for (const account of ['ACME', 'GLOBEX', 'INITECH']) {
      const token = stack.token(account, 'buyer');
      const res = await gql<{ orders: { nodes: { id: string; lines: { id: string }[] }[] } }>(
        stack.gatewayUrl,
        `{ orders(first: 50) { nodes { id lines { id } } } }`,
        { token },
      );
      const nodes = res.body.data?.orders.nodes ?? [];
      if (!nodes.length) throw new Error(`no orders for ${account}: ${JSON.stringify(res.body.errors)}`);
      for (const o of nodes) specs.push({ connectionParams: { Authorization: `Bearer ${token}` }, variables: { id: o.id } });
      if (account === 'ACME') {
        const o = nodes.find((n) => n.lines.length);
        if (o) acmeOrder = { id: o.id, lineId: o.lines[0]!.id };
      }
    }
    // Interleave accounts so that each step has all three.
    specs.sort((a, b) => String(a.variables.id).localeCompare(String(b.variables.id)));

    // Warm up: plan caches, pools, JIT.
    await clients.send({ cmd: 'open', url: stack.gatewayUrl, count: 50, batch: 50, query: IDLE_SUB, clients: specs });
    await until(async () => (await activeSubs()) >= 50, 30_000);
    await clients.send({ cmd: 'close' });
    await until(async () => (await activeSubs()) === 0, 30_000);
    await sleep(1000);

    // 1. Idle clients.
    const base = settledMemory();
    const baseFds = openFds();
    const rows: Record<string, string | number>[] = [];
    let reached = 0;
    let breakNote = '';
    const measureIdle = async () => {
      const sql0 = await sqlOf('orders');
      const cpu0 = process.cpuUsage();
      const t0 = performance.now();
      await sleep(idleWindowMs);
      const seconds = (performance.now() - t0) / 1000;
      const cpu = process.cpuUsage(cpu0);
      return { sqlPerS: ((await sqlOf('orders')) - sql0) / seconds, cpuPct: ((cpu.user + cpu.system) / 1e6 / seconds) * 100 };
    };
    rows.push({ clients: 0, 'open s': '', 'RSS MiB': mib(base.rss), 'heap MiB': mib(base.heap), fds: baseFds, ...(await idleRow()) });
    async function idleRow() {
      const idle = await measureIdle();
      return { 'idle CPU %': idle.cpuPct, 'orders SQL/s': idle.sqlPerS };
    }
    while (reached < target) {
      const n = Math.min(step, target - reached);
      const t0 = performance.now();
      const reply = await clients.send({ cmd: 'open', url: stack.gatewayUrl, count: n, batch, query: IDLE_SUB, clients: specs });
      const live = await until(async () => (await activeSubs()) >= reached + n, 120_000);
      const openSeconds = (performance.now() - t0) / 1000;
      const active = await activeSubs();
      if (reply.failed || !live) {
        breakNote = `at ${reached + n} clients: ${reply.failed ?? 0} failed, ${active} active at the gateway; first error: ${reply.firstError ?? 'subscriptions not active after 120 s'}`;
        process.stderr.write(`  break ${breakNote}\n`);
        break;
      }
      reached += n;
      await sleep(1000);
      const m = settledMemory();
      rows.push({
        clients: reached,
        'open s': openSeconds,
        'RSS MiB': mib(m.rss),
        'heap MiB': mib(m.heap),
        fds: openFds(),
        ...(await idleRow()),
        'client proc RSS MiB': mib(reply.rss ?? 0),
      });
      process.stderr.write(`  ${reached} idle clients, RSS ${mib(m.rss).toFixed(0)} MiB\n`);
    }
    const top = settledMemory();
    const last = rows[rows.length - 1]!;
    console.log(
      `\nidle graphql-ws clients through the gateway (orderUpdated on existing orders of 3 accounts); the gateway, the orders subgraph and the rest of the stack share this process; clients in a child process`,
    );
    console.log(limitNote);
    console.log(table(rows));
    if (breakNote) console.log(`stopped ${breakNote}`);
    const perClient = (a: number, b: number) => (reached ? (a - b) / reached : NaN);
    const rssPer = perClient(top.rss, base.rss);
    const heapPer = perClient(top.heap, base.heap);
    console.log(
      `per client (gateway downstream + upstream + orders subscription): RSS ${(rssPer / 1024).toFixed(1)} KiB, V8 heap ${(heapPer / 1024).toFixed(1)} KiB, external+buffers ${(perClient(top.external, base.external) / 1024).toFixed(1)} KiB, file descriptors ${perClient(Number(last.fds), baseFds).toFixed(2)}`,
    );
    if (reached < requested)
      console.log(
        `scaled to ${requested} clients: ≈ ${mib(base.rss + rssPer * requested).toFixed(0)} MiB RSS, ${mib(base.heap + heapPer * requested).toFixed(0)} MiB heap (linear from ${reached})`,
      );
    metrics.push(
      {
        bench: 'subscriptions',
        metric: 'idle clients held',
        value: reached,
        unit: 'clients',
        notes: [
          breakNote,
          limitNote,
          reached < requested ? `${requested} would be ≈ ${Math.round(mib(base.rss + rssPer * requested))} MiB RSS (linear)` : '',
        ]
          .filter(Boolean)
          .join('; '),
      },
      {
        bench: 'subscriptions',
        metric: `memory at ${reached} idle clients (stack process)`,
        value: Math.round(mib(top.rss)),
        unit: 'MiB RSS',
        notes: `${Math.round(mib(top.heap))} MiB heap; baseline ${Math.round(mib(base.rss))} MiB RSS / ${Math.round(mib(base.heap))} MiB heap with 0 clients`,
      },
      {
        bench: 'subscriptions',
        metric: 'memory per idle client',
        value: Number((rssPer / 1024).toFixed(1)),
        unit: 'KiB RSS',
        notes: `${(heapPer / 1024).toFixed(1)} KiB V8 heap; gateway + orders subgraph in one process; 3 sockets/client`,
      },
      {
        bench: 'subscriptions',
        metric: `idle load at ${reached} clients`,
        value: Math.round(Number(last['orders SQL/s'])),
        unit: 'SQL/s (orders)',
        notes: `stack process CPU ${Number(last['idle CPU %']).toFixed(0)} % of one core while idle (timeline safety-net poll per subscription, ORDERS_SUBSCRIPTION_POLL_MS=${pollMs ?? 'default 2000'})`,
      },
    );

    await clients.send({ cmd: 'close' });
    await until(async () => (await activeSubs()) === 0, 120_000);
    await sleep(2000);

    // 2. Fan-out of one account event, on a fresh stack (service defaults: the subscriptions share
    // one watch per process, so idle subscribers cost no SQL). BENCH_FANOUT_POLL_MS sets the
    // watch interval ('' = the service default).
    await stack.stop();
    process.stderr.write(`restarting the stack for the fan-out (ORDERS_SUBSCRIPTION_POLL_MS=${fanoutPollMs || 'default'})...\n`);
    stack = await startStack(fanoutPollMs || undefined);
    acmeOrder = undefined;
    {
      const res = await gql<{ orders: { nodes: { id: string; lines: { id: string }[] }[] } }>(
        stack.gatewayUrl,
        `{ orders(first: 50) { nodes { id lines { id } } } }`,
        { token: stack.token('ACME', 'buyer') },
      );
      const o = res.body.data?.orders.nodes.find((n) => n.lines.length);
      if (o) acmeOrder = { id: o.id, lineId: o.lines[0]!.id };
    }
    if (!acmeOrder) throw new Error('no ACME order with lines for the fan-out');
    const buyer = stack.token('ACME', 'buyer');
    const opened = await clients.send({
      cmd: 'open',
      url: stack.gatewayUrl,
      count: fanoutClients,
      batch,
      query: FANOUT_SUB,
      clients: [{ connectionParams: { Authorization: `Bearer ${buyer}` }, variables: {} }],
    });
    await until(async () => (await activeSubs()) >= fanoutClients, 120_000);
    let openException: string | undefined;
    const mutate = async () => {
      const t0 = now();
      let ok: boolean;
      if (openException) {
        const r = await gql(
          stack.gatewayUrl,
          `mutation($o: ID!, $e: ID!) { resolveOrderException(orderId: $o, exceptionId: $e, action: WITHDRAW) { __typename } }`,
          { token: buyer, variables: { o: acmeOrder!.id, e: openException } },
        );
        ok = r.body.data?.resolveOrderException?.__typename === 'OrderExceptionResolved';
        if (!ok) throw new Error(`withdraw failed: ${JSON.stringify(r.body)}`);
        openException = undefined;
      } else {
        const r = await gql(
          stack.gatewayUrl,
          `mutation($o: ID!, $l: ID!, $r: String!) { disputeOrderPrice(orderId: $o, lineId: $l, reason: $r) { __typename ... on OrderExceptionRaised { exception { id } } } }`,
          { token: buyer, variables: { o: acmeOrder!.id, l: acmeOrder!.lineId, r: 'bench: price looks wrong' } },
        );
        openException = r.body.data?.disputeOrderPrice?.exception?.id;
        if (!openException) throw new Error(`dispute failed: ${JSON.stringify(r.body)}`);
      }
      return { sent: t0, answered: now() };
    };
    let mutationFailures = 0;
    let firstMutationError = '';
    /** One event: the mutation, then every subscriber's receive time (the newest event seen). */
    const oneEvent = async () => {
      const sql0 = await sqlOf('orders');
      let t: { sent: number; answered: number } | undefined;
      for (let attempt = 0; !t && attempt < 3; attempt++)
        t = await mutate().catch((err: Error) => {
          mutationFailures++;
          firstMutationError ||= err.message.slice(0, 200);
          process.stderr.write(`  mutation failed: ${err.message.slice(0, 200)}\n`);
          return sleep(2000).then(() => undefined);
        });
      if (!t) throw new Error(`3 mutations in a row failed: ${firstMutationError}`);
      let times: number[] = [];
      await until(async () => {
        times = (await clients.send({ cmd: 'received', eventId: '' })).times ?? [];
        return times.length >= fanoutClients && times[0] !== undefined && times[0] >= t.sent;
      }, 60_000);
      return { ...t, times: times[0] !== undefined && times[0] >= t.sent ? times : [], sql: (await sqlOf('orders')) - sql0 };
    };
    const warm = await oneEvent();
    const live = warm.times.length;
    process.stderr.write(`  warm-up event reached ${live} of ${fanoutClients} subscribers\n`);
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
      });
      await sleep(200);
    }
    fromAnswer.sort((x, y) => x - y);
    fromSent.sort((x, y) => x - y);
    console.log(
      `\nfan-out: ${fanoutClients} subscribers to accountOrderUpdates of ACME (${opened.connected} connected, ${live} received the warm-up event); one event at a time (price dispute / withdrawal); latency = subscriber receive time − mutation response time (negative: the event arrived before the response)`,
    );
    console.log(table(perEvent));
    const summary = (xs: number[]) =>
      `p50 ${percentile(xs, 50).toFixed(1)} ms, p95 ${percentile(xs, 95).toFixed(1)} ms, p99 ${percentile(xs, 99).toFixed(1)} ms, max ${(xs[xs.length - 1] ?? NaN).toFixed(1)} ms`;
    console.log(`all ${fromAnswer.length} deliveries, from the mutation's response: ${summary(fromAnswer)}`);
    console.log(`from the mutation's request: ${summary(fromSent)}`);
    if (mutationFailures) console.log(`mutations that failed (retried): ${mutationFailures}; first: ${firstMutationError}`);
    const meanSql = perEvent.reduce((s, r) => s + Number(r['orders SQL']), 0) / Math.max(1, perEvent.length);
    metrics.push(
      {
        bench: 'subscriptions',
        metric: `fan-out p99, 1 event → ${fanoutClients} subscribers`,
        value: Number(percentile(fromAnswer, 99).toFixed(1)),
        unit: 'ms',
        notes: `ORDERS_SUBSCRIPTION_POLL_MS=${fanoutPollMs || 'default'}; from the mutation's response; p50 ${percentile(fromAnswer, 50).toFixed(1)}, p95 ${percentile(fromAnswer, 95).toFixed(1)}, max ${(fromAnswer[fromAnswer.length - 1] ?? NaN).toFixed(1)} ms; ${fanoutEvents} events, ${fromAnswer.length} of ${fanoutEvents * fanoutClients} deliveries${mutationFailures ? `; ${mutationFailures} mutations failed and were retried (${firstMutationError})` : ''}`,
      },
      {
        bench: 'subscriptions',
        metric: 'fan-out orders SQL per event',
        value: Math.round(meanSql),
        unit: 'statements',
        notes: `${fanoutClients} subscribers: each subgraph subscription re-reads the timeline when woken`,
      },
    );
    await clients.send({ cmd: 'close' });
    await until(async () => (await activeSubs()) === 0, 60_000);
  } finally {
    clients.stop();
    await stack.stop();
  }
  return metrics;
}
