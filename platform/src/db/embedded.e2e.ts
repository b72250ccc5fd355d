/**
 * The embedded database must behave like a server for many pg connections at once: concurrent
 * parameterised queries (extended protocol), interleaved transactions that commit or roll back,
 * and errors that do not stall other connections.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { startEmbeddedPostgres, type EmbeddedPostgres } from './embedded.js';
import { copyChunks, copyFrom, type CopyClient } from './copy.js';

let server: EmbeddedPostgres;
let pool: pg.Pool;

beforeAll(async () => {
  server = await startEmbeddedPostgres();
  pool = new pg.Pool({ connectionString: server.url, max: 12 });
  await pool.query('create table t (id int primary key, owner int not null)');
  await pool.query('create table c (id int primary key, name text, amount numeric(12, 4), day date)');
});
afterAll(async () => {
  await pool.end();
  await server.stop();
});

describe('embedded Postgres (PGlite over a socket) with concurrent connections', () => {
  it('answers 400 concurrent parameterised queries on 12 connections correctly', async () => {
    // Different statements with different parameter counts, so a Bind landing on another
    // connection's Parse cannot go unnoticed.
    const results = await Promise.all(
      Array.from({ length: 400 }, (_, i) =>
        i % 2 === 0
          ? pool.query('select $1::int * 2 as s, $2::text as tag', [i, `q${i}`])
          : pool.query('select $1::text as tag, $2::int * 2 as s, $3::int as z', [`q${i}`, i, -i]),
      ),
    );
    results.forEach((r, i) => expect(r.rows[0]).toEqual(i % 2 === 0 ? { s: i * 2, tag: `q${i}` } : { tag: `q${i}`, s: i * 2, z: -i }));
  });

  it('keeps a large statement split across TCP packets apart from other connections', async () => {
    // A Bind bigger than one socket read arrives in pieces; other connections must not run their
    // Parse in between (it would replace the unnamed statement the big Bind belongs to).
    const big = 'x'.repeat(300_000);
    const results = await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        i % 3 === 0
          ? pool.query('select length($1::text) as len, $2::int as i', [big, i])
          : pool.query('select $1::int as i, $2::text as a, $3::text as b', [i, 'a', 'b']),
      ),
    );
    results.forEach((r, i) => expect(r.rows[0]).toEqual(i % 3 === 0 ? { len: 300_000, i } : { i, a: 'a', b: 'b' }));
  });

  it('keeps concurrent transactions isolated: committed rows stay, rolled-back rows vanish', async () => {
    await Promise.all(
      Array.from({ length: 24 }, async (_, k) => {
        const client = await pool.connect();
        try {
          await client.query('begin');
          for (let j = 0; j < 5; j++) await client.query('insert into t (id, owner) values ($1, $2)', [k * 100 + j, k]);
          await client.query(k % 2 === 0 ? 'commit' : 'rollback');
        } finally {
          client.release();
        }
      }),
    );
    const { rows } = await pool.query<{ owner: number; n: string }>('select owner, count(*) as n from t group by owner order by owner');
    expect(rows.map((r) => [r.owner, Number(r.n)])).toEqual(Array.from({ length: 12 }, (_, i) => [i * 2, 5]));
  });

  it('an error on one connection does not stall the others', async () => {
    const outcomes = await Promise.allSettled(
      Array.from({ length: 50 }, (_, i) =>
        i % 5 === 0 ? pool.query('select 1/0') : pool.query<{ n: number }>('select $1::int as n', [i]),
      ),
    );
    expect(outcomes.filter((o) => o.status === 'rejected')).toHaveLength(10);
    const after = await pool.query<{ ok: number }>('select 1 as ok');
    expect(after.rows[0]!.ok).toBe(1);
  });

  it('keeps a portal read in pages (Execute with a row limit, Flush) apart from other connections', async () => {
    // The client reads 3 rows at a time and asks for more after each page: the backend is its
    // until the Sync, or another connection's Bind would replace the unnamed portal in between.
    const pagedRun = Promise.all(
      Array.from({ length: 6 }, async (_, k) => {
        const client = await pool.connect();
        try {
          const r = await client.query({
            text: 'select g + $1::int as n from generate_series(1, 10) g',
            values: [k * 100],
            rows: 3,
          } as pg.QueryConfig);
          return r.rows.map((row: { n: number }) => row.n);
        } finally {
          client.release();
        }
      }),
    );
    const othersRun = Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        i % 2
          ? pool.query<{ n: number }>('select $1::int as n', [i])
          : pool.query<{ n: number }>('select $1::int + 0 as n, $2::text as t', [i, 'x']),
      ),
    );
    const [paged, others] = await Promise.all([pagedRun, othersRun]);
    paged.forEach((rows, k) => expect(rows).toEqual(Array.from({ length: 10 }, (_, i) => k * 100 + i + 1)));
    expect(others.map((r) => r.rows[0]!.n)).toEqual(Array.from({ length: 30 }, (_, i) => i));
  });

  it('answers a statement in one piece, as a server writes it at Sync', async () => {
    // Parse, Bind, Describe, Execute and Sync used to come back as five writes (five reads and
    // wake-ups of the client); a Postgres server sends them together.
    const client = await pool.connect();
    try {
      const stream = (client as unknown as { connection: { stream: NodeJS.EventEmitter } }).connection.stream;
      let reads = 0;
      const count = () => reads++;
      stream.on('data', count);
      for (let i = 0; i < 20; i++) await client.query('select $1::int as n, $2::text as t', [i, 'x']);
      for (let i = 0; i < 20; i++) await client.query(`select ${i} as n`);
      stream.off('data', count);
      expect(reads).toBeLessThanOrEqual(44);
    } finally {
      client.release();
    }
  });
});

/** A COPY FROM STDIN that the client abandons with CopyFail. */
class FailingCopy {
  callback?: (err: Error | null) => void;
  constructor(private readonly sql: string) {}
  submit(connection: { query(text: string): void }): void {
    connection.query(this.sql);
  }
  handleCopyInResponse(connection: { sendCopyFromChunk(b: Buffer): void; sendCopyFail(msg: string): void }): void {
    connection.sendCopyFromChunk(Buffer.from('1\tfirst\t1\t\\N\n'));
    connection.sendCopyFail('the client gave up');
  }
  handleError(err: Error): void {
    const cb = this.callback;
    this.callback = undefined;
    cb?.(err);
  }
  handleReadyForQuery(): void {
    const cb = this.callback;
    this.callback = undefined;
    cb?.(null);
  }
  handleCommandComplete(): void {}
}

