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
// The Tryton seed creates USD and EUR only (with their rates): an account in another currency (the
// yen demo account) would leave Tryton unable to price in it, so it stays out (docs/erp.md).
const TRYTON_CURRENCIES = new Set(['USD', 'EUR']);
const accounts = blueprint.accounts.filter((a) => TRYTON_CURRENCIES.has(a.currency));
const known = new Set(accounts.map((a) => a.id));
process.stdout.write(
  JSON.stringify({
    ...blueprint,
    accounts,
    users: blueprint.users.filter((u) => known.has(u.accountId)),
    conditions: blueprint.conditions.filter((c) => TRYTON_CURRENCIES.has(c.currency)),
    actions: [],
  }),
);
