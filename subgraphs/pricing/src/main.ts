/** Run the pricing subgraph alone: `pnpm --filter @portal/pricing start`. */
import { resolveDatabaseUrl } from '@portal/platform/db';
import { runUntilSignal } from '@portal/platform/service';
import { loadPricingConfig } from './config.js';
import { startPricing } from './server.js';

const config = loadPricingConfig();
await runUntilSignal('pricing', async () => {
  const db = await resolveDatabaseUrl('pricing', config);
  return [db, await startPricing({ config, databaseUrl: db.url })];
});
