import Decimal from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONDITION_TYPES, DEFAULT_PROCEDURE } from './defaults.js';
import { priceDocument } from './engine.js';
import { DATE, customer, line, price, priceOne, rec, typesWith } from './fixtures.js';
import type { ConditionRecord, PriceDocumentInput, PricingProcedure } from './model.js';

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

describe('freight (header, not spread over lines)', () => {
  const freight = rec('KF00', 'ALL', {
    scales: [
      { from: '0', amount: '25.00' },
      { from: '500.00', amount: '0.00' },
    ],
  });

  it.each([
    ['499.99', '25.00', '524.99'],
    ['500.00', '0.00', '500.00'],
  ])('document net %s → freight %s', (amount, fr, total) => {
    const doc = price([list(amount), freight], [line('A-1', 1)]);
    expect(doc.header).toEqual([
      {
        type: 'FREIGHT',
        conditionType: 'KF00',
        label: 'Freight',
        rate: null,
        amount: fr,
        scaleFrom: fr === '0.00' ? '500' : '0',
        conditionId: 'KF00-ALL',
        conditionVersion: 1,
        access: 'ALL',
      },
    ]);
    expect([doc.totals.freight, doc.totals.total]).toEqual([fr, total]);
    expect(doc.lines[0]?.components.some((c) => c.type === 'FREIGHT')).toBe(false);
  });

  it('the value scale reads document NET (after discounts), summed over lines', () => {
    // Gross 520.00 would ship free; net 494.00 does not.
    const doc = price([list('260.00'), rec('K007', 'CUSTOMER', { rate: '5' }), freight], [line('A-1', 1, 'a'), line('A-1', 1, 'b')]);
    expect([doc.totals.subtotal, doc.totals.net, doc.totals.freight, doc.totals.total]).toEqual(['520.00', '494.00', '25.00', '519.00']);
  });

  it('a customer freight record beats the general one (exclusive)', () => {
    const doc = price([list('10.00'), freight, rec('KF00', 'CUSTOMER', { amount: '9.90' })], [line('A-1', 1)]);
    expect(doc.header.map((c) => [c.access, c.amount])).toEqual([['CUSTOMER', '9.90']]);
  });

  it('percent freight is a percentage of document NET, rounded per its type', () => {
    const types = typesWith({ code: 'KF00', calcType: 'PERCENT', scaleBasis: undefined });
    const doc = price([list('1234.56'), rec('KF00', 'ALL', { rate: '2' })], [line('A-1', 1)], { conditionTypes: types });
    expect([doc.header[0]?.rate, doc.totals.freight, doc.totals.total]).toEqual(['2', '24.69', '1259.25']); // 24.6912
  });

  it('an empty or wholly unpriced document carries no freight', () => {
    for (const doc of [price([freight], []), price([freight], [line('NOPE', 1)])]) {
      expect(doc.header).toEqual([]);
      expect(doc.totals).toEqual({
        subtotal: '0.00',
        discount: '0.00',
        surcharge: '0.00',
        freight: '0.00',
        net: '0.00',
        headerDiscount: '0.00',
        tax: '0.00',
        total: '0.00',
      });
    }
  });
});

