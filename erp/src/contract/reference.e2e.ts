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
  const ports = createReferenceErp({ baseUrl: erp.url, apiKey: config.ERP_API_KEY, timeoutMs: 20_000 });
  const admin = createReferenceErpAdmin({ baseUrl: erp.url, apiKey: config.ERP_API_KEY });
  return {
    ports,
    admin,
    steering: {
      // The business clock moves a day at a time until the order's next delivery has shipped.
      async shipNext(number) {
        const shipped = async () => (await ports.orders.getSalesOrder(number))?.deliveries.length ?? 0;
        const before = await shipped();
        for (let day = 0; day < 30; day++) {
          await admin.advance({ days: 1 });
          if ((await shipped()) > before) return;
        }
        throw new Error(`order ${number} shipped nothing in 30 days`);
      },
      enterOrder: async (accountId, lines) => (await admin.enterSalesOrder({ accountId, lines })).number,
      creditInvoiceLine: async (invoice, lineNo, quantity) =>
        (await admin.issueCreditMemo(invoice, 'PRICE_DISPUTE', [{ lineNo, quantity }])).number,
    },
    businessDate: CLOCK_START.slice(0, 10),
    async close() {
      await erp.close();
      await db.close();
    },
  };
});
