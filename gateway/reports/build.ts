/**
 * Builds the reports page (index.html + main.ts, the charting library and the report operations
 * of schema/operations) into static files under gateway/reports/dist, served by the gateway at
 * /reports (gateway/src/reports.ts). Nothing is loaded from a CDN: the page works offline.
 *
 * Part of `pnpm build:graphiql` (gateway/graphiql/build.ts builds this page after GraphiQL, in the
 * same process — the child process `pnpm start` runs it in). Skipped when dist/ was built from the
 * same inputs; `--force` rebuilds. `tsx gateway/reports/build.ts` builds this page alone.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { staticPage } from '../page-build.js';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');

const reports = staticPage({
  dir: here,
  root,
  base: '/reports/',
  label: 'the reports page',
  extraInputs: () => [join(root, 'schema', 'operations', 'reports.graphql'), join(root, 'pnpm-lock.yaml')],
});

export const REPORTS_DIST = reports.dist;
export const reportsUpToDate = reports.upToDate;
export const buildReports = reports.build;

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const started = Date.now();
  const built = await buildReports({ force: process.argv.includes('--force'), log: (m) => console.log(m) });
  console.log(built ? `done in ${((Date.now() - started) / 1000).toFixed(1)}s: ${REPORTS_DIST}` : `up to date: ${REPORTS_DIST}`);
}
