/**
 * `pnpm bench [name…]`: run benchmarks by name; each prints its own tables of numbers.
 * `pnpm bench` (or `pnpm bench all`): the suite in order with modest sizes (BENCH_FULL=1: each
 * benchmark's own full defaults), then ONE summary table (metric, value, unit, notes), written with
 * the machine, the date and the load average during the run to `tests/bench/RESULTS.md`
 * (`--no-write` prints only). `--write` writes RESULTS.md after a run of named benchmarks too: their
 * rows replace theirs in the file, the other benchmarks' rows stay (and the header says from when).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { goalRows } from './goals.js';
import { loadSampler, machine, table, tableHook, type BenchResult, type Metric } from './stats.js';

const BENCHES: Record<string, () => Promise<{ run: () => Promise<BenchResult> }>> = {
  skeleton: () => import('./skeleton.bench.js'),
  gateway: () => import('./gateway.bench.js'),
  erp: () => import('./erp.bench.js'),
  pricing: () => import('./pricing.bench.js'),
  inventory: () => import('./inventory.bench.js'),
  cart: () => import('./cart.bench.js'),
  submit: () => import('./submit.bench.js'),
  subscriptions: () => import('./subscriptions.bench.js'),
  resilience: () => import('./resilience.bench.js'),
  database: () => import('./database.bench.js'),
};

/** The suite of `pnpm bench all`, in order, with modest sizes unless BENCH_FULL=1 (a user's env wins). */
const SUITE: { name: string; modest: Record<string, string> }[] = [
  { name: 'skeleton', modest: { BENCH_REQUESTS: '500' } },
  { name: 'cart', modest: {} },
  { name: 'inventory', modest: {} },
  { name: 'database', modest: {} },
  { name: 'erp', modest: { BENCH_CONDITIONS: '100000' } },
  { name: 'pricing', modest: { BENCH_CONDITIONS: '100000' } },
  { name: 'submit', modest: {} },
  { name: 'subscriptions', modest: {} },
  { name: 'gateway', modest: { BENCH_SCENARIOS: 'deep,viewers', BENCH_PROFILE: '0', BENCH_REQUESTS: '600', BENCH_ROUNDS: '2' } },
];

const HERE = path.dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const wanted = args.filter((a) => !a.startsWith('-'));
const suite = !wanted.length || (wanted.length === 1 && wanted[0] === 'all');
const unknown = suite ? [] : wanted.filter((w) => !BENCHES[w]);
if (unknown.length) {
  console.error(`unknown benchmark(s): ${unknown.join(', ')}; available: all, ${Object.keys(BENCHES).join(', ')}`);
  process.exit(2);
}
const write = suite ? !args.includes('--no-write') : args.includes('--write');
const full = process.env.BENCH_FULL === '1';

/**
 * Figures of `pnpm bench gateway` (which only prints): its per-scenario tables follow a `## <phase>`
 * heading and a `[<scenario>]` line; the ratio table names the scenario in each row.
 */
function gatewayCollector() {
  let phase = '';
  let scenario = '';
  const metrics: Metric[] = [];
  const log = console.log;
  console.log = (...a: unknown[]) => {
    const text = a.map(String).join(' ');
    const h = /^\n?## (.*)$/m.exec(text);
    if (h) phase = h[1]!.split(':')[0]!.trim();
    const s = /^\n?\[([\w-]+)\]/.exec(text);
    if (s) scenario = s[1]!;
    log(...a);
  };
  tableHook.onTable = (rows) => {
    for (const r of rows) {
      if ('gateway' in r && typeof r['req/s'] === 'number')
        metrics.push({
          bench: 'gateway',
          metric: `${scenario}, ${phase}: ${r.gateway}`,
          value: Math.round(r['req/s']),
          unit: 'req/s',
          notes: `p50 ${Number(r['p50 ms']).toFixed(0)} / p99 ${Number(r['p99 ms']).toFixed(0)} ms, gw CPU ${Number(r['gw CPU ms/req']).toFixed(1)} ms/req, errors ${r.errors}`,
        });
      if ('ours vs' in r && typeof r['req/s ×'] === 'number')
        metrics.push({
          bench: 'gateway',
          metric: `${r.scenario}, ${phase}: ours / ${r['ours vs']} req/s`,
          value: Number(r['req/s ×'].toFixed(2)),
          unit: '×',
          notes: `gateway CPU per request ${r['ours vs']}/ours ${Number(r['gw CPU/req ×']).toFixed(2)}×`,
        });
    }
  };
  return {
    stop() {
      console.log = log;
      delete tableHook.onTable;
      return metrics;
    },
  };
}

