/**
 * A hot statement as a named prepared statement (`preparedQuery`) on a real database: the same
 * rows as the ORM's inlined form, values bound as the ORM would quote them (a `?` inside quoted
 * text or a quoted name is not a placeholder), run in the ORM's transaction when there is one, counted like
 * the ORM's statements, and prepared once per connection.
 */
import type { MikroORM } from '@mikro-orm/postgresql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { metrics } from '@portal/platform';
import { openServiceDatabase, preparedQuery } from '@portal/platform/db';
import { entities, migrations } from '@portal/pricing/internals';
import { createTestDatabase, type TestDatabase } from '@portal/testkit';

let db: TestDatabase;
let orm: MikroORM;
beforeAll(async () => {
  db = await createTestDatabase('portal_prepared');
  orm = await openServiceDatabase({ schema: 'pricing', url: db.url, entities, migrations, poolMax: 2 });
}, 120_000);
afterAll(async () => {
  await orm?.close();
  await db?.close();
});

const statements = async () => (await metrics.sqlStatements.get()).values.find((v) => v.labels.service === 'pricing')?.value ?? 0;
const READ = `select ?::text as a, ?::int + 1 as n, ?::timestamptz as at, ?::text is null as none`;

describe('a prepared statement', () => {
  it('answers what the inlined statement answers, and is counted as one statement', async () => {
    const at = new Date('2026-12-07T10:11:12.345Z');
    const params = ["it's", 41, at, null];
    const before = await statements();
    const prepared = await preparedQuery(orm.em.fork(), READ, params);
    expect(await statements()).toBe(before + 1);
    const inlined = await orm.em.fork().getConnection().execute(READ, params);
    expect(prepared).toEqual(inlined);
    expect(prepared).toEqual([{ a: "it's", n: 42, at: '2026-12-07 10:11:12.345+00', none: true }]);
    // A ? in quoted text or a quoted name is not a placeholder.
    expect(await preparedQuery(orm.em.fork(), `select '?' as "x?", ?::int as n`, [7])).toEqual([{ 'x?': '?', n: 7 }]);
  });

  it("runs in the ORM's transaction: it sees the transaction's rows, which a rollback takes back", async () => {
    const name = `prepared:${Date.now()}`;
    const read = `select name from "pricing"."sync_state" where name = ?`;
    await orm.em
      .fork()
      .transactional(async (tx) => {
        await tx
          .getConnection()
          .execute(
            `insert into "pricing"."sync_state" (name, cursor, rows, started_at) values (?, '0', 0, now())`,
            [name],
            'run',
            tx.getTransactionContext(),
          );
        expect(await preparedQuery(tx, read, [name])).toEqual([{ name }]);
        throw new Error('rolled back');
      })
      .catch((err: Error) => expect(err.message).toBe('rolled back'));
    expect(await preparedQuery(orm.em.fork(), read, [name])).toEqual([]);
  });

  it('is prepared once per connection and then only run', async () => {
    const sql = `select ?::int * 2 as v`;
    for (let i = 0; i < 8; i++) expect(await preparedQuery(orm.em.fork(), sql, [i])).toEqual([{ v: i * 2 }]);
    const named = await orm.em
      .fork()
      .getConnection()
      .execute<{ n: string }[]>(`select count(*) as n from pg_prepared_statements where statement = 'select $1::int * 2 as v'`);
    // One per pooled connection that ran it (two at most); on the embedded database every
    // connection's statements are in its one backend, on a server only this connection's.
    expect(Number(named[0]!.n)).toBeGreaterThanOrEqual(db.kind === 'pglite' ? 1 : 0);
    expect(Number(named[0]!.n)).toBeLessThanOrEqual(2);
  });

  it('takes a list as JSON text, not as an array', async () => {
    await expect(preparedQuery(orm.em.fork(), `select ?::text as a`, [['x']])).rejects.toThrow('as JSON text');
    expect(
      await preparedQuery(orm.em.fork(), `select array(select jsonb_array_elements_text(?::jsonb)) as a`, [JSON.stringify(['x', 'y'])]),
    ).toEqual([{ a: ['x', 'y'] }]);
  });
});
