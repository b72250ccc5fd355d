/**
 * @portal/pricing-engine — the condition technique, shared by the reference ERP (price
 * simulation, the system of record) and the portal's pricing subgraph (local pricing over synced
 * records). Pure and deterministic: no I/O, no clock (the pricing date is an input), decimal
 * strings in and out, typed errors for malformed input.
 */
import type { PricingConfig } from './model.js';
import { compileProcedure } from './validate.js';

export { createPricer, priceDocument, priceLines, type LinePrices, type Pricer } from './engine.js';
export { priceTiers } from './tiers.js';
export { isValidOn } from './determination.js';
export { DEFAULT_CONDITION_TYPES, DEFAULT_PROCEDURE } from './defaults.js';
export {
  InvalidConditionTypeError,
  InvalidCustomerError,
  InvalidDateError,
  InvalidDecimalError,
  InvalidLineError,
  InvalidProcedureError,
  InvalidQuantityError,
  InvalidRecordError,
  PricingInputError,
  UnknownConditionTypeError,
  type PricingInputErrorCode,
} from './errors.js';
export type * from './model.js';

/** Checks a procedure and its condition types (e.g. at startup), throwing the same typed errors pricing would. */
export function validatePricingConfig(config: PricingConfig): void {
  compileProcedure(config);
}

import type { Access, ConditionRecord, ScaleLevel } from './model.js';

/** A condition row as databases hand it back (optional columns may be undefined). */
export interface ConditionRow {
  id: string;
  version: number;
  conditionType: string;
  access: string;
  sku?: string | null;
  accountId?: string | null;
  priceListId?: string | null;
  tier?: string | null;
  currency: string;
  amount?: string | null;
  rate?: string | null;
  scales?: readonly ScaleLevel[] | null;
  validFrom: string;
  validTo?: string | null;
  contractId?: string | null;
  contractVersion?: number | null;
  country?: string | null;
  taxClass?: string | null;
}

/** The canonical record of a stored row (the ERP's and the portal's tables share the shape). */
export function toConditionRecord(c: ConditionRow): ConditionRecord {
  return {
    id: c.id,
    version: c.version,
    conditionType: c.conditionType,
    access: c.access as Access,
    sku: c.sku ?? null,
    accountId: c.accountId ?? null,
    priceListId: c.priceListId ?? null,
    tier: c.tier ?? null,
    currency: c.currency,
    amount: c.amount ?? null,
    rate: c.rate ?? null,
    scales: c.scales ?? [],
    validFrom: c.validFrom,
    validTo: c.validTo ?? null,
    contractId: c.contractId ?? null,
    contractVersion: c.contractVersion ?? null,
    country: c.country ?? null,
    taxClass: c.taxClass ?? null,
  };
}