const names = suite ? SUITE.map((s) => s.name) : wanted;
const summary: Metric[] = [];
const failures: string[] = [];
const load = loadSampler();
const started = new Date();
const t0 = performance.now();
for (const name of names) {
  console.log(`\n=== bench ${name} ===`);
  const modest = suite && !full ? (SUITE.find((s) => s.name === name)?.modest ?? {}) : {};
  const saved: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(modest))
    if (process.env[k] === undefined) {
      saved[k] = undefined;
      process.env[k] = v;
    }
  const collector = name === 'gateway' ? gatewayCollector() : undefined;
  const benchStart = performance.now();
  try {
    const result = await (await BENCHES[name]!()).run();
    if (result) summary.push(...result);
  } catch (err) {
    failures.push(`${name}: ${(err as Error).stack?.split('\n').slice(0, 3).join(' | ') ?? String(err)}`);
    console.error(`bench ${name} failed:`, err);
  } finally {
    if (collector) summary.push(...collector.stop());
    for (const k of Object.keys(saved)) delete process.env[k];
  }
  const sized = Object.entries(modest).filter(([k]) => saved[k] === undefined && k in saved);
  process.stderr.write(
    `bench ${name}: ${((performance.now() - benchStart) / 1000).toFixed(0)} s${sized.length ? ` (${sized.map(([k, v]) => `${k}=${v}`).join(' ')})` : ''}\n`,
  );
}
const loadAvg = load.stop();

// The goals for the hot paths beside what this run measured, with the load it ran under.
const goals = goalRows(summary, loadAvg);
if (suite || goals.some((g) => g.measured !== 'not run')) {
  console.log(`\n=== goals (numbers, not pass/fail; a run with load average below 1 is the one that counts) ===`);
  console.log(table(goals));
}

if (suite || write) {
  const rows = summary.map((m) => ({ bench: m.bench, metric: m.metric, value: m.value, unit: m.unit, notes: m.notes ?? '' }));
  console.log(`\n=== summary ===`);
  console.log(table(rows));
  if (failures.length) console.log(`\nfailed: ${failures.join('\n')}`);
  const m = await machine();
  const minutes = (performance.now() - t0) / 60_000;
  console.log(
    `\nmachine: ${m.cpu}, ${m.ram}, ${m.os}, node ${m.node}, ${m.postgres}; load average (1 min) during the run: min ${loadAvg.min.toFixed(1)}, mean ${loadAvg.mean.toFixed(1)}, max ${loadAvg.max.toFixed(1)} on ${os.cpus().length} cores; ${minutes.toFixed(0)} min`,
  );
  if (write) {
    const file = path.join(HERE, 'RESULTS.md');
    const kept = suite ? undefined : earlierRows(file, new Set(names));
    // A goal whose benchmark did not run now shows the figure kept from the earlier run, marked so.
    const keptGoals = kept ? goalRows([...kept.rows, ...summary], loadAvg) : goals;
    // The load it was measured under stays with a kept figure (a figure kept twice keeps its first origin).
    const keptLoad = (g: Record<string, string>) => {
      const before = kept?.goals.get(g.path!);
      if (!before || before.measured !== g.measured) return `kept from ${kept!.written}`;
      return before.load.startsWith('kept from') ? before.load : `kept from ${kept!.written}: ${before.load}`;
    };
    const goalTable = goals.map((g, i) =>
      g.measured === 'not run' && keptGoals[i]!.measured !== 'not run'
        ? { ...keptGoals[i]!, 'load average (1 min)': keptLoad(keptGoals[i]!) }
        : g,
    );
    let md = renderResults(kept ? [...kept.rows, ...rows] : rows, m, loadAvg, minutes, kept?.written, goalTable, handWritten(file));
    try {
      // Written as `pnpm lint` (prettier --check) wants it.
      const prettier = await import('prettier');
      md = await prettier.format(md, { ...(await prettier.resolveConfig(file)), filepath: file });
    } catch (err) {
      console.error(`RESULTS.md left unformatted: ${(err as Error).message}`);
    }
    fs.writeFileSync(file, md);
    console.log(`written to tests/bench/RESULTS.md`);
  }
}
process.exit(failures.length ? 1 : 0);

type Row = { bench: string; metric: string; value: number | string; unit: string; notes: string };

/**
 * The rows of benchmarks not run now, from the RESULTS.md there is, the line saying when it was
 * written, and its goals table (path → measured figure and load).
 */
function earlierRows(
  file: string,
  ran: Set<string>,
): { rows: Row[]; written: string; goals: Map<string, { measured: string; load: string }> } | undefined {
  if (!fs.existsSync(file)) return undefined;
  const text = fs.readFileSync(file, 'utf8');
  const written = /^Written by (.*)$/m.exec(text)?.[1]?.replace(/\.$/, '') ?? 'an earlier run';
  const rows: Row[] = [];
  const goals = new Map<string, { measured: string; load: string }>();
  for (const line of text.split('\n')) {
    if (!line.startsWith('| ')) continue;
    const cells = line
      .slice(2, -2)
      .split(' | ') // a pipe inside a cell is escaped (`\\|`), so never ` | `
      .map((c) => c.trim().replace(/\\\|/g, '|'));
    if (cells.length === 4 && cells[0] !== 'path' && !/^-+$/.test(cells[0]!))
      goals.set(cells[0]!, { measured: cells[2]!, load: cells[3]! });
    if (cells.length !== 5 || cells[0] === 'bench' || /^-+$/.test(cells[0]!) || ran.has(cells[0]!)) continue;
    const [bench, metric, value, unit, notes] = cells as [string, string, string, string, string];
    rows.push({ bench, metric, value, unit, notes });
  }
  return { rows, written, goals };
}

