/**
 * Input checks of the ATP engine: malformed warehouses, quantities and supply rows are refused with
 * a DomainInputError naming the field (a mis-signed issue would silently over-promise).
 */
import { DomainInputError, assertIsoDate, assertTimeOfDay, assertTimeZone } from './calendar.js';
import type { ItemSupply, WarehouseParams } from './supply.js';
import { ISSUE_KINDS, RECEIPT_KINDS } from './movement-kinds.js';

export function positiveInt(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value <= 0)
    throw new DomainInputError(field, `expected a positive integer, got ${String(value)}`);
  return value;
}

export function nonNegativeInt(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0)
    throw new DomainInputError(field, `expected a non-negative integer, got ${String(value)}`);
  return value;
}

export function validateWarehouse(wh: WarehouseParams): WarehouseParams {
  if (typeof wh?.id !== 'string' || wh.id === '') throw new DomainInputError('warehouse.id', 'expected a warehouse id');
  if (typeof wh.calendar?.isWorkingDay !== 'function') throw new DomainInputError('warehouse.calendar', 'expected a WorkingCalendar');
  assertTimeZone(wh.timeZone, 'warehouse.timeZone');
  assertTimeOfDay(wh.cutoffTime, 'warehouse.cutoffTime');
  nonNegativeInt(wh.pickPackDays, 'warehouse.pickPackDays');
  nonNegativeInt(wh.loadingDays, 'warehouse.loadingDays');
  nonNegativeInt(wh.transitDays, 'warehouse.transitDays');
  return wh;
}

const RECEIPTS: ReadonlySet<string> = new Set(RECEIPT_KINDS);
const ISSUES: ReadonlySet<string> = new Set(ISSUE_KINDS);

export function validateSupply(supply: ItemSupply): ItemSupply {
  // Stock may be negative (a real ERP books ahead of counting); it simply lowers C.
  if (!Number.isSafeInteger(supply.stockOnHand))
    throw new DomainInputError('stockOnHand', `expected an integer, got ${String(supply.stockOnHand)}`);
  if (!Array.isArray(supply.movements)) throw new DomainInputError('movements', 'expected an array');
  supply.movements.forEach((m, i) => {
    const field = `movements[${i}]`;
    assertIsoDate(m.date, `${field}.date`);
    if (!Number.isSafeInteger(m.quantity))
      throw new DomainInputError(`${field}.quantity`, `expected an integer, got ${String(m.quantity)}`);
    if (RECEIPTS.has(m.kind)) {
      if (m.quantity < 0) throw new DomainInputError(`${field}.quantity`, `a ${m.kind} receipt must not be negative`);
    } else if (ISSUES.has(m.kind)) {
      if (m.quantity > 0) throw new DomainInputError(`${field}.quantity`, `a ${m.kind} issue must be negative`);
    } else throw new DomainInputError(`${field}.kind`, `unknown movement kind ${JSON.stringify(m.kind)}`);
  });
  return supply;
}
