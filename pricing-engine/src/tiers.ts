/**
 * The volume ladder of an item's base price for one customer and date, before anything is in a
 * cart. Built by asking, at every quantity where some candidate record's scale changes, which
 * record would win there — so a contract price that only starts at 100 pieces shows up as the
 * tier at 100 on top of the price-list tiers below it.
 */
import { D, format, type Dec } from './decimal.js';
import { RecordSet, type Resolved } from './determination.js';
import { SOURCE_BY_ACCESS } from './engine.js';
import type { PriceTier, PriceTiersInput } from './model.js';
import { bandAt } from './scales.js';
import { assertCustomer, assertDate, assertSku, compileProcedure } from './validate.js';

const ONE = new D(1);

export function priceTiers(input: PriceTiersInput): PriceTier[] {
  const { base } = compileProcedure(input);
  assertCustomer(input.customer);
  const pricingDate = assertDate(input.pricingDate, 'pricingDate');
  const sku = assertSku(input.sku, 'sku');
  const set = new RecordSet(input.records, input.customer, pricingDate);

  const candidates = base.accessSequence.map((a) => set.select(base, a, sku)).filter((r): r is Resolved => r !== undefined);
  // Only thresholds a line could reach: quantities are positive safe integers.
  const limit = new D(Number.MAX_SAFE_INTEGER);
  const breaks = new Map<string, Dec>([['1', ONE]]);
  for (const c of candidates)
    for (const b of c.bands) if (b.from !== null && b.from.gte(ONE) && b.from.lte(limit)) breaks.set(b.from.toFixed(), b.from);
  const quantities = [...breaks.values()].sort((a, b) => a.comparedTo(b));

  const tiers: PriceTier[] = [];
  for (const q of quantities) {
    // The same rule as pricing: the first access whose record has a value at this quantity wins.
    let winner: { resolved: Resolved; value: Dec } | undefined;
    for (const resolved of candidates) {
      const band = bandAt(resolved.bands, q);
      if (band) {
        winner = { resolved, value: band.value };
        break;
      }
    }
    if (!winner) continue;
    const r = winner.resolved.record;
    // A FIXED_AMOUNT base price is per line: its per-unit equivalent at the tier's first quantity.
    const perUnit = base.calcType === 'FIXED_AMOUNT' ? winner.value.div(q) : winner.value;
    const unitPrice = format(perUnit.toDecimalPlaces(4, D.ROUND_HALF_UP), 4);
    const prev = tiers.at(-1);
    if (prev && prev.conditionId === r.id && prev.unitPrice === unitPrice && base.calcType !== 'FIXED_AMOUNT') continue;
    const source = SOURCE_BY_ACCESS[winner.resolved.access];
    if (!source) throw new Error(`unreachable: base access ${winner.resolved.access}`);
    tiers.push({
      minQuantity: q.toNumber(),
      unitPrice,
      graduated: base.graduated === true,
      source,
      conditionType: base.code,
      conditionId: r.id,
      conditionVersion: r.version,
      validFrom: r.validFrom,
      validTo: r.validTo,
    });
  }
  return tiers;
}
