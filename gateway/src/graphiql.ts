/**
 * GraphiQL on the gateway's origin: `GET /graphiql` (the page), `GET /graphiql/assets/<file>` (its
 * bundle) and `GET /` (a redirect to the page). The page is built from npm packages into static
 * files by gateway/graphiql/build.ts (`pnpm build:graphiql`; `pnpm start` and CI run it); nothing
 * loads from a CDN. The gateway only serves the files — it never builds them and never hands out
 * tokens; a Content-Security-Policy keeps every script, style, font, worker and connection on this
 * origin. Until the bundle is built the page answers 503 and says how to build it.
 */
import { fileURLToPath } from 'node:url';
import type { Route } from '@portal/platform/http';
import { staticBundleRoutes } from './static-bundle.js';

export const GRAPHIQL_PATH = '/graphiql';
const DEFAULT_DIR = fileURLToPath(new URL('../graphiql/dist/', import.meta.url));

/**
 * Monaco injects <style> elements and runs its language services in same-origin workers; the
 * GraphiQL fonts are data: URLs. `'self'` in connect-src covers same-origin ws(s):// (CSP 3).
 */
const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "worker-src 'self' blob:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

const PAGE_HEADERS = {
  'content-security-policy': CSP,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

export interface GraphiqlRouteOptions {
  /** The built bundle (index.html + assets/); default gateway/graphiql/dist. */
  dir?: string;
}

export function graphiqlRoutes(opts: GraphiqlRouteOptions = {}): Record<string, Route> {
  return {
    'GET /': (_req, res) => {
      res.writeHead(302, { location: GRAPHIQL_PATH, 'content-length': '0' });
      res.end();
    },
    ...staticBundleRoutes({
      path: GRAPHIQL_PATH,
      dir: opts.dir ?? DEFAULT_DIR,
      pageHeaders: PAGE_HEADERS,
      notBuilt: 'GraphiQL is not built yet: run `pnpm build:graphiql` (pnpm start does it for you), then reload.',
    }),
  };
}
