import { describe, expect, it } from 'vitest';
import { conditionsFrom, orderStatus, parseFormula, TrytonMappingError, type TPriceListLine } from './mapping.js';

const line = (over: Partial<TPriceListLine>): TPriceListLine => ({
  id: 1,
  price_list: 1,
  sequence: 10,
  product: 1,
  category: null,
  quantity: null,
  formula: "Decimal('10')",
  start_date: null,
  end_date: null,
  stamp: 1000,
  ...over,
});
const lists = [
  { id: 1, name: 'K-ACME-2026', parent: 2 },
  { id: 2, name: 'PL-US-DIST', parent: 3 },
  { id: 3, name: 'TIER-GOLD', parent: null },
];
const base = {
  lists,
  products: [{ id: 1, sku: 'BOLT-0001', listPrice: '20.00', stamp: 500 }],
  customers: [{ accountId: 'ACME', currency: 'USD', priceList: 1 }],
  companyCurrency: 'USD',
  rates: new Map([['EUR', '0.92']]),
};

describe('Tryton price lists → condition records', () => {
  it('maps the chain to accesses, quantity breaks to scales and dates to validity', () => {
    const records = conditionsFrom({
      ...base,
      lines: [
        line({ id: 1, sequence: 1, quantity: 500, formula: "Decimal('15.00')", start_date: '2026-01-01', end_date: '2027-12-31' }),
        line({ id: 2, sequence: 2, quantity: 100, formula: "Decimal('16.00')", start_date: '2026-01-01', end_date: '2027-12-31' }),
        line({ id: 3, sequence: 3, quantity: 1, formula: "Decimal('17.00')", start_date: '2026-01-01', end_date: '2027-12-31' }),
        line({ id: 4, sequence: 9, product: null, formula: 'parent_unit_price' }),
        line({ id: 5, price_list: 2, formula: "list_price * Decimal('0.9')" }),
        line({ id: 6, price_list: 2, sequence: 99, product: null, formula: 'parent_unit_price' }),
      ],
    });
    expect(records.find((r) => r.id === 'PR00-K-ACME-BOLT-0001')).toMatchObject({
      access: 'CUSTOMER_ITEM',
      accountId: 'ACME',
      contractId: 'K-ACME-2026',
      amount: '17.00',
      scales: [
        { from: '1', amount: '17.00' },
        { from: '100', amount: '16.00' },
        { from: '500', amount: '15.00' },
      ],
      validFrom: '2026-01-01',
      validTo: '2027-12-31',
    });
    expect(records.find((r) => r.id === 'PR00-PL-US-DIST-BOLT-0001')).toMatchObject({ access: 'PRICE_LIST_ITEM', amount: '18.00' });
    expect(records.find((r) => r.id === 'PR00-LIST-BOLT-0001-USD')).toMatchObject({ access: 'LIST', amount: '20.00' });
  });

  it('converts into the customer currency as Tryton does (rate, then 4 places half-even)', () => {
    const records = conditionsFrom({ ...base, customers: [{ accountId: 'GLOBEX', currency: 'EUR', priceList: null }], lines: [] });
    expect(records).toEqual([expect.objectContaining({ id: 'PR00-LIST-BOLT-0001-EUR', currency: 'EUR', amount: '18.40' })]);
  });

  it('refuses what it cannot express, naming the list and line', () => {
    expect(() => parseFormula('cost_price * Decimal(2)', 'price list X, line 7')).toThrow(TrytonMappingError);
    expect(() =>
      conditionsFrom({
        ...base,
        lines: [line({ formula: "unit_price * Decimal('0.97') + 1" }), line({ id: 2, product: null, formula: 'parent_unit_price' })],
      }),
    ).toThrow(/price list K-ACME-2026, line 1: formula/);
    // A parent without the catch-all would never be reached in Tryton.
    expect(() => conditionsFrom({ ...base, lines: [line({})] })).toThrow(/no catch-all line/);
    expect(() =>
      conditionsFrom({
        ...base,
        lines: [line({ product: null, category: 4 }), line({ id: 2, product: null, formula: 'parent_unit_price' })],
      }),
    ).toThrow(/category or all products/);
  });
});

describe('sale states → order status', () => {
  const sale = (state: string, shipment_state = 'none', holdReason: string | null = null) => ({ state, shipment_state, holdReason });
  it('maps the workflow', () => {
    // A quotation is a sale not confirmed yet; only a refused confirmation is a hold.
    expect(orderStatus(sale('quotation'), [])).toEqual({ status: 'RECEIVED', holdReason: null });
    expect(orderStatus(sale('draft'), [])).toEqual({ status: 'RECEIVED', holdReason: null });
    expect(orderStatus(sale('quotation', 'none', 'CREDIT_LIMIT_EXCEEDED'), [])).toEqual({
      status: 'ON_HOLD',
      holdReason: 'CREDIT_LIMIT_EXCEEDED',
    });
    expect(orderStatus(sale('processing', 'waiting', 'CREDIT_LIMIT_EXCEEDED'), [{ state: 'waiting' }])).toEqual({
      status: 'CONFIRMED',
      holdReason: null,
    });
    expect(orderStatus(sale('processing', 'waiting'), [{ state: 'waiting' }]).status).toBe('CONFIRMED');
    expect(orderStatus(sale('processing', 'waiting'), [{ state: 'assigned' }]).status).toBe('IN_FULFILLMENT');
    expect(orderStatus(sale('processing', 'partially shipped'), [{ state: 'done' }]).status).toBe('PARTIALLY_SHIPPED');
    expect(orderStatus(sale('processing', 'sent'), [{ state: 'done' }]).status).toBe('COMPLETED');
    expect(orderStatus(sale('processing', 'exception'), [{ state: 'cancelled' }]).status).toBe('CANCELLED');
  });
});
