/**
 * Business dates, working calendars and the warehouse's local clock, for the availability engine
 * (atp.ts) and the ERPs that schedule with it.
 *
 * Owns: ISO calendar dates ('YYYY-MM-DD') and their arithmetic, `WorkingCalendar` (working weekdays
 * + holidays, working-day arithmetic), and the mapping between an instant and a wall clock in an
 * IANA time zone (business date of an instant, instant of a local cut-off time).
 *
 * Pure: no I/O and no clock. Callers pass "now".
 *
 * Dates are plain strings, never `Date` objects: a business date has no time zone, and a `Date`
 * would silently pick one (the process's) and move by a day around midnight or a DST switch. Day
 * arithmetic goes through UTC epoch days, which have no DST.
 */

/** A calendar date, 'YYYY-MM-DD' (years 1000–9999). Strings of this shape sort chronologically. */
export type IsoDate = string;

/** 0 = Sunday … 6 = Saturday, as `Date#getUTCDay` numbers them. */
export type Weekday = 0 | 1 | 2 | 3 | 4 | 5 | 6;

/**
 * Input the domain refuses (malformed date, unknown time zone, negative quantity, …). Callers map
 * it to a typed client error; it is never a server fault.
 */
export class DomainInputError extends Error {
  readonly code = 'INVALID_INPUT';
  constructor(
    readonly field: string,
    readonly reason: string,
  ) {
    super(`${field}: ${reason}`);
    this.name = 'DomainInputError';
  }
}

const DAY_MS = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Epoch days of valid dates already read, by date (the other direction of `spelled`). */
const epochDays = new Map<IsoDate, number>();

/** Epoch day of a date already known to be valid. */
function toEpochDay(date: IsoDate): number {
  const known = epochDays.get(date);
  if (known !== undefined) return known;
  const m = ISO_DATE.exec(date);
  if (!m) throw new DomainInputError('date', `expected YYYY-MM-DD, got ${JSON.stringify(date)}`);
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / DAY_MS;
}

/** Dates already spelled out, by epoch day: ATP walks the same few hundred days over and over. */
const spelled = new Map<number, IsoDate>();

function fromEpochDay(day: number): IsoDate {
  let date = spelled.get(day);
  if (date === undefined) {
    date = new Date(day * DAY_MS).toISOString().slice(0, 10);
    if (spelled.size >= 100_000) spelled.clear();
    spelled.set(day, date);
  }
  return date;
}

export function isIsoDate(value: unknown): value is IsoDate {
  if (typeof value !== 'string') return false;
  if (epochDays.has(value)) return true;
  const m = ISO_DATE.exec(value);
  // Years below 1000 are refused because Date.UTC maps 0–99 to 1900–1999.
  if (!m || Number(m[1]) < 1000) return false;
  // Round-tripping rejects dates Date.UTC would normalise (2025-02-30 → 2025-03-02).
  const day = toEpochDay(value);
  if (fromEpochDay(day) !== value) return false;
  // Only valid dates are kept, so what callers send cannot fill it with anything else.
  if (epochDays.size >= 100_000) epochDays.clear();
  epochDays.set(value, day);
  return true;
}

export function assertIsoDate(value: unknown, field = 'date'): IsoDate {
  if (!isIsoDate(value)) throw new DomainInputError(field, `expected a calendar date YYYY-MM-DD, got ${JSON.stringify(value)}`);
  return value;
}

export function addDays(date: IsoDate, days: number): IsoDate {
  return fromEpochDay(toEpochDay(assertIsoDate(date)) + days);
}

/** Calendar days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  return toEpochDay(assertIsoDate(to, 'to')) - toEpochDay(assertIsoDate(from, 'from'));
}

export function weekdayOf(date: IsoDate): Weekday {
  // 1970-01-01 was a Thursday (4).
  return ((((toEpochDay(assertIsoDate(date)) + 4) % 7) + 7) % 7) as Weekday;
}

export const minDate = (a: IsoDate, b: IsoDate): IsoDate => (a <= b ? a : b);
export const maxDate = (a: IsoDate, b: IsoDate): IsoDate => (a >= b ? a : b);

/** The persisted / wire form of a calendar. */
export interface WorkingCalendarSpec {
  workingWeekdays: readonly Weekday[];
  holidays?: readonly IsoDate[];
}

/**
 * A working calendar: which weekdays are worked, minus holidays. All durations of the availability
 * engine (pick/pack, loading, transit, replenishment lead time) count working days of one such
 * calendar, the warehouse's.
 */
export class WorkingCalendar {
  readonly workingWeekdays: ReadonlySet<Weekday>;
  readonly holidays: ReadonlySet<IsoDate>;

