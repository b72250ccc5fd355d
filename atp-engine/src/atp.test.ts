// The ATP engine against the worked example (docs/architecture.md), number for number. Its working days:
// d0 = Mon 2025-03-03 … d4 = Fri 03-07, d5 = Mon 03-10, d6 = Tue 03-11 (a weekend between d4 and d5).
import { describe, expect, it } from 'vitest';
import { WorkingCalendar } from './calendar.js';
import {
  DomainInputError,
  LEAD_TIME_FALLBACK_CAVEAT,
  checkAvailability,
  checkMany,
  confirmationIssues,
  consumeAtp,
  cumulativeAtp,
  type AvailabilityRequest,
  type ItemSupply,
  type Movement,
  type WarehouseParams,
} from './atp.js';

const [d0, d1, d2, d3, d4, d5, d6] = [
  '2025-03-03',
  '2025-03-04',
  '2025-03-05',
  '2025-03-06',
  '2025-03-07',
  '2025-03-10',
  '2025-03-11',
] as const;
const calendar = WorkingCalendar.mondayToFriday();

const so = (date: string, quantity: number, ref = 'SO'): Movement => ({ date, quantity: -quantity, kind: 'SALES_ORDER', ref });
const po = (date: string, quantity: number, ref = 'PO'): Movement => ({ date, quantity, kind: 'PURCHASE_ORDER', ref });

/** The worked example: stock +100 d0, SO −40 d1, PO +50 d2, SO −80 d3, PO +60 d5, SO −30 d6. */
const worked: ItemSupply = {
  stockOnHand: 100,
  movements: [so(d1, 40, 'SO-1'), po(d2, 50, 'PO-1'), so(d3, 80, 'SO-2'), po(d5, 60, 'PO-2'), so(d6, 30, 'SO-3')],
};

/** Berlin, cut-off 14:00 local (CET, UTC+1, in early March); zero durations unless overridden. */
const berlin = (over: Partial<WarehouseParams> = {}): WarehouseParams => ({
  id: 'WH-BER',
  calendar,
  timeZone: 'Europe/Berlin',
  cutoffTime: '14:00',
  pickPackDays: 0,
  loadingDays: 0,
  transitDays: 0,
  ...over,
});
const newYork = (over: Partial<WarehouseParams> = {}): WarehouseParams => ({
  ...berlin(over),
  id: 'WH-NYC',
  timeZone: 'America/New_York',
  ...over,
});

/** Mon d0, 10:00 in Berlin: before the cut-off. */
const MONDAY_MORNING = new Date('2025-03-03T09:00:00Z');

const check = (over: Partial<AvailabilityRequest> = {}) =>
  checkAvailability({
    now: MONDAY_MORNING,
    warehouse: berlin(),
    ...worked,
    quantity: 50,
    partialDelivery: true,
    leadTimeDays: 10,
    ...over,
  });

describe('cumulative ATP series', () => {
  it('reproduces the worked example: C and CATP on every working day', () => {
    expect(cumulativeAtp({ today: d0, calendar, ...worked })).toEqual([
      { date: d0, net: 100, cumulative: 100, catp: 30 },
      { date: d1, net: -40, cumulative: 60, catp: 30 },
      { date: d2, net: 50, cumulative: 110, catp: 30 },
      { date: d3, net: -80, cumulative: 30, catp: 30 },
      { date: d4, net: 0, cumulative: 30, catp: 30 },
      { date: d5, net: 60, cumulative: 90, catp: 60 },
      { date: d6, net: -30, cumulative: 60, catp: 60 },
    ]);
  });

  it('counts overdue movements today and extends to `until`', () => {
    const series = cumulativeAtp({ today: d1, calendar, stockOnHand: 10, movements: [po('2025-02-20', 5), so(d0, 3)], until: d3 });
    expect(series).toEqual([
      { date: d1, net: 12, cumulative: 12, catp: 12 },
      { date: d2, net: 0, cumulative: 12, catp: 12 },
      { date: d3, net: 0, cumulative: 12, catp: 12 },
    ]);
  });

  it('lets a weekend issue limit Friday and a weekend receipt help only from Monday', () => {
    const series = cumulativeAtp({ today: d0, calendar, stockOnHand: 50, movements: [po('2025-03-08', 20), so('2025-03-09', 30)] });
    expect(series.map((d) => [d.date, d.cumulative, d.catp])).toEqual([
      [d0, 50, 40],
      [d1, 50, 40],
      [d2, 50, 40],
      [d3, 50, 40],
      [d4, 50, 40],
      [d5, 40, 40],
    ]);
  });
});

