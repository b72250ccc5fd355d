/**
 * The parts of `pnpm bench gateway` (gateway.bench.ts) that are not the measurement itself: the
 * queries it sends, child processes spoken to over IPC, a plain client, the viewers' tokens, and a
 * look at our gateway alone (its plan as executed, gateway vs subgraph time, a CPU profile).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import { signDevToken } from '@portal/platform/auth';
import { DEV_JWT_SECRET } from '@portal/platform/config';
import type { TestStack } from '../support/stack.js';
import type { LoadReply } from './gateway-load.js';
import { summariseProfile, unionMs, type CpuProfile } from './gateway-profile.js';
import type { FetchTrace } from './gateway-server.js';
import { percentile, table } from './stats.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));

/**
 * The deep query: orders (orders) → per order its invoices (invoices, entity fetch on Order) and
 * per line the item's name/availability (inventory) and price (pricing) (entity fetches on Item),
 * then a second level: each invoice's order number (back to orders, entity fetch on Order) and
 * each item's successor price (pricing, after inventory).
 */
export const DEEP_QUERY = `query Deep {
  orders(first: 20) {
    nodes {
      id number status
      lines {
        lineNo sku quantity
        item {
          sku name uom
          price(quantity: 10) { netAmount { amount currency } basis { source contractId } }
          availability(quantity: 1) { status atpDate }
          successor { sku price(quantity: 1) { unitPrice { amount } } }
        }
      }
      invoices { number status balance { amount currency } order { number status } }
    }
  }
}`;

export const SMALL_QUERY = `{ me { account { id } } }`;

/** A child process we talk to by request/response messages over IPC. */
export class Child {
  private nextId = 1;
  private readonly pending = new Map<number, (msg: Record<string, unknown>) => void>();
  readonly ready: Promise<Record<string, unknown>>;
  readonly proc: ChildProcess;

  constructor(file: string, args: string[], env: Record<string, string>) {
    this.proc = fork(path.join(HERE, file), args, { env: { ...process.env, ...env }, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    this.ready = new Promise((resolve, reject) => {
      this.proc.once('exit', (code) => reject(new Error(`${file} ${args.join(' ')} exited with ${code}`)));
      this.proc.on('message', (msg: Record<string, unknown>) => {
        if (msg.type === 'ready') return resolve(msg);
        const id = Number(msg.id);
        this.pending.get(id)?.(msg);
        this.pending.delete(id);
      });
    });
  }

  call<T>(msg: Record<string, unknown>): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, (reply) => (reply.error ? reject(new Error(String(reply.error))) : resolve(reply as T)));
      this.proc.send({ ...msg, id });
    });
  }

  stop(): void {
    if (this.proc.connected) this.proc.disconnect();
    if (this.proc.exitCode === null) this.proc.kill();
  }
}

export interface ReplayStats {
  hits: number;
  misses: number;
  entries: number;
  perSubgraph: Record<string, { calls: number; requestBytes: number; responseBytes: number }>;
}

export interface Usage {
  rss: number;
  maxRss: number;
  cpuMs: number;
}

export interface Measured {
  requests: number;
  errors: number;
  seconds: number;
  latencies: number[];
  cpuMs: number;
  rss: number;
  firstError?: string;
}

export const mib = (b: number) => b / 2 ** 20;

export async function post(
  url: string,
  body: string,
  token: string,
): Promise<{ status: number; json: { data?: unknown; errors?: { message: string }[] } | undefined; text: string }> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body });
  const text = await res.text();
  try {
    return { status: res.status, json: JSON.parse(text) as { data?: unknown; errors?: { message: string }[] }, text };
  } catch {
    return { status: res.status, json: undefined, text };
  }
}

/** First path where two JSON values differ (for the report). */
export function firstDiff(a: unknown, b: unknown, at = 'data'): string {
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null)
    return `${at}: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`;
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const k of keys) {
    const x = (a as Record<string, unknown>)[k];
    const y = (b as Record<string, unknown>)[k];
    if (!isDeepStrictEqual(x, y)) return firstDiff(x, y, `${at}.${k}`);
  }
  return at;
}

export async function microbench(fn: () => unknown | Promise<unknown>, n: number): Promise<number> {
  for (let i = 0; i < Math.min(200, n); i++) await fn();
  const t = performance.now();
  for (let i = 0; i < n; i++) await fn();
  return ((performance.now() - t) * 1000) / n; // µs per call
}

/**
 * `n` distinct viewers: buyer tokens of every demo account's buyer, then further users of those
 * accounts (the subgraphs trust the signed viewer; what a buyer sees depends on the account).
 */
export async function benchViewers(stack: TestStack, n: number): Promise<string[]> {
  const buyers = stack.tokens.filter((t) => t.role === 'buyer');
  const secret = process.env.JWT_DEV_SECRET ?? DEV_JWT_SECRET;
  return Promise.all(
    Array.from({ length: n }, (_, i) => {
      const b = buyers[i % buyers.length]!;
      return i < buyers.length
        ? b.token
        : signDevToken({ userId: `${b.userId}-bench-${i}`, accountId: b.accountId, roles: ['buyer'] }, secret, { expiresIn: '1h' });
    }),
  );
}

/** `n` distinct buyers of one account (they all see its carts), the first the persona itself. */
export async function accountViewers(buyer: { token: string; userId: string; accountId: string }, n: number): Promise<string[]> {
  const secret = process.env.JWT_DEV_SECRET ?? DEV_JWT_SECRET;
  return Promise.all(
    Array.from({ length: n }, (_, i) =>
      i === 0
        ? buyer.token
        : signDevToken({ userId: `${buyer.userId}-bench-${i}`, accountId: buyer.accountId, roles: ['buyer'] }, secret, { expiresIn: '1h' }),
    ),
  );
}

