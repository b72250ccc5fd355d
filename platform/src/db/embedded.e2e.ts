/**
 * The embedded database must behave like a server for many pg connections at once: concurrent
 * parameterised queries (extended protocol), interleaved transactions that commit or roll back,
 * and errors that do not stall other connections.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { startEmbeddedPostgres, type EmbeddedPostgres } from './embedded.js';

let server: EmbeddedPostgres;
let pool: pg.Pool;

beforeAll(async () => {
  server = await startEmbeddedPostgres();
  pool = new pg.Pool({ connectionString: server.url, max: 12 });
  await pool.query('create table t (id int primary key, owner int not null)');
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
});
