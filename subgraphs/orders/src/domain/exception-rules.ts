/**
 * Order exceptions as the ERP's order shows them — credit hold, substitution proposed, split
 * (partial) delivery, backorder at lead time — and price disputes raised by the buyer. Each has a
 * reason code and the actions the buyer's side may take; which role may take which action, and
 * what an action does in the ERP, is decided here too.
 */
import type { Role } from '@portal/platform/auth';

/** What exception detection reads of an ERP sales order (the port's `ErpSalesOrder` has it all). */
export interface ErpOrderView {
  number: string;
  status: string;
  holdReason: string | null;
  currency: string;
  netTotal: string;
  /** The order's requested delivery date (the header's). */
  requestedDeliveryDate?: string | null;
  lines: {
    lineNo: number;
    sku: string;
    quantity: number;
    status: string;
    shippedQuantity: number;
    /** What the ERP cancelled of `quantity` (the rest of a partly shipped line); absent: none. */
    cancelledQuantity?: number;
    proposedSku: string | null;
    scheduleLines: { deliveryDate: string; quantity: number; basis?: string }[];
    /** The line's own requested delivery date (null: the order's applies). */
    requestedDeliveryDate?: string | null;
  }[];
}

export const EXCEPTION_TYPES = [
  'CREDIT_HOLD',
  'SUBSTITUTION',
  'PARTIAL',
  'BACKORDER',
  'LATE_CONFIRMATION',
  'PRICE_DISPUTE',
  'PRICE_MISMATCH',
] as const;
export type ExceptionType = (typeof EXCEPTION_TYPES)[number];

export const EXCEPTION_ACTIONS = [
  'RELEASE_CREDIT_HOLD',
  'REQUEST_CREDIT_RELEASE',
  'ACCEPT_PRICE',
  'CANCEL_ORDER',
  'ACCEPT_SUBSTITUTION',
  'CANCEL_LINE',
  'ACCEPT_PARTIAL',
  'ACCEPT_DATE',
  'WITHDRAW',
] as const;
export type ExceptionAction = (typeof EXCEPTION_ACTIONS)[number];

export interface DetectedException {
  type: ExceptionType;
  lineNo: number | null;
  reasonCode: string;
  message: string;
  actions: ExceptionAction[];
  details: Record<string, unknown>;
}

/** What a late confirmation says: the date the line was wanted by against what the ERP confirmed after it. */
export interface LateConfirmationDetails {
  sku: string;
  quantity: number;
  /** The line's requested date (its own, else the order's); without one, the first date the ERP confirmed. */
  promisedDate: string;
  /** Confirmed on or before the promised date. */
  onTimeQuantity: number;
  /** Confirmed after it, in total, and the latest such date. */
  lateQuantity: number;
  confirmedDate: string;
  late: { date: string; quantity: number }[];
}

/**
 * Any quantity the ERP confirms for a date after the line's requested date — its own, else the
 * order's, and without either the first date it confirms (what the buyer is offered at once) — is
 * a late confirmation. Lead-time lines are backorders instead.
 */
export function lateConfirmation(
  l: ErpOrderView['lines'][number],
  orderRequestedDate: string | null | undefined,
): LateConfirmationDetails | null {
  if (!l.scheduleLines.length || l.scheduleLines.some((s) => s.basis === 'LEAD_TIME')) return null;
  const dates = l.scheduleLines.map((s) => s.deliveryDate).sort();
  const promisedDate = l.requestedDeliveryDate ?? orderRequestedDate ?? dates[0]!;
  const late = l.scheduleLines.filter((s) => s.deliveryDate > promisedDate).sort((a, b) => (a.deliveryDate < b.deliveryDate ? -1 : 1));
  if (!late.length) return null;
  const lateQuantity = late.reduce((n, s) => n + s.quantity, 0);
  return {
    sku: l.sku,
    quantity: l.quantity,
    promisedDate,
    onTimeQuantity: l.scheduleLines.reduce((n, s) => n + s.quantity, 0) - lateQuantity,
    lateQuantity,
    confirmedDate: late.at(-1)!.deliveryDate,
    late: late.map((s) => ({ date: s.deliveryDate, quantity: s.quantity })),
  };
}

