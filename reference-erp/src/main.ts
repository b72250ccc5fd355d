/** Run the reference ERP alone: `pnpm --filter @portal/reference-erp start`. */
import { resolveDatabaseUrl } from '@portal/platform/db';
import { runUntilSignal } from '@portal/platform/service';
import { loadErpConfig } from './config.js';
import { startErpService } from './server.js';

const config = loadErpConfig();
await runUntilSignal('erp', async () => {
  const db = await resolveDatabaseUrl('erp', config);
  const erp = await startErpService({ config, databaseUrl: db.url });
  return [erp, db];
});
