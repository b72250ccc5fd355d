/**
 * Prints the demo blueprint the Tryton seed loads (JSON on stdout): the reference ERP's own
 * generator, so both ERPs carry the same SKUs, accounts, warehouses, prices and stock. Kept small
 * for CI: the 3 named accounts, 200 items (+ ATP-DEMO-1), no extra random contracts, no history.
 */
import { buildBlueprint } from '@portal/reference-erp/seed';

const businessDate = process.env.TRYTON_BUSINESS_DATE ?? new Date().toISOString().slice(0, 10);
const blueprint = buildBlueprint({
  seed: Number(process.env.ERP_SEED_NUMBER ?? 42),
  businessDate,
  scale: { accounts: 3, items: 200, conditions: 0, orders: 0 },
});
process.stdout.write(JSON.stringify({ ...blueprint, actions: [] }));
