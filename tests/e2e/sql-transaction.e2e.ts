/**
 * A transaction of plain statements (`inSqlTransaction`) on a real database: its BEGIN goes with
 * the first statements and its COMMIT with the last, nothing of it is seen before the COMMIT (on a
 * server, where another connection can look meanwhile), and an
 * error anywhere — in the COMMIT's own round trip too — keeps nothing of it and hands the
 * connection back to the pool ready for the next one.
 */
import type { MikroORM } from '@mikro-orm/postgresql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { metrics } from '@portal/platform';
import { inSqlTransaction, openServiceDatabase } from '@portal/platform/db';
import { entities, migrations } from '@portal/pricing/internals';
import { createTestDatabase, type TestDatabase } from '@portal/testkit';

let db: TestDatabase;
let orm: MikroORM;
beforeAll(async () => {
  db = await createTestDatabase('portal_sqltx');
  // One connection: every transaction below reuses the one before it left.
  orm = await openServiceDatabase({ schema: 'pricing', url: db.url, entities, migrations, poolMax: 1 });
}, 120_000);
afterAll(async () => {
  await orm?.close();
  await db?.close();
});

const insert = (name: string) => ({
  sql: `insert into "pricing"."sync_state" (name, cursor, rows, started_at) values (?, '0', 0, now()) returning name`,
  params: [name],
});
const names = async (prefix: string) =>
  (
    await orm.em
      .fork()
      .getConnection()
      .execute<{ name: string }[]>(`select name from "pricing"."sync_state" where name like ? order by name`, [`${prefix}%`])
  ).map((r) => r.name);
const statements = async () => (await metrics.sqlStatements.get()).values.find((v) => v.labels.service === 'pricing')?.value ?? 0;

describe('a transaction of plain statements', () => {
  it('answers each statement its rows and shows nothing before its COMMIT', async () => {
    const before = await statements();
    const seenInside: string[][] = [];
    const out = await inSqlTransaction(orm.em.fork(), 'pricing', async (tx) => {
      const [[a], [b]] = await tx.run<[{ name: string }[], { name: string }[]]>([insert('a:1'), insert('a:2')]);
      const [count] = await tx.run<[{ n: number }[]]>([
        { sql: `select count(*)::int as n from "pricing"."sync_state" where name like 'a:%'`, params: [] },
      ]);
      // Another connection meanwhile (on a server: the embedded database runs one transaction at a time).
      if (db.kind !== 'pglite') seenInside.push(await namesOutside('a:'));
      const [[c]] = await tx.commit<[{ name: string }[]]>([insert('a:3')]);
      return [a!.name, b!.name, count![0]!.n, c!.name];
    });
    expect(out).toEqual(['a:1', 'a:2', 2, 'a:3']);
    expect(seenInside).toEqual(db.kind === 'pglite' ? [] : [[]]);
    expect(await names('a:')).toEqual(['a:1', 'a:2', 'a:3']);
    // The statements are counted as the ORM's are (BEGIN and COMMIT are not).
    expect((await statements()) - before).toBe(4 + 1);
  });

  it('keeps nothing when the COMMIT’s own round trip fails, and the connection serves the next transaction', async () => {
    await expect(
      inSqlTransaction(orm.em.fork(), 'pricing', async (tx) => {
        await tx.run([insert('b:1')]);
        // The second insert of the same key fails: the first one, and b:2 before it, go too.
        await tx.commit([insert('b:2'), insert('b:1')]);
      }),
    ).rejects.toMatchObject({ code: '23505' });
    expect(await names('b:')).toEqual([]);
    await inSqlTransaction(orm.em.fork(), 'pricing', (tx) => tx.run([insert('b:3')]));
    expect(await names('b:')).toEqual(['b:3']);
  });

  it('keeps nothing when the work throws or rolls back, and commits work that returns without a COMMIT', async () => {
    await expect(
      inSqlTransaction(orm.em.fork(), 'pricing', async (tx) => {
        await tx.run([insert('c:1')]);
        throw new Error('changed its mind');
      }),
    ).rejects.toThrow('changed its mind');
    const rolledBack = await inSqlTransaction(orm.em.fork(), 'pricing', async (tx) => {
      await tx.run([insert('c:2')]);
      await tx.rollback();
      return 'rolled back';
    });
    expect(rolledBack).toBe('rolled back');
    await inSqlTransaction(orm.em.fork(), 'pricing', async (tx) => {
      await tx.run([insert('c:3')]);
    });
    expect(await names('c:')).toEqual(['c:3']);
  });
});

/** What another connection sees meanwhile: the pool has one, so a client of its own. */
async function namesOutside(prefix: string): Promise<string[]> {
  const pg = (await import('pg')).default;
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  try {
    return (await client.query<{ name: string }>(`select name from "pricing"."sync_state" where name like $1`, [`${prefix}%`])).rows.map(
      (r) => r.name,
    );
  } finally {
    await client.end();
  }
}
