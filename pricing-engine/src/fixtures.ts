/**
 * Test fixtures for this package's unit tests (not exported from the package): a customer,
 * a record builder that fills the key field its access needs, and a pricing call over the
 * default procedure.
 */
import { DEFAULT_CONDITION_TYPES, DEFAULT_PROCEDURE } from './defaults.js';
import { priceDocument } from './engine.js';
import type {
  Access,
  ConditionRecord,
  ConditionType,
  DocumentLineInput,
  DocumentPrice,
  PriceDocumentInput,
  PricingCustomer,
} from './model.js';

export const customer: PricingCustomer = { accountId: 'ACME', priceListId: 'PL-US', tier: 'GOLD', currency: 'USD', minorUnits: 2 };
export const DATE = '2026-06-15';

const KEYS: Partial<Record<Access, Partial<ConditionRecord>>> = {
  CUSTOMER_ITEM: { accountId: 'ACME' },
  CUSTOMER: { accountId: 'ACME', sku: null },
  PRICE_LIST_ITEM: { priceListId: 'PL-US' },
  PRICE_LIST: { priceListId: 'PL-US', sku: null },
  TIER_ITEM: { tier: 'GOLD' },
  TIER: { tier: 'GOLD', sku: null },
  ALL: { sku: null },
  COUNTRY_TAX_CLASS: { sku: null, country: 'DE', taxClass: 'STANDARD' },
};

/** A record of `conditionType` at `access` for ACME / PL-US / GOLD, item A-1, USD, valid from 2026-01-01. */
export function rec(conditionType: string, access: Access, over: Partial<ConditionRecord> = {}): ConditionRecord {
  return {
    id: over.id ?? `${conditionType}-${access}`,
    version: 1,
    conditionType,
    access,
    sku: 'A-1',
    accountId: null,
    priceListId: null,
    tier: null,
    currency: 'USD',
    validFrom: '2026-01-01',
    validTo: null,
    ...KEYS[access],
    ...over,
  };
}

export const line = (sku: string, quantity: number, lineId = `L-${sku}`): DocumentLineInput => ({ lineId, sku, quantity });

/** DEFAULT_CONDITION_TYPES with some types overridden by code. */
export function typesWith(...overrides: (Partial<ConditionType> & { code: string })[]): ConditionType[] {
  const byCode = new Map(overrides.map((o) => [o.code, o]));
  const known = DEFAULT_CONDITION_TYPES.map((t) => ({ ...t, ...byCode.get(t.code) }));
  const added = overrides.filter((o) => !DEFAULT_CONDITION_TYPES.some((t) => t.code === o.code)) as ConditionType[];
  return [...known, ...added];
}

export function price(records: ConditionRecord[], lines: DocumentLineInput[], over: Partial<PriceDocumentInput> = {}): DocumentPrice {
  return priceDocument({
    procedure: DEFAULT_PROCEDURE,
    conditionTypes: DEFAULT_CONDITION_TYPES,
    records,
    customer,
    pricingDate: DATE,
    lines,
    ...over,
  });
}

/** The only line of a one-line document (fails loudly if it did not price). */
export function priceOne(records: ConditionRecord[], quantity: number, over: Partial<PriceDocumentInput> = {}) {
  const doc = price(records, [line('A-1', quantity)], over);
  const [first] = doc.lines;
  if (!first) throw new Error(`A-1 did not price: ${JSON.stringify(doc.errors)}`);
  return first;
}
