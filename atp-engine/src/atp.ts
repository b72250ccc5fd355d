/**
 * Availability-to-promise (ATP) engine — cumulative ATP as docs/architecture.md defines it,
 * producing the fields of the client contract's `Availability` shape.
 *
 * Owns: the cumulative ATP series of one item in one warehouse, the availability check (business
 * date and order cut-off in the warehouse's time zone, backward/forward scheduling over the
 * warehouse calendar, confirmation with or without partial delivery, replenishment lead-time
 * fallback, status and caveats), consumption of ATP by confirmed schedule lines, and a batched
 * check in which lines for the same item+warehouse consume ATP one after the other.
 *
 * Pure: no I/O, no clock. "Now" is an input; loading stock and movements and persisting the
 * confirmed schedule lines (see `confirmationIssues`) is the service's job.
 *
 * Quantities are integers in the item's base unit (the client contract's `quantity: Int!`), so sums
 * are exact.
 */
import { DomainInputError, assertIsoDate, businessDate, maxDate, zonedInstant, type IsoDate, type WorkingCalendar } from './calendar.js';
import { positiveInt, nonNegativeInt, validateWarehouse, validateSupply } from './atp-validation.js';

export { DomainInputError } from './calendar.js';

// ---------------------------------------------------------------------------------------------
// Inputs (supply.ts)

export * from './supply.js';
import type { IssueKind } from './movement-kinds.js';
import type { ItemSupply, Movement, WarehouseParams } from './supply.js';

// ---------------------------------------------------------------------------------------------
// Cumulative ATP

/** One working day of the series: C(t) and CATP(t) of the cumulative ATP definition. */
export interface AtpDay {
  date: IsoDate;
  /** Change of C since the previous day listed (stock is part of the first day's net). */
  net: number;
  /** C(t): cumulative stock + receipts − issues up to and including t. */
  cumulative: number;
  /** CATP(t) = max(0, min over u ≥ t of C(u)): what can be promised on t without breaking a later commitment. */
  catp: number;
}

export interface AtpSeriesInput extends ItemSupply {
  /** t0: the business date (movements before it count on it). */
  today: IsoDate;
  calendar: WorkingCalendar;
  /** Extend the series to at least this date (it otherwise ends at the last movement). */
  until?: IsoDate;
}

/**
 * C and its suffix minimum at every date where something happens. C is a step function that only
 * changes on those dates, so CATP(t) is the suffix minimum at the last event on or before t, and is
 * non-decreasing in t — which is what lets the searches below stop at the first hit.
 */
interface Ledger {
  dates: IsoDate[];
  cumulative: number[];
  suffixMin: number[];
}

function buildLedger(today: IsoDate, supply: ItemSupply): Ledger {
  const net = new Map<IsoDate, number>([[today, supply.stockOnHand]]);
  for (const m of supply.movements) {
    const date = maxDate(m.date, today);
    net.set(date, (net.get(date) ?? 0) + m.quantity);
  }
  const dates = [...net.keys()].sort();
  const cumulative: number[] = [];
  let running = 0;
  for (const d of dates) cumulative.push((running += net.get(d) ?? 0));
  const suffixMin = new Array<number>(dates.length);
  let min = Infinity;
  for (let i = dates.length - 1; i >= 0; i--) suffixMin[i] = min = Math.min(min, cumulative[i] ?? 0);
  return { dates, cumulative, suffixMin };
}

