/** Entities of the pricing schema. */
import { SyncState } from '@portal/platform/sync';
import { CustomerPricing, PriceCondition } from './condition.entity.js';

export * from './condition.entity.js';
export const entities = [PriceCondition, CustomerPricing, SyncState];
