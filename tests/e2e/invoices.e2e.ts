/**
 * Invoices through the gateway: billing synced from the ERP (full sync and change feed)
 * and checked against the ERP's own exports; an order with its shipments (orders) and invoices and
 * credit memos (invoices) in one query; filters and pagination; balances and aging; tenancy;
 * signed PDF links (owner, another account, expired, tampered); constant SQL per request; and —
 * moving the ERP clock, so last — a new order billed, part-paid and credited, with the bus events
 * it causes, duplicate feed events and late (out-of-order) events leaving balances unchanged.
 *
 * One stack for all of them, started here; the tests are in invoices/, a module per topic, run in
 * the order below; what they share is in invoices/support.ts.
 */
import { afterAll, beforeAll } from 'vitest';
import { defineBillingSyncTests } from './invoices/billing.js';
import { defineOrderInvoicesTests } from './invoices/order-invoices.js';
import { defineDocumentTests } from './invoices/documents.js';
import { definePaymentAndCreditTests } from './invoices/payments-and-credits.js';
import { startInvoicesStack, stopInvoicesStack } from './invoices/support.js';

beforeAll(startInvoicesStack);
afterAll(stopInvoicesStack);

defineBillingSyncTests();
defineOrderInvoicesTests();
defineDocumentTests();
definePaymentAndCreditTests();
