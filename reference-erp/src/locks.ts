/** Transaction-scoped advisory locks of the ERP's documents (orders, credit, ATP, billing). */
import type { EntityManager } from '@mikro-orm/postgresql';

/** Transaction-scoped advisory lock (serialises work on one key across connections). */
export async function lock(tx: EntityManager, key: string): Promise<void> {
  await tx.getConnection().execute(`select pg_advisory_xact_lock(hashtext(?))`, [key], 'all', tx.getTransactionContext());
}

/** The statement that takes several advisory locks, in the order given (callers sort them). */
export function lockAllStatement(keys: string[]): { sql: string; params: unknown[] } {
  return {
    sql: `select pg_advisory_xact_lock(hashtext(k)) from jsonb_array_elements_text(?::jsonb) with ordinality as t(k, n) order by n`,
    params: [JSON.stringify(keys)],
  };
}
