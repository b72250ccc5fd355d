/**
 * The pricing engine line by line: precedence, exclusivity, validity, record identity, scales,
 * rounding and currency (whole documents: engine-documents.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_PROCEDURE } from './defaults.js';
import { customer, line, price, priceOne, rec, typesWith } from './fixtures.js';
import type { ConditionRecord, PricingProcedure } from './model.js';

const pr00 = rec; // readability: rec('PR00', …) is a base price record
const list = (amount: string, over: Partial<ConditionRecord> = {}) => pr00('PR00', 'LIST', { amount, ...over });

describe('access sequence precedence (PR00: contract → price list → tier → list)', () => {
  const all = [
    list('10.00'),
    pr00('PR00', 'TIER_ITEM', { amount: '9.50' }),
    pr00('PR00', 'PRICE_LIST_ITEM', { amount: '9.00' }),
    pr00('PR00', 'CUSTOMER_ITEM', { amount: '8.00', version: 3, contractId: 'C-7', contractVersion: 2, validTo: '2026-12-31' }),
    pr00('PR00', 'CUSTOMER_ITEM', { id: 'GLOBEX-CONTRACT', accountId: 'GLOBEX', amount: '1.00' }),
    pr00('PR00', 'PRICE_LIST_ITEM', { id: 'PL-EU', priceListId: 'PL-EU', amount: '2.00' }),
    pr00('PR00', 'TIER_ITEM', { id: 'SILVER', tier: 'SILVER', amount: '3.00' }),
  ];
  const without = (...ids: string[]) => all.filter((r) => !ids.includes(r.id));

  it('the customer contract wins and the basis names the contract and the record', () => {
    const p = priceOne(all, 2);
    expect(p.basis).toEqual({
      source: 'CONTRACT',
      contractId: 'C-7',
      contractVersion: 2,
      priceListId: null,
      tierMinQuantity: null,
      validFrom: '2026-01-01',
      validTo: '2026-12-31',
      conditionId: 'PR00-CUSTOMER_ITEM',
      conditionVersion: 3,
    });
    expect([p.unitPrice, p.grossAmount, p.netAmount, p.listPrice]).toEqual(['8.0000', '16.00', '16.00', '10.0000']);
    expect(p.components).toEqual([
      {
        type: 'BASE',
        conditionType: 'PR00',
        label: 'Base price',
        rate: null,
        amount: '16.00',
        scaleFrom: null,
        conditionId: 'PR00-CUSTOMER_ITEM',
        conditionVersion: 3,
        access: 'CUSTOMER_ITEM',
      },
    ]);
  });

  it('without a contract the price list wins, then the tier, then the list price', () => {
    const pl = priceOne(without('PR00-CUSTOMER_ITEM'), 1);
    expect([pl.basis.source, pl.basis.priceListId, pl.basis.contractId, pl.unitPrice]).toEqual(['PRICE_LIST', 'PL-US', null, '9.0000']);
    const tier = priceOne(without('PR00-CUSTOMER_ITEM', 'PR00-PRICE_LIST_ITEM'), 1);
    expect([tier.basis.source, tier.basis.priceListId, tier.unitPrice]).toEqual(['TIER', null, '9.5000']);
    const lst = priceOne(without('PR00-CUSTOMER_ITEM', 'PR00-PRICE_LIST_ITEM', 'PR00-TIER_ITEM'), 1);
    expect([lst.basis.source, lst.unitPrice, lst.basis.conditionId]).toEqual(['LIST', '10.0000', 'PR00-LIST']);
  });

  it("never uses another customer's contract, price list or tier", () => {
    const p = priceOne(without('PR00-CUSTOMER_ITEM', 'PR00-PRICE_LIST_ITEM', 'PR00-TIER_ITEM'), 1, {
      customer: { ...customer, priceListId: null, tier: null },
    });
    expect(p.basis.conditionId).toBe('PR00-LIST');
    const noPl = priceOne(without('PR00-CUSTOMER_ITEM'), 1, { customer: { ...customer, priceListId: null } });
    expect(noPl.basis.source).toBe('TIER');
  });

  it('listPrice falls back to the winning base price when the item has no LIST record', () => {
    const p = priceOne([pr00('PR00', 'PRICE_LIST_ITEM', { amount: '9.125' })], 4);
    expect([p.grossAmount, p.unitPrice, p.listPrice]).toEqual(['36.50', '9.1250', '9.1250']);
  });
});

describe('exclusive vs cumulative condition types', () => {
  const base = list('100.00');

  it('exclusive K007: the customer+item discount replaces the general customer discount', () => {
    const p = priceOne([base, rec('K007', 'CUSTOMER_ITEM', { rate: '3' }), rec('K007', 'CUSTOMER', { rate: '10' })], 10);
    expect(p.components.map((c) => [c.conditionType, c.access, c.rate, c.amount])).toEqual([
      ['PR00', 'LIST', null, '1000.00'],
      ['K007', 'CUSTOMER_ITEM', '3', '-30.00'],
    ]);
    expect(p.netAmount).toBe('970.00');
  });

  it('exclusive K007 falls to the next access when the first has no valid record', () => {
    const p = priceOne(
      [base, rec('K007', 'CUSTOMER_ITEM', { rate: '3', validTo: '2026-01-31' }), rec('K007', 'CUSTOMER', { rate: '10' })],
      10,
    );
    expect(p.components.map((c) => [c.access, c.amount])).toEqual([
      ['LIST', '1000.00'],
      ['CUSTOMER', '-100.00'],
    ]);
  });

  it('cumulative K004: one record per access, all applied, each on GROSS (not compounded)', () => {
    const p = priceOne(
      [
        base,
        rec('K007', 'CUSTOMER', { rate: '10' }),
        rec('K004', 'LIST', { rate: '2' }),
        rec('K004', 'PRICE_LIST_ITEM', { rate: '1.5000' }),
      ],
      10,
    );
    expect(p.components.map((c) => [c.conditionType, c.access, c.rate, c.amount])).toEqual([
      ['PR00', 'LIST', null, '1000.00'],
      ['K007', 'CUSTOMER', '10', '-100.00'],
      ['K004', 'PRICE_LIST_ITEM', '1.5', '-15.00'],
      ['K004', 'LIST', '2', '-20.00'],
    ]);
    // Compounded it would be 1000 × 0.9 × 0.985 × 0.98 = 868.77.
    expect([p.grossAmount, p.netAmount, p.unitPrice]).toEqual(['1000.00', '865.00', '86.5000']);
  });

  it('surcharges are added to NET but discounts never apply to them', () => {
    const p = priceOne([list('10.00'), rec('K007', 'CUSTOMER', { rate: '10' }), rec('ZSUR', 'ALL', { amount: '5.00' })], 2);
    expect(p.components.map((c) => [c.type, c.amount])).toEqual([
      ['BASE', '20.00'],
      ['DISCOUNT', '-2.00'],
      ['SURCHARGE', '5.00'],
    ]);
    expect([p.netAmount, p.unitPrice]).toEqual(['23.00', '11.5000']);
  });

  it('a customer record at the more specific access waives the general surcharge (0.00 is shown, it is a record used)', () => {
    const p = priceOne([list('10.00'), rec('ZSUR', 'ALL', { amount: '5.00' }), rec('ZSUR', 'CUSTOMER', { amount: '0' })], 2);
    expect(p.components.map((c) => [c.conditionType, c.access, c.amount])).toEqual([
      ['PR00', 'LIST', '20.00'],
      ['ZSUR', 'CUSTOMER', '0.00'],
    ]);
    expect(p.netAmount).toBe('20.00');
  });
});

describe('validity (both ends inclusive)', () => {
  const records = [
    pr00('PR00', 'PRICE_LIST_ITEM', { amount: '9.00' }),
    pr00('PR00', 'CUSTOMER_ITEM', { amount: '8.00', validFrom: '2026-03-01', validTo: '2026-03-31' }),
  ];
  it.each([
    ['2026-02-28', 'PRICE_LIST', '9.0000'],
    ['2026-03-01', 'CONTRACT', '8.0000'],
    ['2026-03-31', 'CONTRACT', '8.0000'],
    ['2026-04-01', 'PRICE_LIST', '9.0000'],
  ])('on %s the %s price applies', (pricingDate, source, unit) => {
    const p = priceOne(records, 1, { pricingDate });
    expect([p.basis.source, p.unitPrice]).toEqual([source, unit]);
  });

  it('an open-ended record stays valid; a record not yet valid does not price', () => {
    expect(priceOne([list('10.00')], 1, { pricingDate: '2099-12-31' }).unitPrice).toBe('10.0000');
    const doc = price([list('10.00', { validFrom: '2026-06-16' })], [line('A-1', 1)]);
    expect(doc.errors.map((e) => e.code)).toEqual(['NO_PRICE']);
  });

  it('discounts and freight respect validity too', () => {
    const records2 = [
      list('10.00'),
      rec('K007', 'CUSTOMER', { rate: '10', validTo: '2026-06-14' }),
      rec('KF00', 'ALL', { amount: '7.00', validFrom: '2026-06-16' }),
    ];
    const doc = price(records2, [line('A-1', 1)]);
    expect(doc.lines[0]?.components.map((c) => c.conditionType)).toEqual(['PR00']);
    expect(doc.header).toEqual([]);
    expect(doc.totals.total).toBe('10.00');
  });
});

describe('record identity and overlap', () => {
  it('a higher version supersedes the lower one entirely, even when it narrows validity', () => {
    const v1 = pr00('PR00', 'CUSTOMER_ITEM', { id: 'K1', version: 1, amount: '8.00' });
    const v2 = { ...v1, version: 2, amount: '7.00', validFrom: '2026-07-01' };
    const p = priceOne([list('10.00'), v2, v1], 1);
    expect([p.basis.source, p.unitPrice]).toEqual(['LIST', '10.0000']);
    expect(priceOne([list('10.00'), v1, v2], 1, { pricingDate: '2026-07-01' }).basis).toMatchObject({
      conditionId: 'K1',
      conditionVersion: 2,
    });
  });

  it('a newer version in another currency removes the record for this currency', () => {
    const v1 = pr00('PR00', 'CUSTOMER_ITEM', { id: 'K1', version: 1, amount: '8.00' });
    expect(priceOne([list('10.00'), v1, { ...v1, version: 2, currency: 'EUR' }], 1).basis.source).toBe('LIST');
  });

  it('among overlapping records of one access the latest validFrom wins, then the higher version', () => {
    const longRunning = pr00('PR00', 'PRICE_LIST_ITEM', { id: 'PL-2026', amount: '9.00', version: 5 });
    const promo = pr00('PR00', 'PRICE_LIST_ITEM', { id: 'PL-PROMO', amount: '7.77', validFrom: '2026-06-01', validTo: '2026-06-30' });
    expect(priceOne([longRunning, promo], 1).basis).toMatchObject({
      conditionId: 'PL-PROMO',
      validFrom: '2026-06-01',
      validTo: '2026-06-30',
    });
    expect(priceOne([longRunning, promo], 1, { pricingDate: '2026-07-01' }).basis.conditionId).toBe('PL-2026');
    const sameStart = pr00('PR00', 'PRICE_LIST_ITEM', { id: 'PL-OTHER', amount: '8.88', version: 6 });
    expect(priceOne([longRunning, sameStart], 1).unitPrice).toBe('8.8800');
  });

  it('the result does not depend on the order of records', () => {
    const records = [
      list('10.00', { scales: [{ from: '10', amount: '9.00' }] }),
      pr00('PR00', 'TIER_ITEM', { amount: '9.50' }),
      pr00('PR00', 'PRICE_LIST_ITEM', { id: 'A', amount: '9.10' }),
      pr00('PR00', 'PRICE_LIST_ITEM', { id: 'B', amount: '9.20' }),
      rec('K004', 'LIST', { rate: '2' }),
      rec('K004', 'TIER_ITEM', { rate: '1' }),
      rec('KF00', 'ALL', { amount: '5.00' }),
    ];
    const lines = [line('A-1', 3), line('A-1', 12, 'L2')];
    const forward = price(records, lines);
    expect(price([...records].reverse(), lines)).toEqual(forward);
    expect(forward.lines[0]?.basis.conditionId).toBe('A');
  });
});

describe('scales', () => {
  const scaled = list('10.00', {
    scales: [
      { from: '50', amount: '8.00' },
      { from: '1', amount: '10.00' },
      { from: '10', amount: '9.00' },
    ],
  });

  it.each([
    [9, '90.00', '10.0000', 1],
    [10, '90.00', '9.0000', 10],
    [49, '441.00', '9.0000', 10],
    [50, '400.00', '8.0000', 50],
  ])('quantity %i: gross %s at %s per unit (tier from %i), the whole quantity at the tier reached', (qty, gross, unit, tier) => {
    const p = priceOne([scaled], qty);
    expect([p.grossAmount, p.unitPrice, p.basis.tierMinQuantity, p.components[0]?.scaleFrom]).toEqual([gross, unit, tier, String(tier)]);
  });

  const graduatedTypes = typesWith({ code: 'PR00', graduated: true });
  it.each([
    [9, '90.00', '10.0000', 1],
    [10, '99.00', '9.9000', 10], // 9 × 10.00 + 1 × 9.00
    [12, '117.00', '9.7500', 10], // 9 × 10.00 + 3 × 9.00
    [50, '458.00', '9.1600', 50], // 9 × 10.00 + 40 × 9.00 + 1 × 8.00
  ])('graduated, quantity %i: gross %s (each band priced on its own units)', (qty, gross, unit, tier) => {
    const p = priceOne([scaled], qty, { conditionTypes: graduatedTypes });
    expect([p.grossAmount, p.unitPrice, p.basis.tierMinQuantity]).toEqual([gross, unit, tier]);
  });

  it("the record's flat amount applies below its first scale level", () => {
    const r = list('12.00', { scales: [{ from: '10', amount: '11.00' }] });
    expect([priceOne([r], 9).grossAmount, priceOne([r], 9).basis.tierMinQuantity]).toEqual(['108.00', null]);
    expect(priceOne([r], 10).grossAmount).toBe('110.00');
  });

  it('a record whose scales start above the quantity does not apply, so the next access is searched', () => {
    const contract = pr00('PR00', 'CUSTOMER_ITEM', { scales: [{ from: '100', amount: '7.50' }], contractId: 'C-9' });
    const records = [contract, pr00('PR00', 'PRICE_LIST_ITEM', { amount: '9.00' })];
    expect(priceOne(records, 99).basis).toMatchObject({ source: 'PRICE_LIST', contractId: null });
    expect(priceOne(records, 100).basis).toMatchObject({ source: 'CONTRACT', contractId: 'C-9', tierMinQuantity: 100 });
    expect(priceOne(records, 100).grossAmount).toBe('750.00');
  });

  it('a volume discount appears only from its first break', () => {
    const records = [
      list('10.00'),
      rec('K004', 'LIST', {
        scales: [
          { from: '10', rate: '2' },
          { from: '50', rate: '5' },
        ],
      }),
    ];
    expect(priceOne(records, 9).components.map((c) => c.conditionType)).toEqual(['PR00']);
    expect(priceOne(records, 10).components[1]).toMatchObject({ rate: '2', amount: '-2.00', scaleFrom: '10' });
    expect(priceOne(records, 49).components[1]).toMatchObject({ rate: '2', amount: '-9.80' });
    expect(priceOne(records, 50).components[1]).toMatchObject({ rate: '5', amount: '-25.00', scaleFrom: '50' });
  });

  it('small-quantity surcharge: per line below the break, 0.00 from it', () => {
    const records = [
      list('1.00'),
      rec('ZSUR', 'ALL', {
        scales: [
          { from: '1', amount: '5.00' },
          { from: '10', amount: '0.00' },
        ],
      }),
    ];
    expect([priceOne(records, 9).netAmount, priceOne(records, 9).components[1]?.amount]).toEqual(['14.00', '5.00']);
    expect([priceOne(records, 10).netAmount, priceOne(records, 10).components[1]?.amount]).toEqual(['10.00', '0.00']);
  });
});

describe('rounding', () => {
  it.each([
    ['HALF_UP', '2.35'],
    ['HALF_EVEN', '2.34'],
    ['DOWN', '2.34'],
    ['UP', '2.35'],
  ] as const)('base price 2.345 × 1 rounds %s to %s', (mode, gross) => {
    const p = priceOne([list('2.345')], 1, { conditionTypes: typesWith({ code: 'PR00', rounding: { scale: 2, mode } }) });
    expect(p.grossAmount).toBe(gross);
  });

  it('the line amount is rounded, not the unit price: 0.333 × 3 = 0.999 → 1.00', () => {
    const p = priceOne([list('0.333')], 3);
    expect([p.grossAmount, p.unitPrice, p.listPrice]).toEqual(['1.00', '0.3333', '0.3333']);
  });

  it('a discount of exactly x.xx5 rounds half-up away from zero, like the equal surcharge', () => {
    // 10.10 × 5 % = 0.505
    const records = [list('10.10'), rec('K007', 'CUSTOMER', { rate: '5' })];
    expect(priceOne(records, 1).components[1]?.amount).toBe('-0.51');
    const sur = typesWith({
      code: 'ZPCT',
      kind: 'SURCHARGE',
      label: 'Pct surcharge',
      calcType: 'PERCENT',
      level: 'ITEM',
      accessSequence: ['ALL'],
      exclusive: true,
      rounding: { scale: 2, mode: 'HALF_UP' },
    });
    const proc: PricingProcedure = {
      id: 'P',
      steps: [...DEFAULT_PROCEDURE.steps.slice(0, 5), { type: 'CONDITION', conditionType: 'ZPCT' }, ...DEFAULT_PROCEDURE.steps.slice(5)],
    };
    expect(
      priceOne([list('10.10'), rec('ZPCT', 'ALL', { rate: '5' })], 1, { conditionTypes: sur, procedure: proc }).components[1]?.amount,
    ).toBe('0.51');
  });

  it.each([
    ['HALF_EVEN', 2, '-0.50', '9.60'],
    ['DOWN', 2, '-0.50', '9.60'],
    ['UP', 2, '-0.51', '9.59'],
    // Coarser than the currency's two places is the type's own rule; finer is never (see currency.test.ts).
    ['HALF_UP', 0, '-1', '9.10'],
  ] as const)('each condition type rounds by its own rule: K007 %s to %i places → %s', (mode, scale, amount, net) => {
    const p = priceOne([list('10.10'), rec('K007', 'CUSTOMER', { rate: '5' })], 1, {
      conditionTypes: typesWith({ code: 'K007', rounding: { scale, mode } }),
    });
    expect([p.components[0]?.amount, p.components[1]?.amount, p.netAmount]).toEqual(['10.10', amount, net]);
  });

  it('unitPrice is net / quantity, half-up to 4 places', () => {
    expect(priceOne([list('10.00', { scales: [{ from: '3', amount: '6.66666' }] })], 3).unitPrice).toBe('6.6667'); // 20.00 / 3
    expect(priceOne([list('3.3333')], 3).unitPrice).toBe('3.3333'); // 10.00 / 3
  });
});

describe('currency', () => {
  it('records in another currency are ignored, never converted or mixed', () => {
    const records = [
      list('10.00'),
      pr00('PR00', 'CUSTOMER_ITEM', { amount: '5.00', currency: 'EUR' }),
      rec('K007', 'CUSTOMER', { rate: '50', currency: 'EUR' }),
      rec('KF00', 'ALL', { amount: '3.00', currency: 'EUR' }),
    ];
    const doc = price(records, [line('A-1', 2)]);
    expect(doc.currency).toBe('USD');
    expect(doc.lines[0]?.components.map((c) => [c.conditionId, c.amount])).toEqual([['PR00-LIST', '20.00']]);
    expect(doc.header).toEqual([]);
    expect(doc.totals.total).toBe('20.00');
  });

  it('an item priced only in another currency is a NO_PRICE line', () => {
    const doc = price([list('10.00', { currency: 'EUR' })], [line('A-1', 1)]);
    expect(doc.errors).toEqual([{ lineId: 'L-A-1', sku: 'A-1', code: 'NO_PRICE', message: expect.stringContaining('PR00') }]);
    const eur = price([list('10.00', { currency: 'EUR' })], [line('A-1', 1)], { customer: { ...customer, currency: 'EUR' } });
    expect([eur.currency, eur.totals.total]).toEqual(['EUR', '10.00']);
  });
});