describe('documents', () => {
  it('a line without a price is an error entry while the other lines price', () => {
    const doc = price(
      [list('10.00'), pr00('PR00', 'LIST', { id: 'B', sku: 'B-2', amount: '4.00' })],
      [line('A-1', 2), line('GHOST', 1), line('B-2', 3)],
    );
    expect(doc.lines.map((l) => [l.lineId, l.netAmount])).toEqual([
      ['L-A-1', '20.00'],
      ['L-B-2', '12.00'],
    ]);
    expect(doc.errors).toEqual([{ lineId: 'L-GHOST', sku: 'GHOST', code: 'NO_PRICE', message: expect.any(String) }]);
    expect(doc.totals.net).toBe('32.00');
  });

  it('discounts beyond the price make the line a NEGATIVE_NET error, never a negative total', () => {
    const types = typesWith({
      code: 'ZFIX',
      kind: 'DISCOUNT',
      label: 'Fixed discount',
      calcType: 'FIXED_AMOUNT',
      level: 'ITEM',
      accessSequence: ['CUSTOMER'],
      exclusive: true,
      rounding: { scale: 2, mode: 'HALF_UP' },
    });
    const proc: PricingProcedure = {
      id: 'P',
      steps: [...DEFAULT_PROCEDURE.steps.slice(0, 2), { type: 'CONDITION', conditionType: 'ZFIX' }, ...DEFAULT_PROCEDURE.steps.slice(2)],
    };
    const records = [list('5.00'), rec('ZFIX', 'CUSTOMER', { amount: '6.00' })];
    const doc = price(records, [line('A-1', 1), line('A-1', 2, 'two')], { conditionTypes: types, procedure: proc });
    expect(doc.errors.map((e) => [e.lineId, e.code])).toEqual([['L-A-1', 'NEGATIVE_NET']]);
    expect(doc.lines.map((l) => l.netAmount)).toEqual(['4.00']);
  });

  it('totals are exactly the sums of the rounded line values plus freight', () => {
    const records = [
      list('19.99', { scales: [{ from: '12', amount: '18.75' }] }),
      pr00('PR00', 'CUSTOMER_ITEM', { id: 'C-B', sku: 'B-2', amount: '3.333' }),
      pr00('PR00', 'LIST', { id: 'L-C', sku: 'C-3', amount: '149.00' }),
      rec('K007', 'CUSTOMER', { rate: '3.5' }),
      rec('K004', 'LIST', { scales: [{ from: '12', rate: '2' }] }),
      rec('K004', 'LIST', { id: 'K004-C', sku: 'C-3', rate: '1.25' }),
      rec('ZSUR', 'ALL', {
        scales: [
          { from: '1', amount: '4.95' },
          { from: '5', amount: '0' },
        ],
      }),
      rec('KF00', 'ALL', {
        scales: [
          { from: '0', amount: '25.00' },
          { from: '1000', amount: '0' },
        ],
      }),
    ];
    const doc = price(records, [line('A-1', 12), line('B-2', 7), line('C-3', 1)]);
    // 12 × 18.75 = 225.00; K007 −7.875 → −7.88; K004 −4.50; ZSUR 0 → 212.62
    // B-2: 7 × 3.333 = 23.331 → 23.33; K007 −0.81655 → −0.82; ZSUR 0 → 22.51
    // C-3: 149.00; K007 −5.215 → −5.22; K004 −1.8625 → −1.86; ZSUR 4.95 → 146.87
    expect(doc.lines.map((l) => [l.grossAmount, l.netAmount, l.unitPrice])).toEqual([
      ['225.00', '212.62', '17.7183'],
      ['23.33', '22.51', '3.2157'],
      ['149.00', '146.87', '146.8700'],
    ]);
    expect(doc.totals).toEqual({
      subtotal: '397.33',
      discount: '20.28',
      surcharge: '4.95',
      freight: '25.00',
      net: '382.00',
      headerDiscount: '0.00',
      tax: '0.00',
      total: '407.00',
    });
    const d = (s: string) => new Decimal(s);
    const sumOf = (f: (l: (typeof doc.lines)[number]) => string) => doc.lines.reduce((acc, l) => acc.plus(f(l)), d('0'));
    expect(sumOf((l) => l.netAmount).toFixed(2)).toBe(doc.totals.net);
    expect(sumOf((l) => l.grossAmount).toFixed(2)).toBe(doc.totals.subtotal);
    expect(d(doc.totals.subtotal).minus(doc.totals.discount).plus(doc.totals.surcharge).toFixed(2)).toBe(doc.totals.net);
    expect(d(doc.totals.net).plus(doc.totals.freight).toFixed(2)).toBe(doc.totals.total);
  });

  it('the result is plain JSON, echoes the pricing date and procedure, and leaves frozen inputs untouched', () => {
    const deepFreeze = <T>(v: T): T => {
      if (typeof v === 'object' && v !== null) {
        Object.freeze(v);
        Object.values(v).forEach(deepFreeze);
      }
      return v;
    };
    const input: PriceDocumentInput = deepFreeze({
      procedure: DEFAULT_PROCEDURE,
      conditionTypes: DEFAULT_CONDITION_TYPES,
      records: [
        list('10.00', {
          scales: [
            { from: '5', amount: '9.00' },
            { from: '1', amount: '10.00' },
          ],
        }),
      ],
      customer,
      pricingDate: DATE,
      lines: [line('A-1', 5)],
    });
    const doc = priceDocument(input);
    expect(JSON.parse(JSON.stringify(doc))).toEqual(doc);
    expect([doc.pricingDate, doc.procedureId, doc.totals.total]).toEqual([DATE, 'ZPORTAL', '45.00']);
  });

  it("does not follow the global decimal.js configuration (another module's Decimal.set cannot reprice)", () => {
    const records = [list('2.345')];
    const before = priceOne(records, 1);
    const saved = { rounding: Decimal.rounding, precision: Decimal.precision };
    Decimal.set({ rounding: Decimal.ROUND_DOWN, precision: 3 });
    try {
      expect(priceOne(records, 1)).toEqual(before);
      expect(before.grossAmount).toBe('2.35');
    } finally {
      Decimal.set(saved);
    }
  });

  it('prices malformed data only where it matters: records of other items or currencies are not read', () => {
    const junk = [
      pr00('PR00', 'LIST', { id: 'X', sku: 'OTHER', amount: '1,50' }),
      pr00('PR00', 'CUSTOMER_ITEM', { id: 'Y', amount: 'abc', currency: 'EUR' }),
    ];
    expect(priceOne([list('10.00'), ...junk], 1).unitPrice).toBe('10.0000');
  });
});

