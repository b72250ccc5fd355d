/**
 * Report ranges and periods: business days (UTC, ISO dates), both ends inclusive. Pure, so the
 * defaulting rule and the period boundaries the SQL groups by are unit-tested without a database.
 */

export type ReportInterval = 'DAY' | 'WEEK' | 'MONTH';

export interface DayRange {
  from: string;
  to: string;
}

/** Days in a default range (the 30 days up to `to`). */
export const DEFAULT_RANGE_DAYS = 30;
/** Longest range a report accepts (about ten years). */
export const MAX_RANGE_DAYS = 3660;
/** Business dates a report accepts: what a database date and timestamp hold without surprises. */
export const EARLIEST_DATE = '1900-01-01';
export const LATEST_DATE = '9998-12-31';

/** Why a business date is out of reports' reach, or null when it is fine. */
export function outOfReach(date: string): string | null {
  return date < EARLIEST_DATE || date > LATEST_DATE ? `${date} is not between ${EARLIEST_DATE} and ${LATEST_DATE}` : null;
}

const DAY_MS = 86_400_000;
const epochDay = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / DAY_MS;
const isoOf = (day: number) => new Date(day * DAY_MS).toISOString().slice(0, 10);

export const addDays = (iso: string, days: number) => isoOf(epochDay(iso) + days);
export const daysBetween = (from: string, to: string) => epochDay(to) - epochDay(from);

/**
 * The range a report covers: `to` defaults to `today`, `from` to 29 days before `to`. A range
 * that ends before it starts or is longer than MAX_RANGE_DAYS is the caller's error (a message).
 */
export function resolveRange(input: { from?: string | null; to?: string | null } | null | undefined, today: string): DayRange | string {
  for (const d of [input?.from, input?.to]) if (d && outOfReach(d)) return `range: ${outOfReach(d)}`;
  const to = input?.to ?? (input?.from && input.from > today ? input.from : today);
  const from = input?.from ?? addDays(to, -(DEFAULT_RANGE_DAYS - 1));
  if (from > to) return `range: from (${from}) is after to (${to})`;
  if (daysBetween(from, to) + 1 > MAX_RANGE_DAYS) return `range: at most ${MAX_RANGE_DAYS} days`;
  return { from, to };
}

/** The first day of the period `day` falls in: the day, its ISO week's Monday, or the 1st of its month. */
export function periodStart(day: string, interval: ReportInterval): string {
  if (interval === 'DAY') return day;
  if (interval === 'MONTH') return `${day.slice(0, 8)}01`;
  const weekday = (new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7; // Monday 0 … Sunday 6
  return addDays(day, -weekday);
}

/** Every period start from the one holding `from` to the one holding `to` (a chart's x axis). */
export function periodStarts(range: DayRange, interval: ReportInterval): string[] {
  const out: string[] = [];
  for (let p = periodStart(range.from, interval); p <= range.to;) {
    out.push(p);
    p = interval === 'DAY' ? addDays(p, 1) : interval === 'WEEK' ? addDays(p, 7) : nextMonth(p);
  }
  return out;
}

function nextMonth(first: string): string {
  const [y, m] = [Number(first.slice(0, 4)), Number(first.slice(5, 7))];
  return m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
}

/** `part / whole` (0 to 1), rounded to 4 places; null when there is nothing to divide by. */
export function rate(part: number, whole: number): number | null {
  return whole > 0 ? Math.round((part / whole) * 10_000) / 10_000 : null;
}
