/**
 * Resilience scenario: a subgraph (pricing) stopped and restarted under load. While it is down the
 * gateway must give well-formed partial answers; after the restart, complete ones again.
 */
import { loadPricingConfig, startPricing } from '@portal/pricing';
import type { RunningService } from '@portal/platform/service';
import type { TestStack } from '../../support/stack.js';
import { count, gqlTimed, sleep, table, type Log } from './shared.js';

const SPANNING = `{ me { account { id } } items(first: 3) { nodes { sku name price(quantity: 1) { unitPrice { amount } } } }
  orders(first: 1) { totalCount } invoices(first: 1) { totalCount } }`;

interface Sample {
  start: number;
  end: number;
  status: number | 'network';
  complete: boolean;
  /** The errors' (code, serviceName) pairs. */
  errors: { code: string; service: string | null }[];
  itemsPresent: boolean;
}

export interface SubgraphRestartOptions {
  /** Environment the stack was started with (the restarted pricing gets the same config). */
  env: Record<string, string>;
  concurrency: number;
  beforeMs: number;
  downMs: number;
  afterMs: number;
  log?: Log;
}

export interface PhaseFigures {
  requests: number;
  complete: number;
  partial: number;
  failed: number;
  codes: Record<string, number>;
}

export interface SubgraphRestartFigures {
  before: PhaseFigures;
  down: PhaseFigures;
  after: PhaseFigures;
  /** Requests that overlapped a stop or a start (not judged). */
  transition: number;
  /** Down-phase partial answers whose errors all name pricing with SUBGRAPH_UNAVAILABLE/TIMEOUT and that still have the other subgraphs' data. */
  downWellFormed: number;
  restartMs: number;
}

function phase(samples: Sample[]): PhaseFigures {
  const codes: Record<string, number> = {};
  for (const s of samples) for (const e of s.errors) count(codes, `${e.code}@${e.service ?? '-'}`);
  return {
    requests: samples.length,
    complete: samples.filter((s) => s.status === 200 && s.complete && !s.errors.length).length,
    partial: samples.filter((s) => s.status === 200 && s.errors.length && s.itemsPresent).length,
    failed: samples.filter((s) => s.status !== 200 || !s.itemsPresent).length,
    codes,
  };
}

export async function subgraphRestart(stack: TestStack, o: SubgraphRestartOptions): Promise<SubgraphRestartFigures> {
  const log = o.log ?? (() => {});
  const token = stack.token('ACME', 'buyer');
  const samples: Sample[] = [];
  let running = true;
  const worker = async () => {
    while (running) {
      const start = Date.now();
      try {
        const r = await gqlTimed(stack.gatewayUrl, SPANNING, { token }, 20_000);
        const d = r.body.data;
        const nodes = (d?.items?.nodes ?? []) as { sku: string; name: string; price: unknown }[];
        samples.push({
          start,
          end: Date.now(),
          status: r.status,
          complete: !!d?.me?.account?.id && nodes.length > 0 && nodes.every((n) => n.name && n.price) && d.orders && d.invoices,
          itemsPresent: nodes.length > 0 && nodes.every((n) => n.sku && n.name) && !!d?.me?.account?.id,
          errors: (r.body.errors ?? []).map((e) => ({
            code: String(e.extensions?.code ?? 'NO_CODE'),
            service: (e.extensions?.serviceName as string | undefined) ?? null,
          })),
        });
      } catch {
        samples.push({ start, end: Date.now(), status: 'network', complete: false, itemsPresent: false, errors: [] });
      }
    }
  };
  const workers = Array.from({ length: o.concurrency }, worker);
  await sleep(o.beforeMs);
  const old = stack.services.pricing;
  const stopAt = Date.now();
  await old.close();
  const stoppedAt = Date.now();
  log(`pricing stopped (${stoppedAt - stopAt} ms)`);
  await sleep(o.downMs);
  const restartAt = Date.now();
  const env = { ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn', ...o.env, ERP_URL: stack.services.erp.url };
  const restarted: RunningService = await startPricing({ config: loadPricingConfig(env), databaseUrl: stack.databaseUrl, port: old.port });
  const restartedAt = Date.now();
  log(`pricing restarted on port ${old.port} (${restartedAt - restartAt} ms)`);
  // The stack's close() knows the old instance only: close the new one first.
  stack.services.pricing = restarted;
  const stop = stack.stop.bind(stack);
  stack.stop = async () => {
    await restarted.close().catch(() => {});
    await stop();
  };
  await sleep(o.afterMs);
  running = false;
  await Promise.all(workers);
  const within = (s: Sample, from: number, to: number) => s.start >= from && s.end <= to;
  const before = samples.filter((s) => s.end <= stopAt);
  const down = samples.filter((s) => within(s, stoppedAt, restartAt));
  const after = samples.filter((s) => s.start >= restartedAt);
  const wellFormed = (s: Sample) =>
    s.status === 200 &&
    s.itemsPresent &&
    s.errors.length > 0 &&
    s.errors.every((e) => e.service === 'pricing' && (e.code === 'SUBGRAPH_UNAVAILABLE' || e.code === 'SUBGRAPH_TIMEOUT'));
  return {
    before: phase(before),
    down: phase(down),
    after: phase(after),
    transition: samples.length - before.length - down.length - after.length,
    downWellFormed: down.filter(wellFormed).length,
    restartMs: restartedAt - restartAt,
  };
}

export function subgraphRestartTable(f: SubgraphRestartFigures): string {
  const row = (p: PhaseFigures) =>
    `${p.requests} requests: ${p.complete} complete, ${p.partial} partial, ${p.failed} failed${
      Object.keys(p.codes).length
        ? ` (${Object.entries(p.codes)
            .map(([k, v]) => `${k} ×${v}`)
            .join(', ')})`
        : ''
    }`;
  return table('pricing subgraph stopped and restarted under load', [
    ['before', row(f.before)],
    ['while down', row(f.down)],
    ['after restart', row(f.after)],
    ['during stop/start (not judged)', f.transition],
    ['down: well-formed partial answers', `${f.downWellFormed} of ${f.down.requests}`],
    ['pricing start time', `${(f.restartMs / 1000).toFixed(1)} s`],
  ]);
}
