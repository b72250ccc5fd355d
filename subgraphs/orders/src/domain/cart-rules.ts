/**
 * Cart editing rules, pure: which carts can change, what a valid line is, and how added lines
 * merge with the ones already there. Each failure is a typed result, never a thrown error.
 */
export const EDITABLE = ['ACTIVE', 'SAVED'] as const;
export const MAX_QUANTITY = 1_000_000;
export const MAX_LINES = 500;

export interface LineInput {
  sku: string;
  quantity: number;
  requestedDate?: string | null;
}

export interface ItemFacts {
  sku: string;
  discontinued: boolean;
  successorSku: string | null;
}

export type CartRuleError =
  | { kind: 'CART_LOCKED'; status: string }
  | { kind: 'INVALID_QUANTITY'; quantity: number }
  | { kind: 'UNKNOWN_SKU'; skus: string[] }
  | { kind: 'DISCONTINUED_ITEM'; sku: string; successorSku: string | null }
  | { kind: 'INVALID_INPUT'; field: string; message: string };

/**
 * The requested delivery date that applies to a line: its own, else the cart's (the order's)
 * header date, else none. One rule for the cart's availability, the re-check at submit and the
 * order sent to the ERP, which schedules each line by the same rule.
 */
export function requestedDateOf(lineDate: string | null | undefined, headerDate: string | null | undefined): string | null {
  return lineDate ?? headerDate ?? null;
}

export function checkEditable(status: string): CartRuleError | null {
  return (EDITABLE as readonly string[]).includes(status) ? null : { kind: 'CART_LOCKED', status };
}

export function checkQuantity(quantity: number): CartRuleError | null {
  return Number.isSafeInteger(quantity) && quantity >= 1 && quantity <= MAX_QUANTITY ? null : { kind: 'INVALID_QUANTITY', quantity };
}

/** Validate new lines against the item master; the first problem wins (nothing is changed then). */
export function checkLines(lines: LineInput[], facts: ItemFacts[], existingLineCount: number): CartRuleError | null {
  if (!lines.length) return { kind: 'INVALID_INPUT', field: 'lines', message: 'add at least one line' };
  for (const l of lines) {
    const q = checkQuantity(l.quantity);
    if (q) return q;
    if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(l.sku)) return { kind: 'UNKNOWN_SKU', skus: [l.sku] };
  }
  const known = new Map(facts.map((f) => [f.sku, f]));
  const unknown = [...new Set(lines.map((l) => l.sku).filter((s) => !known.has(s)))];
  if (unknown.length) return { kind: 'UNKNOWN_SKU', skus: unknown };
  const discontinued = lines.map((l) => known.get(l.sku)!).find((f) => f.discontinued);
  if (discontinued) return { kind: 'DISCONTINUED_ITEM', sku: discontinued.sku, successorSku: discontinued.successorSku };
  if (existingLineCount + lines.length > MAX_LINES)
    return { kind: 'INVALID_INPUT', field: 'lines', message: `a cart holds at most ${MAX_LINES} lines` };
  return null;
}

export interface ExistingLine {
  id: string;
  sku: string;
  quantity: number;
  requestedDate: string | null;
}

/** Added lines merge into an existing line of the same SKU and requested date; others are new. */
export function mergeLines(
  existing: ExistingLine[],
  added: LineInput[],
): { updates: { id: string; quantity: number }[]; inserts: LineInput[]; error: CartRuleError | null } {
  const updates = new Map<string, number>();
  const inserts: LineInput[] = [];
  for (const a of added) {
    const date = a.requestedDate ?? null;
    const same = existing.find((e) => e.sku === a.sku && e.requestedDate === date);
    if (same) updates.set(same.id, (updates.get(same.id) ?? same.quantity) + a.quantity);
    else {
      const pending = inserts.find((i) => i.sku === a.sku && (i.requestedDate ?? null) === date);
      if (pending) pending.quantity += a.quantity;
      else inserts.push({ ...a, requestedDate: date });
    }
  }
  for (const [, q] of updates) if (q > MAX_QUANTITY) return { updates: [], inserts: [], error: { kind: 'INVALID_QUANTITY', quantity: q } };
  for (const i of inserts)
    if (i.quantity > MAX_QUANTITY) return { updates: [], inserts: [], error: { kind: 'INVALID_QUANTITY', quantity: i.quantity } };
  return { updates: [...updates.entries()].map(([id, quantity]) => ({ id, quantity })), inserts, error: null };
}
