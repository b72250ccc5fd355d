import { describe, expect, it } from 'vitest';
import { DEFAULT_CONDITION_TYPES, DEFAULT_PROCEDURE } from './defaults.js';
import {
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
} from './errors.js';
import { customer, line, price, rec, typesWith } from './fixtures.js';
import { validatePricingConfig } from './index.js';
import type { ConditionRecord, ConditionType, ProcedureStep } from './model.js';

const base = rec('PR00', 'LIST', { amount: '10.00' });
const steps = (...codes: string[]): ProcedureStep[] =>
  codes.map((c) =>
    ['GROSS', 'NET', 'TOTAL'].includes(c) ? { type: 'SUBTOTAL', subtotal: c as 'GROSS' } : { type: 'CONDITION', conditionType: c },
  );
const config = (s: ProcedureStep[], conditionTypes: readonly ConditionType[] = DEFAULT_CONDITION_TYPES) => ({
  procedure: { id: 'P', steps: s },
  conditionTypes,
});

/** Runs fn and returns what it threw, so a test can assert class, code and path together. */
function thrown(fn: () => unknown): PricingInputError {
  try {
    fn();
  } catch (e) {
    if (e instanceof PricingInputError) return e;
    throw e;
  }
  throw new Error('expected a PricingInputError, nothing was thrown');
}

describe('lines and customer', () => {
  it.each([0, -1, 1.5, Number.NaN, 2 ** 53, '3'])('quantity %s is refused with InvalidQuantityError', (quantity) => {
    const e = thrown(() => price([base], [{ lineId: 'x', sku: 'A-1', quantity: quantity as number }]));
    expect(e).toBeInstanceOf(InvalidQuantityError);
    expect([e.code, e.path]).toEqual(['INVALID_QUANTITY', 'lines[0].quantity']);
  });

  it('duplicate line ids and empty skus are refused', () => {
    expect(thrown(() => price([base], [line('A-1', 1, 'x'), line('A-1', 2, 'x')]))).toBeInstanceOf(InvalidLineError);
    expect(thrown(() => price([base], [line('', 1)])).path).toBe('lines[0].sku');
  });

  it.each(['2026-02-30', '2026-13-01', '2026-06-00', '2026-6-15', '15.06.2026', ''])('pricing date %j is refused', (pricingDate) => {
    expect(thrown(() => price([base], [line('A-1', 1)], { pricingDate }))).toBeInstanceOf(InvalidDateError);
  });

  it('accepts 29 February only in leap years', () => {
    expect(price([base], [line('A-1', 1)], { pricingDate: '2028-02-29' }).totals.net).toBe('10.00');
    expect(thrown(() => price([base], [line('A-1', 1)], { pricingDate: '2027-02-29' })).code).toBe('INVALID_DATE');
  });

  it('a customer without a valid currency is refused', () => {
    expect(thrown(() => price([base], [line('A-1', 1)], { customer: { ...customer, currency: 'usd' } }))).toBeInstanceOf(
      InvalidCustomerError,
    );
  });
});

describe('records', () => {
  it.each(['1,50', '1e3', ' 1.00', '-1.00', '0x10', '1.00000000001', ''])('amount %j is a malformed decimal', (amount) => {
    const e = thrown(() => price([rec('PR00', 'LIST', { amount })], [line('A-1', 1)]));
    expect(e).toBeInstanceOf(InvalidDecimalError);
    expect(e.path).toBe('record PR00-LIST.amount');
  });

  it('a numeric (non-string) amount is refused: floats never enter', () => {
    expect(thrown(() => price([rec('PR00', 'LIST', { amount: 10.1 as unknown as string })], [line('A-1', 1)]))).toBeInstanceOf(
      InvalidDecimalError,
    );
  });

  it('malformed scale thresholds and rates are refused', () => {
    const scale = (scales: ConditionRecord['scales']) => price([base, rec('K004', 'LIST', { scales })], [line('A-1', 1)]);
    expect(thrown(() => scale([{ from: '1.5', rate: '2' }])).message).toContain('whole quantity');
    expect(thrown(() => scale([{ from: '1', rate: '2%' }]))).toBeInstanceOf(InvalidDecimalError);
    expect(thrown(() => scale([{ from: '1', amount: '2' }]))).toBeInstanceOf(InvalidRecordError);
    expect(
      thrown(() =>
        scale([
          { from: '1', rate: '2' },
          { from: '1.0', rate: '3' },
        ]),
      ).message,
    ).toContain('two scale levels');
  });

  it('a record without a value, or with scales its type cannot read, is refused', () => {
    expect(thrown(() => price([rec('PR00', 'LIST')], [line('A-1', 1)]))).toBeInstanceOf(InvalidRecordError);
    expect(
      thrown(() => price([base, rec('K007', 'CUSTOMER', { scales: [{ from: '1', rate: '2' }] })], [line('A-1', 1)])).message,
    ).toContain('no scaleBasis');
  });

  it('graduated scales must cover the first unit', () => {
    const types = typesWith({ code: 'PR00', graduated: true });
    expect(
      thrown(() => price([rec('PR00', 'LIST', { scales: [{ from: '10', amount: '9' }] })], [line('A-1', 10)], { conditionTypes: types })),
    ).toBeInstanceOf(InvalidRecordError);
  });

  it('the same id and version twice is refused; malformed validity dates are refused', () => {
    expect(thrown(() => price([base, { ...base, amount: '11.00' }], [line('A-1', 1)])).message).toContain('version 1 is present twice');
    expect(thrown(() => price([rec('PR00', 'LIST', { amount: '1', validFrom: '2026/01/01' })], [line('A-1', 1)])).path).toBe(
      'record PR00-LIST.validFrom',
    );
  });
});