/** Index of the last event on or before `date` (dates ≥ today always have one: today's stock). */
function eventIndex(ledger: Ledger, date: IsoDate): number {
  let lo = 0;
  let hi = ledger.dates.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((ledger.dates[mid] ?? '') <= date) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

const catpAt = (ledger: Ledger, date: IsoDate): number => Math.max(0, ledger.suffixMin[eventIndex(ledger, date)] ?? 0);
const cumulativeAt = (ledger: Ledger, date: IsoDate): number => ledger.cumulative[eventIndex(ledger, date)] ?? 0;

/**
 * The earliest working day t in [from, until] with CATP(t) ≥ need, or null. `from` must be a
 * working day ≥ today. Only `from` and the event dates after it need looking at, because CATP is
 * constant between events.
 */
function earliestWith(ledger: Ledger, calendar: WorkingCalendar, from: IsoDate, until: IsoDate, need: number): IsoDate | null {
  const first = eventIndex(ledger, from);
  for (let i = first; i < ledger.dates.length; i++) {
    const t = i === first ? from : calendar.onOrAfter(ledger.dates[i] ?? from);
    if (t > until) return null;
    if (Math.max(0, ledger.suffixMin[i] ?? 0) >= need) return t;
  }
  return null;
}

/**
 * The cumulative ATP series over working days, from the first working day on or after `today` to
 * the first working day on or after the last movement (or `until`). Non-working days are not
 * listed; their movements show in the next listed day's `net`.
 */
export function cumulativeAtp(input: AtpSeriesInput): AtpDay[] {
  const today = assertIsoDate(input.today, 'today');
  const supply = validateSupply(input);
  const ledger = buildLedger(today, supply);
  const cal = input.calendar;
  let last = ledger.dates[ledger.dates.length - 1] ?? today;
  if (input.until !== undefined) last = maxDate(last, assertIsoDate(input.until, 'until'));
  const end = cal.onOrAfter(last);
  const days: AtpDay[] = [];
  let previous = 0;
  for (let d = cal.onOrAfter(today); d <= end; d = cal.nextWorkingDay(d)) {
    const cumulative = cumulativeAt(ledger, d);
    days.push({ date: d, net: cumulative - previous, cumulative, catp: catpAt(ledger, d) });
    previous = cumulative;
  }
  return days;
}

// ---------------------------------------------------------------------------------------------
// Availability check

export type AvailabilityStatus = 'AVAILABLE' | 'PARTIAL' | 'BACKORDER' | 'LEAD_TIME';

export interface AvailabilityRequest extends ItemSupply {
  /** The business clock's instant; the engine never reads the system clock. */
  now: Date;
  warehouse: WarehouseParams;
  quantity: number;
  requestedDeliveryDate?: IsoDate | null;
  partialDelivery: boolean;
  /** Replenishment lead time in working days: beyond today + leadTimeDays the ERP can always confirm. */
  leadTimeDays: number;
}

export interface ScheduleLine {
  /** MAD of this line: the day the material is taken from ATP (where the line's issue is dated). */
  availableDate: IsoDate;
  /** availableDate + pick/pack + loading + transit working days: the day the buyer receives it. */
  deliveryDate: IsoDate;
  quantity: number;
  /** SUPPLY: covered by stock/receipts. LEAD_TIME: (partly) relies on the replenishment lead-time fallback. */
  basis: 'SUPPLY' | 'LEAD_TIME';
}

export interface AvailabilityResult {
  status: AvailabilityStatus;
  /** As requested (null when none). */
  requestedDeliveryDate: IsoDate | null;
  /** The MAD scheduling used: backward from the RDD, or the scheduling start when forward scheduled. */
  materialAvailabilityDate: IsoDate;
  /** Ordered by date, one per date; quantities sum to `promisedQuantity`. */
  scheduleLines: ScheduleLine[];
  /** Delivery date of the last schedule line: when the full quantity has arrived. */
  atpDate: IsoDate;
  /** Always the requested quantity: what real supply cannot cover is confirmed by the lead-time fallback. */
  promisedQuantity: number;
  /** Stock on hand at the check; a hint for the buyer, never a promise. */
  onHandHint: number;
  leadTimeDays: number;
  /** The cut-off of the scheduling start day: submitted before this instant, this answer holds. */
  cutoffAt: string;
  /** Warehouse id. */
  warehouse: string;
  caveats: string[];
  /** "Today" in the warehouse's time zone (t0 of the ATP series). */
  businessDate: IsoDate;
  /** First working day material can be picked: today, or the next working day after the cut-off or on a non-working day. */
  schedulingStart: IsoDate;
  checkedAt: string;
}

export const LEAD_TIME_FALLBACK_CAVEAT = 'lead-time fallback: no confirmed supply, date is the replenishment lead time';

export function checkAvailability(request: AvailabilityRequest): AvailabilityResult {
  const wh = validateWarehouse(request.warehouse);
  const supply = validateSupply(request);
  const now = request.now;
  if (!(now instanceof Date) || Number.isNaN(now.getTime())) throw new DomainInputError('now', 'expected a valid instant');
  const quantity = positiveInt(request.quantity, 'quantity');
  const leadTimeDays = nonNegativeInt(request.leadTimeDays, 'leadTimeDays');
  const rdd = request.requestedDeliveryDate == null ? null : assertIsoDate(request.requestedDeliveryDate, 'requestedDeliveryDate');
  if (typeof request.partialDelivery !== 'boolean') throw new DomainInputError('partialDelivery', 'expected a boolean');
  const cal = wh.calendar;
  const caveats: string[] = [];

  const today = businessDate(now, wh.timeZone);
  const todayWorks = cal.isWorkingDay(today);
  const todaysCutoff = zonedInstant(today, wh.cutoffTime, wh.timeZone);
  const cutoffMissed = todayWorks && now.getTime() >= todaysCutoff.getTime();
  const start = todayWorks && !cutoffMissed ? today : cal.nextWorkingDay(today);
  const outbound = wh.pickPackDays + wh.loadingDays + wh.transitDays;

  // Backward scheduling. A delivery can only land on a working day; for an RDD that is not one we
  // deliver on the working day before rather than after, so the buyer is never late by our choice.
  let mad = start;
  let forward = rdd === null;
  if (rdd !== null) {
    const deliverBy = cal.onOrBefore(rdd);
    const backward = cal.addWorkingDays(deliverBy, -outbound);
    if (backward >= start) {
      mad = backward;
      if (deliverBy !== rdd) caveats.push(`requested delivery date ${rdd} is not a working day at ${wh.id}: scheduled for ${deliverBy}`);
    } else {
      forward = true;
      caveats.push(
        `forward scheduled: delivery on ${rdd} needs the material by ${backward}, the earliest possible is ${start}` +
          ` (${outbound} working days pick/pack, loading and transit)`,
      );
    }
  }
  if (forward && cutoffMissed) {
    caveats.push(
      `cut-off passed: orders after ${wh.cutoffTime} ${wh.timeZone} (${todaysCutoff.toISOString()}) are scheduled from ${start}`,
    );
  }

  // Beyond the replenishment lead time the ERP confirms without looking at supply, so the search
  // for real supply ends there (or at the MAD, if the request is further out still).
  const fallbackDate = maxDate(cal.addWorkingDays(today, leadTimeDays), mad);
  const confirmed = confirm(today, supply, cal, mad, fallbackDate, quantity, request.partialDelivery);
  const scheduleLines: ScheduleLine[] = confirmed.map((c) => ({ ...c, deliveryDate: cal.addWorkingDays(c.availableDate, outbound) }));

  const usesFallback = scheduleLines.some((l) => l.basis === 'LEAD_TIME');
  if (usesFallback) caveats.push(LEAD_TIME_FALLBACK_CAVEAT);
  const first = scheduleLines[0];
  const last = scheduleLines[scheduleLines.length - 1];
  if (!first || !last) throw new Error('unreachable: a positive quantity always yields a schedule line');
  const status: AvailabilityStatus = usesFallback
    ? 'LEAD_TIME'
    : first.availableDate !== mad
      ? 'BACKORDER'
      : scheduleLines.length === 1
        ? 'AVAILABLE'
        : 'PARTIAL';

  return {
    status,
    requestedDeliveryDate: rdd,
    materialAvailabilityDate: mad,
    scheduleLines,
    atpDate: last.deliveryDate,
    promisedQuantity: scheduleLines.reduce((sum, l) => sum + l.quantity, 0),
    onHandHint: supply.stockOnHand,
    leadTimeDays,
    cutoffAt: zonedInstant(start, wh.cutoffTime, wh.timeZone).toISOString(),
    warehouse: wh.id,
    caveats,
    businessDate: today,
    schedulingStart: start,
    checkedAt: now.toISOString(),
  };
}

type Confirmation = Omit<ScheduleLine, 'deliveryDate'>;

/**
 * Confirmation against the ledger. Complete delivery: one line, the earliest t ≥ MAD with
 * CATP(t) ≥ qty. Partial delivery: take what CATP allows at MAD, book it as an issue (so the next
 * line sees the reduced cumulative ATP), and repeat at each later date where CATP is positive
 * again. Whatever real supply has not covered by `fallbackDate` is confirmed on it.
 */
function confirm(
  today: IsoDate,
  supply: ItemSupply,
  cal: WorkingCalendar,
  mad: IsoDate,
  fallbackDate: IsoDate,
  quantity: number,
  partial: boolean,
): Confirmation[] {
  if (!partial) {
    const t = earliestWith(buildLedger(today, supply), cal, mad, fallbackDate, quantity);
    return [t ? { availableDate: t, quantity, basis: 'SUPPLY' } : { availableDate: fallbackDate, quantity, basis: 'LEAD_TIME' }];
  }
  const lines: Confirmation[] = [];
  const taken: Movement[] = [];
  let current = buildLedger(today, supply);
  let remaining = quantity;
  let cursor = mad;
  while (remaining > 0) {
    const t = earliestWith(current, cal, cursor, fallbackDate, 1);
    if (t === null) break;
    const take = Math.min(remaining, catpAt(current, t));
    lines.push({ availableDate: t, quantity: take, basis: 'SUPPLY' });
    taken.push({ date: t, quantity: -take, kind: 'SALES_ORDER', ref: 'this check' });
    current = buildLedger(today, { stockOnHand: supply.stockOnHand, movements: [...supply.movements, ...taken] });
    remaining -= take;
    cursor = t;
  }
  if (remaining > 0) {
    const last = lines[lines.length - 1];
    // One line per date: real supply found on the fallback date itself merges with the fallback.
    if (last && last.availableDate === fallbackDate)
      lines[lines.length - 1] = { ...last, quantity: last.quantity + remaining, basis: 'LEAD_TIME' };
    else lines.push({ availableDate: fallbackDate, quantity: remaining, basis: 'LEAD_TIME' });
  }
  return lines;
}

// ---------------------------------------------------------------------------------------------
// Consumption

/**
 * The issues a confirmed order books: one per schedule line, dated on its `availableDate` (the MAD,
 * when material leaves ATP — not the delivery date). Lead-time-fallback lines are included: like
 * the ERP, a confirmed requirement counts against ATP whether or not its supply exists yet;
 * replenishment planning has to cover it.
 */
export function confirmationIssues(
  result: Pick<AvailabilityResult, 'scheduleLines'>,
  ref: string,
  kind: IssueKind = 'SALES_ORDER',
): Movement[] {
  return result.scheduleLines.map((l) => ({ date: l.availableDate, quantity: -l.quantity, kind, ref }));
}

/** `movements` plus the issues of a confirmed result: the supply the next check must see. */
export function consumeAtp(
  movements: readonly Movement[],
  result: Pick<AvailabilityResult, 'scheduleLines'>,
  ref: string,
  kind: IssueKind = 'SALES_ORDER',
): Movement[] {
  return [...movements, ...confirmationIssues(result, ref, kind)];
}

// ---------------------------------------------------------------------------------------------
// Batched check

export interface BatchLine extends Omit<AvailabilityRequest, 'now' | 'stockOnHand' | 'movements'> {
  sku: string;
  /** Reference of the issues this line books for the lines after it (default `batch line <n>`). */
  ref?: string;
}

export interface BatchRequest {
  now: Date;
  lines: readonly BatchLine[];
  /** Supply as loaded before the request; asked once per item+warehouse. */
  supplyOf: (sku: string, warehouseId: string) => ItemSupply;
}

/**
 * One result per line, in order. Lines are checked independently except that a line for an
 * item+warehouse already seen in this request sees the ATP the earlier lines consumed, so one cart
 * cannot be promised the same stock twice.
 */
export function checkMany(request: BatchRequest): AvailabilityResult[] {
  const ledgers = new Map<string, ItemSupply>();
  return request.lines.map((line, index) => {
    const { sku, ref, ...rest } = line;
    const key = JSON.stringify([sku, line.warehouse.id]);
    const supply = ledgers.get(key) ?? request.supplyOf(sku, line.warehouse.id);
    const result = checkAvailability({ ...rest, now: request.now, stockOnHand: supply.stockOnHand, movements: supply.movements });
    ledgers.set(key, {
      stockOnHand: supply.stockOnHand,
      movements: consumeAtp(supply.movements, result, ref ?? `batch line ${index + 1}`),
    });
    return result;
  });
}
