import { describe, expect, it } from 'vitest';
import { TrytonMappingError } from './mapping.js';
import {
  invoiceTaxLines,
  lineTaxes,
  percentOf,
  singleRate,
  taxConditionsFrom,
  taxLinesOf,
  taxOfLine,
  type TTax,
  type TTaxRuleLine,
} from './tax-mapping.js';

const tax = (id: number, rate: string, over: Partial<TTax> = {}): TTax => ({
  id,
  name: `DE ${rate}`,
  type: 'percentage',
  rate,
  start_date: null,
  end_date: null,
  stamp: 100 + id,
  ...over,
});
const taxes = [tax(1, '0.19'), tax(2, '0.07'), tax(3, '0')];
const byId = new Map(taxes.map((t) => [t.id, t]));
const categories = [
  { id: 10, name: 'STANDARD', taxes: [1], stamp: 50 },
  { id: 11, name: 'REDUCED', taxes: [2], stamp: 50 },
  { id: 12, name: 'EXEMPT', taxes: [3], stamp: 50 },
];
const ruleLine = (over: Partial<TTaxRuleLine>): TTaxRuleLine => ({
  id: 1,
  rule: 7,
  sequence: 10,
  origin_tax: null,
  tax: null,
  group: null,
  keep_origin: false,
  start_date: null,
  end_date: null,
  stamp: 300,
  ...over,
});
/** The seed's rule for parties without a ship-to country: one line, no origin, no tax (drops every tax). */
const untaxed = [ruleLine({})];
const DATE = '2026-12-06';

describe('Tryton taxes → tax records and a sale line’s taxes', () => {
  it('turns rates into percentages as the pricing engine writes them', () => {
    expect([percentOf('0.1900000000'), percentOf('0.07'), percentOf('0'), percentOf('0.055')]).toEqual(['19', '7', '0', '5.5']);
  });

  it('a sale line takes its category’s taxes; a rule line without a tax drops them; a substitution replaces one', () => {
    expect(lineTaxes(categories[0], null, DATE)).toEqual([1]);
    expect(lineTaxes(categories[0], untaxed, DATE)).toEqual([]);
    const substitute = [ruleLine({ origin_tax: 1, tax: 2 })];
    expect(lineTaxes(categories[0], substitute, DATE)).toEqual([2]);
    // A line for another origin leaves the tax as it is; keep_origin adds the substitute beside it.
    expect(lineTaxes(categories[1], substitute, DATE)).toEqual([2]);
    expect(lineTaxes(categories[0], [ruleLine({ origin_tax: 1, tax: 3, keep_origin: true })], DATE)).toEqual([1, 3]);
    // Lines are tried in sequence order; a line for any origin with a tax also adds it to every line (Tryton applies the
    // rule once more to "no tax"); a line out of its dates does not match.
    const ordered = [ruleLine({ id: 2, sequence: 20, tax: 3 }), ruleLine({ id: 3, sequence: 5, origin_tax: 1, tax: 2 })];
    expect(lineTaxes(categories[0], ordered, DATE)).toEqual([2, 3]);
    expect(lineTaxes(undefined, ordered, DATE)).toEqual([3]);
    expect(lineTaxes(categories[0], [ruleLine({ end_date: '2026-01-31' })], DATE)).toEqual([1]);
  });

  it('makes one TX00 record per ship-to country, tax class and currency; a party without a country makes none', () => {
    const records = taxConditionsFrom({
      categories,
      taxes,
      ruleLines: untaxed,
      customers: [
        { accountId: 'HOOLI', currency: 'EUR', country: 'DE', rule: null },
        { accountId: 'ACME', currency: 'USD', country: null, rule: 7 },
      ],
      date: DATE,
    });
    expect(records.map((r) => [r.id, r.access, r.country, r.taxClass, r.currency, r.rate])).toEqual([
      ['TX00-DE-EXEMPT-EUR', 'COUNTRY_TAX_CLASS', 'DE', 'EXEMPT', 'EUR', '0'],
      ['TX00-DE-REDUCED-EUR', 'COUNTRY_TAX_CLASS', 'DE', 'REDUCED', 'EUR', '7'],
      ['TX00-DE-STANDARD-EUR', 'COUNTRY_TAX_CLASS', 'DE', 'STANDARD', 'EUR', '19'],
    ]);
    expect(records[2]).toMatchObject({
      conditionType: 'TX00',
      sku: null,
      amount: null,
      version: 101,
      validFrom: '2000-01-01',
      validTo: null,
    });
  });

  it('a party of a country whose rule untaxes a class leaves that class without a record', () => {
    const records = taxConditionsFrom({
      categories,
      taxes,
      ruleLines: [ruleLine({ origin_tax: 2 })],
      customers: [{ accountId: 'HOOLI', currency: 'EUR', country: 'DE', rule: 7 }],
      date: DATE,
    });
    expect(records.map((r) => r.taxClass)).toEqual(['EXEMPT', 'STANDARD']);
    expect(records[0]!.version).toBe(300); // the rule line is newer than the tax
  });

  it('refuses what one rate per country and class cannot say', () => {
    const twoParties = () =>
      taxConditionsFrom({
        categories,
        taxes,
        ruleLines: [ruleLine({ origin_tax: 1, tax: 2 })],
        customers: [
          { accountId: 'HOOLI', currency: 'EUR', country: 'DE', rule: null },
          { accountId: 'OTHER', currency: 'EUR', country: 'DE', rule: 7 },
        ],
        date: DATE,
      });
    expect(twoParties).toThrow(TrytonMappingError);
    expect(twoParties).toThrow(/OTHER and HOOLI ship to DE/);
    expect(() => singleRate([1, 2], byId, 'STANDARD')).toThrow(/not one percentage rate/);
    expect(() => singleRate([4], new Map([[4, tax(4, '0', { type: 'fixed' })]]), 'X')).toThrow(TrytonMappingError);
    expect(singleRate([], byId, 'X')).toBeNull();
  });
});