describe('embedded Postgres: each connection has its own prepared statements, as on a server', () => {
  it('lets two connections prepare the same name for different statements, and forgets them when they go', async () => {
    const a = new pg.Client({ connectionString: server.url });
    const b = new pg.Client({ connectionString: server.url });
    await Promise.all([a.connect(), b.connect()]);
    const backend = async () =>
      (await pool.query<{ n: string }>(`select count(*) as n from pg_prepared_statements where name like '%\\_hot'`)).rows[0]!.n;
    try {
      for (let i = 0; i < 3; i++) {
        const [ra, rb] = await Promise.all([
          a.query({ name: 'hot', text: 'select $1::int + 1 as v', values: [i] }),
          b.query({ name: 'hot', text: "select $1::text || '!' as v", values: [`b${i}`] }),
        ]);
        expect(ra.rows).toEqual([{ v: i + 1 }]);
        expect(rb.rows).toEqual([{ v: `b${i}!` }]);
      }
      expect(await backend()).toBe('2');
      // Described and closed by name as well.
      await a.query({ name: 'hot', text: 'select $1::int + 1 as v', values: [1], rowMode: 'array' });
    } finally {
      await Promise.all([a.end(), b.end()]);
    }
    for (let i = 0; i < 50 && (await backend()) !== '0'; i++) await new Promise((r) => setTimeout(r, 20));
    expect(await backend()).toBe('0');
  });
});