describe('checkAvailability — the worked example (zero pick/pack, loading, transit: MAD = delivery date)', () => {
  it('partial delivery allowed: 30 on d1 + 20 on d5', () => {
    expect(check({ requestedDeliveryDate: d1 })).toEqual({
      status: 'PARTIAL',
      requestedDeliveryDate: d1,
      materialAvailabilityDate: d1,
      scheduleLines: [
        { availableDate: d1, deliveryDate: d1, quantity: 30, basis: 'SUPPLY' },
        { availableDate: d5, deliveryDate: d5, quantity: 20, basis: 'SUPPLY' },
      ],
      atpDate: d5,
      promisedQuantity: 50,
      onHandHint: 100,
      leadTimeDays: 10,
      cutoffAt: '2025-03-03T13:00:00.000Z',
      warehouse: 'WH-BER',
      caveats: [],
      businessDate: d0,
      schedulingStart: d0,
      checkedAt: '2025-03-03T09:00:00.000Z',
    });
  });

  it('complete delivery required: 50 on d5 (BACKORDER)', () => {
    const r = check({ requestedDeliveryDate: d1, partialDelivery: false });
    expect(r.status).toBe('BACKORDER');
    expect(r.scheduleLines).toEqual([{ availableDate: d5, deliveryDate: d5, quantity: 50, basis: 'SUPPLY' }]);
    expect(r.atpDate).toBe(d5);
    expect(r.caveats).toEqual([]);
  });

  it('AVAILABLE up to CATP at MAD, the boundary one unit above it waits for d5', () => {
    const exact = check({ requestedDeliveryDate: d1, quantity: 30, partialDelivery: false });
    expect(exact.status).toBe('AVAILABLE');
    expect(exact.scheduleLines).toEqual([{ availableDate: d1, deliveryDate: d1, quantity: 30, basis: 'SUPPLY' }]);
    const above = check({ requestedDeliveryDate: d1, quantity: 31, partialDelivery: false });
    expect(above.status).toBe('BACKORDER');
    expect(above.scheduleLines.map((l) => [l.availableDate, l.quantity])).toEqual([[d5, 31]]);
    // CATP never exceeds 60, so 61 complete can only come from the lead-time fallback (d0 + 10 = 03-17).
    const never = check({ requestedDeliveryDate: d1, quantity: 61, partialDelivery: false });
    expect(never.status).toBe('LEAD_TIME');
    expect(never.scheduleLines).toEqual([{ availableDate: '2025-03-17', deliveryDate: '2025-03-17', quantity: 61, basis: 'LEAD_TIME' }]);
  });

  it('partial delivery with nothing at MAD is a BACKORDER over several real-supply lines', () => {
    const r = check({ stockOnHand: 0, movements: [po(d2, 20), po(d4, 30)], quantity: 40, requestedDeliveryDate: d1 });
    expect(r.status).toBe('BACKORDER');
    expect(r.scheduleLines.map((l) => [l.availableDate, l.quantity, l.basis])).toEqual([
      [d2, 20, 'SUPPLY'],
      [d4, 20, 'SUPPLY'],
    ]);
    expect(r.atpDate).toBe(d4);
  });
});