export async function profileOurs(o: {
  env: Record<string, string>;
  token: string;
  loader: Child;
  requests: number;
  concurrency: number;
  children: Child[];
}): Promise<void> {
  process.stderr.write(`profiling our gateway on the deep query...\n`);
  const child = new Child('gateway-server.ts', ['ours'], { ...o.env, BENCH_PROFILE: '1' });
  o.children.push(child);
  const url = String((await child.ready).url);
  const body = JSON.stringify({ query: DEEP_QUERY });
  const headers = { authorization: `Bearer ${o.token}` };
  const loadRun = (c: number, n: number) => o.loader.call<LoadReply>({ url, body, headers, concurrency: c, requests: n });
  const check = await post(url, body, o.token);
  if (check.status !== 200 || check.json?.errors?.length) {
    console.log(`\nprofile skipped: our gateway answers the deep query with HTTP ${check.status} ${check.text.slice(0, 300)}`);
    return;
  }
  await loadRun(8, 300);

  // The plan as executed, from one traced request.
  await child.call({ type: 'trace-start' });
  const single = await loadRun(1, 1);
  const one = (await child.call<{ traces: FetchTrace[] }>({ type: 'trace-stop' })).traces.sort((a, b) => a.start - b.start);

  // Gateway time vs subgraph time, at concurrency 1 (no queueing: each request alone).
  const n1 = Math.max(50, Math.min(300, Math.round(o.requests / 8)));
  await child.call({ type: 'trace-start' });
  const seq = await loadRun(1, n1);
  const traces = (await child.call<{ traces: FetchTrace[] }>({ type: 'trace-stop' })).traces;
  const totalMs = seq.latencies.reduce((a, b) => a + b, 0);
  const subgraphMs = unionMs(traces);
  const per = new Map<string, number[]>();
  for (const t of traces) per.set(t.subgraph, [...(per.get(t.subgraph) ?? []), t.end - t.start]);

  console.log(
    `\n## profile of our gateway on [deep] (live subgraphs; a separate process of ours, subgraph calls timed via undici's diagnostics channels)`,
  );
  const t0 = one[0]?.start ?? 0;
  console.log(
    `one request (${single.latencies[0]?.toFixed(1)} ms at the client), subgraph calls in start order (ms from the first call; the plan as executed):`,
  );
  for (const t of one)
    console.log(
      `  ${t.subgraph.padEnd(10)} ${(t.start - t0).toFixed(1).padStart(6)} → ${(t.end - t0).toFixed(1).padStart(6)}  ${t.requestBytes ? `(${t.requestBytes} request bytes)` : ''}`.trimEnd(),
    );
  console.log(
    `concurrency 1, ${n1} requests: mean latency ${(totalMs / n1).toFixed(2)} ms = subgraph calls on the critical path ${(subgraphMs / n1).toFixed(2)} ms + gateway (HTTP in/out, auth, parse, validate, plan, execute, merge, serialise, gaps between waves) ${((totalMs - subgraphMs) / n1).toFixed(2)} ms (${((100 * (totalMs - subgraphMs)) / totalMs).toFixed(0)} %)`,
  );
  console.log(
    table(
      [...per.entries()].map(([subgraph, ms]) => {
        const sorted = [...ms].sort((a, b) => a - b);
        return {
          subgraph,
          'calls/request': ms.length / n1,
          'mean ms': ms.reduce((a, b) => a + b, 0) / ms.length,
          'p50 ms': percentile(sorted, 50),
          'p95 ms': percentile(sorted, 95),
        };
      }),
    ),
  );

  // CPU profile under the measured load.
  const n2 = Math.max(200, Math.round(o.requests / 2));
  const file = path.resolve('.data/bench/gateway-ours-deep.cpuprofile');
  const before = await child.call<Usage>({ type: 'usage' });
  await child.call({ type: 'profile-start' });
  const loaded = await loadRun(o.concurrency, n2);
  await child.call({ type: 'profile-stop', file });
  const after = await child.call<Usage>({ type: 'usage' });
  const profile = JSON.parse(await readFile(file, 'utf8')) as CpuProfile;
  const sum = summariseProfile(profile);
  console.log(
    `\nCPU profile at concurrency ${o.concurrency}, ${n2} requests (${(n2 / loaded.seconds).toFixed(1)} req/s under the profiler): gateway main thread busy ${sum.totalMs.toFixed(0)} ms of ${(sum.totalMs + sum.idleMs).toFixed(0)} ms, ${(sum.totalMs / n2).toFixed(2)} ms/request sampled (${((after.cpuMs - before.cpuMs) / n2).toFixed(2)} CPU ms/request incl. GC and other threads); written to ${path.relative(process.cwd(), file)} (open in Chrome DevTools)`,
  );
  console.log(`self time by module (V8 builtins = JSON, regexp, string and array builtins called from JS):`);
  console.log(table(sum.modules.slice(0, 15).map((m) => ({ module: m.name, 'self ms': m.ms, '%': m.pct }))));
  console.log(`top 15 functions by self time:`);
  console.log(table(sum.functions.slice(0, 15).map((f) => ({ function: f.name, 'self ms': f.ms, '%': f.pct }))));
  console.log(`inclusive time of marked stages (a sample counts for each stage on its stack):`);
  console.log(table(sum.stages.map((st) => ({ stage: st.name, ms: st.ms, '%': st.pct }))));
}
