/**
 * A hot statement as a named prepared statement: the database parses and plans it once per
 * connection, then only binds and runs it. For the statements a request path sends every time
 * with other values (the reference ERP's price, availability and order reads), parsing and
 * planning cost more than running them; the ORM sends its statements with the values inlined, so
 * each is parsed and planned again. On the embedded database each connection's statement names
 * are its own, as on a server (`pglite-names.ts`).
 *
 * The statement is written with `?` placeholders, as for the ORM, each value a scalar (a list goes
 * as JSON text). It runs in `em`'s transaction if it is in one, else on a pooled connection.
 */
import { createHash } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { noteStatementTime } from '../request-work.js';
import { countStatements, withPgConnection } from './orm.js';

interface PgClient {
  query(config: { name: string; text: string; values: unknown[] }): Promise<{ rows: unknown[] }>;
}

/** Names given so far, by statement text (a process sends a few dozen texts, over and over). */
const names = new Map<string, string>();

/** A prepared statement's name for `text`: the same text, the same name, on every connection. */
export function statementName(text: string): string {
  let name = names.get(text);
  if (!name) names.set(text, (name = `p_${createHash('sha1').update(text).digest('hex').slice(0, 20)}`));
  return name;
}

/** The statement with `$1`, `$2` … for its `?` placeholders (none inside quoted text), and its name. */
const numbered = new Map<string, { text: string; name: string }>();
function numberedOf(sql: string): { text: string; name: string } {
  let known = numbered.get(sql);
  if (known) return known;
  let n = 0;
  const text = sql.replace(/'(?:[^']|'')*'|"(?:[^"]|"")*"|\?/g, (m) => (m === '?' ? `$${++n}` : m));
  known = { text, name: statementName(text) };
  numbered.set(sql, known);
  return known;
}

function value(v: unknown): unknown {
  if (v === undefined || v === null) return null;
  if (v instanceof Date) return v.toISOString();
  if (Array.isArray(v)) throw new TypeError('a prepared statement takes a list as JSON text (`?::jsonb`), not as an array');
  return v;
}

export async function preparedQuery<T>(em: EntityManager, sql: string, params: unknown[]): Promise<T[]> {
  const { text, name } = numberedOf(sql);
  const values = params.map(value);
  const schema = String(em.config.get('schema'));
  countStatements(schema, 1);
  return withPgConnection<PgClient, T[]>(
    em,
    async (client) => {
      const started = performance.now();
      try {
        return (await client.query({ name, text, values })).rows as T[];
      } finally {
        noteStatementTime(schema, performance.now() - started);
      }
    },
    { joinTransaction: true },
  );
}
