/** The ERP contract suite against the reference ERP (in-process, own database, fixed business clock). */
import { createTestDatabase } from '@portal/testkit';
import { createReferenceErpAdmin } from '../port/reference-admin.js';
import { createReferenceErp } from '../port/reference.js';
import { loadErpConfig } from '@portal/reference-erp/config';
import { startErpService } from '@portal/reference-erp';
import { defineErpContract } from './erp-contract.js';

// Monday 12:00 UTC: before the cut-off in Chicago and Duisburg, so d0 is the business date itself.
const CLOCK_START = '2026-11-02T12:00:00.000Z';

defineErpContract('reference ERP', async () => {
  const db = await createTestDatabase('portal_erp');
  const config = loadErpConfig({ LOG_LEVEL: 'warn', ERP_CLOCK_START: CLOCK_START, ERP_FULFILMENT_INTERVAL_MS: '0' });
  const erp = await startErpService({ config, databaseUrl: db.url, port: 0, onProgress: () => {} });
  return {
    ports: createReferenceErp({ baseUrl: erp.url, apiKey: config.ERP_API_KEY, timeoutMs: 20_000 }),
    admin: createReferenceErpAdmin({ baseUrl: erp.url, apiKey: config.ERP_API_KEY }),
    businessDate: CLOCK_START.slice(0, 10),
    async close() {
      await erp.close();
      await db.close();
    },
  };
});
