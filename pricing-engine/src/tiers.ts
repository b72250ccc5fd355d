/**
 * The volume ladder of an item for one customer and date: what the buyer pays per unit from each
 * quantity at which some quantity-dependent condition changes. The breaks come from the scales of
 * every item condition that can govern the item — base price, volume discounts, surcharges, with
 * value scales turned into the quantity whose gross reaches them — and each break is priced by
 * `priceDocument`, the very call that prices a line, so a tier can never differ from the price of
 * that quantity (account discounts and volume discounts included).
 */
import { D, type Dec } from './decimal.js';
import { RecordSet } from './determination.js';
import { determine, priceDocument } from './engine.js';
import { InvalidRecordError } from './errors.js';
import type { ConditionType, PriceTier, PriceTiersInput } from './model.js';
import type { Band } from './scales.js';
import { assertCustomer, assertDate, assertSku, compileProcedure } from './validate.js';
import { forCurrency } from './currency.js';

const ONE = new D(1);
// Only thresholds a line could reach: quantities are positive safe integers.
const LIMIT = new D(Number.MAX_SAFE_INTEGER);

/** Every quantity from which some record of this item's conditions changes its value. */
function breakQuantities(types: readonly ConditionType[], base: ConditionType, set: RecordSet, sku: string): Dec[] {
  const breaks = new Map<string, Dec>([['1', ONE]]);
  const add = (q: Dec) => {
    if (q.gte(ONE) && q.lte(LIMIT)) breaks.set(q.toFixed(), q);
  };
  const bandsOf = (type: ConditionType): Band[] =>
    type.accessSequence.flatMap((access) => set.select(type, access, sku)?.bands ?? []).filter((b) => b.from !== null);
  const valueThresholds: Dec[] = [];
  for (const type of types) {
    if (type.scaleBasis === 'QUANTITY') for (const b of bandsOf(type)) add(b.from!.ceil());
    else if (type.scaleBasis === 'VALUE' && type !== base) valueThresholds.push(...bandsOf(type).map((b) => b.from!));
  }
  if (valueThresholds.length > 0) {
    // A value scale on an item condition is reached by the line's gross: find the first quantity
    // whose gross (the base price the engine determines there) reaches each threshold.
    const grossAt = (q: Dec) => determine(base, set, sku, q, new D(0))[0]?.amount;
    const baseBreaks = [...breaks.values()].sort((a, b) => a.comparedTo(b));
    for (const v of valueThresholds) {
      if (base.graduated || base.calcType !== 'PER_QUANTITY') {
        // Graduated (or per line) gross only grows with the quantity: bisect.
        let lo = ONE;
        let hi = LIMIT;
        if (!(grossAt(hi)?.gte(v) ?? false)) continue;
        while (lo.lt(hi)) {
          const mid = lo.plus(hi).div(2).floor();
          if (grossAt(mid)?.gte(v) ?? false) hi = mid;
          else lo = mid.plus(1);
        }
        add(lo);
        continue;
      }
      // Flat unit price within each base band: the threshold is reached at ⌈v / unit⌉ if that lies in the band.
      baseBreaks.forEach((from, i) => {
        const unit = grossAt(from)?.div(from);
        if (!unit || unit.isZero()) return;
        const q = D.max(from, v.div(unit).ceil());
        const next = baseBreaks[i + 1];
        if (!next || q.lt(next)) add(q);
      });
    }
  }
  return [...breaks.values()].sort((a, b) => a.comparedTo(b));
}

export function priceTiers(input: PriceTiersInput): PriceTier[] {
  const proc = compileProcedure(forCurrency(input));
  assertCustomer(input.customer);
  const pricingDate = assertDate(input.pricingDate, 'pricingDate');
  const sku = assertSku(input.sku, 'sku');
  // Only records that can touch this item (every version of them: a newer version may move a record
  // to another key), so a caller pricing many ladders from one record list does not index it each time.
  if (!Array.isArray(input.records)) throw new InvalidRecordError('(all)', 'records must be an array');
  const relevant = new Set(input.records.filter((r) => r.sku === sku || r.sku === null || r.sku === undefined).map((r) => r.id));
  const records = input.records.filter((r) => relevant.has(r.id));
  const set = new RecordSet(records, input.customer, pricingDate);
  const quantities = breakQuantities([proc.base, ...proc.item], proc.base, set, sku);

  // One document, one line per break: each line is priced exactly as a cart line of that quantity.
  const doc = priceDocument({ ...input, records, lines: quantities.map((q) => ({ lineId: q.toFixed(), sku, quantity: q.toNumber() })) });
  const tiers: PriceTier[] = [];
  for (const price of doc.lines) {
    const prev = tiers.at(-1);
    // A threshold that changes nothing the buyer pays (or why) is not a tier of its own.
    if (prev && prev.unitPrice === price.unitPrice && prev.conditionId === price.basis.conditionId) continue;
    tiers.push({
      minQuantity: price.quantity,
      unitPrice: price.unitPrice,
      graduated: proc.base.graduated === true,
      source: price.basis.source,
      conditionType: proc.base.code,
      conditionId: price.basis.conditionId,
      conditionVersion: price.basis.conditionVersion,
      validFrom: price.basis.validFrom,
      validTo: price.basis.validTo,
      price,
    });
  }
  return tiers;
}
