/**
 * Availability as the buyer sees it, and what to say when the ERP cannot answer in time: the last
 * known answer (status UNKNOWN — it was a promise then, not now) or, with nothing known, the
 * replenishment lead time (status LEAD_TIME, nothing promised). Never an invented promise. Pure.
 */
export type AvailabilityStatus = 'AVAILABLE' | 'PARTIAL' | 'BACKORDER' | 'LEAD_TIME' | 'UNKNOWN';
export type Freshness = 'LIVE' | 'CACHED' | 'LAST_KNOWN' | 'ESTIMATE';

export interface ScheduleLineView {
  /** Delivery date. */
  date: string;
  /** Material availability date (when it leaves the warehouse's ATP). */
  availableDate: string;
  quantity: number;
}

export interface AvailabilityView {
  sku: string;
  status: AvailabilityStatus;
  requestedDate: string | null;
  materialAvailabilityDate: string | null;
  atpDate: string | null;
  promisedQuantity: number;
  onHandHint: number | null;
  leadTimeDays: number;
  warehouse: string | null;
  cutoffAt: string | null;
  scheduleLines: ScheduleLineView[];
  caveats: string[];
  /** When the ERP computed the answer. */
  checkedAt: string;
  freshness: Freshness;
}

export const ERP_DOWN_CAVEAT = 'The ERP availability service did not answer in time';

/** Weekday-only working days; the exact calendar is the ERP's, this is only an estimate. */
export function addWeekdays(date: string, n: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  let left = n;
  while (d.getUTCDay() === 0 || d.getUTCDay() === 6) d.setUTCDate(d.getUTCDate() + 1);
  while (left > 0) {
    d.setUTCDate(d.getUTCDate() + 1);
    if (d.getUTCDay() !== 0 && d.getUTCDay() !== 6) left--;
  }
  return d.toISOString().slice(0, 10);
}

export function fromLastKnown(last: AvailabilityView, now: Date): AvailabilityView {
  return {
    ...last,
    status: 'UNKNOWN',
    freshness: 'LAST_KNOWN',
    caveats: [
      ...last.caveats,
      `${ERP_DOWN_CAVEAT}; showing the last known answer from ${last.checkedAt}, not a promise now (asked at ${now.toISOString()})`,
    ],
  };
}

export function leadTimeEstimate(sku: string, leadTimeDays: number, requestedDate: string | null, now: Date): AvailabilityView {
  const today = now.toISOString().slice(0, 10);
  return {
    sku,
    status: 'LEAD_TIME',
    requestedDate,
    materialAvailabilityDate: null,
    atpDate: addWeekdays(today, leadTimeDays),
    promisedQuantity: 0,
    onHandHint: null,
    leadTimeDays,
    warehouse: null,
    cutoffAt: null,
    scheduleLines: [],
    caveats: [`${ERP_DOWN_CAVEAT}; the date is the replenishment lead time (${leadTimeDays} working days), nothing is promised`],
    checkedAt: now.toISOString(),
    freshness: 'ESTIMATE',
  };
}

/** Did the promise change between what the buyer saw and now? Compares dates and quantities. */
export function promiseChanged(
  seen: Pick<AvailabilityView, 'status' | 'scheduleLines'>,
  now: Pick<AvailabilityView, 'status' | 'scheduleLines'>,
): boolean {
  if (seen.status !== now.status || seen.scheduleLines.length !== now.scheduleLines.length) return true;
  return seen.scheduleLines.some((l, i) => l.date !== now.scheduleLines[i]!.date || l.quantity !== now.scheduleLines[i]!.quantity);
}
