import { describe, expect, it } from 'vitest';
import { CustomerPricingCache } from './customer-cache.js';

const acme = { accountId: 'ACME', currency: 'USD', minorUnits: 2, tier: 'GOLD', priceListId: 'PL-US' };

describe('customer pricing cache', () => {
  it('loads once per account until cleared or expired', async () => {
    let now = 0;
    let loads = 0;
    const cache = new CustomerPricingCache(1000, () => now);
    const load = async () => (loads++, acme);
    expect(await cache.get('ACME', load)).toEqual(acme);
    expect(await cache.get('ACME', load)).toEqual(acme);
    expect(loads).toBe(1);
    cache.clear();
    await cache.get('ACME', load);
    expect(loads).toBe(2);
    now = 1001;
    await cache.get('ACME', load);
    expect(loads).toBe(3);
  });

  it('does not keep a failed load', async () => {
    const cache = new CustomerPricingCache();
    await expect(cache.get('ACME', () => Promise.reject(new Error('down')))).rejects.toThrow('down');
    await new Promise((r) => setImmediate(r));
    expect(await cache.get('ACME', async () => acme)).toEqual(acme);
  });

  it('keeps an unknown account as unknown (null) like a known one', async () => {
    let loads = 0;
    const cache = new CustomerPricingCache();
    const load = async () => (loads++, null);
    expect(await cache.get('NOPE', load)).toBeNull();
    expect(await cache.get('NOPE', load)).toBeNull();
    expect(loads).toBe(1);
  });
});
