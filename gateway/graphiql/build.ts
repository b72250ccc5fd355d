/**
 * Builds the GraphiQL page (index.html + main.ts and the npm packages it imports) into static
 * files under gateway/graphiql/dist, served by the gateway at /graphiql (gateway/src/graphiql.ts).
 * Nothing is loaded from a CDN: the page works offline.
 *
 * The build is skipped when dist/ was built from the same inputs (the page's sources, the example
 * operations and the lockfile), so `pnpm start`, CI and the browser test can all call it cheaply.
 * `pnpm build:graphiql` runs it, then builds the reports page (gateway/reports/build.ts); `--force`
 * rebuilds both.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
export const GRAPHIQL_DIST = join(here, 'dist');
const STAMP = '.inputs-sha256';

function inputFiles(): string[] {
  const page = readdirSync(here, { withFileTypes: true })
    .filter((e) => e.isFile() && e.name !== 'tsconfig.json')
    .map((e) => join(here, e.name));
  const operations = readdirSync(join(root, 'schema', 'operations'))
    .filter((f) => f.endsWith('.graphql'))
    .map((f) => join(root, 'schema', 'operations', f));
  return [...page, ...operations, join(root, 'pnpm-lock.yaml')].sort();
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

export function graphiqlUpToDate(): boolean {
  const stamp = join(GRAPHIQL_DIST, STAMP);
  return existsSync(join(GRAPHIQL_DIST, 'index.html')) && existsSync(stamp) && readFileSync(stamp, 'utf8') === inputsHash();
}

/** Builds the page unless dist/ is up to date; returns whether it built. */
export async function buildGraphiql(opts: { force?: boolean; log?: (msg: string) => void } = {}): Promise<boolean> {
  if (!opts.force && graphiqlUpToDate()) return false;
  const log = opts.log ?? (() => {});
  log('building GraphiQL (gateway/graphiql → dist)');
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
    base: '/graphiql/',
    logLevel: 'warn',
    build: {
      outDir: out,
      emptyOutDir: true,
      // Monaco (GraphiQL's editor) is large; one big chunk is expected here.
      chunkSizeWarningLimit: 10_000,
      reportCompressedSize: false,
      rolldownOptions: {
        onwarn(warning, warn) {
          // React libraries' "use client" markers mean nothing in a client-only bundle.
          if (warning.code === 'MODULE_LEVEL_DIRECTIVE') return;
          warn(warning);
        },
      },
    },
    worker: { format: 'es' },
  }).finally(() => {
    if (nodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = nodeEnv;
  });
  writeFileSync(join(out, STAMP), hash);
  rmSync(GRAPHIQL_DIST, { recursive: true, force: true });
  renameSync(out, GRAPHIQL_DIST);
  log('GraphiQL built');
  return true;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const force = process.argv.includes('--force');
  const log = (m: string) => console.log(m);
  let started = Date.now();
  const built = await buildGraphiql({ force, log });
  console.log(built ? `done in ${((Date.now() - started) / 1000).toFixed(1)}s: ${GRAPHIQL_DIST}` : `up to date: ${GRAPHIQL_DIST}`);
  // The gateway's other page, the analysts' reports, is built by the same command.
  const { buildReports, REPORTS_DIST } = await import('../reports/build.js');
  started = Date.now();
  const reports = await buildReports({ force, log });
  console.log(reports ? `done in ${((Date.now() - started) / 1000).toFixed(1)}s: ${REPORTS_DIST}` : `up to date: ${REPORTS_DIST}`);
}