describe('embedded Postgres: a transaction holds the backend from its first statement', () => {
  it('lets other connections run while a transaction has only begun, then runs it as begun', async () => {
    await pool.query('create table b (id int primary key)');
    const a = await pool.connect();
    try {
      await a.query('BEGIN');
      // The backend is not held yet: another connection's statement answers now, not at COMMIT.
      const other = await Promise.race([
        pool.query('select count(*)::int as n from b'),
        new Promise<'held'>((r) => setTimeout(() => r('held'), 2000)),
      ]);
      expect(other).not.toBe('held');
      // From its first statement on, the transaction holds the backend (others wait for its end).
      await a.query('insert into b values (1)');
      const waiting = pool.query('select count(*)::int as n from b');
      expect((await a.query('select count(*)::int as n from b')).rows[0].n).toBe(1);
      await a.query('ROLLBACK');
      expect((await waiting).rows[0].n).toBe(0);

      // BEGIN then at once COMMIT, and a BEGIN whose first statement fails: answered as a server does.
      await a.query('BEGIN');
      await a.query('COMMIT');
      await a.query('begin');
      await expect(a.query('insert into b values (1), (1)')).rejects.toMatchObject({ code: '23505' });
      await expect(a.query('select 1')).rejects.toMatchObject({ code: '25P02' });
      await a.query('ROLLBACK');
      expect((await pool.query('select count(*)::int as n from b')).rows[0].n).toBe(0);
      // A parameterised first statement (extended protocol) after BEGIN.
      await a.query('BEGIN');
      await a.query('insert into b values ($1)', [2]);
      await a.query('COMMIT');
      expect((await pool.query('select id from b')).rows).toEqual([{ id: 2 }]);
    } finally {
      a.release();
    }
  });

  it('forgets a begun transaction whose connection went away', async () => {
    const lone = new pg.Client({ connectionString: server.url });
    await lone.connect();
    await lone.query('BEGIN');
    await lone.end();
    expect((await pool.query('select 1 as one')).rows).toEqual([{ one: 1 }]);
  });

  it('rolls back the transaction of a connection that ends inside it, and keeps serving the others', async () => {
    // A pool closed under a running job ends its connections with Terminate, mid-transaction.
    await pool.query('create table gone (id int primary key)');
    const lone = new pg.Client({ connectionString: server.url });
    await lone.connect();
    await lone.query('BEGIN');
    await lone.query('insert into gone values (1)');
    await lone.end();
    // Another connection neither sees the row nor inherits the transaction (it would then hold
    // the backend while idle, and every other connection would wait for it).
    const held = await pool.connect();
    try {
      expect((await held.query('select count(*)::int as n from gone')).rows[0].n).toBe(0);
      const others = await Promise.race([
        pool.query('select count(*)::int as n from gone'),
        new Promise<'stalled'>((r) => setTimeout(() => r('stalled'), 3000)),
      ]);
      expect(others).toEqual(expect.objectContaining({ rows: [{ n: 0 }] }));
    } finally {
      held.release();
    }
  });
});