describe('checkAvailability — scheduling over the warehouse calendar', () => {
  // 1 pick/pack + 1 loading + 2 transit = 4 working days between MAD and delivery.
  const outbound = berlin({ pickPackDays: 1, loadingDays: 1, transitDays: 2 });

  it('schedules backwards from the RDD and shifts each line by working days', () => {
    const r = check({ warehouse: outbound, requestedDeliveryDate: d5 });
    expect(r.materialAvailabilityDate).toBe(d1); // Mon 03-10 − 4 working days = Tue 03-04
    expect(r.status).toBe('PARTIAL');
    expect(r.scheduleLines).toEqual([
      { availableDate: d1, deliveryDate: d5, quantity: 30, basis: 'SUPPLY' },
      { availableDate: d5, deliveryDate: '2025-03-14', quantity: 20, basis: 'SUPPLY' },
    ]);
    expect(r.atpDate).toBe('2025-03-14');
    const complete = check({ warehouse: outbound, requestedDeliveryDate: d5, partialDelivery: false });
    expect(complete.scheduleLines).toEqual([{ availableDate: d5, deliveryDate: '2025-03-14', quantity: 50, basis: 'SUPPLY' }]);
  });

  it('without an RDD schedules forward from today', () => {
    const r = check({ warehouse: outbound, quantity: 20 });
    expect(r).toMatchObject({ status: 'AVAILABLE', requestedDeliveryDate: null, materialAvailabilityDate: d0, atpDate: d4, caveats: [] });
    expect(r.scheduleLines).toEqual([{ availableDate: d0, deliveryDate: d4, quantity: 20, basis: 'SUPPLY' }]);
  });

  it('schedules forward with a caveat when the MAD is already past', () => {
    const r = check({ warehouse: outbound, quantity: 20, requestedDeliveryDate: d2 });
    expect(r.materialAvailabilityDate).toBe(d0);
    expect(r.scheduleLines).toEqual([{ availableDate: d0, deliveryDate: d4, quantity: 20, basis: 'SUPPLY' }]);
    expect(r.caveats).toHaveLength(1);
    expect(r.caveats[0]).toMatch(
      /^forward scheduled: delivery on 2025-03-05 needs the material by 2025-02-27, the earliest possible is 2025-03-03/,
    );
  });

  it('skips the weekend: a Saturday RDD is delivered the Friday before', () => {
    const r = check({ quantity: 20, requestedDeliveryDate: '2025-03-08' });
    expect(r.materialAvailabilityDate).toBe(d4);
    expect(r.scheduleLines).toEqual([{ availableDate: d4, deliveryDate: d4, quantity: 20, basis: 'SUPPLY' }]);
    expect(r.caveats).toEqual(['requested delivery date 2025-03-08 is not a working day at WH-BER: scheduled for 2025-03-07']);
    const withDurations = check({ warehouse: outbound, quantity: 20, requestedDeliveryDate: '2025-03-08' });
    expect(withDurations.materialAvailabilityDate).toBe(d0); // Fri 03-07 − 4 working days
    expect(withDurations.atpDate).toBe(d4);
  });

  it('skips the weekend when forward scheduling crosses it', () => {
    const thursdayMorning = new Date('2025-03-06T08:00:00Z');
    const r = check({ now: thursdayMorning, warehouse: berlin({ pickPackDays: 1, transitDays: 1 }), quantity: 20 });
    expect(r.scheduleLines).toEqual([{ availableDate: d3, deliveryDate: d5, quantity: 20, basis: 'SUPPLY' }]);
  });

  it('starts on Monday when checked on a Saturday', () => {
    const r = check({ now: new Date('2025-03-08T10:00:00Z'), quantity: 20 });
    expect(r).toMatchObject({
      businessDate: '2025-03-08',
      schedulingStart: d5,
      materialAvailabilityDate: d5,
      cutoffAt: '2025-03-10T13:00:00.000Z',
      caveats: [],
    });
  });

  it('skips a holiday in durations, in supply and as today', () => {
    const holidayWed = berlin({ calendar: WorkingCalendar.mondayToFriday([d2]) });
    const tuesdayMorning = new Date('2025-03-04T08:00:00Z');
    const forward = check({ now: tuesdayMorning, warehouse: { ...holidayWed, pickPackDays: 1, transitDays: 1 }, quantity: 20 });
    expect(forward.scheduleLines).toEqual([{ availableDate: d1, deliveryDate: d4, quantity: 20, basis: 'SUPPLY' }]);
    // A receipt dated on the holiday can be promised from the next working day only.
    const receipt = check({ now: tuesdayMorning, warehouse: holidayWed, stockOnHand: 0, movements: [po(d2, 20)], quantity: 20 });
    expect(receipt.status).toBe('BACKORDER');
    expect(receipt.scheduleLines.map((l) => l.availableDate)).toEqual([d3]);
    const onHoliday = check({ now: new Date('2025-03-05T08:00:00Z'), warehouse: holidayWed, quantity: 20 });
    expect(onHoliday.schedulingStart).toBe(d3);
  });
});

