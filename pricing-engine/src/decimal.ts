/**
 * Decimal arithmetic for the engine. A private decimal.js constructor, so that another module
 * calling `Decimal.set(...)` on the shared global can never change a price; strict parsing of
 * decimal strings; rounding and canonical formatting.
 */
import Decimal from 'decimal.js';
import { InvalidDecimalError } from './errors.js';
import type { Rounding, RoundingMode } from './model.js';

/**
 * 64 significant digits: inputs are at most 20 integer + 10 fraction digits, so a product of two
 * of them is exact and only the explicit rounding steps below ever round.
 */
export const D = Decimal.clone({ precision: 64, rounding: Decimal.ROUND_HALF_UP, toExpNeg: -64, toExpPos: 64 });
export type Dec = InstanceType<typeof D>;

export const ZERO = new D(0);
export const HUNDRED = new D(100);

/** Unsigned: record values, rates and thresholds are never negative (the kind gives the sign). */
const DECIMAL_TEXT = /^\d{1,20}(\.\d{1,10})?$/;

export function parseDecimal(value: unknown, path: string): Dec {
  if (typeof value !== 'string' || !DECIMAL_TEXT.test(value)) {
    throw new InvalidDecimalError(`expected a non-negative decimal string like "12.50", got ${JSON.stringify(value)}`, path);
  }
  return new D(value);
}

const MODES: Record<RoundingMode, Decimal.Rounding> = {
  // decimal.js modes are defined on the magnitude, which is what makes them sign-symmetric.
  HALF_UP: Decimal.ROUND_HALF_UP,
  HALF_EVEN: Decimal.ROUND_HALF_EVEN,
  DOWN: Decimal.ROUND_DOWN,
  UP: Decimal.ROUND_UP,
};

/** The places a rounding resolved for the document's currency has (see currency.ts: `forCurrency`). */
export function scaleOf(rounding: Rounding): number {
  if (rounding.scale === undefined) throw new Error('unreachable: rounding not resolved for the document currency');
  return rounding.scale;
}

export function round(value: Dec, rounding: Rounding): Dec {
  return value.toDecimalPlaces(scaleOf(rounding), MODES[rounding.mode]);
}

/** Fixed scale, never an exponent, never "-0.00". */
export function format(value: Dec, scale: number): string {
  return (value.isZero() ? ZERO : value).toFixed(scale);
}

/** Minimal form for rates and thresholds, so '5', '5.00' and '5.0000' (numeric(18,4)) read alike. */
export function normalize(value: Dec): string {
  return value.toFixed();
}

export const UNIT_PRICE_SCALE = 4;

export function unitPrice(amount: Dec, quantity: number): Dec {
  return amount.div(quantity).toDecimalPlaces(UNIT_PRICE_SCALE, Decimal.ROUND_HALF_UP);
}
