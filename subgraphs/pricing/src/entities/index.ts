/** Entities of the pricing schema. */
import { InboxEntry } from '@portal/platform/feed';
import { SyncState } from '@portal/platform/sync';
import { CustomerPricing, ItemTaxClass, PriceCondition, Quote } from './condition.entity.js';

export * from './condition.entity.js';
export const entities = [PriceCondition, CustomerPricing, ItemTaxClass, Quote, SyncState, InboxEntry];
