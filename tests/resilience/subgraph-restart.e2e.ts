/**
 * Resilience: the pricing subgraph is stopped under a steady query load spanning all
 * four subgraphs and started again on the same port and database. While it is down every answer
 * is HTTP 200 with the other subgraphs' data and errors naming pricing; before and after, answers
 * are complete with no errors.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, type TestStack } from '../support/stack.js';
import { subgraphRestart, subgraphRestartTable } from './scenarios/subgraph-restart.js';

// The gateway logs every failed pricing fetch as a warning: hundreds while it is down.
const ENV = { PRICING_FEED_WAIT_MS: '500', ERP_FULFILMENT_INTERVAL_MS: '0', LOG_LEVEL: process.env.LOG_LEVEL ?? 'error' };
let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack(ENV);
});
afterAll(async () => {
  await stack?.stop();
});

describe('a subgraph restarted under load', () => {
  it('partial answers naming pricing only while it is down; complete before and after', async () => {
    const f = await subgraphRestart(stack, {
      env: ENV,
      concurrency: 4,
      beforeMs: 3_000,
      downMs: 4_000,
      afterMs: 4_000,
      log: (m) => console.log(`[subgraph-restart] ${m}`),
    });
    console.log(subgraphRestartTable(f));
    for (const p of [f.before, f.after]) {
      expect(p.requests).toBeGreaterThan(5);
      expect(p).toMatchObject({ complete: p.requests, partial: 0, failed: 0, codes: {} });
    }
    expect(f.down.requests).toBeGreaterThan(5);
    expect(f.down).toMatchObject({ complete: 0, failed: 0, partial: f.down.requests });
    expect(f.downWellFormed).toBe(f.down.requests);
  }, 90_000);
});
