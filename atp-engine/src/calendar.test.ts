// Working-day arithmetic and the warehouse clock. March 2025: Mon 3 … Fri 7, Sat 8, Sun 9, Mon 10.
import { describe, expect, it } from 'vitest';
import {
  DomainInputError,
  WorkingCalendar,
  addDays,
  businessDate,
  daysBetween,
  isIsoDate,
  localDateTime,
  weekdayOf,
  zonedInstant,
} from './calendar.js';

const week = WorkingCalendar.mondayToFriday();
const withHoliday = WorkingCalendar.mondayToFriday(['2025-03-05']); // Wednesday

describe('ISO dates', () => {
  it('validates real calendar dates only', () => {
    expect(isIsoDate('2024-02-29')).toBe(true);
    for (const bad of ['2025-02-29', '2025-02-30', '2025-3-03', '0099-01-01', '2025-03-03T00:00', 20250303, null])
      expect(isIsoDate(bad)).toBe(false);
    expect(() => addDays('2025-13-01', 1)).toThrow(DomainInputError);
  });
  it('answers the same the second time, when the date has been read before', () => {
    // The day a bad date would normalise to (2025-03-02) is read first, then asked for as both.
    for (let i = 0; i < 2; i++) {
      expect(isIsoDate('2025-03-02')).toBe(true);
      expect(isIsoDate('2025-02-30')).toBe(false);
      expect(daysBetween('2025-02-28', '2025-03-02')).toBe(2);
      expect(() => addDays('2025-02-30', 1)).toThrow(DomainInputError);
    }
  });
  it('does day arithmetic in UTC, unaffected by DST switches', () => {
    expect(addDays('2025-03-29', 2)).toBe('2025-03-31'); // Europe springs forward on the 30th
    expect(addDays('2025-11-01', 1)).toBe('2025-11-02'); // US falls back on the 2nd
    expect(addDays('2025-03-01', -1)).toBe('2025-02-28');
    expect(addDays('2024-12-31', 1)).toBe('2025-01-01');
    expect(daysBetween('2025-03-03', '2025-03-10')).toBe(7);
    expect(daysBetween('2025-03-10', '2025-03-03')).toBe(-7);
    expect(weekdayOf('2025-03-08')).toBe(6);
    expect(weekdayOf('2025-03-09')).toBe(0);
    expect(weekdayOf('1970-01-01')).toBe(4);
  });
});

describe('WorkingCalendar', () => {
  it('knows working days, weekends and holidays', () => {
    expect(week.isWorkingDay('2025-03-03')).toBe(true);
    expect(week.isWorkingDay('2025-03-08')).toBe(false);
    expect(week.isWorkingDay('2025-03-09')).toBe(false);
    expect(withHoliday.isWorkingDay('2025-03-05')).toBe(false);
    expect(withHoliday.isWorkingDay('2025-03-06')).toBe(true);
  });

  it('steps to the next and previous working day across weekends and holidays', () => {
    expect(week.nextWorkingDay('2025-03-07')).toBe('2025-03-10');
    expect(week.nextWorkingDay('2025-03-08')).toBe('2025-03-10');
    expect(week.previousWorkingDay('2025-03-10')).toBe('2025-03-07');
    expect(withHoliday.nextWorkingDay('2025-03-04')).toBe('2025-03-06');
    expect(withHoliday.previousWorkingDay('2025-03-06')).toBe('2025-03-04');
    expect(week.onOrAfter('2025-03-08')).toBe('2025-03-10');
    expect(week.onOrBefore('2025-03-08')).toBe('2025-03-07');
    expect(week.onOrBefore('2025-03-05')).toBe('2025-03-05');
  });

  it('adds working days forwards, backwards and zero', () => {
    expect(week.addWorkingDays('2025-03-05', 0)).toBe('2025-03-05');
    expect(week.addWorkingDays('2025-03-08', 0)).toBe('2025-03-10');
    expect(week.addWorkingDays('2025-03-07', 1)).toBe('2025-03-10');
    expect(week.addWorkingDays('2025-03-08', 1)).toBe('2025-03-10');
    expect(week.addWorkingDays('2025-03-03', 10)).toBe('2025-03-17');
    expect(week.addWorkingDays('2025-03-10', -1)).toBe('2025-03-07');
    expect(week.addWorkingDays('2025-03-09', -1)).toBe('2025-03-07');
    expect(week.addWorkingDays('2025-03-10', -4)).toBe('2025-03-04');
    expect(withHoliday.addWorkingDays('2025-03-04', 1)).toBe('2025-03-06');
    expect(withHoliday.addWorkingDays('2025-03-04', 2)).toBe('2025-03-07');
    expect(withHoliday.addWorkingDays('2025-03-06', -1)).toBe('2025-03-04');
    expect(withHoliday.addWorkingDays('2025-03-05', 0)).toBe('2025-03-06');
    expect(() => week.addWorkingDays('2025-03-05', 1.5)).toThrow(DomainInputError);
  });

  it('counts working days between two dates, inverse of addWorkingDays', () => {
    expect(week.workingDaysBetween('2025-03-03', '2025-03-10')).toBe(5);
    expect(week.workingDaysBetween('2025-03-10', '2025-03-03')).toBe(-5);
    expect(withHoliday.workingDaysBetween('2025-03-03', '2025-03-10')).toBe(4);
    expect(week.workingDaysBetween('2025-03-07', '2025-03-09')).toBe(0);
    expect(week.workingDaysBetween('2025-03-05', '2025-03-05')).toBe(0);
    const days = ['2025-03-03', '2025-03-04', '2025-03-06', '2025-03-10', '2025-03-14', '2025-03-21'];
    for (const a of days) for (const b of days) expect(withHoliday.addWorkingDays(a, withHoliday.workingDaysBetween(a, b))).toBe(b);
  });

  it('refuses calendars that would never yield a working day', () => {
    expect(() => new WorkingCalendar({ workingWeekdays: [] })).toThrow(DomainInputError);
    expect(() => new WorkingCalendar({ workingWeekdays: [7 as never] })).toThrow(/0–6/);
    expect(() => WorkingCalendar.mondayToFriday(['2025-02-30'])).toThrow(/holidays\[0\]/);
    expect(new WorkingCalendar({ workingWeekdays: [6, 1, 1], holidays: ['2025-03-10'] }).toSpec()).toEqual({
      workingWeekdays: [1, 6],
      holidays: ['2025-03-10'],
    });
  });
});

