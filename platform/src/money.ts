/**
 * Money and the `Decimal` scalar. Amounts are decimal.js values in code, `numeric(p,s)` in
 * Postgres and JSON strings on the wire ("1234.50"); floats never touch money.
 */
import Decimal from 'decimal.js';
import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';
import { formatAmount, roundAmount } from './currency.js';

export { Decimal };
export { MAX_MINOR_UNITS, amountText, fitsMinorUnits, formatAmount, minorUnits, roundAmount } from './currency.js';

/** Canonical string form: no exponent, at least `scale` fraction digits. */
export function formatDecimal(value: Decimal.Value, scale = 2): string {
  const d = new Decimal(value);
  return d.decimalPlaces() > scale ? d.toFixed() : d.toFixed(scale);
}

const DECIMAL_TEXT = /^-?\d{1,20}(\.\d{1,10})?$/;

export function parseDecimal(value: unknown): Decimal {
  if (typeof value === 'string' && DECIMAL_TEXT.test(value)) return new Decimal(value);
  // Integers are exact in JSON; fractional JSON numbers are refused because they may already be rounded.
  if (typeof value === 'number' && Number.isSafeInteger(value)) return new Decimal(value);
  throw new GraphQLError(`Decimal must be a string like "1234.50", got ${JSON.stringify(value)}`, {
    extensions: { code: 'BAD_USER_INPUT' },
  });
}

export const DecimalScalar = new GraphQLScalarType<Decimal, string>({
  name: 'Decimal',
  description: 'Exact decimal number, serialised as a JSON string ("1234.50"; an amount has its currency\'s minor units: "324" JPY).',
  serialize(value) {
    // Decimal text is already formatted by whoever produced it (an amount with its currency's minor units, see `Money`).
    if (typeof value === 'string' && DECIMAL_TEXT.test(value)) return value;
    if (value instanceof Decimal || typeof value === 'string' || typeof value === 'number') return formatDecimal(value as Decimal.Value);
    throw new GraphQLError(`cannot serialise ${typeof value} as Decimal`);
  },
  parseValue: parseDecimal,
  parseLiteral(ast) {
    if (ast.kind === Kind.STRING || ast.kind === Kind.INT) return parseDecimal(ast.kind === Kind.INT ? Number(ast.value) : ast.value);
    throw new GraphQLError('Decimal literal must be a string', { nodes: [ast], extensions: { code: 'BAD_USER_INPUT' } });
  },
});

export interface Money {
  amount: Decimal;
  currency: string;
}

export const CURRENCY = /^[A-Z]{3}$/;

export function money(amount: Decimal.Value, currency: string): Money {
  if (!CURRENCY.test(currency)) throw new Error(`invalid currency "${currency}"`);
  return { amount: new Decimal(amount), currency };
}

export function addMoney(a: Money, b: Money): Money {
  if (a.currency !== b.currency) throw new Error(`currency mismatch: ${a.currency} vs ${b.currency}`);
  return { amount: a.amount.plus(b.amount), currency: a.currency };
}

/** Round half-up to the currency's minor units (commercial rounding, ISO 4217), as ERPs do by default. */
export function roundMoney(m: Money): Money {
  return { amount: roundAmount(m.amount, m.currency), currency: m.currency };
}

/**
 * The `Money` type's resolvers every subgraph installs: `amount` is shown with exactly its
 * currency's minor units ("324" JPY, "1234.50" USD, "12.345" KWD) however the parent holds it
 * (Decimal, numeric text from a column, a number).
 */
export const MoneyResolvers = {
  amount: (m: { amount: Decimal.Value; currency: string }): string => formatAmount(m.amount, m.currency),
};

export const MONEY_SDL = /* GraphQL */ `
  scalar Decimal
  type Money @shareable {
    amount: Decimal!
    currency: String!
  }
`;
