import { describe, expect, it } from 'vitest';
import { createLogger } from '@portal/platform/logger';
import { startOutboxWorker, type OutboxDeps } from './order-outbox.js';

describe('the outbox worker', () => {
  it('stops once the run in progress has ended, so the database is not closed under it', async () => {
    let runs = 0;
    let ended = 0;
    // A database whose reads take 300 ms: the worker's run is in progress when stop is called.
    const slowRead = () =>
      new Promise<never[]>((resolve) => {
        runs++;
        setTimeout(() => {
          ended++;
          resolve([]);
        }, 300);
      });
    const deps = {
      orm: { em: { fork: () => ({ find: slowRead }) } },
      erp: {},
      logger: createLogger('orders', { LOG_LEVEL: 'silent', LOG_FORMAT: 'json' } as never),
    } as unknown as OutboxDeps;
    const stop = startOutboxWorker(deps, 20);
    while (runs === 0) await new Promise((r) => setTimeout(r, 5));
    const started = Date.now();
    await stop();
    expect(ended, 'every read the worker started has answered').toBe(runs);
    expect(Date.now() - started).toBeGreaterThan(200);
    // Stopped: no run starts afterwards.
    await new Promise((r) => setTimeout(r, 100));
    expect(runs).toBe(ended);
  });
});
