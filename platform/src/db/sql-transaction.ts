/**
 * A transaction of plain statements on one pooled connection of a service's ORM, for hot paths
 * whose reads and writes are known as statements: the BEGIN goes in the same round trip as the
 * first statements and the COMMIT in the same round trip as the last ones. A read-then-write
 * transaction costs two round trips, where the ORM's takes one for each statement and flush and
 * one more for its COMMIT. That matters most where a transaction holds something others wait
 * for: the embedded database's one backend, an account's lock.
 *
 * Statements are sent as one simple query per round trip (parameters inlined by the ORM's own
 * quoting, as `executeInOrder` does), so they run one after the other and each sees what those
 * before it did. An error ends the transaction: it is rolled back, and the error is the driver's
 * (with its SQLSTATE `code`).
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { noteStatementTime } from '../request-work.js';
import { countStatements, withPgConnection } from './orm.js';

export interface Statement {
  sql: string;
  params: unknown[];
}

interface PgResult {
  rows: unknown[];
}
interface PgClient {
  query(text: string): Promise<PgResult | PgResult[]>;
  /** The pool's mark of a connection not to hand out again. */
  __knex__disposed?: unknown;
}

export class SqlTransaction {
  private begun = false;
  private over = false;

  constructor(
    private readonly client: PgClient,
    private readonly format: (sql: string, params: unknown[]) => string,
    private readonly schema: string,
  ) {}

  /** Whether the transaction has ended (committed or rolled back). */
  get ended(): boolean {
    return this.over;
  }

  /** Run statements in the transaction (the first call opens it); the rows of each. */
  run<R extends unknown[][]>(statements: Statement[]): Promise<R> {
    return this.send(statements, false) as Promise<R>;
  }

  /** Run the last statements and commit, in one round trip; the rows of each. */
  commit<R extends unknown[][]>(statements: Statement[] = []): Promise<R> {
    return this.send(statements, true) as Promise<R>;
  }

  /** End the transaction without its changes (nothing is sent if it never began). */
  async rollback(): Promise<void> {
    if (!this.begun || this.over) return;
    this.over = true;
    try {
      await this.client.query('rollback');
    } catch (err) {
      // The connection is in an unknown state: the pool must not hand it out again.
      this.client.__knex__disposed = err;
    }
  }

  private async send(statements: Statement[], commit: boolean): Promise<unknown[][]> {
    if (this.over) throw new Error('the transaction has ended');
    const opening = !this.begun;
    const parts = [...(opening ? ['begin'] : []), ...statements.map((s) => this.format(s.sql, s.params)), ...(commit ? ['commit'] : [])];
    if (!parts.length) return [];
    // Counted as the ORM's statements are (it does not count BEGIN and COMMIT either).
    countStatements(this.schema, statements.length);
    this.begun = true;
    const started = performance.now();
    let answer: PgResult | PgResult[];
    try {
      answer = await this.client.query(parts.join(';\n'));
    } finally {
      noteStatementTime(this.schema, performance.now() - started);
    }
    if (commit) this.over = true;
    const results = Array.isArray(answer) ? answer : [answer];
    return results.slice(opening ? 1 : 0, commit ? results.length - 1 : results.length).map((r) => r.rows);
  }
}

/**
 * Run `work` in a transaction of plain statements on a connection of `em`'s pool. It commits with
 * `tx.commit(lastStatements)`; if it returns without committing, an empty COMMIT is sent. Rolled
 * back when `work` throws. `schema` is the service's, for the statement counters.
 */
export async function inSqlTransaction<T>(em: EntityManager, schema: string, work: (tx: SqlTransaction) => Promise<T>): Promise<T> {
  const platform = em.getPlatform();
  return withPgConnection<PgClient, T>(
    em,
    async (client) => {
      const tx = new SqlTransaction(client, (sql, params) => platform.formatQuery(sql, params), schema);
      try {
        const result = await work(tx);
        if (!tx.ended) await tx.commit();
        return result;
      } catch (err) {
        await tx.rollback();
        throw err;
      }
    },
    { joinTransaction: false },
  );
}
