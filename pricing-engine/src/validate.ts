/**
 * Input validation and procedure compilation: everything that must be refused before a price
 * is computed. Configuration (condition types, procedure) is checked completely; the resulting
 * CompiledProcedure is the only form the calculation sees, so it never re-checks structure.
 */
import {
  InvalidConditionTypeError,
  InvalidCustomerError,
  InvalidDateError,
  InvalidLineError,
  InvalidProcedureError,
  InvalidQuantityError,
  UnknownConditionTypeError,
} from './errors.js';
import type { Access, ConditionType, DocumentLineInput, PricingConfig, PricingCustomer, Subtotal } from './model.js';

export const ITEM_ACCESSES: readonly Access[] = ['CUSTOMER_ITEM', 'PRICE_LIST_ITEM', 'TIER_ITEM', 'LIST'];
export const HEADER_ACCESSES: readonly Access[] = ['CUSTOMER', 'PRICE_LIST', 'TIER', 'ALL'];
export const TAX_ACCESSES: readonly Access[] = ['COUNTRY_TAX_CLASS'];
const ROUNDING_MODES = ['HALF_UP', 'HALF_EVEN', 'DOWN', 'UP'];

const DATE_TEXT = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Calendar-checked, because records are compared as strings and '2026-02-30' would sort "validly". */
export function isIsoDate(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const m = DATE_TEXT.exec(value);
  if (!m) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 0;
  return day <= days;
}

export function assertDate(value: unknown, path: string): string {
  if (!isIsoDate(value)) throw new InvalidDateError(`expected a calendar date YYYY-MM-DD, got ${JSON.stringify(value)}`, path);
  return value;
}

export function assertCustomer(c: PricingCustomer): void {
  if (typeof c !== 'object' || c === null) throw new InvalidCustomerError('customer is required', 'customer');
  if (typeof c.accountId !== 'string' || c.accountId === '') throw new InvalidCustomerError('accountId is required', 'customer.accountId');
  if (typeof c.currency !== 'string' || !/^[A-Z]{3}$/.test(c.currency))
    throw new InvalidCustomerError(`currency must be an ISO 4217 code, got ${JSON.stringify(c.currency)}`, 'customer.currency');
  for (const key of ['priceListId', 'tier'] as const) {
    const v = c[key];
    if (v !== null && (typeof v !== 'string' || v === ''))
      throw new InvalidCustomerError(`${key} must be a non-empty string or null`, `customer.${key}`);
  }
}

export function assertSku(sku: unknown, path: string): string {
  if (typeof sku !== 'string' || sku === '') throw new InvalidLineError('sku must be a non-empty string', path);
  return sku;
}

export function assertLines(lines: readonly DocumentLineInput[]): void {
  if (!Array.isArray(lines)) throw new InvalidLineError('lines must be an array', 'lines');
  const seen = new Set<string>();
  lines.forEach((line, i) => {
    const path = `lines[${i}]`;
    if (typeof line.lineId !== 'string' || line.lineId === '')
      throw new InvalidLineError('lineId must be a non-empty string', `${path}.lineId`);
    if (seen.has(line.lineId)) throw new InvalidLineError(`duplicate lineId "${line.lineId}"`, `${path}.lineId`);
    seen.add(line.lineId);
    assertSku(line.sku, `${path}.sku`);
    if (typeof line.quantity !== 'number' || !Number.isSafeInteger(line.quantity) || line.quantity < 1)
      throw new InvalidQuantityError(`quantity must be a positive whole number, got ${JSON.stringify(line.quantity)}`, `${path}.quantity`);
  });
}

