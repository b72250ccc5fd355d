/** Latency statistics and table printing for benchmarks (numbers, not pass/fail). */
export function percentile(sortedMs: number[], p: number): number {
  if (!sortedMs.length) return NaN;
  const idx = Math.min(sortedMs.length - 1, Math.max(0, Math.ceil((p / 100) * sortedMs.length) - 1));
  return sortedMs[idx]!;
}

export interface LoadResult {
  requests: number;
  errors: number;
  seconds: number;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
}

/** Run `fn` with `concurrency` workers for `requests` calls in total. */
export async function load(requests: number, concurrency: number, fn: () => Promise<boolean>): Promise<LoadResult> {
  const latencies: number[] = [];
  let errors = 0;
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < requests) {
        next++;
        const t = performance.now();
        const ok = await fn().catch(() => false);
        latencies.push(performance.now() - t);
        if (!ok) errors++;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    requests,
    errors,
    seconds,
    rps: requests / seconds,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
  };
}

/** `pnpm bench all` listens here to pick figures out of benchmarks that only print tables. */
export const tableHook: { onTable?: (rows: Record<string, string | number>[]) => void } = {};

export function table(rows: Record<string, string | number>[]): string {
  tableHook.onTable?.(rows);
  if (!rows.length) return '';
  const cols = Object.keys(rows[0]!);
  const cell = (v: string | number) => (typeof v === 'number' ? (Number.isInteger(v) ? String(v) : v.toFixed(2)) : v);
  const widths = cols.map((c) => Math.max(c.length, ...rows.map((r) => cell(r[c] ?? '').length)));
  const line = (vals: string[]) => vals.map((v, i) => v.padStart(widths[i]!)).join('  ');
  return [line(cols), line(widths.map((w) => '-'.repeat(w))), ...rows.map((r) => line(cols.map((c) => cell(r[c] ?? ''))))].join('\n');
}

/** One line of the `pnpm bench` summary table. */
export interface Metric {
  bench: string;
  metric: string;
  value: number | string;
  unit: string;
  notes?: string;
}

/** Benchmarks return the figures for the summary; each also prints its own detailed table. */
export type BenchResult = Metric[] | void;

export const mib = (bytes: number) => bytes / 2 ** 20;

/** The machine a run was measured on: CPU model, cores, RAM, Node and the database server. */
export async function machine(): Promise<Record<string, string>> {
  const os = await import('node:os');
  const cpus = os.cpus();
  let postgres = 'embedded PGlite (no DATABASE_URL)';
  if (process.env.DATABASE_URL) {
    const pg = (await import('pg')).default;
    const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
    try {
      await client.connect();
      postgres = `PostgreSQL ${(await client.query<{ server_version: string }>('show server_version')).rows[0]!.server_version}`;
    } catch (err) {
      postgres = `unreachable (${(err as Error).message})`;
    } finally {
      await client.end().catch(() => {});
    }
  }
  return {
    cpu: `${cpus.length} × ${cpus[0]?.model ?? 'unknown'}`,
    ram: `${(os.totalmem() / 2 ** 30).toFixed(1)} GiB`,
    os: `${os.type()} ${os.release()}`,
    node: process.version,
    postgres,
  };
}

/** Samples the 1-minute load average every `everyMs` while a run goes on (other work on the machine). */
export function loadSampler(everyMs = 5000): { stop(): { min: number; max: number; mean: number; samples: number } } {
  const samples: number[] = [];
  const take = async () => samples.push((await import('node:os')).loadavg()[0]!);
  void take();
  const timer = setInterval(() => void take(), everyMs);
  timer.unref();
  return {
    stop() {
      clearInterval(timer);
      if (!samples.length) return { min: NaN, max: NaN, mean: NaN, samples: 0 };
      return {
        min: Math.min(...samples),
        max: Math.max(...samples),
        mean: samples.reduce((a, b) => a + b, 0) / samples.length,
        samples: samples.length,
      };
    },
  };
}