describe('embedded Postgres takes COPY FROM STDIN', () => {
  const rows = Array.from({ length: 5000 }, (_, i) => ({
    id: i,
    name: i % 7 === 0 ? null : i % 5 === 0 ? `tab\there, line\nbreak, back\\slash, \\N, Zürich ${i}` : `row ${i}`,
    amount: (i / 7).toFixed(4),
    day: i % 3 === 0 ? null : '2026-12-07',
  }));
  const fields = [
    (r: (typeof rows)[0]) => r.id,
    (r: (typeof rows)[0]) => r.name,
    (r: (typeof rows)[0]) => r.amount,
    (r: (typeof rows)[0]) => r.day,
  ];

  it('copies text-format rows in a transaction while other connections run statements', async () => {
    await pool.query('truncate c');
    const client = await pool.connect();
    let copied = 0;
    try {
      await client.query('begin');
      const others = Promise.all(Array.from({ length: 40 }, (_, i) => pool.query<{ n: number }>('select $1::int as n', [i])));
      copied = await copyFrom(client as unknown as CopyClient, 'copy c (id, name, amount, day) from stdin', copyChunks(rows, fields));
      await client.query('commit');
      expect((await others).map((r) => r.rows[0]!.n)).toEqual(Array.from({ length: 40 }, (_, i) => i));
    } finally {
      client.release();
    }
    expect(copied).toBe(rows.length);
    const back = await pool.query<{ id: number; name: string | null; amount: string; day: string | null }>(
      `select id, name, amount::text as amount, day::text as day from c order by id`,
    );
    expect(back.rows).toEqual(rows);
  });

  it('fails a COPY whose data is bad, rolls its transaction back and keeps serving', async () => {
    await pool.query('truncate c');
    const client = await pool.connect();
    try {
      await client.query('begin');
      await client.query(`insert into c (id, name) values (-1, 'before')`);
      const bad = copyFrom(client as unknown as CopyClient, 'copy c (id, name, amount, day) from stdin', [
        '1\tok\t1\t\\N\n',
        'two\tbad\t1\t\\N\n',
      ]);
      await expect(bad).rejects.toThrow(/invalid input syntax for type integer/);
      await expect(client.query('select 1')).rejects.toThrow(/current transaction is aborted/);
      await client.query('rollback');
      // A table that does not exist fails the same way, outside a transaction too.
      await expect(copyFrom(client as unknown as CopyClient, 'copy nowhere (id) from stdin', ['1\n'])).rejects.toThrow(/does not exist/);
      expect((await client.query<{ ok: number }>('select 1 as ok')).rows[0]!.ok).toBe(1);
    } finally {
      client.release();
    }
    expect((await pool.query<{ n: string }>('select count(*) as n from c')).rows[0]!.n).toBe('0');
  });

  it("applies the target's defaults and constraints to the columns a COPY names, and leaves nothing behind", async () => {
    const target = '"copy (target)"';
    await pool.query(`create table if not exists ${target} (id int primary key, name text not null default 'unnamed', note text)`);
    await pool.query(`truncate ${target}`);
    const client = await pool.connect();
    try {
      expect(await copyFrom(client as unknown as CopyClient, `copy ${target} (id) from stdin`, ['1\n2\n', '3\n'])).toBe(3);
      expect((await pool.query(`select id, name, note from ${target} order by id`)).rows).toEqual(
        [1, 2, 3].map((id) => ({ id, name: 'unnamed', note: null })),
      );
      // Rows the target refuses fail the COPY as a whole.
      await expect(
        copyFrom(client as unknown as CopyClient, `copy ${target} (id, name) from stdin`, ['4\tfour\n1\tagain\n']),
      ).rejects.toThrow(/duplicate key/);
      await expect(copyFrom(client as unknown as CopyClient, `copy ${target} (id, name) from stdin`, ['5\t\\N\n'])).rejects.toThrow(
        /null value/,
      );
      expect((await pool.query<{ n: number }>(`select count(*)::int as n from ${target}`)).rows[0]!.n).toBe(3);
    } finally {
      client.release();
    }
    const staged = await pool.query<{ n: number }>(`select count(*)::int as n from pg_class where relname like 'portal_copy_in_%'`);
    expect(staged.rows[0]!.n).toBe(0);
  });

  it('answers CopyFail with query_canceled and copies nothing', async () => {
    await pool.query('truncate c');
    const client = await pool.connect();
    try {
      await client.query('begin');
      const failed = new Promise<Error | null>((resolve) => {
        (client as unknown as { query(q: FailingCopy, cb: (err: Error | null) => void): void }).query(
          new FailingCopy('copy c (id, name, amount, day) from stdin'),
          resolve,
        );
      });
      const err = (await failed) as (Error & { code?: string }) | null;
      expect(err?.code).toBe('57014');
      expect(err?.message).toMatch(/COPY from stdin failed: the client gave up/);
      await expect(client.query('select 1')).rejects.toThrow(/current transaction is aborted/);
      await client.query('rollback');
    } finally {
      client.release();
    }
    expect((await pool.query<{ n: string }>('select count(*) as n from c')).rows[0]!.n).toBe('0');
  });
});

describe('embedded Postgres: stopping', () => {
  it('stops while connections are open, one inside a transaction and one with prepared statements', async () => {
    const own = await startEmbeddedPostgres();
    const inTx = new pg.Client({ connectionString: own.url });
    const prepared = new pg.Client({ connectionString: own.url });
    for (const c of [inTx, prepared]) {
      await c.connect();
      c.on('error', () => {}); // the server closes them
    }
    await prepared.query({ name: 'one', text: 'select $1::int as n', values: [1] });
    await inTx.query('BEGIN');
    await inTx.query('select 1');
    const stopped = await Promise.race([
      own.stop().then(() => 'stopped'),
      new Promise((r) => setTimeout(() => r('still stopping'), 10_000)),
    ]);
    expect(stopped).toBe('stopped');
  });
});
