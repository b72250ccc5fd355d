/**
 * Builds the reports page (index.html + main.ts, the charting library and the report operations
 * of schema/operations) into static files under gateway/reports/dist, served by the gateway at
 * /reports (gateway/src/reports.ts). Nothing is loaded from a CDN: the page works offline.
 *
 * Part of `pnpm build:graphiql` (gateway/graphiql/build.ts builds this page after GraphiQL, in the
 * same process — the child process `pnpm start` runs it in). Skipped when dist/ was built from the
 * same inputs; `--force` rebuilds. `tsx gateway/reports/build.ts` builds this page alone.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
export const REPORTS_DIST = join(here, 'dist');
const STAMP = '.inputs-sha256';

function inputFiles(): string[] {
  const page = readdirSync(here, { withFileTypes: true })
    .filter((e) => e.isFile() && e.name !== 'tsconfig.json')
    .map((e) => join(here, e.name));
  return [...page, join(root, 'schema', 'operations', 'reports.graphql'), join(root, 'pnpm-lock.yaml')].sort();
}

function inputsHash(): string {
  const hash = createHash('sha256');
  for (const file of inputFiles()) {
    hash.update(relative(root, file)).update('\0');
    if (existsSync(file)) hash.update(readFileSync(file));
    hash.update('\0');
  }
  return hash.digest('hex');
}

export function reportsUpToDate(): boolean {
  const stamp = join(REPORTS_DIST, STAMP);
  return existsSync(join(REPORTS_DIST, 'index.html')) && existsSync(stamp) && readFileSync(stamp, 'utf8') === inputsHash();
}

/** Builds the page unless dist/ is up to date; returns whether it built. */
export async function buildReports(opts: { force?: boolean; log?: (msg: string) => void } = {}): Promise<boolean> {
  if (!opts.force && reportsUpToDate()) return false;
  const log = opts.log ?? (() => {});
  log('building the reports page (gateway/reports → dist)');
  const hash = inputsHash();
  // Build next to dist/ and swap, so a running gateway never serves a half-written bundle.
  const out = join(here, `dist.tmp-${process.pid}`);
  rmSync(out, { recursive: true, force: true });
  const { build } = await import('vite');
  // vite sets NODE_ENV=production when it is unset; whoever called us keeps its own environment.
  const nodeEnv = process.env.NODE_ENV;
  await build({
    configFile: false,
    root: here,
    base: '/reports/',
    logLevel: 'warn',
    build: { outDir: out, emptyOutDir: true, reportCompressedSize: false },
  }).finally(() => {
    if (nodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = nodeEnv;
  });
  writeFileSync(join(out, STAMP), hash);
  rmSync(REPORTS_DIST, { recursive: true, force: true });
  renameSync(out, REPORTS_DIST);
  log('reports page built');
  return true;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const started = Date.now();
  const built = await buildReports({ force: process.argv.includes('--force'), log: (m) => console.log(m) });
  console.log(built ? `done in ${((Date.now() - started) / 1000).toFixed(1)}s: ${REPORTS_DIST}` : `up to date: ${REPORTS_DIST}`);
}
