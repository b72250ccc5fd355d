/** Document numbers from number ranges, allocated inside the caller's transaction (no gaps on rollback). */
import type { EntityManager } from '@mikro-orm/postgresql';

export const RANGES = { order: 4500000000, delivery: 8000000000, invoice: 9000000000, creditMemo: 9500000000, return: 6000000000 } as const;
export type RangeName = keyof typeof RANGES;

/** The next number of a range (parameters: the range's name and its first number), returned as `next`. */
export const DRAW_NUMBER_SQL = `insert into "erp"."number_range" (name, next) values (?, ?)
     on conflict (name) do update set next = "number_range".next + 1
     returning next`;

export const drawNumberParams = (range: RangeName) => [range, RANGES[range] + 1];

export async function nextNumber(em: EntityManager, range: RangeName): Promise<string> {
  const conn = em.getConnection();
  const rows = await conn.execute<{ next: string }[]>(DRAW_NUMBER_SQL, drawNumberParams(range), 'all', em.getTransactionContext());
  return String(rows[0]!.next);
}
