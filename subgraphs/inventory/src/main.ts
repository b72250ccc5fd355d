/** Run the inventory subgraph alone: `pnpm --filter @portal/inventory start`. */
import { resolveDatabaseUrl } from '@portal/platform/db';
import { runUntilSignal } from '@portal/platform/service';
import { loadInventoryConfig } from './config.js';
import { startInventory } from './server.js';

const config = loadInventoryConfig();
await runUntilSignal('inventory', async () => {
  const db = await resolveDatabaseUrl('inventory', config);
  return [db, await startInventory({ config, databaseUrl: db.url })];
});