function assertConditionType(t: ConditionType, path: string): void {
  const fail = (message: string): never => {
    throw new InvalidConditionTypeError(message, path);
  };
  if (typeof t.code !== 'string' || t.code === '') fail('code must be a non-empty string');
  if (typeof t.label !== 'string') fail('label must be a string');
  if (!['BASE', 'DISCOUNT', 'SURCHARGE', 'FREIGHT', 'TAX'].includes(t.kind)) fail(`unknown kind ${JSON.stringify(t.kind)}`);
  if (!['PERCENT', 'FIXED_AMOUNT', 'PER_QUANTITY'].includes(t.calcType)) fail(`unknown calcType ${JSON.stringify(t.calcType)}`);
  // Freight is per document; a discount may be per line or on the header (distributed to the lines
  // in proportion to their net); tax is per line, on the line's net after its header-discount share.
  if (t.kind === 'DISCOUNT') {
    if (t.level !== 'ITEM' && t.level !== 'HEADER') fail('DISCOUNT conditions must be level ITEM or HEADER');
  } else {
    const expectedLevel = t.kind === 'FREIGHT' ? 'HEADER' : 'ITEM';
    if (t.level !== expectedLevel) fail(`${t.kind} conditions must be level ${expectedLevel}`);
  }
  // A tax is a rate on a base; an amount per unit or per document is not a tax this procedure knows.
  if (t.kind === 'TAX' && t.calcType !== 'PERCENT') fail('a TAX condition must be PERCENT');
  if (t.kind === 'TAX' && t.scaleBasis !== undefined) fail('a TAX condition has no scales');
  if (t.kind === 'DISCOUNT' && t.level === 'HEADER' && t.calcType === 'PER_QUANTITY') fail('a header DISCOUNT is PERCENT or FIXED_AMOUNT');
  // A base price is what defines the line value: it has nothing to take a percent of or scale by value on.
  if (t.kind === 'BASE' && t.calcType === 'PERCENT') fail('a BASE condition cannot be PERCENT');
  // Several cumulative base prices would add up to a price nobody agreed to.
  if (t.kind === 'BASE' && t.exclusive !== true) fail('a BASE condition must be exclusive');
  if (t.kind !== 'BASE' && typeof t.exclusive !== 'boolean') fail('exclusive must be a boolean');
  if (t.kind === 'BASE' && t.scaleBasis === 'VALUE') fail('a BASE condition cannot have VALUE scales');
  if (t.scaleBasis !== undefined && t.scaleBasis !== 'QUANTITY' && t.scaleBasis !== 'VALUE')
    fail(`unknown scaleBasis ${JSON.stringify(t.scaleBasis)}`);
  if (t.graduated && !(t.calcType === 'PER_QUANTITY' && t.scaleBasis === 'QUANTITY'))
    fail('graduated scales are supported for PER_QUANTITY conditions with QUANTITY scales only');
  if (!Array.isArray(t.accessSequence) || t.accessSequence.length === 0) fail('accessSequence must not be empty');
  const allowed =
    t.kind === 'BASE'
      ? ITEM_ACCESSES
      : t.kind === 'TAX'
        ? TAX_ACCESSES
        : t.level === 'HEADER'
          ? HEADER_ACCESSES
          : [...ITEM_ACCESSES, ...HEADER_ACCESSES];
  for (const a of t.accessSequence)
    if (!allowed.includes(a)) fail(`access ${JSON.stringify(a)} is not allowed for a ${t.level} ${t.kind} condition`);
  if (new Set(t.accessSequence).size !== t.accessSequence.length) fail('accessSequence lists an access twice');
  const r = t.rounding;
  if (typeof r !== 'object' || r === null) fail('rounding is required');
  if (r.scale !== undefined && (!Number.isInteger(r.scale) || r.scale < 0 || r.scale > 10))
    fail("rounding.scale must be a whole number 0–10 (or omitted: the currency's minor units)");
  if (!ROUNDING_MODES.includes(r.mode)) fail(`unknown rounding mode ${JSON.stringify(r.mode)}`);
}

export interface CompiledProcedure {
  id: string;
  base: ConditionType;
  /** Discounts and surcharges, procedure order; their reference value is line GROSS. */
  item: ConditionType[];
  /** Header discounts, procedure order; their reference value is document NET. */
  headerDiscount: ConditionType[];
  /** Freight, procedure order; its reference value is document NET. */
  header: ConditionType[];
  /** Taxes, procedure order; their reference value is each line's net less its header-discount share. */
  tax: ConditionType[];
  /** Scale of line and document amounts: the largest rounding scale of any step, so sums stay exact. */
  amountScale: number;
}

