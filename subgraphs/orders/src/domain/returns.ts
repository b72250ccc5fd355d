/**
 * Returns as the portal sees them: the ERP credits a return order's goods receipt with a credit
 * memo naming the return (`returnNumber`), and that memo is on the order's timeline once. The
 * order's returns are read from those timeline facts; pure.
 */
export interface ReturnLine {
  lineNo: number;
  sku: string;
  quantity: number;
}

export interface OrderReturnView {
  number: string;
  status: 'CREDITED';
  creditMemoNumber: string;
  amount: { amount: string; currency: string };
  creditedAt: Date;
  lines: ReturnLine[];
}

export type OrderReturnStatus = 'NONE' | 'PARTIALLY_RETURNED' | 'RETURNED';

interface CreditMemoFact {
  type: string;
  at: Date;
  data: Record<string, unknown>;
}

const isLine = (l: unknown): l is ReturnLine =>
  typeof l === 'object' &&
  l !== null &&
  Number.isInteger((l as ReturnLine).lineNo) &&
  typeof (l as ReturnLine).sku === 'string' &&
  Number.isInteger((l as ReturnLine).quantity);

/** The order's returns from its timeline's credit memos (those naming a return order), oldest first. */
export function returnsOf(events: readonly CreditMemoFact[]): OrderReturnView[] {
  const byNumber = new Map<string, OrderReturnView>();
  for (const e of events) {
    if (e.type !== 'credit_memo.issued') continue;
    const d = e.data;
    const number = typeof d.returnNumber === 'string' && d.returnNumber ? d.returnNumber : null;
    if (!number || byNumber.has(number)) continue;
    byNumber.set(number, {
      number,
      status: 'CREDITED',
      creditMemoNumber: String(d.creditMemoNumber ?? ''),
      amount: { amount: String(d.total ?? '0'), currency: String(d.currency ?? '') },
      creditedAt: e.at,
      lines: Array.isArray(d.lines) ? d.lines.filter(isLine).map((l) => ({ lineNo: l.lineNo, sku: l.sku, quantity: l.quantity })) : [],
    });
  }
  return [...byNumber.values()].sort((a, b) => a.creditedAt.getTime() - b.creditedAt.getTime());
}

/** Returned quantity per order line number. */
export function returnedByLine(returns: readonly OrderReturnView[]): Map<number, number> {
  const out = new Map<number, number>();
  for (const r of returns) for (const l of r.lines) out.set(l.lineNo, (out.get(l.lineNo) ?? 0) + l.quantity);
  return out;
}

/** NONE: nothing came back; RETURNED: every shipped unit of every line; PARTIALLY_RETURNED otherwise. */
export function returnStatus(
  lines: readonly { lineNo: number; shippedQuantity: number }[],
  returns: readonly OrderReturnView[],
): OrderReturnStatus {
  const returned = returnedByLine(returns);
  const total = [...returned.values()].reduce((s, q) => s + q, 0);
  if (total === 0) return 'NONE';
  const shipped = lines.filter((l) => l.shippedQuantity > 0);
  return shipped.length > 0 && shipped.every((l) => (returned.get(l.lineNo) ?? 0) >= l.shippedQuantity) ? 'RETURNED' : 'PARTIALLY_RETURNED';
}
