/** The pricing engine on whole documents: freight, document totals, header discounts and tax. */
import Decimal from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONDITION_TYPES, DEFAULT_PROCEDURE } from './defaults.js';
import { priceDocument } from './engine.js';
import { DATE, customer, line, price, priceOne, rec, typesWith } from './fixtures.js';
import type { ConditionRecord, PriceDocumentInput, PricingProcedure } from './model.js';

const pr00 = rec; // readability: rec('PR00', …) is a base price record
const list = (amount: string, over: Partial<ConditionRecord> = {}) => pr00('PR00', 'LIST', { amount, ...over });

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
