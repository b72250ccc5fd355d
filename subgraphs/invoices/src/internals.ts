/** Invoices internals for end-to-end tests and tools (not for other subgraphs). */
export { entities } from './entities/index.js';
export { migrations } from './migrations/index.js';
export { applyBillingEvent } from './erp/billing-feed.js';