  constructor(spec: WorkingCalendarSpec) {
    const weekdays = new Set<Weekday>();
    for (const day of spec.workingWeekdays) {
      if (!Number.isInteger(day) || day < 0 || day > 6) throw new DomainInputError('workingWeekdays', `weekday ${day} is not 0–6`);
      weekdays.add(day);
    }
    // Without a working weekday every "next working day" search would never end.
    if (weekdays.size === 0) throw new DomainInputError('workingWeekdays', 'a calendar needs at least one working weekday');
    this.workingWeekdays = weekdays;
    this.holidays = new Set((spec.holidays ?? []).map((d, i) => assertIsoDate(d, `holidays[${i}]`)));
  }

  static mondayToFriday(holidays: readonly IsoDate[] = []): WorkingCalendar {
    return new WorkingCalendar({ workingWeekdays: [1, 2, 3, 4, 5], holidays });
  }

  toSpec(): WorkingCalendarSpec {
    return { workingWeekdays: [...this.workingWeekdays].sort(), holidays: [...this.holidays].sort() };
  }

  isWorkingDay(date: IsoDate): boolean {
    return this.workingWeekdays.has(weekdayOf(date)) && !this.holidays.has(date);
  }

  /** The first working day strictly after `date`. */
  nextWorkingDay(date: IsoDate): IsoDate {
    return this.step(addDays(date, 1), 1);
  }

  /** The last working day strictly before `date`. */
  previousWorkingDay(date: IsoDate): IsoDate {
    return this.step(addDays(date, -1), -1);
  }

  /** `date` if it is a working day, else the next working day. */
  onOrAfter(date: IsoDate): IsoDate {
    return this.step(assertIsoDate(date), 1);
  }

  /** `date` if it is a working day, else the previous working day. */
  onOrBefore(date: IsoDate): IsoDate {
    return this.step(assertIsoDate(date), -1);
  }

  /**
   * n > 0: the n-th working day after `date` (Friday + 1 = Monday; Saturday + 1 = Monday).
   * n < 0: the |n|-th working day before `date` (Monday − 1 = Friday; Sunday − 1 = Friday).
   * n = 0: `date` if it is a working day, else the next working day.
   * On working days, addWorkingDays(a, workingDaysBetween(a, b)) === b.
   */
  addWorkingDays(date: IsoDate, n: number): IsoDate {
    if (!Number.isSafeInteger(n)) throw new DomainInputError('n', `expected an integer number of working days, got ${n}`);
    if (n === 0) return this.onOrAfter(date);
    const dir = n > 0 ? 1 : -1;
    let current = assertIsoDate(date);
    for (let left = Math.abs(n); left > 0; left--) current = this.step(addDays(current, dir), dir);
    return current;
  }

  /**
   * Working days in (from, to] — positive when `to` is later, negative (working days in (to, from])
   * when earlier, 0 when equal.
   */
  workingDaysBetween(from: IsoDate, to: IsoDate): number {
    assertIsoDate(from, 'from');
    assertIsoDate(to, 'to');
    if (from === to) return 0;
    const [lo, hi, sign] = from < to ? [from, to, 1] : [to, from, -1];
    let count = 0;
    for (let d = addDays(lo, 1); d <= hi; d = addDays(d, 1)) if (this.isWorkingDay(d)) count++;
    return sign * count;
  }

  /** `date` if working, else the nearest working day in direction `dir`. */
  private step(date: IsoDate, dir: 1 | -1): IsoDate {
    let d = date;
    while (!this.isWorkingDay(d)) d = addDays(d, dir);
    return d;
  }
}

// ---------------------------------------------------------------------------------------------
// Local clock of a time zone (Intl only: no tz database dependency).

export interface LocalDateTime {
  date: IsoDate;
  hour: number;
  minute: number;
  second: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string, field = 'timeZone'): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    try {
      f = new Intl.DateTimeFormat('en-US', {
        timeZone,
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        second: '2-digit',
        hourCycle: 'h23',
      });
    } catch {
      throw new DomainInputError(field, `unknown IANA time zone ${JSON.stringify(timeZone)}`);
    }
    formatters.set(timeZone, f);
  }
  return f;
}

export function assertTimeZone(timeZone: unknown, field = 'timeZone'): string {
  if (typeof timeZone !== 'string' || timeZone === '') throw new DomainInputError(field, 'expected an IANA time zone name');
  formatterFor(timeZone, field);
  return timeZone;
}

