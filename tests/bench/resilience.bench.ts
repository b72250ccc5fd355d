/**
 * `pnpm bench resilience`: the resilience scenarios at their full sizes (the CI
 * files in tests/resilience run the same code smaller): 200 buyers with client retries against an
 * ERP failing 30 % of submit calls with 2 s latency spikes and a 30 s outage; 100 subscription
 * clients across a gateway process kill and restart; the pricing subgraph restarted under load;
 * repeated ERP change-feed events through fulfilment and billing. One stack, the scenarios in
 * turn; each prints its figures and whether they prove exactly-once / no loss.
 * BENCH_RESILIENCE=orders,gateway,subgraph,events narrows a run.
 */
import os from 'node:os';
import { startTestStack } from '../support/stack.js';
import { duplicateEvents, duplicateEventsTable } from '../resilience/scenarios/duplicate-events.js';
import { gatewayRestart, gatewayRestartTable } from '../resilience/scenarios/gateway-restart.js';
import { ordersTable, ordersUnderFaults } from '../resilience/scenarios/orders-under-faults.js';
import { subgraphRestart, subgraphRestartTable } from '../resilience/scenarios/subgraph-restart.js';

const ENV = {
  LOG_LEVEL: process.env.LOG_LEVEL ?? 'error',
  PRICING_FEED_WAIT_MS: '500',
  ORDERS_FEED_WAIT_MS: '500',
  INVOICES_FEED_WAIT_MS: '500',
  ORDERS_OUTBOX_INTERVAL_MS: '200',
  INVOICES_OUTBOX_INTERVAL_MS: '200',
  ORDERS_SUBSCRIPTION_POLL_MS: '1000',
  ERP_FULFILMENT_INTERVAL_MS: '0',
  // Below the 2 s latency spikes: the portal gives up on ERP calls the ERP still completes.
  ERP_TIMEOUT_MS: '1500',
};

const verdict = (ok: boolean, what: string) => console.log(`  => ${ok ? 'PROVED' : 'NOT PROVED'}: ${what}\n`);

export async function run(): Promise<void> {
  const wanted = new Set((process.env.BENCH_RESILIENCE ?? 'orders,gateway,events,subgraph').split(','));
  console.log(`${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, Node ${process.version}, load ${os.loadavg()[0]!.toFixed(1)}`);
  const t0 = Date.now();
  const stack = await startTestStack(ENV);
  console.log(`stack started in ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
  const log = (m: string) => console.log(`  · ${m}`);
  try {
    if (wanted.has('orders')) {
      const t = Date.now();
      const f = await ordersUnderFaults(stack, {
        buyers: Number(process.env.BENCH_BUYERS ?? 200),
        errorRate: 0.3,
        latencySpikeMs: 2_000,
        outageAfterMs: 3_000,
        outageMs: 30_000,
        settleTimeoutMs: 120_000,
        clientDeadlineMs: 180_000,
        log,
      });
      console.log(ordersTable(f));
      if (f.clientFailures.length) console.log(`  client failures:\n    ${f.clientFailures.slice(0, 10).join('\n    ')}`);
      verdict(
        f.accepted === f.intents &&
          f.portalOrders === f.intents &&
          f.erpOrders === f.intents &&
          f.acknowledged === f.intents &&
          f.duplicated === 0 &&
          f.lost === 0 &&
          f.mismatched === 0,
        `every intent → one portal order → one ERP order (${((Date.now() - t) / 1000).toFixed(0)} s)`,
      );
    }
    if (wanted.has('gateway')) {
      const t = Date.now();
      const f = await gatewayRestart(stack, {
        clients: Number(process.env.BENCH_SUBSCRIBERS ?? 100),
        orders: 10,
        cyclesBefore: 3,
        cyclesWhileDown: 3,
        cyclesAfter: 3,
        log,
      });
      console.log(gatewayRestartTable(f));
      verdict(
        f.received === f.expected && f.duplicated === 0 && f.missing === 0 && f.outOfOrder === 0,
        `every client got every event once, in order (${((Date.now() - t) / 1000).toFixed(0)} s)`,
      );
    }
    if (wanted.has('events')) {
      const t = Date.now();
      const f = await duplicateEvents(stack, { orders: 20, duplicateRate: 0.5, log });
      console.log(duplicateEventsTable(f));
      if (f.details.length) console.log(`  differences:\n    ${f.details.slice(0, 10).join('\n    ')}`);
      verdict(
        f.details.length === 0 && f.duplicated === 0 && f.missing === 0 && f.timelineDuplicateIds === 0,
        `no double effects (${((Date.now() - t) / 1000).toFixed(0)} s)`,
      );
    }
    if (wanted.has('subgraph')) {
      // Last: it replaces the stack's pricing service.
      const f = await subgraphRestart(stack, { env: ENV, concurrency: 16, beforeMs: 10_000, downMs: 15_000, afterMs: 10_000, log });
      console.log(subgraphRestartTable(f));
      verdict(
        f.before.complete === f.before.requests &&
          f.after.complete === f.after.requests &&
          f.down.partial === f.down.requests &&
          f.downWellFormed === f.down.requests,
        'partial errors naming pricing only while it was down',
      );
    }
  } finally {
    await stack.stop();
  }
}
