/**
 * The analysts' reports page on the gateway's origin: `GET /reports` (the page) and
 * `GET /reports/assets/<file>` (its bundle). Built from npm packages into static files by
 * gateway/reports/build.ts (part of `pnpm build:graphiql`, which `pnpm start` and CI run); nothing
 * loads from a CDN. Like GraphiQL it takes the token from the URL fragment (`#token=…`) and only
 * talks to this origin's /graphql. The Content-Security-Policy keeps every load on this origin;
 * inline style attributes are allowed (the charting library sizes its SVG with them) but no inline
 * style or script elements; CSV downloads are blob: links.
 */
import { fileURLToPath } from 'node:url';
import type { Route } from '@portal/platform/http';
import { staticBundleRoutes } from './static-bundle.js';

export const REPORTS_PATH = '/reports';
const DEFAULT_DIR = fileURLToPath(new URL('../reports/dist/', import.meta.url));

const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "style-src-attr 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

export interface ReportsRouteOptions {
  /** The built bundle (index.html + assets/); default gateway/reports/dist. */
  dir?: string;
}

export function reportsRoutes(opts: ReportsRouteOptions = {}): Record<string, Route> {
  return staticBundleRoutes({
    path: REPORTS_PATH,
    dir: opts.dir ?? DEFAULT_DIR,
    pageHeaders: { 'content-security-policy': CSP, 'x-content-type-options': 'nosniff', 'referrer-policy': 'no-referrer' },
    notBuilt: 'The reports page is not built yet: run `pnpm build:graphiql` (pnpm start does it for you), then reload.',
  });
}
