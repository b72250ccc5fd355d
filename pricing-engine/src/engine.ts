/**
 * Document pricing: runs the compiled procedure over each line (base price → GROSS →
 * discounts/surcharges → NET), then the header conditions over the document (→ freight →
 * TOTAL), and sums rounded components into totals. Pure: the same input always yields the same
 * JSON, which is what lets the portal compare its quote with the ERP's simulation at zero tolerance.
 */
import { D, HUNDRED, ZERO, format, normalize, round, unitPrice, type Dec } from './decimal.js';
import { RecordSet, type Resolved } from './determination.js';
import type {
  ConditionType,
  DocumentLineInput,
  DocumentPrice,
  LineError,
  LinePrice,
  PriceComponent,
  PriceDocumentInput,
  PriceSource,
} from './model.js';
import { bandAt, graduatedAmount, type Band } from './scales.js';
import { assertCustomer, assertDate, assertLines, compileProcedure, type CompiledProcedure } from './validate.js';

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

function component(a: Applied): PriceComponent {
  const { type, resolved, band, amount } = a;
  return {
    type: type.kind,
    conditionType: type.code,
    label: type.label,
    rate: type.calcType === 'PERCENT' ? normalize(band.value) : null,
    amount: format(amount, type.rounding.scale),
    scaleFrom: band.from === null ? null : normalize(band.from),
    conditionId: resolved.record.id,
    conditionVersion: resolved.record.version,
    access: resolved.access,
  };
}

interface PricedLine {
  price: LinePrice;
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
  const listRecord = set.select(proc.base, 'LIST', line.sku);
  const list = (listRecord && applyRecord(proc.base, listRecord, quantity, ZERO)) ?? base;
  const r = base.resolved.record;
  const source = SOURCE_BY_ACCESS[base.resolved.access];
  if (!source) throw new Error(`unreachable: base access ${base.resolved.access}`);
  return {
    gross,
    net,
    discount,
    surcharge,
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

/** Prices a document (cart, order simulation, or a single line for `Item.price`). */
export function priceDocument(input: PriceDocumentInput): DocumentPrice {
  const proc = compileProcedure(input);
  assertCustomer(input.customer);
  const pricingDate = assertDate(input.pricingDate, 'pricingDate');
  assertLines(input.lines);
  const set = new RecordSet(input.records, input.customer, pricingDate);

  const priced: PricedLine[] = [];
  const errors: LineError[] = [];
  for (const line of input.lines) {
    const result = priceLine(proc, set, line);
    if ('code' in result) errors.push(result);
    else priced.push(result);
  }

  const net = sum(priced.map((l) => l.net));
  // No priced line, no document to ship: an empty or wholly unpriced cart carries no freight.
  const header: Applied[] = [];
  if (priced.length > 0) {
    const quantity = sum(priced.map((l) => new D(l.price.quantity)));
    for (const type of proc.header) header.push(...determine(type, set, null, quantity, net));
  }
  const freight = sum(header.map((a) => a.amount));
  const money = (v: Dec) => format(v, proc.amountScale);
  return {
    procedureId: proc.id,
    currency: input.customer.currency,
    pricingDate,
    lines: priced.map((l) => l.price),
    header: header.map(component),
    totals: {
      subtotal: money(sum(priced.map((l) => l.gross))),
      discount: money(sum(priced.map((l) => l.discount)).negated()),
      surcharge: money(sum(priced.map((l) => l.surcharge))),
      freight: money(freight),
      net: money(net),
      total: money(net.plus(freight)),
    },
    errors,
  };
}
