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
