/**
 * @portal/pricing-engine — the condition technique, shared by the reference ERP (price
 * simulation, the system of record) and the portal's pricing subgraph (local pricing over synced
 * records). Pure and deterministic: no I/O, no clock (the pricing date is an input), decimal
 * strings in and out, typed errors for malformed input.
 */
import type { PricingConfig } from './model.js';
import { compileProcedure } from './validate.js';

export { priceDocument } from './engine.js';
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