describe('warehouse clock', () => {
  it('takes the business date from the local wall clock, not from UTC', () => {
    const instant = new Date('2025-03-04T01:00:00Z');
    expect(businessDate(instant, 'America/New_York')).toBe('2025-03-03');
    expect(businessDate(instant, 'Europe/Berlin')).toBe('2025-03-04');
    expect(businessDate(new Date('2025-03-03T16:00:00Z'), 'Asia/Tokyo')).toBe('2025-03-04');
    expect(localDateTime(new Date('2025-03-03T13:30:15Z'), 'Europe/Berlin')).toEqual({
      date: '2025-03-03',
      hour: 14,
      minute: 30,
      second: 15,
    });
    expect(localDateTime(new Date('2025-03-03T23:00:00Z'), 'Europe/Berlin')).toEqual({ date: '2025-03-04', hour: 0, minute: 0, second: 0 });
  });

  it('turns a local cut-off into an instant with the offset of that day', () => {
    expect(zonedInstant('2025-03-03', '14:00', 'Europe/Berlin').toISOString()).toBe('2025-03-03T13:00:00.000Z');
    expect(zonedInstant('2025-03-30', '14:00', 'Europe/Berlin').toISOString()).toBe('2025-03-30T12:00:00.000Z');
    expect(zonedInstant('2025-07-01', '14:00', 'Europe/Berlin').toISOString()).toBe('2025-07-01T12:00:00.000Z');
    expect(zonedInstant('2025-03-07', '14:00', 'America/New_York').toISOString()).toBe('2025-03-07T19:00:00.000Z');
    expect(zonedInstant('2025-03-09', '14:00', 'America/New_York').toISOString()).toBe('2025-03-09T18:00:00.000Z');
    expect(zonedInstant('2025-11-02', '14:00', 'America/New_York').toISOString()).toBe('2025-11-02T19:00:00.000Z');
    expect(zonedInstant('2025-03-04', '00:30', 'Asia/Tokyo').toISOString()).toBe('2025-03-03T15:30:00.000Z');
  });

  it('reads the same wall clock as the zone formatter, second by second around offset changes', () => {
    const fmt = (zone: string) =>
      new Intl.DateTimeFormat('en-US', {
        timeZone: zone,
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        second: '2-digit',
        hourCycle: 'h23',
      });
    const expected = (f: Intl.DateTimeFormat, ms: number) => {
      const p = Object.fromEntries(f.formatToParts(new Date(ms)).map((x) => [x.type, x.value]));
      return { date: `${p.year}-${p.month}-${p.day}`, hour: Number(p.hour) % 24, minute: Number(p.minute), second: Number(p.second) };
    };
    // DST switches (whole hours, a 30-minute one on Lord Howe), a +5:45 zone, and 1890 local mean
    // time (offsets in odd seconds, changed at an odd second).
    const cases: [string, string][] = [
      ['Europe/Berlin', '2025-03-30T01:00:00Z'],
      ['Europe/Berlin', '2025-10-26T01:00:00Z'],
      ['America/New_York', '2025-03-09T07:00:00Z'],
      ['Australia/Lord_Howe', '2025-04-05T15:00:00Z'],
      ['Asia/Kathmandu', '2025-06-01T00:00:00Z'],
      ['Europe/Amsterdam', '1937-06-30T22:40:00Z'],
      ['Europe/Berlin', '1893-03-31T23:06:32Z'],
    ];
    for (const [zone, around] of cases) {
      const f = fmt(zone);
      const t0 = Date.parse(around) - 3_600_000;
      // Every 7 s 313 ms over two hours, then every second of the minute around the change.
      for (let ms = t0; ms < t0 + 7_200_000; ms += 7_313) expect(localDateTime(new Date(ms), zone)).toEqual(expected(f, ms));
      for (let ms = t0 + 3_570_000; ms < t0 + 3_630_000; ms += 1000) expect(localDateTime(new Date(ms), zone)).toEqual(expected(f, ms));
    }
  });

  it('refuses unknown zones and malformed times', () => {
    expect(() => businessDate(new Date('2025-03-03T00:00:00Z'), 'Mars/Olympus')).toThrow(DomainInputError);
    expect(() => businessDate(new Date('nope'), 'UTC')).toThrow(/valid instant/);
    for (const bad of ['24:00', '9:00', '14:60', '14:00:00'])
      expect(() => zonedInstant('2025-03-03', bad, 'UTC')).toThrow(DomainInputError);
  });
});