describe('checkAvailability — order cut-off in the warehouse time zone', () => {
  it('before 14:00 local schedules today, at 14:00 local the next working day', () => {
    const before = check({ now: new Date('2025-03-03T12:59:59Z'), quantity: 10 });
    expect(before).toMatchObject({ schedulingStart: d0, materialAvailabilityDate: d0, cutoffAt: '2025-03-03T13:00:00.000Z', caveats: [] });
    const after = check({ now: new Date('2025-03-03T13:00:00Z'), quantity: 10 });
    expect(after).toMatchObject({ schedulingStart: d1, materialAvailabilityDate: d1, atpDate: d1, cutoffAt: '2025-03-04T13:00:00.000Z' });
    expect(after.caveats).toEqual([
      'cut-off passed: orders after 14:00 Europe/Berlin (2025-03-03T13:00:00.000Z) are scheduled from 2025-03-04',
    ]);
  });

  it('the same instant is after the cut-off in Berlin and before it in New York', () => {
    const now = new Date('2025-03-03T13:30:00Z');
    expect(check({ now, quantity: 10 }).schedulingStart).toBe(d1);
    const ny = check({ now, warehouse: newYork(), quantity: 10 });
    expect(ny).toMatchObject({ schedulingStart: d0, cutoffAt: '2025-03-03T19:00:00.000Z', warehouse: 'WH-NYC', caveats: [] });
  });

  it('uses the local date where it differs from the UTC date', () => {
    // 01:00 UTC Tuesday is 20:00 Monday in New York: Monday's cut-off has passed.
    const ny = check({
      now: new Date('2025-03-04T01:00:00Z'),
      warehouse: newYork(),
      stockOnHand: 0,
      movements: [],
      quantity: 10,
      leadTimeDays: 3,
    });
    expect(ny).toMatchObject({ businessDate: d0, schedulingStart: d1, cutoffAt: '2025-03-04T19:00:00.000Z' });
    expect(ny.caveats[0]).toMatch(/^cut-off passed/);
    // The lead time counts from the local today (Mon + 3 = Thu), not from the UTC date.
    expect(ny.scheduleLines).toEqual([{ availableDate: d3, deliveryDate: d3, quantity: 10, basis: 'LEAD_TIME' }]);
    // 16:00 UTC Monday is 01:00 Tuesday in Tokyo: before Tuesday's cut-off.
    const tokyo = check({ now: new Date('2025-03-03T16:00:00Z'), warehouse: berlin({ timeZone: 'Asia/Tokyo' }), quantity: 10 });
    expect(tokyo).toMatchObject({ businessDate: d1, schedulingStart: d1, cutoffAt: '2025-03-04T05:00:00.000Z', caveats: [] });
  });

  it('after Friday’s cut-off moves to Monday, across the US DST switch', () => {
    const r = check({ now: new Date('2025-03-08T01:00:00Z'), warehouse: newYork(), quantity: 10 }); // Fri 20:00 EST
    expect(r).toMatchObject({ businessDate: d4, schedulingStart: d5, materialAvailabilityDate: d5, cutoffAt: '2025-03-10T18:00:00.000Z' });
  });

  it('does not mention the cut-off when the RDD leaves room anyway', () => {
    const r = check({ now: new Date('2025-03-03T15:00:00Z'), quantity: 10, requestedDeliveryDate: d2 });
    expect(r).toMatchObject({ schedulingStart: d1, materialAvailabilityDate: d2, caveats: [] });
  });
});