describe('header discounts and tax (HD00 on document NET, TX00 per ship-to country and tax class)', () => {
  const de = { ...customer, shipToCountry: 'DE' };
  const tax = (taxClass: string, rate: string, over: Partial<ConditionRecord> = {}) =>
    rec('TX00', 'COUNTRY_TAX_CLASS', { id: `TX-DE-${taxClass}`, taxClass, rate, ...over });
  const taxed = (sku: string, quantity: number, taxClass: string | null) => ({ ...line(sku, quantity), taxClass });
  const bases = [list('3.33', { id: 'A', sku: 'A-1' }), list('10.00', { id: 'B', sku: 'B-2' }), list('0.99', { id: 'C', sku: 'C-3' })];
  const rates = [tax('STANDARD', '19'), tax('REDUCED', '7'), tax('EXEMPT', '0')];

  it('tax is rounded per line and summed per rate; total = net + freight + tax', () => {
    // 3 × 3.33 = 9.99 → 19 % = 1.8981 → 1.90; B-2: 1 × 10.00 → 1.90; C-3: 7 × 0.99 = 6.93 → 7 % = 0.4851 → 0.49
    const doc = price(
      [...bases, ...rates, rec('KF00', 'ALL', { amount: '5.00' })],
      [taxed('A-1', 3, 'STANDARD'), taxed('B-2', 1, 'STANDARD'), taxed('C-3', 7, 'REDUCED')],
      { customer: de },
    );
    expect(doc.lineTaxes.map((t) => [t.lineId, t.base, t.rate, t.amount])).toEqual([
      ['L-A-1', '9.99', '19', '1.90'],
      ['L-B-2', '10.00', '19', '1.90'],
      ['L-C-3', '6.93', '7', '0.49'],
    ]);
    // Per line, not on the rate's base: 19 % of 19.99 would be 3.7981 → 3.80 as well here, but
    // see the next case for where the two rules part.
    expect(doc.taxLines).toEqual([
      { conditionType: 'TX00', label: 'Tax', rate: '19', base: '19.99', amount: '3.80' },
      { conditionType: 'TX00', label: 'Tax', rate: '7', base: '6.93', amount: '0.49' },
    ]);
    expect(doc.totals).toMatchObject({ net: '26.92', freight: '5.00', headerDiscount: '0.00', tax: '4.29', total: '36.21' });
    // The lines' own prices stay net: tax is not a line component.
    expect(doc.lines.flatMap((l) => l.components.map((c) => c.type))).not.toContain('TAX');
  });

  it('per-line rounding is the rule: three lines of 0.05 at 10 % pay 0.01 each, not 0.02 on 0.15', () => {
    const doc = price(
      [
        list('0.05', { id: 'A', sku: 'A-1' }),
        list('0.05', { id: 'B', sku: 'B-2' }),
        list('0.05', { id: 'C', sku: 'C-3' }),
        tax('STANDARD', '10'),
      ],
      [taxed('A-1', 1, 'STANDARD'), taxed('B-2', 1, 'STANDARD'), taxed('C-3', 1, 'STANDARD')],
      { customer: de },
    );
    expect(doc.lineTaxes.map((t) => t.amount)).toEqual(['0.01', '0.01', '0.01']);
    expect(doc.taxLines).toEqual([{ conditionType: 'TX00', label: 'Tax', rate: '10', base: '0.15', amount: '0.03' }]);
    expect(doc.totals.tax).toBe('0.03');
  });

  it('no tax without a ship-to country, a tax class, or a record for the country and class', () => {
    const lines = [taxed('A-1', 1, 'STANDARD'), taxed('B-2', 1, null), taxed('C-3', 1, 'LUXURY')];
    const noCountry = price([...bases, ...rates], lines);
    expect([noCountry.totals.tax, noCountry.taxLines]).toEqual(['0.00', []]);
    const fr = price([...bases, ...rates], lines, { customer: { ...customer, shipToCountry: 'FR' } });
    expect([fr.totals.tax, fr.taxLines]).toEqual(['0.00', []]);
    const doc = price([...bases, ...rates], lines, { customer: de });
    expect(doc.lineTaxes.map((t) => [t.taxClass, t.rate, t.amount])).toEqual([
      ['STANDARD', '19', '0.63'],
      [null, null, '0.00'],
      ['LUXURY', null, '0.00'],
    ]);
    expect(doc.totals.total).toBe('14.95');
  });

  it('an exempt class shows as a 0 % tax line; another currency or an expired rate does not apply', () => {
    const doc = price(
      [...bases, tax('EXEMPT', '0'), tax('STANDARD', '19', { currency: 'EUR' }), tax('REDUCED', '7', { validTo: '2026-01-31' })],
      [taxed('A-1', 1, 'EXEMPT'), taxed('B-2', 1, 'STANDARD'), taxed('C-3', 1, 'REDUCED')],
      { customer: de },
    );
    expect(doc.taxLines).toEqual([{ conditionType: 'TX00', label: 'Tax', rate: '0', base: '3.33', amount: '0.00' }]);
  });

  it('a dated rate change applies from its date (the latest validFrom wins)', () => {
    const records = [...bases, tax('STANDARD', '19'), tax('STANDARD', '16', { id: 'TX-DE-CUT', validFrom: '2026-07-01' })];
    const lines = [taxed('B-2', 1, 'STANDARD')];
    expect(price(records, lines, { customer: de }).totals.tax).toBe('1.90');
    expect(price(records, lines, { customer: de, pricingDate: '2026-07-01' }).totals.tax).toBe('1.60');
  });

  it('a header discount on document NET is split over the lines by net, exactly, and lowers the tax base', () => {
    const hd = rec('HD00', 'CUSTOMER', {
      scales: [
        { from: '0', rate: '0' },
        { from: '20', rate: '3' },
      ],
    });
    // Below 20: nothing. 3 × 3.33 + 1 × 10.00 = 19.99
    const small = price([...bases, ...rates, hd], [taxed('A-1', 3, 'STANDARD'), taxed('B-2', 1, 'STANDARD')], { customer: de });
    expect(small.totals.headerDiscount).toBe('0.00');
    // 3 × 3.33 + 1 × 10.00 + 7 × 0.99 = 26.92 → 3 % = 0.8076 → 0.81, split 9.99 : 10.00 : 6.93
    const doc = price(
      [...bases, ...rates, hd, rec('KF00', 'ALL', { amount: '5.00' })],
      [taxed('A-1', 3, 'STANDARD'), taxed('B-2', 1, 'STANDARD'), taxed('C-3', 7, 'REDUCED')],
      { customer: de },
    );
    expect(doc.header.map((c) => [c.conditionType, c.type, c.rate, c.amount])).toEqual([
      ['HD00', 'DISCOUNT', '3', '-0.81'],
      ['KF00', 'FREIGHT', null, '5.00'],
    ]);
    // exact shares 0.30055, 0.30089, 0.20850 → 0.30, 0.30, 0.20 + one cent to the largest remainder (C-3)
    expect(doc.lineTaxes.map((t) => [t.headerDiscount, t.base, t.amount])).toEqual([
      ['0.30', '9.69', '1.84'],
      ['0.30', '9.70', '1.84'],
      ['0.21', '6.72', '0.47'],
    ]);
    expect(doc.taxLines.map((t) => [t.rate, t.base, t.amount])).toEqual([
      ['19', '19.39', '3.68'],
      ['7', '6.72', '0.47'],
    ]);
    // Freight is on the net before the header discount and is not taxed.
    expect(doc.totals).toMatchObject({ net: '26.92', headerDiscount: '0.81', freight: '5.00', tax: '4.15', total: '35.26' });
    // Line prices keep their meaning: net of item conditions only.
    expect(doc.lines.map((l) => l.netAmount)).toEqual(['9.99', '10.00', '6.93']);
  });

  it('a fixed header discount is cut to the document net, never below zero', () => {
    const hd = rec('HD00', 'CUSTOMER', { amount: '50.00' });
    const doc = price([...bases, hd], [line('A-1', 1), line('B-2', 1)], {
      customer: de,
      conditionTypes: typesWith({ code: 'HD00', calcType: 'FIXED_AMOUNT', scaleBasis: undefined }),
    });
    expect([doc.totals.net, doc.totals.headerDiscount, doc.totals.total]).toEqual(['13.33', '13.33', '0.00']);
    expect(doc.lineTaxes.map((t) => t.base)).toEqual(['0.00', '0.00']);
  });

  it('shares add up to the header discount whatever the line count', () => {
    const records = [list('0.07'), rec('HD00', 'ALL', { rate: '3.3' })];
    for (const n of [1, 2, 7, 31, 200]) {
      const lines = Array.from({ length: n }, (_, i) => line('A-1', 1 + (i % 5), `L${i}`));
      const doc = price(records, lines);
      const shares = doc.lineTaxes.reduce((acc, t) => acc.plus(t.headerDiscount), new Decimal(0));
      expect(shares.toFixed(2)).toBe(doc.totals.headerDiscount);
    }
  });
});
