import { describe, expect, it } from 'vitest';
import { DEFAULT_CONDITION_TYPES, DEFAULT_PROCEDURE } from './defaults.js';
import { InvalidLineError } from './errors.js';
import { DATE, customer, priceOne, rec, typesWith } from './fixtures.js';
import type { ConditionRecord, PriceTiersInput } from './model.js';
import { priceTiers } from './tiers.js';

const tiers = (records: ConditionRecord[], over: Partial<PriceTiersInput> = {}) =>
  priceTiers({
    procedure: DEFAULT_PROCEDURE,
    conditionTypes: DEFAULT_CONDITION_TYPES,
    records,
    customer,
    pricingDate: DATE,
    sku: 'A-1',
    ...over,
  });
const brief = (ts: ReturnType<typeof tiers>) => ts.map((t) => [t.minQuantity, t.unitPrice, t.source, t.conditionId]);

const scaledList = rec('PR00', 'LIST', {
  amount: '10.00',
  scales: [
    { from: '10', amount: '9.00' },
    { from: '50', amount: '8.00' },
  ],
});

describe('priceTiers', () => {
  it("lists each threshold of the winning record's scale with its unit price", () => {
    expect(tiers([scaledList]).map(({ price, ...t }) => ({ ...t, netAmount: price.netAmount }))).toEqual([
      {
        minQuantity: 1,
        unitPrice: '10.0000',
        graduated: false,
        source: 'LIST',
        conditionType: 'PR00',
        conditionId: 'PR00-LIST',
        conditionVersion: 1,
        validFrom: '2026-01-01',
        validTo: null,
        netAmount: '10.00',
      },
      {
        minQuantity: 10,
        unitPrice: '9.0000',
        graduated: false,
        source: 'LIST',
        conditionType: 'PR00',
        conditionId: 'PR00-LIST',
        conditionVersion: 1,
        validFrom: '2026-01-01',
        validTo: null,
        netAmount: '90.00',
      },
      {
        minQuantity: 50,
        unitPrice: '8.0000',
        graduated: false,
        source: 'LIST',
        conditionType: 'PR00',
        conditionId: 'PR00-LIST',
        conditionVersion: 1,
        validFrom: '2026-01-01',
        validTo: null,
        netAmount: '400.00',
      },
    ]);
  });

  it('a contract valid at every quantity hides the list scales', () => {
    expect(brief(tiers([scaledList, rec('PR00', 'CUSTOMER_ITEM', { amount: '8.50' })]))).toEqual([
      [1, '8.5000', 'CONTRACT', 'PR00-CUSTOMER_ITEM'],
    ]);
  });

  it('a contract that starts at 100 pieces tops the price-list ladder, which governs below it', () => {
    const records = [
      scaledList,
      rec('PR00', 'PRICE_LIST_ITEM', { amount: '9.80', scales: [{ from: '20', amount: '8.90' }] }),
      rec('PR00', 'CUSTOMER_ITEM', { scales: [{ from: '100', amount: '7.50' }] }),
    ];
    expect(brief(tiers(records))).toEqual([
      [1, '9.8000', 'PRICE_LIST', 'PR00-PRICE_LIST_ITEM'],
      [20, '8.9000', 'PRICE_LIST', 'PR00-PRICE_LIST_ITEM'],
      [100, '7.5000', 'CONTRACT', 'PR00-CUSTOMER_ITEM'],
    ]);
    // The ladder is what pricing does: at each tier's first quantity, the same record and unit price.
    for (const t of tiers(records)) {
      const p = priceOne(records, t.minQuantity);
      expect([p.basis.conditionId, p.unitPrice]).toEqual([t.conditionId, t.unitPrice]);
    }
  });

  it('merges thresholds that do not change the price and respects validity and currency', () => {
    const records = [
      rec('PR00', 'LIST', {
        amount: '10.00',
        scales: [
          { from: '5', amount: '10.00' },
          { from: '25', amount: '9.25' },
        ],
      }),
      rec('PR00', 'CUSTOMER_ITEM', { amount: '1.00', currency: 'EUR' }),
      rec('PR00', 'PRICE_LIST_ITEM', { amount: '2.00', validFrom: '2026-06-16' }),
    ];
    expect(brief(tiers(records))).toEqual([
      [1, '10.0000', 'LIST', 'PR00-LIST'],
      [25, '9.2500', 'LIST', 'PR00-LIST'],
    ]);
    expect(brief(tiers(records, { pricingDate: '2026-06-16' }))).toEqual([[1, '2.0000', 'PRICE_LIST', 'PR00-PRICE_LIST_ITEM']]);
  });

  it('graduated scales show what a line of that quantity pays per unit (the average), flagged as graduated', () => {
    const ladder = tiers([scaledList], { conditionTypes: typesWith({ code: 'PR00', graduated: true }) });
    // 10 units: 9 × 10.00 + 1 × 9.00; 50 units: 9 × 10.00 + 40 × 9.00 + 1 × 8.00.
    expect(ladder.map((t) => [t.minQuantity, t.unitPrice, t.graduated])).toEqual([
      [1, '10.0000', true],
      [10, '9.9000', true],
      [50, '9.1600', true],
    ]);
  });

  it('applies the account discount and the volume discount at every break, with their components', () => {
    const records = [
      scaledList,
      rec('K007', 'CUSTOMER', { rate: '3' }),
      rec('K004', 'LIST', {
        rate: '0',
        scales: [
          { from: '100', rate: '2' },
          { from: '1000', rate: '5' },
        ],
      }),
    ];
    const ladder = tiers(records);
    expect(ladder.map((t) => t.minQuantity)).toEqual([1, 10, 50, 100, 1000]);
    // 100 units at 8.00 = 800.00, −3 % (24.00), −2 % (16.00): 760.00.
    const at100 = ladder.find((t) => t.minQuantity === 100)!;
    expect(at100.unitPrice).toBe('7.6000');
    expect(at100.price.components.map((c) => [c.conditionType, c.rate, c.amount])).toEqual([
      ['PR00', null, '800.00'],
      ['K007', '3', '-24.00'],
      ['K004', '2', '-16.00'],
    ]);
    for (const t of ladder) {
      const p = priceOne(records, t.minQuantity);
      expect({ ...t.price, lineId: p.lineId }).toEqual(p);
      expect(t.unitPrice).toBe(p.unitPrice);
    }
  });

  it('a per-line surcharge scale and a value-scaled discount add their breaks', () => {
    const records = [
      rec('PR00', 'LIST', { amount: '10.00' }),
      rec('ZSUR', 'ALL', { amount: '5.00', scales: [{ from: '10', amount: '0.00' }] }),
      rec('ZVAL', 'LIST', { rate: '0', scales: [{ from: '255', rate: '4' }] }),
    ];
    const conditionTypes = typesWith({
      code: 'ZVAL',
      kind: 'DISCOUNT',
      label: 'Value discount',
      calcType: 'PERCENT',
      level: 'ITEM',
      accessSequence: ['LIST'],
      exclusive: true,
      scaleBasis: 'VALUE',
      rounding: { scale: 2, mode: 'HALF_UP' },
    });
    const procedure = {
      id: 'P',
      steps: [
        { type: 'CONDITION', conditionType: 'PR00' },
        { type: 'SUBTOTAL', subtotal: 'GROSS' },
        { type: 'CONDITION', conditionType: 'ZSUR' },
        { type: 'CONDITION', conditionType: 'ZVAL' },
        { type: 'SUBTOTAL', subtotal: 'NET' },
        { type: 'SUBTOTAL', subtotal: 'TOTAL' },
      ],
    } as const;
    const ladder = tiers(records, { conditionTypes, procedure });
    // 1: 10.00 + 5.00 surcharge; 10: no surcharge; 26: gross 260.00 ≥ 255.00, −4 %.
    expect(ladder.map((t) => [t.minQuantity, t.unitPrice])).toEqual([
      [1, '15.0000'],
      [10, '10.0000'],
      [26, '9.6000'],
    ]);
    for (const t of ladder) {
      const p = priceOne(records, t.minQuantity, { conditionTypes, procedure });
      expect({ ...t.price, lineId: p.lineId }).toEqual(p);
    }
  });

  it('reads only the records of its item, yet a newer version that moved a record to another item still wins', () => {
    const moved = [
      rec('PR00', 'LIST', { amount: '10.00' }),
      rec('PR00', 'CUSTOMER_ITEM', { id: 'K', amount: '5.00' }),
      rec('PR00', 'CUSTOMER_ITEM', { id: 'K', version: 2, sku: 'B-2', amount: '5.00' }),
      rec('PR00', 'LIST', { id: 'OTHER', sku: 'B-2', amount: '1.00' }),
    ];
    expect(brief(tiers(moved))).toEqual([[1, '10.0000', 'LIST', 'PR00-LIST']]);
    expect(brief(tiers(moved, { sku: 'B-2' }))).toEqual([[1, '5.0000', 'CONTRACT', 'K']]);
  });

  it('is empty for an item without a price, and refuses a missing sku', () => {
    expect(tiers([scaledList], { sku: 'NOPE' })).toEqual([]);
    expect(() => tiers([scaledList], { sku: '' })).toThrow(InvalidLineError);
  });
});
