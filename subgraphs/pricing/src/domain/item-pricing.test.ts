import { describe, expect, it } from 'vitest';
import type { ConditionRecord } from '@portal/pricing-engine';
import { priceItems } from './item-pricing.js';

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
  rate: null,
  scales: [],
  validFrom: '2026-01-01',
  validTo: null,
  contractId: null,
  ...over,
});
const customer = { accountId: 'ACME', priceListId: 'PL', tier: 'GOLD', currency: 'USD', minorUnits: 2 };

describe('priceItems', () => {
  it('prices many (sku, quantity) pairs in one run, in request order', () => {
    const records = [
      rec({ id: 'L1' }),
      rec({ id: 'L2', sku: 'B-2', amount: '3.333' }),
      rec({
        id: 'K',
        access: 'CUSTOMER_ITEM',
        accountId: 'ACME',
        amount: '9.00',
        contractId: 'K-1',
        scales: [
          { from: '1', amount: '9.00' },
          { from: '10', amount: '8.50' },
        ],
      }),
    ];
    const [a, b, c, missing] = priceItems(
      records,
      customer,
      [
        { sku: 'A-1', quantity: 9 },
        { sku: 'A-1', quantity: 10 },
        { sku: 'B-2', quantity: 3 },
        { sku: 'Z-9', quantity: 1 },
      ],
      '2026-06-01',
    );
    expect(a).toMatchObject({
      netAmount: '81.00',
      unitPrice: '9.0000',
      currency: 'USD',
      basis: { source: 'CONTRACT', contractId: 'K-1', tierMinQuantity: 1 },
    });
    expect(b).toMatchObject({ netAmount: '85.00', basis: { tierMinQuantity: 10 } });
    expect(c).toMatchObject({ netAmount: '10.00', basis: { source: 'LIST' } });
    expect(missing).toBeUndefined();
  });
});
