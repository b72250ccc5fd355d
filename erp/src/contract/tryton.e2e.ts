/**
 * The ERP contract suite against Tryton 6.0 (`scripts/tryton/setup.sh` starts and seeds it). Skips,
 * saying why, when no Tryton answers at TRYTON_URL; set TRYTON_REQUIRED=1 (CI) to fail instead.
 */
import { describe, it } from 'vitest';
import { createTrytonControl } from '../port/tryton/control.js';
import { createTrytonErp } from '../port/tryton/adapter.js';
import { createTrytonRpc } from '../port/tryton/rpc.js';
import { defineErpContract } from './erp-contract.js';

const opts = {
  url: process.env.TRYTON_URL ?? 'http://127.0.0.1:8010',
  database: process.env.TRYTON_DATABASE ?? 'portal_tryton',
  user: process.env.TRYTON_USER ?? 'admin',
  password: process.env.TRYTON_PASSWORD ?? 'admin-portal-dev',
};
const reachable = await createTrytonRpc({ ...opts, timeoutMs: 2_000 }).ping();

if (!reachable && process.env.TRYTON_REQUIRED !== '1') {
  describe('ERP contract: Tryton 6.0', () => {
    it.skip(`skipped: no Tryton at ${opts.url} (start it with scripts/tryton/setup.sh)`, () => {});
  });
} else {
  defineErpContract('Tryton 6.0', async () => {
    const ports = createTrytonErp({ ...opts, timeoutMs: 30_000 });
    // The seed's business date: the inventory that put the stock on hand is dated on it.
    const [inventory] = await ports.rpc.model<{ date: string }[]>('stock.inventory', 'search_read', [[], 0, 1, [['id', 'ASC']], ['date']]);
    const control = createTrytonControl(ports.rpc);
    return {
      ports,
      businessDate: inventory!.date,
      capabilities: {
        history: false,
        headerConditions: false,
        substitution: false,
        trackingUrls: false,
        documentContentType: 'application/vnd.oasis.opendocument.text',
        feedLagMs: 2_000, // the adapter's settle window (see README "Tryton")
      },
      fulfil: (n) => control.shipAndBill(n),
      portsWithTimeout: (timeoutMs) => createTrytonErp({ ...opts, timeoutMs }),
      async close() {},
    };
  });
}
