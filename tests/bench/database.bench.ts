/**
 * `pnpm bench database`: what one statement costs through `pg` on the database the services use —
 * the embedded PGlite behind its socket server, or the server of DATABASE_URL — at concurrency 1
 * and 8: a one-row parameterised select (Parse, Bind, Describe, Execute, Sync), the same as a
 * simple query (the form MikroORM sends), a 200-row parameterised select, and `COPY … FROM STDIN`
 * of 100,000 rows in text format. Wall time per statement and this process's CPU per statement
 * (the embedded database's thread included, since it runs in this process).
 */
import os from 'node:os';
import pg from 'pg';
import { copyChunks, copyFrom, type CopyClient } from '@portal/platform/db';
import { createTestDatabase } from '@portal/testkit';
import { table, type Metric } from './stats.js';

export async function run(): Promise<Metric[]> {
  const db = await createTestDatabase('portal_bench');
  const where = db.kind === 'pglite' ? 'embedded PGlite' : 'PostgreSQL server';
  process.stderr.write(`database: ${where}\n`);
  const pool = new pg.Pool({ connectionString: db.url, max: 8 });
  const metrics: Metric[] = [];
  try {
    await pool.query(`create table bench_t (id int primary key, a text not null, b text not null)`);
    await pool.query(`insert into bench_t select i, repeat('x', 50), md5(i::text) from generate_series(1, 2000) i`);
    await pool.query(`create table bench_copy (id int primary key, name text, amount numeric(12, 4), day date)`);

    const measure = async (f: (i: number) => Promise<unknown>, n: number, concurrency: number) => {
      for (let i = 0; i < 200; i++) await f(i); // warm-up
      const started = performance.now();
      const cpu0 = process.cpuUsage();
      let next = 0;
      await Promise.all(
        Array.from({ length: concurrency }, async () => {
          while (next < n) await f(next++);
        }),
      );
      const cpu = process.cpuUsage(cpu0);
      return { wallUs: ((performance.now() - started) * 1000) / n, cpuUs: (cpu.user + cpu.system) / n };
    };
    const cases: { name: string; n: number; f: (i: number) => Promise<unknown> }[] = [
      { name: 'one row, parameterised', n: 3000, f: (i) => pool.query('select * from bench_t where id = $1', [(i % 2000) + 1]) },
      { name: 'one row, simple query', n: 3000, f: (i) => pool.query(`select * from bench_t where id = ${(i % 2000) + 1}`) },
      { name: '200 rows, parameterised', n: 1000, f: (i) => pool.query('select * from bench_t where id > $1 limit 200', [i % 1500]) },
    ];
    const rows: Record<string, string | number>[] = [];
    for (const c of cases)
      for (const concurrency of [1, 8]) {
        const r = await measure(c.f, c.n, concurrency);
        rows.push({
          statement: c.name,
          concurrency,
          statements: c.n,
          'µs/statement (wall)': Math.round(r.wallUs),
          'CPU µs/statement': Math.round(r.cpuUs),
        });
        metrics.push({
          bench: 'database',
          metric: `${c.name}, concurrency ${concurrency}`,
          value: Math.round(r.wallUs),
          unit: 'µs/statement',
          notes: `${where}; this process's CPU ${Math.round(r.cpuUs)} µs/statement`,
        });
      }

    // COPY FROM STDIN: 100,000 rows of text in one statement, as the contract sync stages a page.
    const copyRows = Array.from({ length: 100_000 }, (_, i) => ({
      id: i,
      name: `row ${i}\twith a tab`,
      amount: (i / 7).toFixed(4),
      day: i % 3 ? '2026-12-07' : null,
    }));
    const chunks = copyChunks(copyRows, [(r) => r.id, (r) => r.name, (r) => r.amount, (r) => r.day]);
    const client = await pool.connect();
    let copyMs = 0;
    try {
      const started = performance.now();
      const copied = await copyFrom(client as unknown as CopyClient, 'copy bench_copy (id, name, amount, day) from stdin', chunks);
      copyMs = performance.now() - started;
      if (copied !== copyRows.length) throw new Error(`COPY copied ${copied} of ${copyRows.length} rows`);
    } finally {
      client.release();
    }
    rows.push({
      statement: 'COPY FROM STDIN, 100,000 rows',
      concurrency: 1,
      statements: 1,
      'µs/statement (wall)': Math.round(copyMs * 1000),
      'CPU µs/statement': '',
    });
    metrics.push({
      bench: 'database',
      metric: 'COPY FROM STDIN, 100,000 rows of 4 columns',
      value: Math.round(copyRows.length / (copyMs / 1000)),
      unit: 'rows/s',
      notes: where,
    });
    console.log(
      `\nstatements through pg on ${where}; machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, node ${process.version}`,
    );
    console.log(table(rows));
  } finally {
    await pool.end();
    await db.close();
  }
  return metrics;
}