describe('Tryton tax amounts on orders and invoices', () => {
  it('taxes a line as Tryton does: unit price × quantity × rate, rounded half to even', () => {
    expect(taxOfLine({ unitPrice: '12.5000', quantity: 3, taxes: [1] }, byId, DATE, 2)).toEqual({ rate: '19', amount: '7.12' });
    // 1.50 × 19 % = 0.285: half to even gives 0.28 (half up would give 0.29).
    expect(taxOfLine({ unitPrice: '1.5000', quantity: 1, taxes: [1] }, byId, DATE, 2)).toEqual({ rate: '19', amount: '0.28' });
    // The unrounded line amount is taxed: 1.2345 × 3 = 3.7035 → 0.703665 → 0.70.
    expect(taxOfLine({ unitPrice: '1.2345', quantity: 3, taxes: [1] }, byId, DATE, 2).amount).toBe('0.70');
    expect(taxOfLine({ unitPrice: '9', quantity: 2, taxes: [] }, byId, DATE, 2)).toEqual({ rate: null, amount: '0.00' });
    expect(taxOfLine({ unitPrice: '9', quantity: 2, taxes: [3] }, byId, DATE, 2)).toEqual({ rate: '0', amount: '0.00' });
  });

  it('sums tax lines per tax, rates descending: rounded per line, or once per document', () => {
    const lines = [
      { unitPrice: '1.5000', quantity: 1, taxes: [1] },
      { unitPrice: '1.5000', quantity: 1, taxes: [1] },
      { unitPrice: '10.0000', quantity: 2, taxes: [2] },
      { unitPrice: '4.0000', quantity: 1, taxes: [3] },
      { unitPrice: '5.0000', quantity: 1, taxes: [] },
    ];
    expect(taxLinesOf(lines, byId, DATE, 2, 'line')).toEqual([
      { conditionType: 'TX00', label: 'Tax', rate: '19', base: '3.00', amount: '0.56' },
      { conditionType: 'TX00', label: 'Tax', rate: '7', base: '20.00', amount: '1.40' },
      { conditionType: 'TX00', label: 'Tax', rate: '0', base: '4.00', amount: '0.00' },
    ]);
    // Per document: 0.285 + 0.285 = 0.57.
    expect(taxLinesOf(lines, byId, DATE, 2, 'document')[0]!.amount).toBe('0.57');
    // A credit note's lines are negative in Tryton: the tax lines are absolute.
    expect(taxLinesOf([{ unitPrice: '10', quantity: -2, taxes: [2] }], byId, DATE, 2, 'line')).toEqual([
      { conditionType: 'TX00', label: 'Tax', rate: '7', base: '20.00', amount: '1.40' },
    ]);
  });

  it('reads an invoice’s own tax lines, merged per rate, absolute', () => {
    expect(
      invoiceTaxLines(
        [
          { tax: 2, base: '-20.00', amount: '-1.40' },
          { tax: 1, base: '-100.00', amount: '-19.00' },
          { tax: 1, base: '-1.00', amount: '-0.19' },
        ],
        byId,
        2,
      ),
    ).toEqual([
      { conditionType: 'TX00', label: 'Tax', rate: '19', base: '101.00', amount: '19.19' },
      { conditionType: 'TX00', label: 'Tax', rate: '7', base: '20.00', amount: '1.40' },
    ]);
  });
});
