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
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { staticPage } from '../page-build.js';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');

const graphiql = staticPage({
  dir: here,
  root,
  base: '/graphiql/',
  label: 'GraphiQL',
  extraInputs: () => [
    ...readdirSync(join(root, 'schema', 'operations'))
      .filter((f) => f.endsWith('.graphql'))
      .map((f) => join(root, 'schema', 'operations', f)),
    join(root, 'pnpm-lock.yaml'),
  ],
  build: {
    // Monaco (GraphiQL's editor) is large; one big chunk is expected here.
    chunkSizeWarningLimit: 10_000,
    rolldownOptions: {
      onwarn(warning, warn) {
        // React libraries' "use client" markers mean nothing in a client-only bundle.
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE') return;
        warn(warning);
      },
    },
  },
  vite: { worker: { format: 'es' } },
});

export const GRAPHIQL_DIST = graphiql.dist;
export const graphiqlUpToDate = graphiql.upToDate;
export const buildGraphiql = graphiql.build;

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
