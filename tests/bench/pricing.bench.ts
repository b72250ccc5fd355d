/**
 * `pnpm bench pricing`: the pricing subgraph against a reference ERP holding BENCH_CONDITIONS
 * (default 1,000,000) condition records — full contract sync (rows/s), event-to-visible lag of a
 * condition change (ERP change → the subgraph prices with it), and priced-cart latency for 10, 50
 * and 200 lines (cart totals + every line's price in one request, SQL statements per request).
 */
import os from 'node:os';
import { createReferenceErpAdmin } from '@portal/erp/admin';
import { createReferenceErp } from '@portal/erp/port';
import { conditionExportPage } from '@portal/reference-erp/condition-export';
import { loadErpConfig } from '@portal/reference-erp/config';
import { startErpService } from '@portal/reference-erp';
import { VIEWER_HEADER, signViewerHeader } from '@portal/platform/auth';
import { DEV_INTERNAL_SECRET } from '@portal/platform/config';
import { Decimal } from '@portal/platform/money';
import { openServiceDatabase } from '@portal/platform/db';
import { createLogger } from '@portal/platform/logger';
import { loadPricingConfig, startPricing } from '@portal/pricing';
import { CONDITION_PAGE, entities, migrations, syncPricing, upsertNewer } from '@portal/pricing/internals';
import { createTestDatabase } from '@portal/testkit';
import { findCondition } from '../support/erp.js';
import { load, percentile, table, type Metric } from './stats.js';