describe('procedure and condition types', () => {
  it('the defaults are valid and deeply frozen', () => {
    expect(() => validatePricingConfig({ procedure: DEFAULT_PROCEDURE, conditionTypes: DEFAULT_CONDITION_TYPES })).not.toThrow();
    expect(Object.isFrozen(DEFAULT_CONDITION_TYPES[0]?.accessSequence)).toBe(true);
    expect(Object.isFrozen(DEFAULT_PROCEDURE.steps[0])).toBe(true);
  });

  it('an unknown condition type in the procedure is refused', () => {
    const e = thrown(() => validatePricingConfig(config(steps('PR00', 'GROSS', 'ZZZZ', 'NET', 'TOTAL'))));
    expect(e).toBeInstanceOf(UnknownConditionTypeError);
    expect([e.code, e.path, (e as UnknownConditionTypeError).conditionType]).toEqual([
      'UNKNOWN_CONDITION_TYPE',
      'procedure.steps[2]',
      'ZZZZ',
    ]);
  });

  it.each([
    [['PR00', 'NET', 'TOTAL'], 'expected subtotal GROSS'],
    [['GROSS', 'PR00', 'NET', 'TOTAL'], 'needs a BASE'],
    [['PR00', 'K007', 'GROSS', 'NET', 'TOTAL'], 'between GROSS and NET'],
    [['PR00', 'GROSS', 'KF00', 'NET', 'TOTAL'], 'between NET and TOTAL'],
    [['PR00', 'GROSS', 'NET', 'TOTAL', 'KF00'], 'between NET and TOTAL'],
    [['PR00', 'GROSS', 'K007', 'K007', 'NET', 'TOTAL'], 'appears twice'],
    [['PR00', 'GROSS', 'NET', 'TX00', 'KF00', 'TOTAL'], 'must stand before freight and tax'],
    [['PR00', 'GROSS', 'NET', 'KF00', 'HD00', 'TOTAL'], 'must stand before freight and tax'],
    [['PR00', 'GROSS', 'TX00', 'NET', 'TOTAL'], 'between NET and TOTAL'],
    [['PR00', 'GROSS', 'HD00', 'NET', 'TOTAL'], 'between NET and TOTAL'],
    [['PR00', 'GROSS', 'NET'], 'GROSS, NET and TOTAL'],
  ])('procedure %j is refused (%s)', (codes, message) => {
    const e = thrown(() => validatePricingConfig(config(steps(...codes))));
    expect(e).toBeInstanceOf(InvalidProcedureError);
    expect(e.message).toContain(message);
  });

  it.each([
    [{ code: 'KF00', level: 'ITEM' as const }, 'must be level HEADER'],
    [{ code: 'ZSUR', level: 'HEADER' as const }, 'must be level ITEM'],
    [{ code: 'K007', level: 'HEADER' as const }, 'not allowed for a HEADER DISCOUNT'],
    [{ code: 'TX00', level: 'HEADER' as const }, 'must be level ITEM'],
    [{ code: 'TX00', calcType: 'FIXED_AMOUNT' as const }, 'must be PERCENT'],
    [{ code: 'TX00', scaleBasis: 'VALUE' as const }, 'no scales'],
    [{ code: 'TX00', accessSequence: ['CUSTOMER' as const] }, 'not allowed'],
    [{ code: 'K007', accessSequence: ['COUNTRY_TAX_CLASS' as const] }, 'not allowed'],
    [{ code: 'HD00', calcType: 'PER_QUANTITY' as const }, 'PERCENT or FIXED_AMOUNT'],
    [{ code: 'K004', graduated: true }, 'graduated'],
    [{ code: 'PR00', exclusive: false }, 'must be exclusive'],
    [{ code: 'PR00', accessSequence: ['CUSTOMER' as const] }, 'not allowed'],
    [{ code: 'KF00', accessSequence: ['LIST' as const] }, 'not allowed'],
    [{ code: 'K007', accessSequence: [] }, 'must not be empty'],
    [{ code: 'K007', rounding: { scale: 2.5, mode: 'HALF_UP' as const } }, 'rounding.scale'],
    [{ code: 'K007', rounding: { scale: 2, mode: 'CEILING' as 'UP' } }, 'rounding mode'],
  ])('condition type %j is refused (%s)', (override, message) => {
    const e = thrown(() => validatePricingConfig(config(DEFAULT_PROCEDURE.steps as ProcedureStep[], typesWith(override))));
    expect(e).toBeInstanceOf(InvalidConditionTypeError);
    expect(e.message).toContain(message);
  });

  it('condition type codes must be unique', () => {
    expect(
      thrown(() =>
        validatePricingConfig(
          config(DEFAULT_PROCEDURE.steps as ProcedureStep[], [...DEFAULT_CONDITION_TYPES, DEFAULT_CONDITION_TYPES[0]!]),
        ),
      ).message,
    ).toContain('duplicate');
  });
});