/**
 * Sections written by hand after the generated ones (a breakdown, another ERP's figures): each
 * says when and under what load it was measured, so a new run keeps them as they are.
 */
function handWritten(file: string): string[] {
  if (!fs.existsSync(file)) return [];
  const text = fs.readFileSync(file, 'utf8');
  const generated = new Set(['Machine', 'How to read', 'Summary', 'Goals', 'Failed']);
  const sections = text.split(/^(?=## )/m).slice(1);
  return sections.filter((s) => !generated.has(/^## (.*)$/m.exec(s)?.[1]?.trim() ?? '')).map((s) => s.trimEnd());
}

function renderResults(
  rows: Row[],
  m: Record<string, string>,
  loadAvg: { min: number; max: number; mean: number },
  minutes: number,
  earlier: string | undefined,
  goalTable: Record<string, string>[],
  kept: string[],
): string {
  const esc = (s: string | number) => String(s).replace(/\|/g, '\\|');
  const sizes = suite && !full ? 'modest sizes (`pnpm bench all`; `BENCH_FULL=1` for full sizes)' : 'full sizes';
  const envKnobs = Object.entries(process.env)
    .filter(([k]) => k.startsWith('BENCH_'))
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');
  return [
    '# Benchmark results',
    '',
    `Written by \`pnpm bench${suite ? '' : ` ${wanted.join(' ')} --write`}\` on ${started.toISOString()} (${minutes.toFixed(0)} min), ${sizes}${envKnobs ? `; env: \`${envKnobs}\`` : ''}.`,
    ...(earlier
      ? [
          `The rows of the other benchmarks are kept from the previous file: written by ${earlier}; the machine and load below are this run's.`,
        ]
      : []),
    'Numbers, not pass/fail; compare ratios measured in one run. See docs/testing.md, "Benchmarks", for what each line measures.',
    '',
    '## Machine',
    '',
    `- CPU: ${m.cpu}`,
    `- RAM: ${m.ram}; OS: ${m.os}`,
    `- Node ${m.node}; database: ${m.postgres}; event bus: ${process.env.EVENT_BUS_URL ?? 'in-process'}`,
    `- Load average (1 min) sampled every 5 s during the run: min ${loadAvg.min.toFixed(1)}, mean ${loadAvg.mean.toFixed(1)}, max ${loadAvg.max.toFixed(1)} on ${os.cpus().length} cores${loadAvg.mean > os.cpus().length ? ' — **other work shared the cores**: read absolute figures as lower bounds' : ''}`,
    '- Everything (ERP, four subgraphs, gateway) runs in one Node process unless a line says otherwise.',
    '',
    '## How to read',
    '',
    "- SQL counts come from each service's process-wide statement counter, so they include background work (feed polls, outboxes); under concurrency the gateway's in-flight deduplication shares identical subgraph calls of one viewer, so per-request SQL can drop below 1.",
    "- `subscriptions`: the gateway runs in its own process (its RSS and CPU are its own) and the clients in two more; the stack process's baseline RSS includes what earlier benchmarks of the same run left behind; per-client figures are deltas over the steps. Orders SQL per event for the delivery is the event's statements less those of the same mutations with no subscriber.",
    "- `gateway`: live = the real subgraphs; replayed = recorded subgraph answers (the gateway is the bottleneck); gateway CPU per request is the most robust figure on a shared machine. `viewers` is the deep query with each request from another of 64 viewers, so our in-flight sharing of one viewer's identical subgraph calls cannot help; the replay server answers by request body, so there every viewer gets the recorded answers (the gateway's work is the same).",
    '',
    '## Summary',
    '',
    '| bench | metric | value | unit | notes |',
    '| ----- | ------ | ----- | ---- | ----- |',
    ...rows.map(
      (r) =>
        `| ${esc(r.bench)} | ${esc(r.metric)} | ${esc(typeof r.value === 'number' ? r.value.toLocaleString('en-US') : r.value)} | ${esc(r.unit)} | ${esc(r.notes)} |`,
    ),
    ...(goalTable.length
      ? [
          '',
          '## Goals',
          '',
          'The hot-path goals beside what this run measured (a run with load average below 1 is the one that counts).',
          '',
          `| ${Object.keys(goalTable[0]!).join(' | ')} |`,
          `| ${Object.keys(goalTable[0]!)
            .map(() => '---')
            .join(' | ')} |`,
          ...goalTable.map((g) => `| ${Object.values(g).map(esc).join(' | ')} |`),
        ]
      : []),
    ...(failures.length ? ['', '## Failed', '', ...failures.map((f) => `- ${esc(f)}`)] : []),
    ...kept.flatMap((s) => ['', s]),
    '',
  ].join('\n');
}
