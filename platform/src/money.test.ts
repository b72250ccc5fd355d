import { describe, expect, it } from 'vitest';
import { GraphQLError, Kind } from 'graphql';
import { Decimal, DecimalScalar, addMoney, formatDecimal, money, parseDecimal, roundMoney } from './money.js';

describe('Decimal scalar', () => {
  it('serialises a number with at least two fraction digits, decimal text as given', () => {
    expect(DecimalScalar.serialize(new Decimal('1234.5'))).toBe('1234.50');
    expect(DecimalScalar.serialize('0.125')).toBe('0.125');
    // Text passes as its producer formatted it (an amount with its currency's minor units).
    expect(DecimalScalar.serialize('324')).toBe('324');
    expect(formatDecimal('10')).toBe('10.00');
  });
  it('parses strings and integers, refuses fractional JSON numbers and junk', () => {
    expect(parseDecimal('0.10').plus('0.20').toFixed()).toBe('0.3');
    expect(parseDecimal(7).toFixed()).toBe('7');
    for (const bad of [0.1, '1e5', 'abc', '', null, {}]) expect(() => parseDecimal(bad)).toThrow(GraphQLError);
    expect(() => DecimalScalar.parseLiteral({ kind: Kind.FLOAT, value: '1.5' })).toThrow(GraphQLError);
  });
});

describe('Money', () => {
  it('adds exactly within one currency and refuses mixing currencies', () => {
    expect(addMoney(money('0.10', 'USD'), money('0.20', 'USD')).amount.toFixed(2)).toBe('0.30');
    expect(() => addMoney(money(1, 'USD'), money(1, 'EUR'))).toThrow(/currency mismatch/);
    expect(() => money(1, 'usd')).toThrow(/invalid currency/);
  });
  it('rounds half-up (commercial rounding)', () => {
    expect(roundMoney(money('2.345', 'EUR')).amount.toFixed(2)).toBe('2.35');
    expect(roundMoney(money('-2.345', 'EUR')).amount.toFixed(2)).toBe('-2.35');
  });
});