export async function run(): Promise<Metric[]> {
  const metrics: Metric[] = [];
  const conditions = Number(process.env.BENCH_CONDITIONS ?? 1_000_000);
  const accounts = Number(process.env.BENCH_ACCOUNTS ?? 2000);
  const db = await createTestDatabase('portal_bench_pricing');
  process.stderr.write(`seeding the reference ERP with ${conditions} extra condition records over ${accounts} accounts on ${db.kind}...\n`);
  const erpConfig = loadErpConfig({ LOG_LEVEL: 'error', ERP_FULFILMENT_INTERVAL_MS: '0' });
  const erp = await startErpService({
    config: erpConfig,
    databaseUrl: db.url,
    port: 0,
    seedScale: { conditions, accounts },
    onProgress: () => {},
  });
  const ports = createReferenceErp({ baseUrl: erp.url, apiKey: erpConfig.ERP_API_KEY, timeoutMs: 120_000 });
  const admin = createReferenceErpAdmin({ baseUrl: erp.url, apiKey: erpConfig.ERP_API_KEY });
  try {
    // The full contract sync, measured on its own (the pricing schema migrated, nothing synced):
    // the ERP's export alone; the page-by-page upserts the sync used before (pages of 1,000, one
    // version-guarded multi-row upsert each, for comparison in the same run); then the sync as it
    // is (staged, merged in one statement), and once more over the full live table. Starting the
    // subgraph afterwards finds it completed.
    const orm = await openServiceDatabase({ schema: 'pricing', url: db.url, entities, migrations });
    let sync: {
      exportRps: number;
      textRps: number;
      sqlRps: number;
      upsertRps: number;
      stagedRps: number;
      rows: number;
      stagedSeconds: number;
      phases: Record<string, number>;
      /** The same sync again over the full live table (every record there at the export's version). */
      againRps: number;
      againSeconds: number;
      againPhases: Record<string, number>;
    };
    try {
      const conn = orm.em.fork().getConnection();
      process.stderr.write('the ERP export alone...\n');
      let rows = 0;
      let t = performance.now();
      for (let cursor: string | null = null; ;) {
        const page = await ports.pricing.exportConditions({ cursor, limit: CONDITION_PAGE });
        rows += page.items.length;
        if (!page.nextCursor) break;
        cursor = page.nextCursor;
      }
      const exportRps = rows / ((performance.now() - t) / 1000);
      process.stderr.write('the ERP export alone, as text...\n');
      t = performance.now();
      for (let cursor: string | null = null; ;) {
        const page = await ports.pricing.exportConditionsText!({ cursor, limit: CONDITION_PAGE });
        if (!page.nextCursor) break;
        cursor = page.nextCursor;
      }
      const textRps = rows / ((performance.now() - t) / 1000);
      // The ERP's own SQL for the export (the query of GET /v1/conditions, page by page), without HTTP or JSON.
      process.stderr.write('the ERP export query alone...\n');
      t = performance.now();
      for (let after: string | null = null; ;) {
        const from: string | null = after;
        const page = await conditionExportPage(orm.em.fork(), from ?? undefined, CONDITION_PAGE + 1);
        if (page.length <= CONDITION_PAGE) break;
        after = page[CONDITION_PAGE - 1]!.id;
      }
      const sqlRps = rows / ((performance.now() - t) / 1000);
      process.stderr.write('page-by-page upserts (the earlier sync)...\n');
      t = performance.now();
      for (let cursor: string | null = null; ;) {
        const page = await ports.pricing.exportConditions({ cursor, limit: 1000 });
        await orm.em.fork().transactional((tx) => upsertNewer(tx, page.items));
        if (!page.nextCursor) break;
        cursor = page.nextCursor;
      }
      const upsertRps = rows / ((performance.now() - t) / 1000);
      await conn.execute(`truncate "pricing"."price_condition"`);
      process.stderr.write('staged full sync...\n');
      t = performance.now();
      const results = await syncPricing(ports.pricing, orm.em.fork(), createLogger('pricing', 'silent'), true, (p) =>
        process.stderr.write(
          `\r  ${p.rows.toLocaleString('en')} rows, ${p.rowsPerSecond.toLocaleString('en')} rows/s${p.done ? ', merged\n' : ''}`,
        ),
      );
      const stagedSeconds = (performance.now() - t) / 1000;
      const phases = results.find((r) => r.name === 'conditions')?.phases ?? {};
      process.stderr.write('staged full sync again, over the full live table...\n');
      t = performance.now();
      const again = await syncPricing(ports.pricing, orm.em.fork(), createLogger('pricing', 'silent'), true);
      const againSeconds = (performance.now() - t) / 1000;
      const againPhases = again.find((r) => r.name === 'conditions')?.phases ?? {};
      sync = {
        exportRps,
        textRps,
        sqlRps,
        upsertRps,
        stagedRps: rows / stagedSeconds,
        rows,
        stagedSeconds,
        phases,
        againRps: rows / againSeconds,
        againSeconds,
        againPhases,
      };
    } finally {
      await orm.close();
    }
    const t0 = performance.now();
    const pricing = await startPricing({
      config: loadPricingConfig({ LOG_LEVEL: 'error', ERP_URL: erp.url, PRICING_FEED_WAIT_MS: '10000' }),
      databaseUrl: db.url,
      port: 0,
      erp: ports,
    });
    const startSeconds = (performance.now() - t0) / 1000;
    try {
      // Signed per call: the viewer signature expires, and a loaded machine can take longer than that.
      const headers = () => ({
        'content-type': 'application/json',
        [VIEWER_HEADER]: signViewerHeader({ userId: 'acme-buyer', accountId: 'ACME', roles: ['buyer'] }, DEV_INTERNAL_SECRET),
      });
      const call = async (query: string, variables: Record<string, unknown>) => {
        const res = await fetch(`${pricing.url}/graphql`, {
          method: 'POST',
          headers: headers(),
          body: JSON.stringify({ query, variables }),
        });
        const json = (await res.json()) as { data?: any; errors?: unknown };
        if (json.errors) throw new Error(JSON.stringify(json.errors));
        return { data: json.data, sql: Number(res.headers.get('x-sql-count')) };
      };
      const skus = (await ports.inventory.exportItems({ limit: 1000 })).items.map((i) => i.sku);
      const cartQuery = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Cart { totals { total { amount } } } ... on CartLine { price { netAmount { amount } basis { source } } } } }`;
      const cartReps = (n: number) => {
        const lines = Array.from({ length: n }, (_, i) => ({ id: `l${i}`, sku: skus[i % skus.length]!, quantity: 1 + (i % 150) }));
        return [{ __typename: 'Cart', id: `cart-${n}`, lines }, ...lines.map((l) => ({ __typename: 'CartLine', ...l }))];
      };
      const rows: Record<string, string | number>[] = [];
      for (const n of [10, 50, 200]) {
        const reps = cartReps(n);
        await call(cartQuery, { r: reps });
        let sql = 0;
        const r = await load(50, 1, async () => {
          const res = await call(cartQuery, { r: reps });
          sql = res.sql;
          return res.data._entities.length === n + 1;
        });
        rows.push({
          'cart lines': n,
          runs: r.requests,
          errors: r.errors,
          'p50 ms': r.p50,
          'p95 ms': r.p95,
          'p99 ms': r.p99,
          'SQL/request': sql,
        });
        metrics.push({
          bench: 'pricing',
          metric: `priced cart (totals + line prices), ${n} lines`,
          value: Number(r.p50.toFixed(1)),
          unit: 'ms p50',
          notes: `p95 ${r.p95.toFixed(1)} ms; pricing subgraph alone; ${sql} SQL/request`,
        });
      }

      // Event-to-visible lag: change a condition in the ERP, poll the subgraph until it prices with it.
      const priceQuery = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Item { price(quantity: 1) { unitPrice { amount } basis { conditionId } } } } }`;
      const sku = 'BRG-0004';
      const current = (await call(priceQuery, { r: [{ __typename: 'Item', sku }] })).data._entities[0].price;
      const record = await findCondition(ports, current.basis.conditionId);
      const lags: number[] = [];
      for (let k = 1; k <= 20; k++) {
        const amount = new Decimal(record.amount!).plus(k).toFixed(2);
        const started = performance.now();
        await admin.changeCondition({ ...record, amount });
        for (;;) {
          const now = (await call(priceQuery, { r: [{ __typename: 'Item', sku }] })).data._entities[0].price.unitPrice.amount;
          if (new Decimal(now).eq(amount)) break;
          if (performance.now() - started > 30_000) throw new Error('condition change not visible after 30 s');
          await new Promise((r) => setTimeout(r, 5));
        }
        lags.push(performance.now() - started);
      }
      lags.sort((a, b) => a - b);
      const status = pricing.feed?.snapshot();

      console.log(
        `\npricing subgraph against the reference ERP; machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}, db: ${db.kind === 'pglite' ? 'PGlite (embedded)' : 'PostgreSQL server'}`,
      );
      console.log(
        `full contract sync of ${sync.rows} records: staged and merged ${Math.round(sync.stagedRps)} rows/s (${sync.stagedSeconds.toFixed(1)} s, pages of ${CONDITION_PAGE}); the ERP's export alone ${Math.round(sync.exportRps)} rows/s as records, ${Math.round(sync.textRps)} as text; the earlier page-by-page upserts (pages of 1000) ${Math.round(sync.upsertRps)} rows/s; subgraph start afterwards ${startSeconds.toFixed(1)} s`,
      );
      const sec = (ms: number | undefined) => `${((ms ?? 0) / 1000).toFixed(2)} s`;
      // The sync's phases (ms) as it logs them: export wait (what the prefetch does not hide),
      // staging, the merge, and the rest of each page's transaction (cursor, begin/commit, waiting
      // for the ERP's query on the same database).
      const phaseList = (phases: Record<string, number>) =>
        Object.entries(phases)
          .map(([name, ms]) => `${name} ${sec(ms)}`)
          .join(', ');
      console.log(
        `  where the sync's time went: ${phaseList(sync.phases)}; the ERP's export query alone ${Math.round(sync.sqlRps)} rows/s`,
      );
      console.log(
        `  the same sync again over the full live table: ${Math.round(sync.againRps)} rows/s (${sync.againSeconds.toFixed(1)} s; ${phaseList(sync.againPhases)})`,
      );
      console.log(
        `event-to-visible lag (ERP condition change → priced by the subgraph), 20 changes: p50 ${percentile(lags, 50).toFixed(1)} ms, p95 ${percentile(lags, 95).toFixed(1)} ms, max ${lags[lags.length - 1]!.toFixed(1)} ms; feed applied ${status?.applied ?? 0}, duplicates skipped ${status?.duplicates ?? 0}`,
      );
      metrics.push(
        {
          bench: 'pricing',
          metric: 'contract full sync',
          value: Math.round(sync.stagedRps),
          unit: 'rows/s',
          notes: `${sync.rows} condition records in ${sync.stagedSeconds.toFixed(1)} s (ERP export → staging → one merge: ${phaseList(sync.phases)}); again over the full live table ${Math.round(sync.againRps).toLocaleString('en')} rows/s; the export loaded as text; same run: export alone ${Math.round(sync.exportRps).toLocaleString('en')} rows/s as records, ${Math.round(sync.textRps).toLocaleString('en')} as text, earlier page-by-page upserts ${Math.round(sync.upsertRps).toLocaleString('en')} rows/s`,
        },
        {
          bench: 'pricing',
          metric: 'condition change → priced (event-to-visible)',
          value: Number(percentile(lags, 50).toFixed(1)),
          unit: 'ms p50',
          notes: `p95 ${percentile(lags, 95).toFixed(1)} ms, 20 changes`,
        },
      );
      console.log('priced cart (totals + every line price in one subgraph request, ACME, one of ~500 contracts per account):');
      console.log(table(rows));
    } finally {
      await pricing.close();
    }
  } finally {
    await erp.close();
    await db.close();
  }
  return metrics;
}
