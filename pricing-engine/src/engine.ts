/**
 * Document pricing: runs the compiled procedure over each line (base price → GROSS →
 * discounts/surcharges → NET), then the header conditions over the document (header discounts,
 * distributed to the lines; freight), then tax per line (→ TOTAL), and sums rounded components
 * into totals. Tax is rounded per line; a tax line per rate adds up the lines' rounded amounts. Pure: the same input always yields the same
 * JSON, which is what lets the portal compare its quote with the ERP's simulation at zero tolerance.
 */
import { D, HUNDRED, ZERO, format, normalize, round, scaleOf, unitPrice, type Dec } from './decimal.js';
import { RecordSet, type Resolved } from './determination.js';
import type {
  ConditionType,
  DocumentLineInput,
  DocumentPrice,
  LineError,
  LinePrice,
  LineTax,
  TaxLine,
  PriceComponent,
  PriceDocumentInput,
  PriceSource,
} from './model.js';
import { bandAt, graduatedAmount, type Band } from './scales.js';
import { assertCustomer, assertDate, assertLines, compileProcedure, type CompiledProcedure } from './validate.js';
import { forCurrency } from './currency.js';

export interface Applied {
  type: ConditionType;
  resolved: Resolved;
  band: Band;
  /** Rounded per the condition type; signed (discounts negative). */
  amount: Dec;
}

export const SOURCE_BY_ACCESS: Partial<Record<string, PriceSource>> = {
  CUSTOMER_ITEM: 'CONTRACT',
  PRICE_LIST_ITEM: 'PRICE_LIST',
  TIER_ITEM: 'TIER',
  LIST: 'LIST',
};

/**
 * One record's contribution, or undefined when its scales have no value for this basis — then
 * the record does not apply and the access search goes on (e.g. a contract price "from 100"
 * leaves a 10-piece line to the price list).
 * `reference` is the preceding subtotal: line GROSS for item conditions, document NET for header ones.
 */
export function applyRecord(type: ConditionType, resolved: Resolved, quantity: Dec, reference: Dec): Applied | undefined {
  let band: Band | undefined;
  let raw: Dec;
  if (type.graduated) {
    const g = graduatedAmount(resolved.bands, quantity);
    if (!g) return undefined;
    ({ reached: band, amount: raw } = g);
  } else {
    band = bandAt(resolved.bands, type.scaleBasis === 'VALUE' ? reference : quantity);
    if (!band) return undefined;
    raw =
      type.calcType === 'PERCENT'
        ? reference.times(band.value).div(HUNDRED)
        : type.calcType === 'PER_QUANTITY'
          ? band.value.times(quantity)
          : band.value;
  }
  const amount = round(raw, type.rounding);
  return { type, resolved, band, amount: type.kind === 'DISCOUNT' ? amount.negated() : amount };
}

/** Walks the access sequence: exclusive stops at the first applicable record, cumulative takes one per access. */
export function determine(type: ConditionType, set: RecordSet, sku: string | null, quantity: Dec, reference: Dec): Applied[] {
  const applied: Applied[] = [];
  for (const access of type.accessSequence) {
    const resolved = set.select(type, access, sku);
    const a = resolved && applyRecord(type, resolved, quantity, reference);
    if (!a) continue;
    applied.push(a);
    if (type.exclusive) break;
  }
  return applied;
}

/** Normalised text of a record's values, once per value (bands live as long as their record set). */
const texts = new WeakMap<Dec, string>();
function textOf(value: Dec): string {
  let text = texts.get(value);
  if (text === undefined) texts.set(value, (text = normalize(value)));
  return text;
}

function component(a: Applied): PriceComponent {
  const { type, resolved, band, amount } = a;
  return {
    type: type.kind,
    conditionType: type.code,
    label: type.label,
    rate: type.calcType === 'PERCENT' ? textOf(band.value) : null,
    amount: format(amount, scaleOf(type.rounding)),
    scaleFrom: band.from === null ? null : textOf(band.from),
    conditionId: resolved.record.id,
    conditionVersion: resolved.record.version,
    access: resolved.access,
  };
}