describe('checkAvailability — replenishment lead-time fallback', () => {
  // 10 on hand, a PO of 100 only on Mon 03-17; lead time 5 working days ⇒ horizon Mon 03-10.
  const scarce = { stockOnHand: 10, movements: [po('2025-03-17', 100)], leadTimeDays: 5, quantity: 25 };

  it('partial: stock now, the rest at today + lead time, with the caveat', () => {
    const r = check({ ...scarce });
    expect(r.status).toBe('LEAD_TIME');
    expect(r.scheduleLines).toEqual([
      { availableDate: d0, deliveryDate: d0, quantity: 10, basis: 'SUPPLY' },
      { availableDate: d5, deliveryDate: d5, quantity: 15, basis: 'LEAD_TIME' },
    ]);
    expect(r).toMatchObject({ atpDate: d5, promisedQuantity: 25, caveats: [LEAD_TIME_FALLBACK_CAVEAT] });
    expect(LEAD_TIME_FALLBACK_CAVEAT).toBe('lead-time fallback: no confirmed supply, date is the replenishment lead time');
  });

  it('complete: everything at today + lead time, not at the later PO', () => {
    const r = check({ ...scarce, partialDelivery: false });
    expect(r.status).toBe('LEAD_TIME');
    expect(r.scheduleLines).toEqual([{ availableDate: d5, deliveryDate: d5, quantity: 25, basis: 'LEAD_TIME' }]);
  });

  it('real supply inside the horizon (or on its last day) wins over the fallback', () => {
    const longer = check({ ...scarce, leadTimeDays: 15, partialDelivery: false });
    expect(longer).toMatchObject({ status: 'BACKORDER', caveats: [] });
    expect(longer.scheduleLines).toEqual([{ availableDate: '2025-03-17', deliveryDate: '2025-03-17', quantity: 25, basis: 'SUPPLY' }]);
    const onHorizon = check({ ...scarce, movements: [po(d5, 100)], partialDelivery: false });
    expect(onHorizon.status).toBe('BACKORDER');
    expect(onHorizon.scheduleLines.map((l) => [l.availableDate, l.basis])).toEqual([[d5, 'SUPPLY']]);
  });

  it('an RDD beyond the horizon confirms on its MAD, one line partly from stock', () => {
    const r = check({ ...scarce, movements: [], requestedDeliveryDate: '2025-03-31' });
    expect(r.status).toBe('LEAD_TIME');
    expect(r.scheduleLines).toEqual([{ availableDate: '2025-03-31', deliveryDate: '2025-03-31', quantity: 25, basis: 'LEAD_TIME' }]);
  });

  it('shifts the fallback line by the outbound durations too', () => {
    const r = check({ ...scarce, warehouse: berlin({ pickPackDays: 1, transitDays: 1 }), partialDelivery: false });
    expect(r.scheduleLines).toEqual([{ availableDate: d5, deliveryDate: '2025-03-12', quantity: 25, basis: 'LEAD_TIME' }]);
  });
});

