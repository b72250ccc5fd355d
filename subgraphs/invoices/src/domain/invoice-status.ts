/**
 * Invoice status as the buyer sees it: the ERP says OPEN/PAID/CANCELLED and how much is still
 * owed; the portal derives PARTIALLY_PAID (something paid, something owed) and OVERDUE (owed
 * after the due date) for a given day.
 */
import { Decimal } from '@portal/platform/money';

export type InvoiceStatus = 'OPEN' | 'PARTIALLY_PAID' | 'PAID' | 'OVERDUE' | 'CANCELLED';

export interface InvoiceFacts {
  erpStatus: string;
  total: string;
  balance: string;
  dueDate: string;
}

export function invoiceStatus(inv: InvoiceFacts, today: string): InvoiceStatus {
  if (inv.erpStatus === 'CANCELLED') return 'CANCELLED';
  const balance = new Decimal(inv.balance);
  if (balance.lte(0)) return 'PAID';
  if (inv.dueDate < today) return 'OVERDUE';
  return balance.lt(inv.total) ? 'PARTIALLY_PAID' : 'OPEN';
}

/** Open and overdue sums over invoices of one currency. */
export function balances(invoices: InvoiceFacts[], today: string): { open: Decimal; overdue: Decimal } {
  let open = new Decimal(0);
  let overdue = new Decimal(0);
  for (const inv of invoices) {
    const status = invoiceStatus(inv, today);
    if (status === 'CANCELLED' || status === 'PAID') continue;
    open = open.plus(inv.balance);
    if (status === 'OVERDUE') overdue = overdue.plus(inv.balance);
  }
  return { open, overdue };
}

/** Whole days from the due date to `today` (0 when not yet due; due today is not overdue). */
export function daysOverdue(dueDate: string, today: string): number {
  const days = Math.round((Date.parse(`${today}T00:00:00Z`) - Date.parse(`${dueDate}T00:00:00Z`)) / 86_400_000);
  return Math.max(0, days);
}

export interface Aging {
  /** Open, not yet due (or due today). */
  current: Decimal;
  days1To30: Decimal;
  days31To60: Decimal;
  days61To90: Decimal;
  over90: Decimal;
}

/** Accounts-receivable aging of open balances by days past due; the buckets add up to the open balance. */
export function aging(invoices: InvoiceFacts[], today: string): Aging {
  const b: Aging = {
    current: new Decimal(0),
    days1To30: new Decimal(0),
    days31To60: new Decimal(0),
    days61To90: new Decimal(0),
    over90: new Decimal(0),
  };
  for (const inv of invoices) {
    const status = invoiceStatus(inv, today);
    if (status === 'CANCELLED' || status === 'PAID') continue;
    const days = daysOverdue(inv.dueDate, today);
    const bucket: keyof Aging =
      days === 0 ? 'current' : days <= 30 ? 'days1To30' : days <= 60 ? 'days31To60' : days <= 90 ? 'days61To90' : 'over90';
    b[bucket] = b[bucket].plus(inv.balance);
  }
  return b;
}
