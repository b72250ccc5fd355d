/**
 * The orders subgraph's schema on a database of its own, without a stack, for the e2e files that
 * test its internals (the timeline's store, publisher and fan-out): opened before the file's tests,
 * closed after them.
 */
import { afterAll, beforeAll } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@portal/testkit';
import { openServiceDatabase, type MikroORM } from '@portal/platform/db';
import { entities, migrations } from '@portal/orders/testing';

/** Registers the file's hooks; the returned function gives the open ORM inside tests. */
export function ordersDatabase(): () => MikroORM {
  let db: TestDatabase | undefined;
  let orm: MikroORM | undefined;
  beforeAll(async () => {
    db = await createTestDatabase();
    orm = await openServiceDatabase({ schema: 'orders', url: db.url, entities, migrations });
  });
  afterAll(async () => {
    await orm?.close(true);
    await db?.close();
  });
  return () => {
    if (!orm) throw new Error('the orders database is not open (use it inside a test)');
    return orm;
  };
}
