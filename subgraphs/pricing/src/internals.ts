/** Pricing internals for end-to-end tests and tools (not for other subgraphs). */
export { entities } from './entities/index.js';
export { migrations } from './migrations/index.js';
export { upsertNewer } from './erp/condition-feed.js';
export { syncPricing, CONDITION_PAGE } from './erp/contract-sync.js';
