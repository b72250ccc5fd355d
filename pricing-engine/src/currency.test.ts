import { describe, expect, it } from 'vitest';
import { InvalidCustomerError } from './errors.js';
import { DATE, customer, line, rec, typesWith } from './fixtures.js';
import { DEFAULT_PROCEDURE } from './defaults.js';
import { priceDocument } from './engine.js';
import { priceTiers } from './tiers.js';
import type { ConditionRecord, PricingCustomer } from './model.js';

const jpy: PricingCustomer = { ...customer, currency: 'JPY', minorUnits: 0 };
const kwd: PricingCustomer = { ...customer, currency: 'KWD', minorUnits: 3 };
const inCurrency = (currency: string, records: ConditionRecord[]) => records.map((r) => ({ ...r, currency }));
const price = (c: PricingCustomer, records: ConditionRecord[], quantity = 1, conditionTypes = typesWith()) =>
  priceDocument({
    procedure: DEFAULT_PROCEDURE,
    conditionTypes,
    records: inCurrency(c.currency, records),
    customer: c,
    pricingDate: DATE,
    lines: [line('A-1', quantity)],
  });

describe('amounts in the document currency’s minor units', () => {
  it('prices a yen line, its discount and the totals in whole yen', () => {
    // 3.2301 JPY a piece × 100 = 323.01 → 323; 3 % off 323 = 9.69 → 10; freight 150.5 → 151.
    const doc = price(
      jpy,
      [rec('PR00', 'LIST', { amount: '3.2301' }), rec('K007', 'CUSTOMER', { rate: '3' }), rec('KF00', 'ALL', { amount: '150.5' })],
      100,
    );
    const [l] = doc.lines;
    expect(l!.grossAmount).toBe('323');
    expect(l!.components.map((c) => c.amount)).toEqual(['323', '-10']);
    expect(l!.netAmount).toBe('313');
    expect(doc.header.map((c) => c.amount)).toEqual(['151']);
    expect(doc.totals).toMatchObject({ subtotal: '323', discount: '10', net: '313', freight: '151', total: '464' });
    for (const v of [l!.grossAmount, l!.netAmount, ...Object.values(doc.totals)]) expect(v).toMatch(/^\d+$/);
  });

  it('rounds a dinar amount to three places', () => {
    const doc = price(kwd, [rec('PR00', 'LIST', { amount: '1.23456' }), rec('K007', 'CUSTOMER', { rate: '2.5' })], 10);
    // 12.3456 → 12.346; 2.5 % of 12.346 = 0.30865 → 0.309.
    expect(doc.lines[0]!.components.map((c) => c.amount)).toEqual(['12.346', '-0.309']);
    expect(doc.totals).toMatchObject({ subtotal: '12.346', net: '12.037', total: '12.037' });
  });

  it('lets a condition type round coarser than the currency, never finer', () => {
    const types = typesWith(
      { code: 'KF00', rounding: { scale: 0, mode: 'HALF_UP' } },
      { code: 'K007', rounding: { scale: 4, mode: 'HALF_UP' } },
    );
    const records = [
      rec('PR00', 'LIST', { amount: '10.005' }),
      rec('K007', 'CUSTOMER', { rate: '3.33' }),
      rec('KF00', 'ALL', { amount: '12.49' }),
    ];
    const usd = price(customer, records, 1, types);
    // K007 asks for 4 places, USD has 2: 0.3331665 → 0.33; KF00 rounds to whole dollars.
    expect(usd.lines[0]!.components.map((c) => c.amount)).toEqual(['10.01', '-0.33']);
    expect(usd.header[0]!.amount).toBe('12');
    expect(usd.totals.total).toBe('21.68');
  });

  it('prices a ladder’s tiers in the customer’s currency', () => {
    const tiers = priceTiers({
      procedure: DEFAULT_PROCEDURE,
      conditionTypes: typesWith(),
      records: inCurrency('JPY', [
        rec('PR00', 'LIST', {
          amount: '3.2301',
          scales: [
            { from: '1', amount: '3.2301' },
            { from: '100', amount: '2.5' },
          ],
        }),
      ]),
      customer: jpy,
      pricingDate: DATE,
      sku: 'A-1',
    });
    expect(tiers.map((t) => [t.minQuantity, t.price.netAmount])).toEqual([
      [1, '3'],
      [100, '250'],
    ]);
  });

  it('refuses a customer without the currency’s minor units', () => {
    const bad = { ...customer, minorUnits: undefined } as unknown as PricingCustomer;
    expect(() => price(bad, [rec('PR00', 'LIST', { amount: '1' })])).toThrow(InvalidCustomerError);
    expect(() => price({ ...customer, minorUnits: 2.5 }, [rec('PR00', 'LIST', { amount: '1' })])).toThrow(/minorUnits/);
  });
});