describe('consuming ATP', () => {
  it('a confirmed order’s schedule lines reduce the next answer', () => {
    const first = check({ requestedDeliveryDate: d1 });
    const issues = confirmationIssues(first, 'SO-NEW/10');
    expect(issues).toEqual([
      { date: d1, quantity: -30, kind: 'SALES_ORDER', ref: 'SO-NEW/10' },
      { date: d5, quantity: -20, kind: 'SALES_ORDER', ref: 'SO-NEW/10' },
    ]);
    const movements = consumeAtp(worked.movements, first, 'SO-NEW/10');
    expect(movements).toHaveLength(7);
    expect(cumulativeAtp({ today: d0, calendar, stockOnHand: 100, movements }).map((d) => d.catp)).toEqual([0, 0, 0, 0, 0, 10, 10]);

    expect(check({ requestedDeliveryDate: d1, quantity: 10, partialDelivery: false }).status).toBe('AVAILABLE');
    const second = check({ movements, requestedDeliveryDate: d1, quantity: 10, partialDelivery: false });
    expect(second.status).toBe('BACKORDER');
    expect(second.scheduleLines.map((l) => [l.availableDate, l.quantity])).toEqual([[d5, 10]]);
    const third = check({ movements, requestedDeliveryDate: d1, quantity: 11, partialDelivery: false });
    expect(third.status).toBe('LEAD_TIME');
  });
});

describe('checkMany', () => {
  it('consumes ATP across lines of the same item and warehouse, and only those', () => {
    const calls: string[] = [];
    const supplyOf = (sku: string, warehouseId: string): ItemSupply => {
      calls.push(`${sku}@${warehouseId}`);
      return sku === 'A' ? worked : { stockOnHand: 5, movements: [] };
    };
    const line = { requestedDeliveryDate: d1, partialDelivery: false, leadTimeDays: 10, quantity: 30 };
    const results = checkMany({
      now: MONDAY_MORNING,
      supplyOf,
      lines: [
        { ...line, sku: 'A', warehouse: berlin() },
        { ...line, sku: 'B', warehouse: berlin(), quantity: 5 },
        { ...line, sku: 'A', warehouse: berlin() },
        { ...line, sku: 'A', warehouse: newYork() },
      ],
    });
    expect(results.map((r) => [r.status, r.warehouse, r.scheduleLines.map((l) => [l.availableDate, l.quantity])])).toEqual([
      ['AVAILABLE', 'WH-BER', [[d1, 30]]],
      ['AVAILABLE', 'WH-BER', [[d1, 5]]],
      ['BACKORDER', 'WH-BER', [[d5, 30]]],
      ['AVAILABLE', 'WH-NYC', [[d1, 30]]],
    ]);
    expect(calls).toEqual(['A@WH-BER', 'B@WH-BER', 'A@WH-NYC']);
  });
});

describe('input validation', () => {
  it('refuses what a client could send wrong, with the field named', () => {
    const cases: [Partial<AvailabilityRequest>, RegExp][] = [
      [{ quantity: 0 }, /^quantity/],
      [{ quantity: 1.5 }, /^quantity/],
      [{ leadTimeDays: -1 }, /^leadTimeDays/],
      [{ requestedDeliveryDate: '2025-02-30' }, /^requestedDeliveryDate/],
      [
        { movements: [{ date: d1, quantity: 40, kind: 'SALES_ORDER', ref: 'SO' }] },
        /^movements\[0\]\.quantity: a SALES_ORDER issue must be negative/,
      ],
      [{ movements: [{ date: d1, quantity: 4, kind: 'GIFT' as never, ref: 'x' }] }, /^movements\[0\]\.kind/],
      [{ warehouse: berlin({ timeZone: 'Europe/Atlantis' }) }, /^warehouse\.timeZone/],
      [{ warehouse: berlin({ cutoffTime: '2pm' }) }, /^warehouse\.cutoffTime/],
      [{ warehouse: berlin({ transitDays: -2 }) }, /^warehouse\.transitDays/],
      [{ now: new Date(Number.NaN) }, /^now/],
    ];
    for (const [over, message] of cases) {
      expect(() => check(over)).toThrow(DomainInputError);
      expect(() => check(over)).toThrow(message);
    }
  });
});