interface PricedLine {
  price: LinePrice;
  taxClass: string | null;
  gross: Dec;
  net: Dec;
  discount: Dec;
  surcharge: Dec;
}

function priceLine(proc: CompiledProcedure, set: RecordSet, line: DocumentLineInput): PricedLine | LineError {
  const quantity = new D(line.quantity);
  const [base] = determine(proc.base, set, line.sku, quantity, ZERO);
  if (!base) {
    return {
      lineId: line.lineId,
      sku: line.sku,
      code: 'NO_PRICE',
      message: `no valid ${proc.base.code} record for ${line.sku} in this currency on the pricing date`,
    };
  }
  const gross = base.amount;
  const applied = [base];
  let discount = ZERO;
  let surcharge = ZERO;
  for (const type of proc.item) {
    for (const a of determine(type, set, line.sku, quantity, gross)) {
      applied.push(a);
      if (type.kind === 'DISCOUNT') discount = discount.plus(a.amount);
      else surcharge = surcharge.plus(a.amount);
    }
  }
  const net = gross.plus(discount).plus(surcharge);
  if (net.isNegative() && !net.isZero()) {
    return {
      lineId: line.lineId,
      sku: line.sku,
      code: 'NEGATIVE_NET',
      message: `discounts exceed the price of ${line.sku}: net ${format(net, proc.amountScale)}`,
    };
  }

  // The list price is what the LIST access alone would charge for this quantity, for the "you save" view.
  // A base price found at LIST is that very record, applied to the same quantity.
  const listRecord = base.resolved.access === 'LIST' ? undefined : set.select(proc.base, 'LIST', line.sku);
  const list = (listRecord && applyRecord(proc.base, listRecord, quantity, ZERO)) ?? base;
  const r = base.resolved.record;
  const source = SOURCE_BY_ACCESS[base.resolved.access];
  if (!source) throw new Error(`unreachable: base access ${base.resolved.access}`);
  return {
    gross,
    net,
    discount,
    surcharge,
    taxClass: line.taxClass ?? null,
    price: {
      lineId: line.lineId,
      sku: line.sku,
      quantity: line.quantity,
      unitPrice: format(unitPrice(net, line.quantity), 4),
      netAmount: format(net, proc.amountScale),
      listPrice: format(unitPrice(list.amount, line.quantity), 4),
      grossAmount: format(gross, proc.amountScale),
      basis: {
        source,
        contractId: r.contractId ?? null,
        contractVersion: r.contractVersion ?? null,
        priceListId: base.resolved.access === 'PRICE_LIST_ITEM' ? r.priceListId : null,
        // Whole and ≤ the line quantity, so exact as a JS number.
        tierMinQuantity: base.band.from === null ? null : base.band.from.toNumber(),
        validFrom: r.validFrom,
        validTo: r.validTo,
        conditionId: r.id,
        conditionVersion: r.version,
      },
      components: applied.map(component),
    },
  };
}

const sum = (values: Dec[]) => values.reduce((acc, v) => acc.plus(v), ZERO);

/**
 * Splits a rounded header amount over the lines in proportion to their net, at `scale` places:
 * each share rounded down, the units left over go to the largest remainders (ties: earlier line),
 * so the shares add up to the amount exactly, whatever the line count.
 */
export function allocate(amount: Dec, weights: Dec[], scale: number): Dec[] {
  const total = sum(weights);
  if (amount.isZero() || total.isZero()) return weights.map(() => ZERO);
  const unit = new D(1).div(new D(10).pow(scale));
  const exact = weights.map((w) => amount.times(w).div(total));
  const shares = exact.map((e) => e.toDecimalPlaces(scale, D.ROUND_DOWN));
  let left = amount.minus(sum(shares));
  const order = exact.map((e, i) => ({ i, rest: e.minus(shares[i]!) })).sort((a, b) => b.rest.comparedTo(a.rest) || a.i - b.i);
  for (const { i } of order) {
    if (left.lt(unit)) break;
    shares[i] = shares[i]!.plus(unit);
    left = left.minus(unit);
  }
  return shares;
}

