import { describe, expect, it } from 'vitest';
import { addWeekdays, fromLastKnown, leadTimeEstimate, promiseChanged, type AvailabilityView } from './availability.js';

const live: AvailabilityView = {
  sku: 'A',
  status: 'PARTIAL',
  requestedDate: null,
  materialAvailabilityDate: '2026-11-02',
  atpDate: '2026-11-10',
  promisedQuantity: 50,
  onHandHint: 100,
  leadTimeDays: 10,
  warehouse: 'WH-US',
  cutoffAt: '2026-11-02T20:00:00.000Z',
  scheduleLines: [
    { date: '2026-11-05', availableDate: '2026-11-02', quantity: 30 },
    { date: '2026-11-12', availableDate: '2026-11-09', quantity: 20 },
  ],
  caveats: [],
  checkedAt: '2026-11-02T12:00:00.000Z',
  freshness: 'LIVE',
};

describe('degraded availability', () => {
  it('never turns a stale answer into a promise', () => {
    const v = fromLastKnown(live, new Date('2026-11-02T13:00:00Z'));
    expect(v.status).toBe('UNKNOWN');
    expect(v.freshness).toBe('LAST_KNOWN');
    expect(v.scheduleLines).toEqual(live.scheduleLines);
    expect(v.caveats.at(-1)).toMatch(/last known answer from 2026-11-02T12:00:00.000Z/);
  });
  it('falls back to the lead time with nothing promised', () => {
    const v = leadTimeEstimate('A', 10, null, new Date('2026-11-06T12:00:00Z')); // a Friday
    expect(v).toMatchObject({ status: 'LEAD_TIME', promisedQuantity: 0, atpDate: '2026-11-20', freshness: 'ESTIMATE' });
    expect(v.caveats[0]).toMatch(/replenishment lead time/);
  });
  it('counts weekdays only', () => {
    expect(addWeekdays('2026-11-07', 0)).toBe('2026-11-09'); // Saturday → Monday
    expect(addWeekdays('2026-11-06', 1)).toBe('2026-11-09');
  });
  it('notices a changed promise', () => {
    expect(promiseChanged(live, live)).toBe(false);
    expect(
      promiseChanged(live, {
        ...live,
        scheduleLines: [{ date: '2026-11-05', availableDate: '2026-11-02', quantity: 50 }],
        status: 'AVAILABLE',
      }),
    ).toBe(true);
    expect(
      promiseChanged(live, { ...live, scheduleLines: [live.scheduleLines[0]!, { ...live.scheduleLines[1]!, date: '2026-11-13' }] }),
    ).toBe(true);
  });
});
