/**
 * One rounding rule per document: every condition amount is rounded, with its condition type's
 * mode, to the document currency's minor units (ISO 4217: JPY 0, USD 2, KWD 3), and lines and
 * totals are sums of those rounded amounts. A condition type may round coarser (`rounding.scale`
 * below the minor units, e.g. whole-unit freight) but never finer than the currency has. The
 * minor units come with the customer (`PricingCustomer.minorUnits`): the engine keeps no
 * currency table of its own, the caller's ERP or the portal's table says.
 */
import { InvalidCustomerError } from './errors.js';
import type { ConditionType, PricingConfig, PricingCustomer } from './model.js';

/** Highest minor units of any ISO 4217 currency (CLF, UYW: 4). */
export const MAX_MINOR_UNITS = 4;

export function assertMinorUnits(c: PricingCustomer): number {
  const m = (c as { minorUnits?: unknown } | null)?.minorUnits;
  if (typeof m !== 'number' || !Number.isInteger(m) || m < 0 || m > MAX_MINOR_UNITS)
    throw new InvalidCustomerError(
      `minorUnits must be the currency's ISO 4217 decimal places (0–${MAX_MINOR_UNITS}), got ${JSON.stringify(m)}`,
      'customer.minorUnits',
    );
  return m;
}

/** The configuration with each condition type's rounding resolved for the document's currency. */
export function forCurrency<T extends PricingConfig & { customer: PricingCustomer }>(input: T): T {
  const minor = assertMinorUnits(input.customer);
  if (!Array.isArray(input.conditionTypes)) return input;
  const conditionTypes = input.conditionTypes.map((t: ConditionType) => {
    const r = t?.rounding as ConditionType['rounding'] | undefined;
    if (typeof r !== 'object' || r === null) return t;
    const scale = r.scale === undefined ? minor : Math.min(r.scale, minor);
    return { ...t, rounding: { mode: r.mode, scale } };
  });
  return { ...input, conditionTypes };
}
