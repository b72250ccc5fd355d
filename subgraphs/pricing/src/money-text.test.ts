import { describe, expect, it } from 'vitest';
import { Decimal, formatAmount } from '@portal/platform/money';
import { moneyAmount } from './money-text.js';

describe('moneyAmount', () => {
  it.each([
    ['12.3400', 'USD', '12.34'],
    ['12.3456', 'USD', '12.3456'],
    ['324', 'JPY', '324'],
    ['324.00', 'JPY', '324'],
    ['0.3230', 'JPY', '0.323'],
    ['-0.00', 'USD', '0.00'],
    ['-0', 'JPY', '0'],
    ['-5.5', 'KWD', '-5.500'],
    ['007.50', 'USD', '7.50'],
    ['-0.001', 'USD', '-0.001'],
  ])('%s %s → %s', (value, currency, expected) => {
    expect(moneyAmount(value, currency)).toBe(expected);
    expect(formatAmount(value, currency)).toBe(expected);
  });

  it('agrees with formatAmount on generated decimal text in every minor-unit class', () => {
    let seed = 7;
    const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2147483648), seed % n);
    const digits = (n: number) => Array.from({ length: n }, () => String(rnd(10) < 4 ? 0 : rnd(10))).join('');
    for (let k = 0; k < 5000; k++) {
      const int = digits(1 + rnd(22));
      const frac = rnd(3) === 0 ? '' : `.${digits(1 + rnd(12))}`;
      const value = `${rnd(3) === 0 ? '-' : ''}${int}${frac}`;
      for (const currency of ['JPY', 'USD', 'KWD', 'CLF'])
        expect([value, currency, moneyAmount(value, currency)]).toEqual([value, currency, formatAmount(value, currency)]);
    }
  });

  it('leaves other values (Decimals, numbers, exponents) to formatAmount', () => {
    for (const value of [new Decimal('-0'), new Decimal('12.5'), 3, 1.5, '1e3', '.5'])
      expect(moneyAmount(value, 'USD')).toBe(formatAmount(value, 'USD'));
    expect(() => formatAmount(' 12.00', 'USD')).toThrow();
    expect(() => moneyAmount(' 12.00', 'USD')).toThrow();
    expect(() => moneyAmount('1.00', 'usd')).toThrow(/invalid currency/);
  });
});