function assertInstant(instant: Date, field: string): number {
  const ms = instant instanceof Date ? instant.getTime() : NaN;
  if (Number.isNaN(ms)) throw new DomainInputError(field, 'expected a valid instant');
  return ms;
}

interface Wall {
  y: number;
  mo: number;
  d: number;
  h: number;
  mi: number;
  s: number;
}

/** The wall clock as the zone's formatter prints it (a few microseconds: ICU). */
function formattedWallClock(epochMs: number, timeZone: string): Wall {
  const parts: Record<string, number> = {};
  for (const p of formatterFor(timeZone).formatToParts(new Date(epochMs))) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  // Some ICU builds print midnight as 24 even with h23.
  const h = parts.hour === 24 ? 0 : (parts.hour ?? 0);
  return { y: parts.year ?? 0, mo: parts.month ?? 0, d: parts.day ?? 0, h, mi: parts.minute ?? 0, s: parts.second ?? 0 };
}

/**
 * Offsets found per zone and quarter hour of UTC. Modern offset changes fall on quarter hours, but
 * a block is cached only when its first and last second show the same offset, so a block with a
 * change inside (historical zones changed at odd seconds) is always asked of the formatter.
 */
const QUARTER_MS = 900_000;
const offsets = new Map<string, Map<number, number>>();

function formattedOffsetMs(epochMs: number, timeZone: string): number {
  const w = formattedWallClock(epochMs, timeZone);
  return Date.UTC(w.y, w.mo - 1, w.d, w.h, w.mi, w.s) - Math.floor(epochMs / 1000) * 1000;
}

/** UTC offset of `timeZone` at `epochMs`, in ms (Berlin in winter: +3 600 000). */
function offsetMs(epochMs: number, timeZone: string): number {
  const block = Math.floor(epochMs / QUARTER_MS);
  let zone = offsets.get(timeZone);
  const known = zone?.get(block);
  if (known !== undefined) return known;
  const first = formattedOffsetMs(block * QUARTER_MS, timeZone);
  if (first !== formattedOffsetMs((block + 1) * QUARTER_MS - 1000, timeZone)) return formattedOffsetMs(epochMs, timeZone);
  if (!zone) offsets.set(timeZone, (zone = new Map()));
  if (zone.size >= 10_000) zone.clear();
  zone.set(block, first);
  return first;
}

/** The wall clock in `timeZone` at `epochMs` (to the second), from the zone's offset then. */
function wallClock(epochMs: number, timeZone: string): Wall {
  const t = new Date(Math.floor(epochMs / 1000) * 1000 + offsetMs(epochMs, timeZone));
  return {
    y: t.getUTCFullYear(),
    mo: t.getUTCMonth() + 1,
    d: t.getUTCDate(),
    h: t.getUTCHours(),
    mi: t.getUTCMinutes(),
    s: t.getUTCSeconds(),
  };
}

/** The wall clock in `timeZone` at `instant`. */
export function localDateTime(instant: Date, timeZone: string): LocalDateTime {
  const w = wallClock(assertInstant(instant, 'instant'), assertTimeZone(timeZone));
  const date = `${String(w.y).padStart(4, '0')}-${String(w.mo).padStart(2, '0')}-${String(w.d).padStart(2, '0')}`;
  return { date, hour: w.h, minute: w.mi, second: w.s };
}

/** The business date ("today") in `timeZone` at `instant` — not the UTC date. */
export function businessDate(instant: Date, timeZone: string): IsoDate {
  return localDateTime(instant, timeZone).date;
}

const HH_MM = /^([01]\d|2[0-3]):([0-5]\d)$/;

export function assertTimeOfDay(value: unknown, field = 'time'): string {
  if (typeof value !== 'string' || !HH_MM.test(value))
    throw new DomainInputError(field, `expected HH:MM (00:00–23:59), got ${JSON.stringify(value)}`);
  return value;
}

/**
 * The instant at which the wall clock in `timeZone` shows `date` `time` ('HH:MM'). The offset is
 * taken at the target instant, not at the date's midnight, so a DST switch earlier that day is
 * honoured. A wall time inside a DST gap (which no sane cut-off is) resolves to a neighbouring hour.
 */
export function zonedInstant(date: IsoDate, time: string, timeZone: string): Date {
  assertIsoDate(date);
  const m = HH_MM.exec(assertTimeOfDay(time));
  assertTimeZone(timeZone);
  const wall = toEpochDay(date) * DAY_MS + (Number(m?.[1]) * 60 + Number(m?.[2])) * 60_000;
  const firstGuess = wall - offsetMs(wall, timeZone);
  const corrected = wall - offsetMs(firstGuess, timeZone);
  return new Date(corrected);
}
