/**
 * The price engine (condition technique, first slice): for an account, item, currency, quantity
 * and pricing date, walk the base-price access sequence from most to least specific —
 * customer+item (contract) → price list+item → tier+item → list price — and take the first
 * access with a record valid on the pricing date. Pure: records in, breakdown out.
 * Scales, discounts, surcharges and freight arrive with the pricing issue.
 */
import { Decimal } from '@portal/platform/money';

export type Access = 'CUSTOMER_ITEM' | 'PRICE_LIST_ITEM' | 'TIER_ITEM' | 'LIST';
export const ACCESS_SEQUENCE: readonly Access[] = ['CUSTOMER_ITEM', 'PRICE_LIST_ITEM', 'TIER_ITEM', 'LIST'];
export const BASE_PRICE = 'PR00';

export interface ConditionRecord {
  id: string;
  version: number;
  conditionType: string;
  access: string;
  sku: string;
  accountId: string | null;
  priceListId: string | null;
  tier: string | null;
  currency: string;
  amount: string;
  validFrom: string;
  validTo: string | null;
}

export interface PricingCustomer {
  accountId: string;
  currency: string;
  priceListId: string;
  tier: string;
}

export interface PriceRequest {
  sku: string;
  quantity: number;
  pricingDate: string;
}

export type PriceSource = 'CONTRACT' | 'PRICE_LIST' | 'TIER' | 'LIST';

export interface PriceBreakdown {
  sku: string;
  quantity: number;
  currency: string;
  pricingDate: string;
  unitPrice: Decimal;
  netAmount: Decimal;
  listPrice: Decimal;
  basis: {
    source: PriceSource;
    contractId: string | null;
    contractVersion: number | null;
    priceListId: string | null;
    tierMinQuantity: number | null;
    validFrom: string;
    validTo: string | null;
  };
  components: { type: 'BASE'; label: string; rate: null; amount: Decimal; conditionId: string; conditionVersion: number }[];
}

const SOURCE: Record<Access, PriceSource> = { CUSTOMER_ITEM: 'CONTRACT', PRICE_LIST_ITEM: 'PRICE_LIST', TIER_ITEM: 'TIER', LIST: 'LIST' };
const LABEL: Record<Access, string> = {
  CUSTOMER_ITEM: 'Contract price',
  PRICE_LIST_ITEM: 'Price list price',
  TIER_ITEM: 'Tier price',
  LIST: 'List price',
};

export const isValidOn = (r: Pick<ConditionRecord, 'validFrom' | 'validTo'>, date: string) =>
  r.validFrom <= date && (r.validTo === null || date <= r.validTo);

function matchesAccess(r: ConditionRecord, access: Access, c: PricingCustomer): boolean {
  if (r.access !== access) return false;
  switch (access) {
    case 'CUSTOMER_ITEM':
      return r.accountId === c.accountId;
    case 'PRICE_LIST_ITEM':
      return r.priceListId === c.priceListId;
    case 'TIER_ITEM':
      return r.tier === c.tier;
    case 'LIST':
      return true;
  }
}

/** Among several valid records of one access, the latest start wins, then the highest version. */
function newest(records: ConditionRecord[]): ConditionRecord | undefined {
  return [...records].sort((a, b) => (a.validFrom === b.validFrom ? b.version - a.version : a.validFrom < b.validFrom ? 1 : -1))[0];
}

export class InvalidQuantityError extends Error {}

/** Price one line; undefined when no access has a valid record in the customer's currency. */
export function priceLine(records: ConditionRecord[], customer: PricingCustomer, req: PriceRequest): PriceBreakdown | undefined {
  if (!Number.isSafeInteger(req.quantity) || req.quantity < 1) throw new InvalidQuantityError('quantity must be a positive integer');
  const candidates = records.filter(
    (r) => r.sku === req.sku && r.conditionType === BASE_PRICE && r.currency === customer.currency && isValidOn(r, req.pricingDate),
  );
  const list = newest(candidates.filter((r) => r.access === 'LIST'));
  for (const access of ACCESS_SEQUENCE) {
    const winner = newest(candidates.filter((r) => matchesAccess(r, access, customer)));
    if (!winner) continue;
    const unitPrice = new Decimal(winner.amount).toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
    const netAmount = unitPrice.mul(req.quantity).toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
    return {
      sku: req.sku,
      quantity: req.quantity,
      currency: customer.currency,
      pricingDate: req.pricingDate,
      unitPrice,
      netAmount,
      listPrice: list ? new Decimal(list.amount).toDecimalPlaces(2, Decimal.ROUND_HALF_UP) : unitPrice,
      basis: {
        source: SOURCE[access],
        contractId: access === 'CUSTOMER_ITEM' ? winner.id : null,
        contractVersion: access === 'CUSTOMER_ITEM' ? winner.version : null,
        priceListId: access === 'PRICE_LIST_ITEM' ? winner.priceListId : null,
        tierMinQuantity: null,
        validFrom: winner.validFrom,
        validTo: winner.validTo,
      },
      components: [
        { type: 'BASE', label: LABEL[access], rate: null, amount: netAmount, conditionId: winner.id, conditionVersion: winner.version },
      ],
    };
  }
  return undefined;
}
