import { describe, expect, it } from 'vitest';
import { bandOf } from './pricing.js';
import { lineNoteText, promiseOf, readLineNote, scheduleFromMoves } from './schedule.js';

const move = (over: Record<string, unknown>) => ({
  id: 1,
  state: 'draft',
  quantity: 1,
  planned_date: null,
  'to_location.': { type: 'customer' },
  ...over,
});

describe('the promise in a sale line note', () => {
  it('round-trips the requested date and the dated parts, and keeps what a user wrote around them', () => {
    const note = {
      requested: '2026-12-16',
      promise: [
        { date: '2026-12-07', quantity: 30, basis: 'SUPPLY' as const },
        { date: '2026-12-14', quantity: 20, basis: 'LEAD_TIME' as const },
      ],
    };
    const text = lineNoteText(note)!;
    expect(readLineNote(text)).toEqual(note);
    expect(readLineNote(`call before delivery\n${text}\nthanks`)).toEqual(note);
    expect(readLineNote(null)).toEqual({ requested: null, promise: [] });
    expect(lineNoteText({ requested: null, promise: [] })).toBeNull();
  });

  it('merges an availability answer by date (no outbound days in Tryton)', () => {
    expect(
      promiseOf({
        scheduleLines: [
          { availableDate: '2026-12-07', deliveryDate: '2026-12-07', quantity: 3, basis: 'SUPPLY' },
          { availableDate: '2026-12-14', deliveryDate: '2026-12-14', quantity: 2, basis: 'SUPPLY' },
          { availableDate: '2026-12-14', deliveryDate: '2026-12-14', quantity: 5, basis: 'LEAD_TIME' },
        ],
      }),
    ).toEqual([
      { date: '2026-12-07', quantity: 3, basis: 'SUPPLY' },
      { date: '2026-12-14', quantity: 7, basis: 'LEAD_TIME' },
    ]);
  });
});

describe('schedule lines from the moves', () => {
  const promise = [
    { date: '2026-12-07', quantity: 30, basis: 'SUPPLY' as const },
    { date: '2026-12-21', quantity: 20, basis: 'LEAD_TIME' as const },
  ];

  it('one per planned date with its quantity; the basis from the promise; cancelled moves and returns left out', () => {
    const lines = scheduleFromMoves(
      [
        move({ id: 3, quantity: 20, planned_date: '2026-12-21' }),
        move({ id: 1, quantity: 18, planned_date: '2026-12-07', state: 'done' }),
        move({ id: 2, quantity: 12, planned_date: '2026-12-07' }),
        move({ id: 4, quantity: 9, planned_date: '2026-12-08', state: 'cancelled' }),
        move({ id: 5, quantity: 2, planned_date: '2026-12-09', 'to_location.': { type: 'storage' } }),
      ],
      promise,
      '2026-12-06',
    );
    expect(lines).toEqual([
      { availableDate: '2026-12-07', deliveryDate: '2026-12-07', quantity: 30, basis: 'SUPPLY' },
      { availableDate: '2026-12-21', deliveryDate: '2026-12-21', quantity: 20, basis: 'LEAD_TIME' },
    ]);
  });

  it('a date Tryton’s users moved to: lead time when on or after a promised lead-time date, else supply', () => {
    const lines = scheduleFromMoves(
      [move({ quantity: 30, planned_date: '2026-12-10' }), move({ id: 2, quantity: 20, planned_date: '2026-12-28' })],
      promise,
      '2026-12-06',
    );
    expect(lines.map((l) => [l.deliveryDate, l.basis])).toEqual([
      ['2026-12-10', 'SUPPLY'],
      ['2026-12-28', 'LEAD_TIME'],
    ]);
    // A move without a planned date is scheduled on the fallback date.
    expect(scheduleFromMoves([move({ quantity: 4 })], [], '2026-12-06')).toEqual([
      { availableDate: '2026-12-06', deliveryDate: '2026-12-06', quantity: 4, basis: 'SUPPLY' },
    ]);
  });
});

describe('quantity bands of Tryton prices', () => {
  it('the largest price-list break at or below the quantity, at least 1', () => {
    const breaks = [100, 500];
    expect([1, 3, 99, 100, 499, 500, 10_000].map((q) => bandOf(q, breaks))).toEqual([1, 1, 1, 100, 100, 500, 500]);
    expect(bandOf(7, [])).toBe(1);
  });
});
