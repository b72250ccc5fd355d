import { describe, expect, it } from 'vitest';
import { InvalidQuantityError, priceLine, type ConditionRecord, type PricingCustomer } from './price-engine.js';

const customer: PricingCustomer = { accountId: 'ACME', currency: 'USD', priceListId: 'PL-US', tier: 'GOLD' };
const rec = (over: Partial<ConditionRecord>): ConditionRecord => ({
  id: 'R',
  version: 1,
  conditionType: 'PR00',
  access: 'LIST',
  sku: 'A-1',
  accountId: null,
  priceListId: null,
  tier: null,
  currency: 'USD',
  amount: '10.00',
  validFrom: '2026-01-01',
  validTo: null,
  ...over,
});

describe('priceLine access sequence', () => {
  const records = [
    rec({ id: 'LIST', amount: '10.00' }),
    rec({ id: 'TIER', access: 'TIER_ITEM', tier: 'GOLD', amount: '9.50' }),
    rec({ id: 'PL', access: 'PRICE_LIST_ITEM', priceListId: 'PL-US', amount: '9.00' }),
    rec({ id: 'K1', access: 'CUSTOMER_ITEM', accountId: 'ACME', amount: '8.125', version: 3, validTo: '2026-06-30' }),
    rec({ id: 'OTHER', access: 'CUSTOMER_ITEM', accountId: 'GLOBEX', amount: '1.00' }),
  ];

  it('uses the customer contract while it is valid, rounding half-up', () => {
    const p = priceLine(records, customer, { sku: 'A-1', quantity: 3, pricingDate: '2026-06-30' })!;
    expect(p.basis).toMatchObject({ source: 'CONTRACT', contractId: 'K1', contractVersion: 3, validTo: '2026-06-30' });
    expect(p.unitPrice.toFixed(2)).toBe('8.13');
    expect(p.netAmount.toFixed(2)).toBe('24.39');
    expect(p.listPrice.toFixed(2)).toBe('10.00');
    expect(p.components).toEqual([expect.objectContaining({ type: 'BASE', conditionId: 'K1', conditionVersion: 3 })]);
  });

  it('falls back to the price list the day after the contract expires', () => {
    const p = priceLine(records, customer, { sku: 'A-1', quantity: 1, pricingDate: '2026-07-01' })!;
    expect(p.basis).toMatchObject({ source: 'PRICE_LIST', priceListId: 'PL-US', contractId: null });
    expect(p.unitPrice.toFixed(2)).toBe('9.00');
  });

  it('falls to tier, then list, as more specific records are missing', () => {
    const noPl = records.filter((r) => r.id !== 'PL' && r.id !== 'K1');
    expect(priceLine(noPl, customer, { sku: 'A-1', quantity: 1, pricingDate: '2026-07-01' })!.basis.source).toBe('TIER');
    expect(priceLine([records[0]!], customer, { sku: 'A-1', quantity: 1, pricingDate: '2026-07-01' })!.basis.source).toBe('LIST');
  });

  it('ignores records in another currency and before their validity', () => {
    expect(priceLine([rec({ currency: 'EUR' })], customer, { sku: 'A-1', quantity: 1, pricingDate: '2026-07-01' })).toBeUndefined();
    expect(priceLine([rec({ validFrom: '2026-08-01' })], customer, { sku: 'A-1', quantity: 1, pricingDate: '2026-07-31' })).toBeUndefined();
  });

  it('prefers the newest record among overlapping ones of the same access', () => {
    const p = priceLine([rec({ id: 'old', amount: '5' }), rec({ id: 'new', amount: '6', validFrom: '2026-03-01' })], customer, {
      sku: 'A-1',
      quantity: 1,
      pricingDate: '2026-04-01',
    })!;
    expect(p.components[0]!.conditionId).toBe('new');
  });

  it('refuses a non-positive quantity', () => {
    expect(() => priceLine(records, customer, { sku: 'A-1', quantity: 0, pricingDate: '2026-07-01' })).toThrow(InvalidQuantityError);
  });
});
