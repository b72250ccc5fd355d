/**
 * ISO 4217 minor units: how many decimal places an amount in a currency has (JPY 0, USD 2,
 * KWD 3). The one table every service rounds and formats money with — pricing, the reference ERP,
 * the adapters, the subgraphs and the `Decimal` amounts of the API. No dependencies, so the ERP,
 * the engines' callers and the browser-free scripts can all import it.
 */
import Decimal from 'decimal.js';

/** Currencies whose minor unit is not 2 places (ISO 4217, current codes); every other code has 2. */
const NOT_TWO: Readonly<Record<string, number>> = Object.freeze({
  // 0 places
  BIF: 0,
  CLP: 0,
  DJF: 0,
  GNF: 0,
  ISK: 0,
  JPY: 0,
  KMF: 0,
  KRW: 0,
  PYG: 0,
  RWF: 0,
  UGX: 0,
  UYI: 0,
  VND: 0,
  VUV: 0,
  XAF: 0,
  XOF: 0,
  XPF: 0,
  // 3 places
  BHD: 3,
  IQD: 3,
  JOD: 3,
  KWD: 3,
  LYD: 3,
  OMR: 3,
  TND: 3,
  // 4 places
  CLF: 4,
  UYW: 4,
});

const CODE = /^[A-Z]{3}$/;

/** Decimal places of an amount in `currency` (ISO 4217); 2 for any code the table does not list. */
export function minorUnits(currency: string): number {
  if (!CODE.test(currency)) throw new Error(`invalid currency "${currency}"`);
  return NOT_TWO[currency] ?? 2;
}

/**
 * The largest number of minor units any currency has: the scale of the database columns that hold
 * money (`numeric(18,4)`), so one column holds a yen, a cent and a fils amount exactly.
 */
export const MAX_MINOR_UNITS = 4;

/** Commercial rounding (half up, on the magnitude) to the currency's minor units. */
export function roundAmount(value: Decimal.Value, currency: string): Decimal {
  return new Decimal(value).toDecimalPlaces(minorUnits(currency), Decimal.ROUND_HALF_UP);
}

/**
 * An amount as the API and documents show it: exactly the currency's minor units ("324" JPY,
 * "12.30" USD, "12.345" KWD), never an exponent, never "-0". An amount carrying more places than
 * the currency has (a unit price of 0.3230 JPY) keeps its significant ones ("0.323") rather than
 * hiding them: formatting never rounds.
 */
export function formatAmount(value: Decimal.Value, currency: string): string {
  const d = new Decimal(value);
  const scale = minorUnits(currency);
  const text = d.decimalPlaces() > scale ? d.toFixed() : d.toFixed(scale);
  return d.isZero() ? text.replace(/^-/, '') : text;
}

/** Rounds to the currency's minor units and formats: what a stored or shown amount is. */
export function amountText(value: Decimal.Value, currency: string): string {
  return formatAmount(roundAmount(value, currency), currency);
}

/** Whether `value` has no more decimal places than its currency allows (an entered amount). */
export function fitsMinorUnits(value: Decimal.Value, currency: string): boolean {
  return new Decimal(value).decimalPlaces() <= minorUnits(currency);
}