/** Checks the configuration and reduces the procedure to the shape the calculation relies on. */
export function compileProcedure({ procedure, conditionTypes }: PricingConfig): CompiledProcedure {
  if (!Array.isArray(conditionTypes)) throw new InvalidConditionTypeError('conditionTypes must be an array', 'conditionTypes');
  const types = new Map<string, ConditionType>();
  conditionTypes.forEach((t, i) => {
    assertConditionType(t, `conditionTypes[${i}]`);
    if (types.has(t.code)) throw new InvalidConditionTypeError(`duplicate condition type "${t.code}"`, `conditionTypes[${i}]`);
    types.set(t.code, t);
  });

  if (typeof procedure !== 'object' || procedure === null || !Array.isArray(procedure.steps))
    throw new InvalidProcedureError('procedure.steps must be an array', 'procedure');
  const fail = (message: string, i: number): never => {
    throw new InvalidProcedureError(message, `procedure.steps[${i}]`);
  };
  // Phases follow the subtotals: 0 before GROSS, 1 before NET, 2 before TOTAL, 3 after TOTAL.
  const ORDER: Subtotal[] = ['GROSS', 'NET', 'TOTAL'];
  let phase = 0;
  let base: ConditionType | undefined;
  const item: ConditionType[] = [];
  const headerDiscount: ConditionType[] = [];
  const header: ConditionType[] = [];
  const tax: ConditionType[] = [];
  const used = new Set<string>();
  // Within NET..TOTAL: header discounts, then freight, then tax (tax needs the discounted base).
  const RANK = { HEADER_DISCOUNT: 0, FREIGHT: 1, TAX: 2 } as const;
  let rank = 0;
  for (const [i, step] of procedure.steps.entries()) {
    if (step.type === 'SUBTOTAL') {
      if (ORDER[phase] !== step.subtotal)
        fail(`expected subtotal ${ORDER[phase] ?? '(none: TOTAL is last)'}, got ${JSON.stringify(step.subtotal)}`, i);
      if (step.subtotal === 'GROSS' && !base) fail('GROSS needs a BASE condition before it', i);
      phase++;
      continue;
    }
    if (step.type !== 'CONDITION') fail(`unknown step type ${JSON.stringify((step as { type: unknown }).type)}`, i);
    const t = types.get(step.conditionType);
    if (!t) throw new UnknownConditionTypeError(step.conditionType, `procedure.steps[${i}]`);
    if (used.has(t.code)) fail(`condition type ${t.code} appears twice`, i);
    used.add(t.code);
    const isHeaderDiscount = t.kind === 'DISCOUNT' && t.level === 'HEADER';
    const wanted = t.kind === 'BASE' ? 0 : t.kind === 'FREIGHT' || t.kind === 'TAX' || isHeaderDiscount ? 2 : 1;
    const where = ['before GROSS', 'between GROSS and NET', 'between NET and TOTAL'][wanted];
    const what = isHeaderDiscount ? 'header DISCOUNT' : t.kind;
    if (phase !== wanted) fail(`${what} condition ${t.code} must stand ${where}`, i);
    if (wanted === 2) {
      const r = RANK[isHeaderDiscount ? 'HEADER_DISCOUNT' : (t.kind as 'FREIGHT' | 'TAX')];
      if (r < rank) fail(`${what} condition ${t.code} must stand before freight and tax (header discounts, freight, tax)`, i);
      rank = r;
    }
    if (t.kind === 'BASE') {
      if (base) fail(`only one BASE condition is allowed (${base.code} and ${t.code})`, i);
      base = t;
    } else if (isHeaderDiscount) headerDiscount.push(t);
    else if (t.kind === 'TAX') tax.push(t);
    else (t.kind === 'FREIGHT' ? header : item).push(t);
  }
  if (phase !== 3)
    throw new InvalidProcedureError('the procedure must contain the subtotals GROSS, NET and TOTAL in this order', 'procedure.steps');
  if (!base) throw new InvalidProcedureError('the procedure has no BASE condition', 'procedure.steps');
  const amountScale = Math.max(
    base.rounding.scale ?? 0,
    ...[...item, ...headerDiscount, ...header, ...tax].map((t) => t.rounding.scale ?? 0),
  );
  return { id: procedure.id, base, item, headerDiscount, header, tax, amountScale };
}