/** What pricing the lines needs besides them: the compiled procedure and the indexed records. */
interface Prepared {
  proc: CompiledProcedure;
  set: RecordSet;
  pricingDate: string;
  currency: string;
}

/** The lines priced and the header conditions determined: what the entry points below share. */
function priceLinesAndHeader({ proc, set }: Prepared, lines: readonly DocumentLineInput[]) {
  const priced: PricedLine[] = [];
  const errors: LineError[] = [];
  for (const line of lines) {
    const result = priceLine(proc, set, line);
    if ('code' in result) errors.push(result);
    else priced.push(result);
  }

  const net = sum(priced.map((l) => l.net));
  // No priced line, no document to ship: an empty or wholly unpriced cart carries no header
  // discount, freight or tax.
  const discounts: Applied[] = [];
  const header: Applied[] = [];
  if (priced.length > 0) {
    // Whole numbers: added as such while exact, in decimals only past 2^53.
    let pieces = 0;
    for (const l of priced) pieces += l.price.quantity;
    const quantity = Number.isSafeInteger(pieces) ? new D(pieces) : sum(priced.map((l) => new D(l.price.quantity)));
    for (const type of proc.headerDiscount) discounts.push(...determine(type, set, null, quantity, net));
    for (const type of proc.header) header.push(...determine(type, set, null, quantity, net));
  }
  return { priced, errors, net, discounts, header };
}

/** Checks in the order `priceDocument` always has: configuration, customer, date, lines, records. */
function prepare(input: PriceDocumentInput): Prepared {
  const proc = compileProcedure(forCurrency(input));
  assertCustomer(input.customer);
  const pricingDate = assertDate(input.pricingDate, 'pricingDate');
  assertLines(input.lines);
  return { proc, set: new RecordSet(input.records, input.customer, pricingDate), pricingDate, currency: input.customer.currency };
}

/**
 * The priced lines of a document and its line errors alone — exactly `priceDocument(input).lines`
 * and `.errors`, refusing the same input — without distributing header discounts, taxing lines or
 * summing totals: for callers that show line prices only (the portal's `Item.price`).
 */
export function priceLines(input: PriceDocumentInput): LinePrices {
  return linesOf(prepare(input), input.lines);
}

export type LinePrices = Pick<DocumentPrice, 'currency' | 'pricingDate' | 'lines' | 'errors'>;

function linesOf(prepared: Prepared, lines: readonly DocumentLineInput[]): LinePrices {
  const { priced, errors } = priceLinesAndHeader(prepared, lines);
  return { currency: prepared.currency, pricingDate: prepared.pricingDate, lines: priced.map((l) => l.price), errors };
}

/** Several documents priced from one set of records for one customer and date. */
export interface Pricer {
  /** As `priceDocument` with these lines and the pricer's records, customer and date. */
  priceDocument(lines: readonly DocumentLineInput[]): DocumentPrice;
  /** As `priceLines` with these lines and the pricer's records, customer and date. */
  priceLines(lines: readonly DocumentLineInput[]): LinePrices;
}

/**
 * A pricer: the procedure compiled and the records indexed once, and each governing record
 * resolved once for all the documents it prices (a page showing item prices and a cart's totals
 * prices the same items twice). The same results as the one-document calls; configuration,
 * customer, date and records are checked here, each document's lines when it is priced.
 */
export function createPricer(input: Omit<PriceDocumentInput, 'lines'>): Pricer {
  const proc = compileProcedure(forCurrency(input));
  assertCustomer(input.customer);
  const pricingDate = assertDate(input.pricingDate, 'pricingDate');
  const prepared: Prepared = {
    proc,
    set: new RecordSet(input.records, input.customer, pricingDate),
    pricingDate,
    currency: input.customer.currency,
  };
  return {
    priceDocument(lines) {
      assertLines(lines);
      return documentOf(prepared, lines);
    },
    priceLines(lines) {
      assertLines(lines);
      return linesOf(prepared, lines);
    },
  };
}

