/**
 * Condition record determination: which record governs each access of a condition type for
 * one customer, item, currency and pricing date. Owns record identity (highest version per id),
 * the access keys, validity and the tie-break between overlapping records; every ordering is
 * by code point, never by locale, so the ERP and the portal agree byte for byte.
 */
import { InvalidDateError, InvalidRecordError } from './errors.js';
import type { Access, ConditionRecord, ConditionType, PricingCustomer } from './model.js';
import { resolveBands, type Band } from './scales.js';
import { isIsoDate } from './validate.js';

/** A governing record with its parsed values. */
export interface Resolved {
  record: ConditionRecord;
  access: Access;
  bands: Band[];
}

const ITEM_KEYED = new Set<Access>(['CUSTOMER_ITEM', 'PRICE_LIST_ITEM', 'TIER_ITEM', 'LIST']);

function matchesCustomer(r: ConditionRecord, c: PricingCustomer): boolean {
  switch (r.access) {
    case 'CUSTOMER_ITEM':
    case 'CUSTOMER':
      return r.accountId === c.accountId;
    case 'PRICE_LIST_ITEM':
    case 'PRICE_LIST':
      return c.priceListId !== null && r.priceListId === c.priceListId;
    case 'TIER_ITEM':
    case 'TIER':
      return c.tier !== null && r.tier === c.tier;
    case 'LIST':
    case 'ALL':
      return true;
    case 'COUNTRY_TAX_CLASS':
      return typeof c.shipToCountry === 'string' && r.country === c.shipToCountry;
    default:
      // An access this engine does not know can never be in a sequence: the record is simply not reachable.
      return false;
  }
}

/** Tax classes share the per-key index with SKUs; the prefix keeps a SKU named like a class apart. */
const taxKey = (taxClass: string) => `\u0001tax:${taxClass}`;

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Among records of one access valid on the date, the latest validFrom wins (a dated overlay such
 * as a promotion beats the long-running record it overlaps), then the higher version, then the
 * smaller id — only so that even conflicting data prices deterministically.
 */
function governing(a: ConditionRecord, b: ConditionRecord): number {
  return cmp(b.validFrom, a.validFrom) || b.version - a.version || cmp(a.id, b.id);
}

interface TypeRecords {
  bySku: Map<string, ConditionRecord[]>;
  /** Records of accesses without the SKU in their key. */
  keyless: ConditionRecord[];
}

/** The records one pricing call works with, indexed once and resolved on demand. */
export class RecordSet {
  private readonly byType = new Map<string, TypeRecords>();
  /** Access → condition type → SKU (or tax class; '' for keyless accesses) → the governing record. */
  private readonly cache = new Map<Access, Map<string, Map<string | null, Resolved | null>>>();

  constructor(
    records: readonly ConditionRecord[],
    private readonly customer: PricingCustomer,
    private readonly pricingDate: string,
  ) {
    if (!Array.isArray(records)) throw new InvalidRecordError('(all)', 'records must be an array');
    // Identity first: a newer version replaces the older one even if it changed currency, keys or validity.
    const latest = new Map<string, ConditionRecord>();
    for (const r of records) {
      if (typeof r.id !== 'string' || r.id === '') throw new InvalidRecordError(String(r.id), 'id must be a non-empty string');
      if (!Number.isSafeInteger(r.version))
        throw new InvalidRecordError(r.id, `version must be a whole number, got ${JSON.stringify(r.version)}`);
      const seen = latest.get(r.id);
      if (seen?.version === r.version) throw new InvalidRecordError(r.id, `version ${r.version} is present twice`);
      if (!seen || seen.version < r.version) latest.set(r.id, r);
    }
    for (const r of latest.values()) {
      // Another currency is never converted and never mixed: such a record does not exist for this customer.
      if (r.currency !== customer.currency || !matchesCustomer(r, customer)) continue;
      let entry = this.byType.get(r.conditionType);
      if (!entry) this.byType.set(r.conditionType, (entry = { bySku: new Map(), keyless: [] }));
      // Tax records are keyed by tax class (the country matched above), held like item-keyed ones.
      if (r.access === 'COUNTRY_TAX_CLASS') {
        if (typeof r.taxClass === 'string') {
          const key = taxKey(r.taxClass);
          const list = entry.bySku.get(key);
          if (list) list.push(r);
          else entry.bySku.set(key, [r]);
        }
      } else if (!ITEM_KEYED.has(r.access)) entry.keyless.push(r);
      else if (typeof r.sku === 'string') {
        const list = entry.bySku.get(r.sku);
        if (list) list.push(r);
        else entry.bySku.set(r.sku, [r]);
      }
    }
  }

  /**
   * The governing record of one access, or undefined when the access finds none valid on the
   * pricing date. For the tax access `sku` is the line's tax class.
   */
  select(type: ConditionType, access: Access, sku: string | null): Resolved | undefined {
    const keyed = ITEM_KEYED.has(access) || access === 'COUNTRY_TAX_CLASS';
    const key = keyed ? sku : '';
    // Nested maps rather than one composite string key: a line asks about ten accesses, and
    // building and hashing a fresh string for each was a measurable share of pricing a cart.
    let byType = this.cache.get(access);
    if (!byType) this.cache.set(access, (byType = new Map()));
    let byKey = byType.get(type.code);
    if (!byKey) byType.set(type.code, (byKey = new Map()));
    const hit = byKey.get(key);
    if (hit !== undefined) return hit ?? undefined;
    const entry = this.byType.get(type.code);
    const skuKey = access === 'COUNTRY_TAX_CLASS' && sku !== null ? taxKey(sku) : sku;
    const pool = !entry ? [] : keyed ? (skuKey === null ? [] : (entry.bySku.get(skuKey) ?? [])) : entry.keyless;
    // The first record in `governing` order among those of this access valid on the date (every
    // one of them is checked, so a malformed date fails the same whichever record wins).
    let winner: ConditionRecord | undefined;
    for (const r of pool) if (r.access === access && this.isValid(r) && (!winner || governing(r, winner) < 0)) winner = r;
    const resolved = winner ? { record: winner, access, bands: resolveBands(winner, type) } : undefined;
    byKey.set(key, resolved ?? null);
    return resolved;
  }

  private isValid(r: ConditionRecord): boolean {
    if (!isIsoDate(r.validFrom))
      throw new InvalidDateError(`validFrom must be YYYY-MM-DD, got ${JSON.stringify(r.validFrom)}`, `record ${r.id}.validFrom`);
    if (r.validTo !== null && !isIsoDate(r.validTo))
      throw new InvalidDateError(`validTo must be YYYY-MM-DD or null, got ${JSON.stringify(r.validTo)}`, `record ${r.id}.validTo`);
    // ISO dates order as strings; both ends inclusive.
    return r.validFrom <= this.pricingDate && (r.validTo === null || this.pricingDate <= r.validTo);
  }
}

/** The engine's validity rule (both ends inclusive), for callers that prefilter records, e.g. in SQL. */
export function isValidOn(r: Pick<ConditionRecord, 'validFrom' | 'validTo'>, date: string): boolean {
  return r.validFrom <= date && (r.validTo === null || date <= r.validTo);
}
