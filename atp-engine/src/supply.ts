/**
 * What the ATP engine is given: the stock and dated movements of one item in one warehouse, and the
 * warehouse's scheduling parameters. Kept apart from the engine so that its input checks
 * (atp-validation.ts) and the engine both depend on these types, and not on each other.
 */
import type { IsoDate, WorkingCalendar } from './calendar.js';
import type { MovementKind } from './movement-kinds.js';

export { ISSUE_KINDS, RECEIPT_KINDS, type IssueKind, type MovementKind, type ReceiptKind } from './movement-kinds.js';

/**
 * A dated supply or demand element. Receipts carry a positive quantity, issues a negative one; the
 * sign is checked against `kind` because a mis-signed issue would silently over-promise. A movement
 * dated before the business date counts on the business date (an overdue PO is still expected; an
 * overdue schedule line still needs its stock). Movements on non-working days stay on their date:
 * a Saturday receipt can only be promised from the next working day, a Saturday issue already
 * reduces what Friday can promise (CATP looks at every later day).
 */
export interface Movement {
  date: IsoDate;
  quantity: number;
  kind: MovementKind;
  /** The document behind it (PO number, sales order/line, …) — for traceability only. */
  ref: string;
}

/** Stock and dated movements of one item in one warehouse. */
export interface ItemSupply {
  stockOnHand: number;
  movements: readonly Movement[];
}

/** What scheduling needs to know about a warehouse. Durations are working days of `calendar`. */
export interface WarehouseParams {
  id: string;
  calendar: WorkingCalendar;
  /** IANA zone of the warehouse; the business date and the cut-off are local to it. */
  timeZone: string;
  /** 'HH:MM' local. An order checked at or after it is scheduled from the next working day. */
  cutoffTime: string;
  pickPackDays: number;
  loadingDays: number;
  transitDays: number;
}
