/**
 * Analysts through the gateway: the accounts list, orders and invoices across accounts (with
 * `account` on every row), and the report aggregates — each checked against figures computed here
 * from the ERP's own exports (orders, deliveries, invoices, payments, credit memos), per currency
 * (the demo has USD and EUR accounts). Tenancy: other roles asking for another account's ids get
 * nothing of it. SQL per request does not grow with the rows. Bad arguments are BAD_USER_INPUT.
 *
 * One stack for all of them, started here; the tests are in reports/, a module per topic, run in
 * the order below; what they share is in reports/support.ts.
 */
import { afterAll, beforeAll } from 'vitest';
import { defineAccountTests } from './reports/accounts.js';
import { defineOrderAggregateTests } from './reports/order-aggregates.js';
import { defineReceivablesTests } from './reports/receivables.js';
import { defineFulfilmentTests } from './reports/fulfilment.js';
import { startReportsStack, stopReportsStack } from './reports/support.js';

beforeAll(startReportsStack);
afterAll(stopReportsStack);

defineAccountTests();
defineOrderAggregateTests();
defineReceivablesTests();
defineFulfilmentTests();