/** Prices a document (cart, order simulation, or a single line for `Item.price`). */
export function priceDocument(input: PriceDocumentInput): DocumentPrice {
  return documentOf(prepare(input), input.lines);
}

function documentOf(prepared: Prepared, lines: readonly DocumentLineInput[]): DocumentPrice {
  const { proc, set, pricingDate, currency } = prepared;
  const { priced, errors, net, discounts, header } = priceLinesAndHeader(prepared, lines);
  // A header discount never takes the document below zero: the last ones are cut to what is left.
  let room = net;
  for (const a of discounts) {
    const cut = D.min(a.amount.negated(), room);
    a.amount = cut.negated();
    room = room.minus(cut);
  }
  const headerDiscount = sum(discounts.map((a) => a.amount)).negated();
  const shares = allocate(
    headerDiscount,
    priced.map((l) => l.net),
    proc.amountScale,
  );
  const freight = sum(header.map((a) => a.amount));

  const lineTaxes: LineTax[] = [];
  const byRate = new Map<string, { type: ConditionTypeLike; rate: Dec; base: Dec; amount: Dec }>();
  let tax = ZERO;
  priced.forEach((l, i) => {
    const share = shares[i]!;
    const base = l.net.minus(share);
    const taxClass = l.taxClass;
    // One tax per line: the first tax condition type of the procedure with a record for the class.
    let applied: Applied | undefined;
    for (const type of taxClass === null ? [] : proc.tax) {
      [applied] = determine(type, set, taxClass, ZERO, base);
      if (applied) break;
    }
    lineTaxes.push({
      lineId: l.price.lineId,
      taxClass,
      headerDiscount: format(share, proc.amountScale),
      base: format(base, proc.amountScale),
      conditionType: applied?.type.code ?? null,
      conditionId: applied?.resolved.record.id ?? null,
      conditionVersion: applied?.resolved.record.version ?? null,
      rate: applied ? normalize(applied.band.value) : null,
      amount: format(applied?.amount ?? ZERO, proc.amountScale),
    });
    if (!applied) return;
    tax = tax.plus(applied.amount);
    const key = `${applied.type.code}\u0000${normalize(applied.band.value)}`;
    const entry = byRate.get(key);
    if (entry) {
      entry.base = entry.base.plus(base);
      entry.amount = entry.amount.plus(applied.amount);
    } else byRate.set(key, { type: applied.type, rate: applied.band.value, base, amount: applied.amount });
  });
  const taxLines: TaxLine[] = [...byRate.values()]
    .sort((a, b) => b.rate.comparedTo(a.rate) || (a.type.code < b.type.code ? -1 : a.type.code > b.type.code ? 1 : 0))
    .map((t) => ({
      conditionType: t.type.code,
      label: t.type.label,
      rate: normalize(t.rate),
      base: format(t.base, proc.amountScale),
      amount: format(t.amount, proc.amountScale),
    }));

  const money = (v: Dec) => format(v, proc.amountScale);
  return {
    procedureId: proc.id,
    currency,
    pricingDate,
    lines: priced.map((l) => l.price),
    header: [...discounts, ...header].map(component),
    lineTaxes,
    taxLines,
    totals: {
      subtotal: money(sum(priced.map((l) => l.gross))),
      discount: money(sum(priced.map((l) => l.discount)).negated()),
      surcharge: money(sum(priced.map((l) => l.surcharge))),
      freight: money(freight),
      net: money(net),
      headerDiscount: money(headerDiscount),
      tax: money(tax),
      total: money(net.minus(headerDiscount).plus(freight).plus(tax)),
    },
    errors,
  };
}

type ConditionTypeLike = Pick<ConditionType, 'code' | 'label'>;
