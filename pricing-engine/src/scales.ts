/**
 * A record's values as bands (its flat value plus its scale levels) and their evaluation:
 * the band reached by a basis, or — graduated — the sum over every band a quantity passes.
 * Records are validated here, lazily: only records that could govern a price are parsed, so
 * the outcome never depends on how much unrelated data a caller happened to pass in.
 */
import { D, ZERO, parseDecimal, type Dec } from './decimal.js';
import { InvalidRecordError } from './errors.js';
import type { ConditionRecord, ConditionType } from './model.js';

export interface Band {
  /** null: the record's flat value, which applies from 0 up to the first scale level. */
  from: Dec | null;
  value: Dec;
}

const ONE = new D(1);

/** Where in a record a value sits, for error messages (a module function: no closure per record). */
function pathOf(record: ConditionRecord, p: string): string {
  return `record ${record.id}.${p}`;
}

/** The record's bands, ascending; throws when the record cannot be evaluated for this type. */
export function resolveBands(record: ConditionRecord, type: ConditionType): Band[] {
  const field = type.calcType === 'PERCENT' ? 'rate' : 'amount';
  const flatText = record[field];
  const flat = flatText === undefined || flatText === null ? null : parseDecimal(flatText, pathOf(record, field));

  const levels = record.scales ?? [];
  if (!Array.isArray(levels)) throw new InvalidRecordError(record.id, 'scales must be an array');
  if (levels.length > 0 && type.scaleBasis === undefined)
    throw new InvalidRecordError(record.id, `has scales but condition type ${type.code} defines no scaleBasis`);
  const scaled: Band[] = levels.map((level, i) => {
    const from = parseDecimal(level.from, pathOf(record, `scales[${i}].from`));
    // Quantities are whole units, so a fractional quantity threshold could never be hit exactly.
    if (type.scaleBasis === 'QUANTITY' && !from.isInteger())
      throw new InvalidRecordError(record.id, `scales[${i}].from must be a whole quantity, got "${level.from}"`);
    const text = level[field];
    if (text === undefined || text === null) throw new InvalidRecordError(record.id, `scales[${i}] has no ${field}`);
    return { from, value: parseDecimal(text, pathOf(record, `scales[${i}].${field}`)) };
  });
  // Sorted here rather than trusted, so the ERP's and the portal's storage order cannot matter.
  scaled.sort((a, b) => a.from!.comparedTo(b.from!));
  for (let i = 1; i < scaled.length; i++)
    if (scaled[i]!.from!.eq(scaled[i - 1]!.from!))
      throw new InvalidRecordError(record.id, `two scale levels start at ${scaled[i]!.from!.toFixed()}`);

  const first = scaled[0];
  const bands = flat !== null && (!first || first.from!.gt(ZERO)) ? [{ from: null, value: flat }, ...scaled] : scaled;
  if (bands.length === 0) throw new InvalidRecordError(record.id, `has neither ${field} nor scales`);
  if (type.graduated && bands[0]!.from !== null && bands[0]!.from.gt(ONE))
    throw new InvalidRecordError(record.id, `graduated scales must start at 0 or 1 (or the record must carry a flat ${field})`);
  return bands;
}

const lowerBound = (b: Band) => b.from ?? ZERO;

/** The band whose threshold is the highest one ≤ basis; undefined when the basis is below all of them. */
export function bandAt(bands: readonly Band[], basis: Dec): Band | undefined {
  let reached: Band | undefined;
  for (const b of bands) if (lowerBound(b).lte(basis)) reached = b;
  return reached;
}

/**
 * Graduated: unit k (1-based) is priced by the band with the highest threshold ≤ k, so
 * "from 10" means the 10th unit onwards. Unrounded; the caller rounds once.
 */
export function graduatedAmount(bands: readonly Band[], quantity: Dec): { amount: Dec; reached: Band } | undefined {
  let amount = ZERO;
  let reached: Band | undefined;
  bands.forEach((band, i) => {
    const lo = D.max(ONE, lowerBound(band));
    const next = bands[i + 1];
    const hi = next ? D.min(quantity, lowerBound(next).minus(1)) : quantity;
    if (hi.lt(lo)) return;
    amount = amount.plus(band.value.times(hi.minus(lo).plus(1)));
    reached = band;
  });
  return reached ? { amount, reached } : undefined;
}
