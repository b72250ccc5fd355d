/**
 * MikroORM on Postgres, one schema per service. `openServiceDatabase` creates the schema if
 * needed, runs the service's committed migrations (their own table inside that schema), and
 * counts every SQL statement into the request scope and a Prometheus counter.
 */
import { MikroORM, type EntitySchema, type MigrationObject, type Options } from '@mikro-orm/postgresql';
import { Migrator } from '@mikro-orm/migrations';
import pg from 'pg';
import { currentScope } from '../context.js';
import type { Logger } from '../logger.js';
import { metrics } from '../metrics.js';
import { noteStatement, noteStatementTime } from '../request-work.js';

export { MikroORM };
import type { EntityManager, Knex } from '@mikro-orm/postgresql';
export type { EntityManager } from '@mikro-orm/postgresql';

export interface ServiceDatabaseOptions {
  /** Service name = Postgres schema name (lowercase identifier). */
  schema: string;
  url: string;
  entities: EntitySchema<any, any>[];
  migrations: MigrationObject[];
  logger?: Logger;
  poolMax?: number;
  /** Print SQL (debug). */
  debug?: boolean;
}

const IDENT = /^[a-z_][a-z0-9_]{0,62}$/;

export async function ensureSchema(url: string, schema: string): Promise<void> {
  if (!IDENT.test(schema)) throw new Error(`invalid schema name "${schema}"`);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`create schema if not exists "${schema}"`);
  } finally {
    await client.end();
  }
}

/**
 * Statements sent in one round trip (one simple query, inside `em`'s transaction if it is in one),
 * run one after the other: each takes its own snapshot, so a read after a lock (an advisory lock,
 * `for update`) sees what the lock's holder committed before it got it. Answers the rows of each.
 * On a transaction that holds the embedded database's one backend, a round trip saved is time
 * every other connection waits less. `schema` is the service's, for the statement counters (they
 * count statements, not round trips).
 */
export async function executeInOrder<R extends unknown[][]>(
  em: EntityManager,
  schema: string,
  statements: { sql: string; params: unknown[] }[],
): Promise<R> {
  if (!statements.length) return [] as unknown[][] as R;
  const answers = await em.getConnection().execute<unknown[]>(
    statements.map((s) => s.sql).join(';\n'),
    statements.flatMap((s) => s.params),
    'all',
    em.getTransactionContext(),
  );
  const extra = statements.length - 1;
  if (extra > 0) countStatements(schema, extra);
  // One statement answers its rows; several, a list of row lists.
  return (extra ? answers : [answers]) as R;
}

/**
 * Statements sent besides the ORM's own (which count themselves, one per query it sends), into the
 * same counters: the service's, the request's and its trace's.
 */
export function countStatements(schema: string, n: number): void {
  metrics.sqlStatements.labels(schema).inc(n);
  const scope = currentScope();
  if (scope) scope.sqlCount += n;
  for (let i = 0; i < n; i++) noteStatement(schema);
}

interface KnexClient<C> {
  acquireConnection(): Promise<C>;
  releaseConnection(connection: C): Promise<unknown>;
}

/**
 * Run `work` on one `pg` connection of `em`'s pool, given back afterwards. With `joinTransaction`,
 * inside `em`'s transaction when it is in one: that transaction's own connection (its client hands
 * it out and takes nothing back).
 */
export async function withPgConnection<C, T>(
  em: EntityManager,
  work: (connection: C) => Promise<T>,
  opts: { joinTransaction: boolean },
): Promise<T> {
  const transaction = opts.joinTransaction ? em.getTransactionContext<Knex.Transaction>() : undefined;
  const knex = (transaction ?? em.getConnection().getKnex()).client as unknown as KnexClient<C>;
  const connection = await knex.acquireConnection();
  try {
    return await work(connection);
  } finally {
    if (!transaction) await knex.releaseConnection(connection);
  }
}

export function ormOptions(opts: ServiceDatabaseOptions): Options {
  const sqlCounter = metrics.sqlStatements.labels(opts.schema);
  return {
    clientUrl: opts.url,
    schema: opts.schema,
    entities: opts.entities,
    extensions: [Migrator],
    discovery: { warnWhenNoEntities: false },
    pool: { min: 0, max: opts.poolMax ?? 10 },
    debug: opts.debug ?? false,
    allowGlobalContext: false,
    forceUtcTimezone: true,
    onQuery(sql) {
      sqlCounter.inc();
      const scope = currentScope();
      if (scope) scope.sqlCount++;
      noteStatement(opts.schema);
      return sql;
    },
    migrations: {
      tableName: 'mikro_orm_migrations',
      migrationsList: opts.migrations,
      transactional: true,
      allOrNothing: true,
      snapshot: false,
      silent: true,
    },
  };
}

export async function openServiceDatabase(opts: ServiceDatabaseOptions): Promise<MikroORM> {
  await ensureSchema(opts.url, opts.schema);
  const orm = await MikroORM.init(ormOptions(opts));
  timeStatements(orm, opts.schema);
  const applied = await orm.getMigrator().up();
  if (applied.length) opts.logger?.info({ migrations: applied.map((m) => m.name) }, 'migrations applied');
  return orm;
}

/** Time from sending each statement to its answer, for the per-trace work summary (request-work.ts). */
function timeStatements(orm: MikroORM, schema: string): void {
  type Execute = (query: string, cb: () => Promise<unknown>, context?: unknown) => Promise<unknown>;
  const connection = orm.em.getConnection() as unknown as { executeQuery: Execute };
  const execute = connection.executeQuery.bind(connection);
  connection.executeQuery = async (query, cb, context) => {
    const started = performance.now();
    try {
      return await execute(query, cb, context);
    } finally {
      noteStatementTime(schema, performance.now() - started);
    }
  };
}
