/**
 * The hot-path goals, printed by `pnpm bench` beside the figures this run measured and the
 * machine's load average (a run with a 1-minute load average below 1 is the one that counts).
 * Numbers, not pass/fail.
 */
import os from 'node:os';
import type { Metric } from './stats.js';

interface Goal {
  path: string;
  goal: string;
  /** The measured figure from this run's metrics, if the benchmark ran. */
  measured: (m: Metric[]) => string | undefined;
}

const find = (m: Metric[], bench: string, metric: RegExp) => m.find((x) => x.bench === bench && metric.test(x.metric));
const field = (notes: string | undefined, name: RegExp) => notes?.match(name)?.[1];

const cart =
  (lines: number): Goal['measured'] =>
  (m) => {
    const x = find(m, 'cart', new RegExp(`, ${lines} lines$`));
    return x ? `p95 ${field(x.notes, /p95 ([\d.]+) ms/)} ms (p50 ${x.value} ms)` : undefined;
  };

export const GOALS: Goal[] = [
  { path: 'CartDetail through the gateway, 10 lines', goal: 'p95 ≤ 20 ms', measured: cart(10) },
  { path: 'CartDetail through the gateway, 200 lines', goal: 'p95 ≤ 60 ms', measured: cart(200) },
  {
    path: 'SQL per request for CartDetail (orders, inventory, pricing)',
    goal: '≤ 3 in every subgraph, independent of line count',
    measured: (m) => {
      const rows = m.filter((x) => x.bench === 'cart' && /lines$/.test(x.metric));
      if (!rows.length) return undefined;
      return rows
        .map((x) => {
          const sql = x.notes?.match(/orders ([\d.]+), inventory ([\d.]+), pricing ([\d.]+)/);
          return `${x.metric.match(/(\d+) lines/)?.[1]} lines: ${sql ? sql.slice(1).join(' / ') : '?'}`;
        })
        .join('; ');
    },
  },
  {
    path: 'skeleton query, concurrency 1',
    goal: 'p95 ≤ 20 ms',
    measured: (m) => {
      const x = find(m, 'skeleton', /concurrency 1$/);
      return x ? `p95 ${field(x.notes, /p95 ([\d.]+)/)} ms (${x.value} req/s)` : undefined;
    },
  },
  {
    path: 'contract full sync (ERP export → pricing), end to end',
    goal: '≥ 50,000 rows/s',
    measured: (m) => {
      const x = find(m, 'pricing', /^contract full sync$/);
      return x ? `${x.value.toLocaleString('en')} rows/s` : undefined;
    },
  },
  {
    path: "the reference ERP's condition export alone",
    goal: 'keeps up with the sync (≥ 50,000 rows/s)',
    measured: (m) => {
      const records = find(m, 'erp', /condition export through the port/);
      const text = find(m, 'erp', /condition export as text/);
      if (!records) return undefined;
      return `${records.value.toLocaleString('en')} rows/s as records${text ? `, ${text.value.toLocaleString('en')} as text` : ''}`;
    },
  },
  {
    path: 'submit, 8 concurrent',
    goal: 'p50 ≤ 150 ms for a 10-line cart, ≥ 40/s',
    measured: (m) => {
      const x = find(m, 'submit', /^submit throughput/);
      return x
        ? `p50 ${field(x.notes, /p50 ([\d.]+) ms/)} ms, ${x.value}/s${/one process per service/.test(x.metric) ? ' (one process per service)' : ''}`
        : undefined;
    },
  },
];

/** One row per goal: what this run measured (or that it did not run) and the load average. */
export function goalRows(metrics: Metric[], sampled: { mean: number; max: number }): Record<string, string>[] {
  const now = os.loadavg()[0]!.toFixed(2);
  const load = `${Number.isFinite(sampled.mean) ? `mean ${sampled.mean.toFixed(1)}, max ${sampled.max.toFixed(1)}` : '—'}; now ${now} (${os.cpus().length} cores)`;
  return GOALS.map((g) => ({
    path: g.path,
    goal: g.goal,
    measured: g.measured(metrics) ?? 'not run',
    'load average (1 min)': load,
  }));
}
