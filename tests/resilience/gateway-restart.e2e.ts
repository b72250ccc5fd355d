/**
 * Resilience: the gateway process is killed while subscription clients listen and a new
 * one starts on the same port; clients reconnect with `after` = their last cursor (the documented
 * contract) and must get every event of their order exactly once, in timeline order. CI size;
 * the full size (100 clients) is `pnpm bench resilience`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, type TestStack } from '../support/stack.js';
import { gatewayRestart, gatewayRestartTable } from './scenarios/gateway-restart.js';

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack({
    ORDERS_FEED_WAIT_MS: '500',
    ORDERS_OUTBOX_INTERVAL_MS: '200',
    ORDERS_SUBSCRIPTION_POLL_MS: '1000',
    ERP_FULFILMENT_INTERVAL_MS: '0',
  });
});
afterAll(async () => {
  await stack?.stop();
});

describe('gateway process restarted under subscriptions', () => {
  it('20 clients on 4 orders: every event once, in order, across a kill and restart', async () => {
    const f = await gatewayRestart(stack, {
      clients: 20,
      orders: 4,
      cyclesBefore: 2,
      cyclesWhileDown: 2,
      cyclesAfter: 2,
      log: (m) => console.log(`[gateway-restart] ${m}`),
    });
    console.log(gatewayRestartTable(f));
    expect(f.eventsPerOrder).toBeGreaterThanOrEqual(12);
    expect(f.reconnects).toBeGreaterThanOrEqual(f.clients); // every client lost its socket and came back
    expect(f).toMatchObject({ received: f.expected, duplicated: 0, missing: 0, outOfOrder: 0 });
  }, 120_000);
});
