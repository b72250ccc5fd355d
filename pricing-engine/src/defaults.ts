/**
 * The demo configuration shared by the reference ERP's seed and the portal: one procedure and
 * its seven condition types. A real ERP adapter maps its own configuration onto these shapes.
 */
import type { ConditionType, PricingProcedure } from './model.js';

/** Commercial rounding to the document currency's minor units (JPY 0, USD 2, KWD 3). */
const MINOR_UNITS = { mode: 'HALF_UP' } as const;

/** Deep, because both the ERP and the portal hold these same objects: a mutation would silently reprice the other. */
function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

export const DEFAULT_CONDITION_TYPES: readonly ConditionType[] = deepFreeze([
  {
    code: 'PR00',
    kind: 'BASE',
    label: 'Base price',
    calcType: 'PER_QUANTITY',
    level: 'ITEM',
    accessSequence: ['CUSTOMER_ITEM', 'PRICE_LIST_ITEM', 'TIER_ITEM', 'LIST'],
    exclusive: true,
    scaleBasis: 'QUANTITY',
    graduated: false,
    rounding: MINOR_UNITS,
  },
  {
    code: 'K007',
    kind: 'DISCOUNT',
    label: 'Customer discount',
    calcType: 'PERCENT',
    level: 'ITEM',
    // An item-specific agreement replaces the customer's general discount rather than adding to it.
    accessSequence: ['CUSTOMER_ITEM', 'CUSTOMER'],
    exclusive: true,
    rounding: MINOR_UNITS,
  },
  {
    code: 'K004',
    kind: 'DISCOUNT',
    label: 'Volume discount',
    calcType: 'PERCENT',
    level: 'ITEM',
    // Cumulative: a general volume break on the item and the price list's own break both apply.
    accessSequence: ['CUSTOMER_ITEM', 'PRICE_LIST_ITEM', 'TIER_ITEM', 'LIST'],
    exclusive: false,
    scaleBasis: 'QUANTITY',
    rounding: MINOR_UNITS,
  },
  {
    code: 'ZSUR',
    kind: 'SURCHARGE',
    label: 'Small-quantity surcharge',
    calcType: 'FIXED_AMOUNT',
    level: 'ITEM',
    // Per line; a customer record (e.g. 0.00) waives the general rule.
    accessSequence: ['CUSTOMER', 'ALL'],
    exclusive: true,
    scaleBasis: 'QUANTITY',
    rounding: MINOR_UNITS,
  },
  {
    code: 'KF00',
    kind: 'FREIGHT',
    label: 'Freight',
    calcType: 'FIXED_AMOUNT',
    level: 'HEADER',
    accessSequence: ['CUSTOMER', 'PRICE_LIST', 'TIER', 'ALL'],
    exclusive: true,
    scaleBasis: 'VALUE',
    rounding: MINOR_UNITS,
  },
  {
    code: 'HD00',
    kind: 'DISCOUNT',
    label: 'Order discount',
    calcType: 'PERCENT',
    level: 'HEADER',
    // A percentage of the document's net once it reaches a value; the customer's own record wins.
    accessSequence: ['CUSTOMER', 'PRICE_LIST', 'TIER', 'ALL'],
    exclusive: true,
    scaleBasis: 'VALUE',
    rounding: MINOR_UNITS,
  },
  {
    code: 'TX00',
    kind: 'TAX',
    label: 'Tax',
    calcType: 'PERCENT',
    level: 'ITEM',
    // The rate for the ship-to country and the item's tax class; rounded per line.
    accessSequence: ['COUNTRY_TAX_CLASS'],
    exclusive: true,
    rounding: MINOR_UNITS,
  },
] satisfies ConditionType[]);

export const DEFAULT_PROCEDURE: PricingProcedure = deepFreeze({
  id: 'ZPORTAL',
  steps: [
    { type: 'CONDITION', conditionType: 'PR00' },
    { type: 'SUBTOTAL', subtotal: 'GROSS' },
    { type: 'CONDITION', conditionType: 'K007' },
    { type: 'CONDITION', conditionType: 'K004' },
    { type: 'CONDITION', conditionType: 'ZSUR' },
    { type: 'SUBTOTAL', subtotal: 'NET' },
    { type: 'CONDITION', conditionType: 'HD00' },
    { type: 'CONDITION', conditionType: 'KF00' },
    { type: 'CONDITION', conditionType: 'TX00' },
    { type: 'SUBTOTAL', subtotal: 'TOTAL' },
  ],
} satisfies PricingProcedure);
