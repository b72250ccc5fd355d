/** `priceLines`: a document's line prices without its header, tax and totals — the same lines, the same refusals. */
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONDITION_TYPES, DEFAULT_PROCEDURE } from './defaults.js';
import { createPricer, priceDocument, priceLines } from './engine.js';
import { DATE, customer, line, rec } from './fixtures.js';
import type { ConditionRecord, PriceDocumentInput } from './model.js';

const input = (records: ConditionRecord[], lines = [line('A-1', 12), line('B-2', 3), line('C-3', 1)]): PriceDocumentInput => ({
  procedure: DEFAULT_PROCEDURE,
  conditionTypes: DEFAULT_CONDITION_TYPES,
  records,
  customer: { ...customer, shipToCountry: 'DE' },
  pricingDate: DATE,
  lines: lines.map((l, i) => ({ ...l, taxClass: i % 2 ? 'REDUCED' : 'STANDARD' })),
});

const records: ConditionRecord[] = [
  rec('PR00', 'LIST', { id: 'L-A', amount: '10.00', scales: [{ from: '10', amount: '9.00' }] }),
  rec('PR00', 'PRICE_LIST_ITEM', { id: 'PL-A', amount: '9.50' }),
  rec('PR00', 'LIST', { id: 'L-B', sku: 'B-2', amount: '4.99' }),
  rec('PR00', 'CUSTOMER_ITEM', { id: 'C-B', sku: 'B-2', amount: '4.10', contractId: 'K-1', contractVersion: 3 }),
  rec('K007', 'CUSTOMER', { rate: '3' }),
  rec('K004', 'LIST', { id: 'V-A', scales: [{ from: '5', rate: '2.5' }] }),
  rec('ZSUR', 'ALL', { amount: '2.00', scales: [{ from: '5', amount: '0.00' }] }),
  rec('HD00', 'ALL', { scales: [{ from: '50', rate: '2' }] }),
  rec('KF00', 'ALL', { amount: '25.00' }),
  rec('TX00', 'COUNTRY_TAX_CLASS', { id: 'TX-S', taxClass: 'STANDARD', rate: '19' }),
  rec('TX00', 'COUNTRY_TAX_CLASS', { id: 'TX-R', taxClass: 'REDUCED', rate: '7' }),
];

describe('priceLines', () => {
  it('gives exactly the lines and errors of priceDocument (C-3 has no price)', () => {
    const doc = priceDocument(input(records));
    const lines = priceLines(input(records));
    expect(doc.lines).toHaveLength(2);
    expect(doc.totals.headerDiscount).not.toBe('0.00'); // the header applies to the document…
    expect(lines).toEqual({ currency: 'USD', pricingDate: DATE, lines: doc.lines, errors: doc.errors }); // …never to a line price
    expect(lines.errors.map((e) => e.code)).toEqual(['NO_PRICE']);
  });

  it('refuses a malformed header record as priceDocument does', () => {
    const bad = [...records.filter((r) => r.conditionType !== 'HD00'), rec('HD00', 'ALL', { rate: '2,5' })];
    expect(() => priceDocument(input(bad))).toThrow(/record HD00-ALL\.rate/);
    expect(() => priceLines(input(bad))).toThrow(/record HD00-ALL\.rate/);
  });

  it('refuses malformed lines as priceDocument does', () => {
    const dup = [line('A-1', 1, 'X'), line('B-2', 1, 'X')];
    expect(() => priceLines(input(records, dup))).toThrow(/duplicate lineId "X"/);
  });
});

describe('the list price of a line', () => {
  it('is the LIST record at the line quantity, also when a contract or price list price wins', () => {
    const doc = priceDocument(input(records, [line('A-1', 12), line('B-2', 3)]));
    expect(doc.lines.map((l) => [l.basis.source, l.listPrice])).toEqual([
      ['PRICE_LIST', '9.0000'],
      ['CONTRACT', '4.9900'],
    ]);
  });

  it('is the base price itself when the base price comes from LIST', () => {
    const doc = priceDocument(
      input([rec('PR00', 'LIST', { amount: '10.00', scales: [{ from: '10', amount: '9.00' }] })], [line('A-1', 12)]),
    );
    expect(doc.lines[0]).toMatchObject({ listPrice: '9.0000', unitPrice: '9.0000', basis: { source: 'LIST', tierMinQuantity: 10 } });
  });
});

describe('createPricer', () => {
  const { lines: _lines, ...rest } = input(records);
  it('prices several documents from one set of records exactly as the one-document calls do', () => {
    const pricer = createPricer(rest);
    const cart = input(records).lines;
    const ones = cart.map((l) => ({ ...l, quantity: 1 }));
    // Item prices first, then the cart: the records resolved for the first serve the second.
    expect(pricer.priceLines(ones)).toEqual(priceLines({ ...rest, lines: ones }));
    expect(pricer.priceDocument(cart)).toEqual(priceDocument({ ...rest, lines: cart }));
    expect(pricer.priceDocument(ones)).toEqual(priceDocument({ ...rest, lines: ones }));
  });

  it('checks the configuration, customer and date when created, the lines of each document', () => {
    expect(() => createPricer({ ...rest, pricingDate: '2026-02-30' })).toThrow(/pricingDate/);
    expect(() => createPricer({ ...rest, customer: { ...rest.customer, currency: 'usd' } })).toThrow(/currency/);
    const pricer = createPricer(rest);
    expect(() => pricer.priceDocument([line('A-1', 0)])).toThrow(/quantity must be a positive whole number/);
    expect(() => pricer.priceLines([line('A-1', 1, 'X'), line('B-2', 1, 'X')])).toThrow(/duplicate lineId "X"/);
  });
});
