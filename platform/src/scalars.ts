/** Shared GraphQL scalars: `Date` (ISO `YYYY-MM-DD`) and `DateTime` (ISO-8601 instant, UTC). */
import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';

export { DecimalScalar } from './money.js';

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function parseIsoDate(value: unknown): string {
  if (typeof value === 'string') {
    const m = DATE.exec(value);
    if (m) {
      const d = new Date(`${value}T00:00:00Z`);
      if (!Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value) return value;
    }
  }
  throw new GraphQLError(`Date must be a calendar date "YYYY-MM-DD", got ${JSON.stringify(value)}`, {
    extensions: { code: 'BAD_USER_INPUT' },
  });
}

export const DateScalar = new GraphQLScalarType<string, string>({
  name: 'Date',
  description: 'Calendar date, ISO `YYYY-MM-DD`.',
  serialize(value) {
    if (value instanceof Date) return value.toISOString().slice(0, 10);
    if (typeof value === 'string') return value.slice(0, 10);
    throw new GraphQLError(`cannot serialise ${typeof value} as Date`);
  },
  parseValue: parseIsoDate,
  parseLiteral(ast) {
    if (ast.kind !== Kind.STRING)
      throw new GraphQLError('Date literal must be a string', { nodes: [ast], extensions: { code: 'BAD_USER_INPUT' } });
    return parseIsoDate(ast.value);
  },
});

export const DateTimeScalar = new GraphQLScalarType<Date, string>({
  name: 'DateTime',
  description: 'Instant, ISO-8601 in UTC (`2026-11-02T09:30:00.000Z`).',
  serialize(value) {
    const d = value instanceof Date ? value : new Date(String(value));
    if (Number.isNaN(d.getTime())) throw new GraphQLError('invalid DateTime');
    return d.toISOString();
  },
  parseValue(value) {
    const d = typeof value === 'string' ? new Date(value) : new Date(NaN);
    if (Number.isNaN(d.getTime()))
      throw new GraphQLError(`DateTime must be ISO-8601, got ${JSON.stringify(value)}`, { extensions: { code: 'BAD_USER_INPUT' } });
    return d;
  },
  parseLiteral(ast) {
    const d = ast.kind === Kind.STRING ? new Date(ast.value) : new Date(NaN);
    if (Number.isNaN(d.getTime()))
      throw new GraphQLError('DateTime literal must be ISO-8601', { nodes: [ast], extensions: { code: 'BAD_USER_INPUT' } });
    return d;
  },
});
