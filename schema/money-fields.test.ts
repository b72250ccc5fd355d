/**
 * Money in the client schema (schema/api.graphql): every amount of money is a `Money` (amount and
 * currency), never a bare `Decimal`. A field whose name says money (`amount`, `total`, `price`,
 * `balance`, `limit`, …) typed `Decimal` fails; so does any `Decimal` field or argument not on the
 * allow-list below (rates and percentages, and `Money.amount` itself), so a new bare decimal is a
 * decision someone writes down here.
 */
import { readFileSync } from 'node:fs';
import {
  buildSchema,
  getNamedType,
  isInputObjectType,
  isInterfaceType,
  isObjectType,
  type GraphQLArgument,
  type GraphQLInputField,
  type GraphQLField,
  type GraphQLSchema,
} from 'graphql';
import { describe, expect, it } from 'vitest';

/** camelCase words that make a name an amount of money. */
const MONEY_WORDS =
  /(amount|total|price|balance|limit|subtotal|discount|surcharge|freight|net|gross|tax|cost|credit|debit|paid|payment|overdue|due|owed|revenue|sales|spend|charge|fee|value|sum)/i;

/** Bare decimals that are not money, and why. Keys: `Type.field` or `Type.field(argument)`. */
const ALLOWED_DECIMALS: Record<string, string> = {
  'Money.amount': 'the amount inside Money, next to its currency',
  'PriceComponent.rate': 'a percentage (null for amount components, whose amount is a Money)',
  'TaxLine.rate': "a tax rate in percent; the line's base and amount are Money",
  'InvoiceTaxLine.rate': "a tax rate in percent; the line's base and amount are Money",
  'Mutation.setDefaultSpendingLimit(amount)':
    "an input, always in the account's own currency (the result reads it back as Money with that currency)",
};

interface Finding {
  coordinate: string;
  saysMoney: boolean;
}

/** Every `Decimal` field, input field and argument of the schema. */
export function bareDecimals(schema: GraphQLSchema): Finding[] {
  const out: Finding[] = [];
  const isDecimal = (f: { type: Parameters<typeof getNamedType>[0] }) => getNamedType(f.type)?.name === 'Decimal';
  const saysMoney = (name: string) => MONEY_WORDS.test(name);
  for (const type of Object.values(schema.getTypeMap())) {
    if (type.name.startsWith('__')) continue;
    if (isObjectType(type) || isInterfaceType(type)) {
      for (const field of Object.values(type.getFields()) as GraphQLField<unknown, unknown>[]) {
        if (isDecimal(field)) out.push({ coordinate: `${type.name}.${field.name}`, saysMoney: saysMoney(field.name) });
        for (const arg of field.args as readonly GraphQLArgument[])
          if (isDecimal(arg))
            out.push({ coordinate: `${type.name}.${field.name}(${arg.name})`, saysMoney: saysMoney(arg.name) || saysMoney(field.name) });
      }
    } else if (isInputObjectType(type)) {
      for (const field of Object.values(type.getFields()) as GraphQLInputField[])
        if (isDecimal(field)) out.push({ coordinate: `${type.name}.${field.name}`, saysMoney: saysMoney(field.name) });
    }
  }
  return out;
}

const api = buildSchema(readFileSync(new URL('./api.graphql', import.meta.url), 'utf8'));

describe('money in the client schema', () => {
  it('has no field whose name says money typed as a bare Decimal', () => {
    const offenders = bareDecimals(api)
      .filter((f) => f.saysMoney && !(f.coordinate in ALLOWED_DECIMALS))
      .map((f) => f.coordinate);
    expect(offenders).toEqual([]);
  });

  it('has no bare Decimal outside the allow-list (rates and percentages)', () => {
    const unlisted = bareDecimals(api)
      .map((f) => f.coordinate)
      .filter((c) => !(c in ALLOWED_DECIMALS));
    expect(unlisted).toEqual([]);
  });

  it('allow-lists only decimals the schema has (a stale entry hides nothing)', () => {
    const present = new Set(bareDecimals(api).map((f) => f.coordinate));
    expect(Object.keys(ALLOWED_DECIMALS).filter((c) => !present.has(c))).toEqual([]);
  });

  it('money fields are Money with an amount and a currency', () => {
    const money = api.getType('Money');
    expect(isObjectType(money)).toBe(true);
    if (!isObjectType(money)) return;
    const fields = money.getFields();
    expect(String(fields.amount?.type)).toBe('Decimal!');
    expect(String(fields.currency?.type)).toBe('String!');
  });

  it('flags what it is meant to flag', () => {
    const bad = buildSchema(`
      scalar Decimal
      type Money { amount: Decimal! currency: String! }
      type Query { q: Thing }
      type Thing {
        total: Decimal!
        spendingLimit: Decimal
        oldUnitPrice: Decimal
        rate: Decimal
        count: Int
        price: Money
      }
      input In { balance: Decimal }
      type Mutation { pay(amount: Decimal!): Boolean }
    `);
    const found = bareDecimals(bad);
    expect(found.filter((f) => f.saysMoney).map((f) => f.coordinate)).toEqual(
      expect.arrayContaining([
        'Thing.total',
        'Thing.spendingLimit',
        'Thing.oldUnitPrice',
        'In.balance',
        'Mutation.pay(amount)',
        'Money.amount',
      ]),
    );
    expect(found.find((f) => f.coordinate === 'Thing.rate')?.saysMoney).toBe(false);
    expect(found.map((f) => f.coordinate)).not.toContain('Thing.price');
    expect(found.map((f) => f.coordinate)).not.toContain('Thing.count');
  });
});
