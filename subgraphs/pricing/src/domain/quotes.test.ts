import { describe, expect, it } from 'vitest';
import { DEFAULT_CONDITION_TYPES, DEFAULT_PROCEDURE, priceDocument, type ConditionRecord } from '@portal/pricing-engine';
import { compareQuote, snapshotQuote } from './quotes.js';

const rec = (id: string, sku: string, amount: string, version = 1): ConditionRecord => ({
  id,
  version,
  conditionType: 'PR00',
  access: 'LIST',
  sku,
  accountId: null,
  priceListId: null,
  tier: null,
  currency: 'USD',
  amount,
  rate: null,
  scales: [],
  validFrom: '2026-01-01',
  validTo: null,
  contractId: null,
});
const customer = { accountId: 'ACME', priceListId: null, tier: null, currency: 'USD', minorUnits: 2 };
const price = (records: ConditionRecord[]) =>
  priceDocument({
    procedure: DEFAULT_PROCEDURE,
    conditionTypes: DEFAULT_CONDITION_TYPES,
    records,
    customer,
    pricingDate: '2026-06-01',
    lines: [
      { lineId: 'l1', sku: 'A', quantity: 2 },
      { lineId: 'l2', sku: 'B', quantity: 1 },
    ],
  });

describe('quotes', () => {
  it('are content-addressed: same prices, same id; any change, new id', () => {
    const a = snapshotQuote(price([rec('A', 'A', '10.00'), rec('B', 'B', '5.00')]), 'ACME', 'c1');
    const b = snapshotQuote(price([rec('A', 'A', '10.00'), rec('B', 'B', '5.00')]), 'ACME', 'c1');
    const c = snapshotQuote(price([rec('A', 'A', '10.01', 2), rec('B', 'B', '5.00')]), 'ACME', 'c1');
    expect(a.id).toBe(b.id);
    expect(c.id).not.toBe(a.id);
    expect(snapshotQuote(price([rec('A', 'A', '10.00'), rec('B', 'B', '5.00')]), 'GLOBEX', 'c1').id).not.toBe(a.id);
  });

  it('compares with zero tolerance and reports exactly the lines that changed', () => {
    const seen = snapshotQuote(price([rec('A', 'A', '10.00'), rec('B', 'B', '5.00')]), 'ACME', 'c1');
    expect(compareQuote(seen, snapshotQuote(price([rec('A', 'A', '10.00'), rec('B', 'B', '5.00')]), 'ACME', 'c1'))).toEqual({
      unchanged: true,
      differences: [],
      freight: null,
      totals: [],
    });
    const cmp = compareQuote(seen, snapshotQuote(price([rec('A', 'A', '10.01', 2), rec('B', 'B', '5.00')]), 'ACME', 'c1'));
    expect(cmp.unchanged).toBe(false);
    expect(cmp.differences).toHaveLength(1);
    expect(cmp.differences[0]).toMatchObject({ lineId: 'l1', sku: 'A', old: { netAmount: '20.00' }, new: { netAmount: '20.02' } });
    const gone = compareQuote(seen, snapshotQuote(price([rec('A', 'A', '10.00')]), 'ACME', 'c1'));
    expect(gone.differences).toEqual([expect.objectContaining({ lineId: 'l2', new: null })]);
  });

  it('a changed tax or header discount is a change although every line is as it was', () => {
    const seen = snapshotQuote(price([rec('A', 'A', '10.00'), rec('B', 'B', '5.00')]), 'ACME', 'c1');
    const priced = (totals: Record<string, string>) => ({ ...seen, totals: { ...seen.totals, ...totals } });
    const taxed = compareQuote(seen, priced({ tax: '4.75', total: '29.75' }));
    expect(taxed).toMatchObject({ unchanged: false, differences: [], freight: null });
    expect(taxed.totals).toEqual([
      { field: 'tax', old: seen.totals.tax, new: '4.75' },
      { field: 'total', old: seen.totals.total, new: '29.75' },
    ]);
    const discounted = compareQuote(seen, priced({ headerDiscount: '0.50', total: '24.50' }));
    expect(discounted.unchanged).toBe(false);
    expect(discounted.totals.map((t) => t.field)).toEqual(['headerDiscount', 'total']);
    // A quote saved before it carried tax and header discount compares on what it has.
    const { tax: _t, headerDiscount: _h, ...older } = seen.totals;
    expect(compareQuote({ ...seen, totals: older as typeof seen.totals }, seen).unchanged).toBe(true);
  });
});
