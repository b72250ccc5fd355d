/**
 * Small helpers the contract cases share: reading an export to its end through its cursor, and
 * counting working days the way both ERPs' calendars do (Monday to Friday).
 */
import { expect } from 'vitest';
import type { Page } from '../../port/types.js';

/** Every item of a paged export, following its cursor; with `limit`, no page may be larger. */
export async function all<T>(fetchPage: (cursor: string | null) => Promise<Page<T>>, limit?: number): Promise<T[]> {
  const out: T[] = [];
  for (let cursor: string | null = null, guard = 0; guard < 100_000; guard++) {
    const page = await fetchPage(cursor);
    if (limit !== undefined) expect(page.items.length).toBeLessThanOrEqual(limit);
    out.push(...page.items);
    if (!page.nextCursor) return out;
    cursor = page.nextCursor;
  }
  throw new Error('pagination did not end');
}

/** The first working day (Mon–Fri) on or after `date`, then `n` more working days. */
export function workingDay(date: string, n: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  const step = () => d.setUTCDate(d.getUTCDate() + 1);
  while (d.getUTCDay() === 0 || d.getUTCDay() === 6) step();
  for (let k = 0; k < n; k++) {
    step();
    while (d.getUTCDay() === 0 || d.getUTCDay() === 6) step();
  }
  return d.toISOString().slice(0, 10);
}
