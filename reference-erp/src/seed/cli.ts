/**
 * Seed the reference ERP's database without starting the service:
 *   pnpm erp:seed [--seed N] [--accounts N] [--items N] [--conditions N] [--orders N] [--clock ISO]
 * Uses DATABASE_URL (or ERP_DATABASE_URL), else the embedded database under DATA_DIR/erp.
 * Deterministic: the same seed, scale and business date give the same data. An ERP that already
 * has data is left alone (drop the `erp` schema or the data directory to reseed).
 */
import { parseArgs } from 'node:util';
import { openServiceDatabase, resolveDatabaseUrl } from '@portal/platform/db';
import { createLogger } from '@portal/platform/logger';
import { DEMO_SCALE } from './demo.js';
import { BusinessClock } from '../clock.js';
import { loadErpConfig } from '../config.js';
import { erpEntities } from '../entities/index.js';
import { migrations } from '../migrations/index.js';
import { seedIfEmpty } from './load.js';

const { values } = parseArgs({
  options: {
    seed: { type: 'string' },
    accounts: { type: 'string' },
    items: { type: 'string' },
    conditions: { type: 'string' },
    orders: { type: 'string' },
    clock: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  },
});
if (values.help) {
  console.log(`usage: pnpm erp:seed [--seed N] [--accounts N] [--items N] [--conditions N] [--orders N] [--clock ISO-instant]
defaults: --seed 42 --accounts ${DEMO_SCALE.accounts} --items ${DEMO_SCALE.items} --conditions ${DEMO_SCALE.conditions} --orders ${DEMO_SCALE.orders}`);
  process.exit(0);
}
const int = (name: string, v: string | undefined, fallback: number) => {
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isSafeInteger(n) || n < 0) {
    console.error(`--${name} must be a non-negative integer, got "${v}"`);
    process.exit(2);
  }
  return n;
};
const config = loadErpConfig({ ...process.env, ...(values.clock ? { ERP_CLOCK_START: values.clock } : {}) });
const logger = createLogger('erp-seed', 'warn');
const db = await resolveDatabaseUrl('erp', config);
const orm = await openServiceDatabase({ schema: 'erp', url: db.url, entities: erpEntities, migrations, logger, poolMax: 5 });
const started = Date.now();
try {
  const clock = await BusinessClock.load(orm.em.fork(), config.ERP_CLOCK_START);
  const seeded = await seedIfEmpty(
    { orm, clock, logger },
    {
      seed: int('seed', values.seed, config.ERP_SEED_NUMBER),
      scale: {
        accounts: int('accounts', values.accounts, DEMO_SCALE.accounts),
        items: int('items', values.items, DEMO_SCALE.items),
        conditions: int('conditions', values.conditions, DEMO_SCALE.conditions),
        orders: int('orders', values.orders, DEMO_SCALE.orders),
      },
      onProgress: (m) => console.log(`[${((Date.now() - started) / 1000).toFixed(1)}s] ${m}`),
    },
  );
  console.log(seeded ? `done in ${((Date.now() - started) / 1000).toFixed(1)}s` : 'the ERP already has data: nothing changed');
} finally {
  await orm.close(true);
  await db.close();
}
