/**
 * Resilience: the ERP's change feed repeats half of its pages' previous event (a
 * duplicate, delivered after a newer event — out of order) while orders are shipped, delivered,
 * invoiced, paid and credited. No double effects: each ERP fact is on its order's timeline once,
 * shipments and invoice balances equal the ERP's, the order read model equals the ERP's export.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, type TestStack } from '../support/stack.js';
import { duplicateEvents, duplicateEventsTable } from './scenarios/duplicate-events.js';

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack({
    ORDERS_FEED_WAIT_MS: '300',
    INVOICES_FEED_WAIT_MS: '300',
    INVOICES_OUTBOX_INTERVAL_MS: '200',
    ORDERS_OUTBOX_INTERVAL_MS: '200',
    ERP_FULFILMENT_INTERVAL_MS: '0',
  });
});
afterAll(async () => {
  await stack?.stop();
});

describe('duplicate and reordered ERP events', () => {
  it('6 orders through fulfilment and billing with 50 % repeated feed events: every effect once', async () => {
    const f = await duplicateEvents(stack, { orders: 6, duplicateRate: 0.5, log: (m) => console.log(`[duplicate-events] ${m}`) });
    console.log(duplicateEventsTable(f));
    expect(f.details).toEqual([]);
    expect(f.feedDuplicatesInjected).toBeGreaterThan(0);
    expect(f.expected).toBeGreaterThan(f.orders * 3);
    expect(f).toMatchObject({ received: f.expected, duplicated: 0, missing: 0, timelineDuplicateIds: 0, ordersDiffer: 0 });
    expect(f.shipments.portal).toBe(f.shipments.erp);
    expect(f.invoices).toMatchObject({ portal: f.invoices.erp, balancesDiffer: 0 });
  }, 150_000);
});
