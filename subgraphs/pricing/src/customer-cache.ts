/**
 * The customer pricing master (currency, price list, tier per account), cached per process: every
 * priced request needs it, and it changes only with the ERP's customer export. The full sync clears
 * the cache when it has written; entries also expire after `ttlMs`, so a replica that did not run
 * the sync itself follows within that time.
 */
import type { PricingCustomer } from '@portal/pricing-engine';

export class CustomerPricingCache {
  private readonly entries = new Map<string, { value: Promise<PricingCustomer | null>; until: number }>();

  constructor(
    private readonly ttlMs = 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** The cached answer for `accountId`, else `load()`'s (a failed load is not kept). */
  get(accountId: string, load: () => Promise<PricingCustomer | null>): Promise<PricingCustomer | null> {
    const hit = this.entries.get(accountId);
    if (hit && hit.until > this.now()) return hit.value;
    const value = load();
    this.entries.set(accountId, { value, until: this.now() + this.ttlMs });
    value.catch(() => {
      if (this.entries.get(accountId)?.value === value) this.entries.delete(accountId);
    });
    return value;
  }

  /** The master changed (a customer sync wrote): the next request reads it again. */
  clear(): void {
    this.entries.clear();
  }
}
