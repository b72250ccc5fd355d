/** Entities of the pricing schema. */
import { InboxEntry } from '@portal/platform/feed';
import { SyncState } from '@portal/platform/sync';
import { CustomerPricing, ItemTaxClass, PriceCondition, PriceConditionStaging, Quote } from './condition.entity.js';

export * from './condition.entity.js';
export const entities = [PriceCondition, PriceConditionStaging, CustomerPricing, ItemTaxClass, Quote, SyncState, InboxEntry];
