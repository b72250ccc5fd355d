/**
 * Resilience: buyers place orders with client retries while the ERP fails 30 % of the
 * submit calls, answers slowly (beyond the portal's ERP timeout, so the ERP creates orders whose
 * answer the portal never sees) and is down for a while. Every intent must become exactly one
 * portal order and exactly one ERP order: none duplicated, none lost. CI size; the full
 * size is `pnpm bench resilience`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, type TestStack } from '../support/stack.js';
import { ordersTable, ordersUnderFaults } from './scenarios/orders-under-faults.js';

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack({
    ORDERS_FEED_WAIT_MS: '500',
    ORDERS_OUTBOX_INTERVAL_MS: '200',
    ERP_FULFILMENT_INTERVAL_MS: '0',
    ERP_TIMEOUT_MS: '1500',
  });
});
afterAll(async () => {
  await stack?.stop();
});

describe('orders under ERP faults', () => {
  it('30 buyers, 30 % errors, latency beyond the ERP timeout, a 6 s outage: every intent is one portal order and one ERP order', async () => {
    const f = await ordersUnderFaults(stack, {
      buyers: 30,
      errorRate: 0.3,
      latencySpikeMs: 2_000,
      outageAfterMs: 1_500,
      outageMs: 6_000,
      settleTimeoutMs: 40_000,
      clientDeadlineMs: 45_000,
      log: (m) => console.log(`[orders-under-faults] ${m}`),
    });
    console.log(ordersTable(f));
    expect(f.clientFailures).toEqual([]);
    expect(f.injected.errors).toBeGreaterThan(0); // the faults really happened
    expect(f.injected.outages).toBeGreaterThan(0);
    expect(f.retriesBy.PriceChanged ?? 0).toBe(0); // a failed re-check is SERVICE_UNAVAILABLE, never a price change
    expect(f).toMatchObject({ accepted: f.intents, portalOrders: f.intents, erpOrders: f.intents, acknowledged: f.intents });
    expect(f.duplicated).toBe(0);
    expect(f.lost).toBe(0);
    expect(f.mismatched).toBe(0);
  }, 120_000);
});
