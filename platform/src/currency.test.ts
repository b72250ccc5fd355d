import { describe, expect, it } from 'vitest';
import { DecimalScalar, MoneyResolvers, roundMoney, money } from './money.js';
import { amountText, fitsMinorUnits, formatAmount, minorUnits, roundAmount } from './currency.js';

describe('ISO 4217 minor units', () => {
  it('gives each currency its decimal places, 2 for the rest', () => {
    expect(['JPY', 'KRW', 'ISK', 'VND'].map(minorUnits)).toEqual([0, 0, 0, 0]);
    expect(['KWD', 'BHD', 'JOD', 'OMR', 'TND', 'IQD', 'LYD'].map(minorUnits)).toEqual([3, 3, 3, 3, 3, 3, 3]);
    expect(['USD', 'EUR', 'GBP', 'CHF', 'XYZ'].map(minorUnits)).toEqual([2, 2, 2, 2, 2]);
    expect(minorUnits('CLF')).toBe(4);
    expect(() => minorUnits('jpy')).toThrow(/invalid currency/);
  });

  it('rounds half up on the magnitude to the currency', () => {
    expect(roundAmount('323.5', 'JPY').toFixed()).toBe('324');
    expect(roundAmount('-323.5', 'JPY').toFixed()).toBe('-324');
    expect(roundAmount('323.49', 'JPY').toFixed()).toBe('323');
    expect(roundAmount('12.3455', 'KWD').toFixed()).toBe('12.346');
    expect(roundAmount('2.345', 'USD').toFixed()).toBe('2.35');
    expect(roundMoney(money('323.01', 'JPY')).amount.toFixed()).toBe('323');
  });

  it('formats an amount with exactly its minor units, never rounding a finer one away', () => {
    expect(formatAmount('324.00', 'JPY')).toBe('324');
    expect(formatAmount('324', 'USD')).toBe('324.00');
    expect(formatAmount('12.3450', 'KWD')).toBe('12.345');
    expect(formatAmount('0.3230', 'JPY')).toBe('0.323');
    expect(formatAmount('-0.00', 'JPY')).toBe('0');
    expect(amountText('323.01', 'JPY')).toBe('323');
    expect(amountText('12.3456', 'KWD')).toBe('12.346');
  });

  it('tells whether an entered amount fits the currency', () => {
    expect(fitsMinorUnits('1000', 'JPY')).toBe(true);
    expect(fitsMinorUnits('1000.00', 'JPY')).toBe(true);
    expect(fitsMinorUnits('1000.5', 'JPY')).toBe(false);
    expect(fitsMinorUnits('1.125', 'KWD')).toBe(true);
    expect(fitsMinorUnits('1.125', 'USD')).toBe(false);
  });

  it('shows Money.amount in the API with its currency scale, whatever the parent holds', () => {
    const shown = (amount: string, currency: string) => DecimalScalar.serialize(MoneyResolvers.amount({ amount, currency }));
    expect(shown('324.0000', 'JPY')).toBe('324');
    expect(shown('12.3450', 'KWD')).toBe('12.345');
    expect(shown('1234.5', 'USD')).toBe('1234.50');
  });
});