/** The exceptions an ERP order shows now (one per type and line). */
export function exceptionsFromErp(o: ErpOrderView): DetectedException[] {
  const out: DetectedException[] = [];
  if (o.holdReason && o.status !== 'CANCELLED')
    out.push({
      type: 'CREDIT_HOLD',
      lineNo: null,
      reasonCode: o.holdReason,
      message: `The ERP holds order ${o.number}: ${o.holdReason === 'CREDIT_LIMIT_EXCEEDED' ? 'the credit limit is exceeded' : o.holdReason}. Nothing ships until the hold is released.`,
      actions: ['RELEASE_CREDIT_HOLD', 'REQUEST_CREDIT_RELEASE', 'CANCEL_ORDER'],
      details: { netTotal: o.netTotal, currency: o.currency },
    });
  for (const l of o.lines) {
    if (l.status === 'CANCELLED' || l.shippedQuantity + (l.cancelledQuantity ?? 0) >= l.quantity) continue;
    if (l.status === 'SUBSTITUTION_PROPOSED' && l.proposedSku) {
      out.push({
        type: 'SUBSTITUTION',
        lineNo: l.lineNo,
        reasonCode: 'ITEM_DISCONTINUED',
        message: `${l.sku} is discontinued; the ERP proposes ${l.proposedSku} for line ${l.lineNo}.`,
        actions: ['ACCEPT_SUBSTITUTION', 'CANCEL_LINE'],
        details: { sku: l.sku, proposedSku: l.proposedSku, quantity: l.quantity },
      });
      continue;
    }
    const leadTime = l.scheduleLines.filter((s) => s.basis === 'LEAD_TIME');
    if (leadTime.length) {
      const date = leadTime.map((s) => s.deliveryDate).sort()[leadTime.length - 1]!;
      out.push({
        type: 'BACKORDER',
        lineNo: l.lineNo,
        reasonCode: 'NO_SUPPLY_BEFORE_LEAD_TIME',
        message: `${leadTime.reduce((n, s) => n + s.quantity, 0)} of ${l.quantity} ${l.sku} are backordered: no stock or receipt covers them, delivery is promised at lead time (${date}).`,
        actions: ['ACCEPT_DATE', 'CANCEL_LINE'],
        details: { sku: l.sku, quantity: l.quantity, deliveryDate: date },
      });
    } else if (l.scheduleLines.length > 1) {
      out.push({
        type: 'PARTIAL',
        lineNo: l.lineNo,
        reasonCode: 'SPLIT_DELIVERY',
        message: `Line ${l.lineNo} (${l.sku}) is delivered in ${l.scheduleLines.length} parts: ${l.scheduleLines
          .map((s) => `${s.quantity} on ${s.deliveryDate}`)
          .join(', ')}.`,
        actions: ['ACCEPT_PARTIAL', 'CANCEL_LINE'],
        details: {
          sku: l.sku,
          quantity: l.quantity,
          scheduleLines: l.scheduleLines.map((s) => ({ date: s.deliveryDate, quantity: s.quantity })),
        },
      });
    }
    const late = lateConfirmation(l, o.requestedDeliveryDate);
    if (late)
      out.push({
        type: 'LATE_CONFIRMATION',
        lineNo: l.lineNo,
        reasonCode: 'CONFIRMED_AFTER_REQUESTED_DATE',
        message: `${late.lateQuantity} of ${l.quantity} ${l.sku} on line ${l.lineNo} are confirmed for ${late.late
          .map((s) => `${s.date} (${s.quantity})`)
          .join(', ')}, after the date asked for (${late.promisedDate}).`,
        actions: ['ACCEPT_DATE', 'CANCEL_LINE'],
        details: { ...late },
      });
  }
  return out;
}

/** How an exception the ERP no longer shows ended, from the order's state now. */
export function endedInErp(type: ExceptionType, lineNo: number | null, o: ErpOrderView): string {
  if (o.status === 'CANCELLED') return 'ORDER_CANCELLED';
  if (type === 'CREDIT_HOLD') return 'RELEASED_IN_ERP';
  const line = o.lines.find((l) => l.lineNo === lineNo);
  if (!line || line.status === 'CANCELLED') return 'LINE_CANCELLED';
  if (type === 'SUBSTITUTION') return 'SUBSTITUTION_ACCEPTED';
  if (line.shippedQuantity >= line.quantity) return 'DELIVERED';
  if (line.cancelledQuantity && line.shippedQuantity + line.cancelledQuantity >= line.quantity) return 'LINE_CANCELLED';
  return 'RESOLVED_IN_ERP';
}

/**
 * Who may take an action (analysts read only). Releasing a credit hold is the seller's decision
 * (credit controllers, who take no other action); the buyer's side may ask for it.
 */
export function mayTake(action: ExceptionAction, roles: readonly Role[]): boolean {
  if (action === 'RELEASE_CREDIT_HOLD') return roles.includes('credit_controller');
  return roles.some((r) => r === 'buyer' || r === 'approver' || r === 'admin');
}

/** What a role needs to take an action, for the refusal's message. */
export const whoMayTake = (action: ExceptionAction): string =>
  action === 'RELEASE_CREDIT_HOLD' ? "the seller's credit control (credit_controller)" : 'a buyer, approver or admin of the account';

/** The ERP's acknowledged prices against the quote the order was submitted at, line by line. */
export function priceMismatches(
  quote: { sku: string; quantity: number; unitPrice: string }[],
  erp: { lineNo: number; sku: string; quantity: number; unitPrice: string }[],
): { lineNo: number; sku: string; quantity: number; quotedUnitPrice: string | null; erpUnitPrice: string }[] {
  const lines = [...erp].sort((a, b) => a.lineNo - b.lineNo);
  return lines.flatMap((l, i) => {
    const q = quote[i];
    const same = q && q.sku === l.sku && q.quantity === l.quantity && Number(q.unitPrice) === Number(l.unitPrice);
    return same
      ? []
      : [{ lineNo: l.lineNo, sku: l.sku, quantity: l.quantity, quotedUnitPrice: q?.unitPrice ?? null, erpUnitPrice: l.unitPrice }];
  });
}

/** What an action asks of the ERP; `null`: a decision recorded in the portal (the ERP's plan stands). */
export type ErpCommand =
  | { kind: 'releaseCreditHold' }
  | { kind: 'cancelLine'; lineNo: number }
  | { kind: 'cancelOrder' }
  | { kind: 'acceptSubstitution'; lineNo: number }
  | null;

export function erpCommandFor(action: ExceptionAction, lineNo: number | null): ErpCommand {
  switch (action) {
    case 'RELEASE_CREDIT_HOLD':
      return { kind: 'releaseCreditHold' };
    case 'CANCEL_ORDER':
      return { kind: 'cancelOrder' };
    case 'ACCEPT_SUBSTITUTION':
      return lineNo === null ? null : { kind: 'acceptSubstitution', lineNo };
    case 'CANCEL_LINE':
      return lineNo === null ? { kind: 'cancelOrder' } : { kind: 'cancelLine', lineNo };
    default:
      return null;
  }
}
