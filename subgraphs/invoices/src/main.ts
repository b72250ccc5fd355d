/** Run the invoices subgraph alone: `pnpm --filter @portal/invoices start`. */
import { resolveDatabaseUrl } from '@portal/platform/db';
import { runUntilSignal } from '@portal/platform/service';
import { loadInvoicesConfig } from './config.js';
import { startInvoices } from './server.js';

const config = loadInvoicesConfig();
await runUntilSignal('invoices', async () => {
  const db = await resolveDatabaseUrl('invoices', config);
  return [db, await startInvoices({ config, databaseUrl: db.url })];
});
