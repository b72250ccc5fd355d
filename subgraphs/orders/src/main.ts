/** Run the orders subgraph alone: `pnpm --filter @portal/orders start`. */
import { resolveDatabaseUrl } from '@portal/platform/db';
import { runUntilSignal } from '@portal/platform/service';
import { loadOrdersConfig } from './config.js';
import { startOrders } from './server.js';

const config = loadOrdersConfig();
await runUntilSignal('orders', async () => {
  const db = await resolveDatabaseUrl('orders', config);
  return [db, await startOrders({ config, databaseUrl: db.url })];
});
