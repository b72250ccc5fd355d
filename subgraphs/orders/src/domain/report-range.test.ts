import { describe, expect, it } from 'vitest';
import { periodStart, periodStarts, rate, resolveRange } from './report-range.js';

describe('report ranges', () => {
  it('defaults to the 30 days up to today, both ends inclusive', () => {
    expect(resolveRange(undefined, '2026-12-06')).toEqual({ from: '2026-11-07', to: '2026-12-06' });
    expect(resolveRange({ to: '2026-03-01' }, '2026-12-06')).toEqual({ from: '2026-01-31', to: '2026-03-01' });
    expect(resolveRange({ from: '2026-12-01' }, '2026-12-06')).toEqual({ from: '2026-12-01', to: '2026-12-06' });
    // A range that starts after today ends on its first day rather than before it.
    expect(resolveRange({ from: '2027-01-10' }, '2026-12-06')).toEqual({ from: '2027-01-10', to: '2027-01-10' });
  });

  it('refuses a range that ends before it starts or spans more than ten years', () => {
    expect(resolveRange({ from: '2026-12-07', to: '2026-12-06' }, '2026-12-06')).toMatch(/after/);
    expect(resolveRange({ from: '2000-01-01', to: '2026-12-06' }, '2026-12-06')).toMatch(/at most 3660 days/);
    expect(resolveRange({ from: '2017-01-01', to: '2026-12-06' }, '2026-12-06')).toEqual({ from: '2017-01-01', to: '2026-12-06' });
    // Dates a database cannot take as they are (year 0, year 10000 the day after) are refused too.
    expect(resolveRange({ from: '0000-01-01', to: '0000-01-02' }, '2026-12-06')).toMatch(/not between 1900-01-01 and 9998-12-31/);
    expect(resolveRange({ from: '9999-12-31' }, '2026-12-06')).toMatch(/not between/);
  });

  it('starts periods on the day, the ISO Monday and the 1st of the month', () => {
    expect(periodStart('2026-12-06', 'DAY')).toBe('2026-12-06');
    expect(periodStart('2026-12-06', 'WEEK')).toBe('2026-11-30'); // a Sunday belongs to the week before
    expect(periodStart('2026-11-30', 'WEEK')).toBe('2026-11-30');
    expect(periodStart('2027-01-01', 'WEEK')).toBe('2026-12-28'); // across a year
    expect(periodStart('2026-12-06', 'MONTH')).toBe('2026-12-01');
  });

  it('lists every period of a range, first to last', () => {
    expect(periodStarts({ from: '2026-12-05', to: '2026-12-07' }, 'DAY')).toEqual(['2026-12-05', '2026-12-06', '2026-12-07']);
    expect(periodStarts({ from: '2026-11-29', to: '2026-12-14' }, 'WEEK')).toEqual([
      '2026-11-23',
      '2026-11-30',
      '2026-12-07',
      '2026-12-14',
    ]);
    expect(periodStarts({ from: '2026-11-15', to: '2027-01-02' }, 'MONTH')).toEqual(['2026-11-01', '2026-12-01', '2027-01-01']);
  });

  it('rates are fractions rounded to four places, null over nothing', () => {
    expect(rate(2, 3)).toBe(0.6667);
    expect(rate(0, 5)).toBe(0);
    expect(rate(0, 0)).toBeNull();
  });
});
