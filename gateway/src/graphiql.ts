/**
 * GraphiQL on the gateway's origin: `GET /graphiql` (the page), `GET /graphiql/assets/<file>` (its
 * bundle) and `GET /` (a redirect to the page). The page is built from npm packages into static
 * files by gateway/graphiql/build.ts (`pnpm build:graphiql`; `pnpm start` and CI run it); nothing
 * loads from a CDN. The gateway only serves the files — it never builds them and never hands out
 * tokens; a Content-Security-Policy keeps every script, style, font, worker and connection on this
 * origin. Until the bundle is built the page answers 503 and says how to build it.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import type http from 'node:http';
import { HttpError, type Route } from '@portal/platform/http';

export const GRAPHIQL_PATH = '/graphiql';
const DEFAULT_DIR = fileURLToPath(new URL('../graphiql/dist/', import.meta.url));

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.ttf': 'font/ttf',
  '.woff2': 'font/woff2',
  '.svg': 'image/svg+xml',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};

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

interface StaticFile {
  body: Buffer;
  gzip?: Buffer;
  etag: string;
  contentType: string;
}

export interface GraphiqlRouteOptions {
  /** The built bundle (index.html + assets/); default gateway/graphiql/dist. */
  dir?: string;
}

export function graphiqlRoutes(opts: GraphiqlRouteOptions = {}): Record<string, Route> {
  const dir = opts.dir ?? DEFAULT_DIR;
  // Files are read once and kept (the bundle is immutable while the gateway runs: a rebuild
  // writes new hashed asset names and a new index.html, picked up on restart).
  const cache = new Map<string, Promise<StaticFile | undefined>>();
  const load = (name: string): Promise<StaticFile | undefined> => {
    let file = cache.get(name);
    if (!file) {
      file = readFile(join(dir, name)).then(
        (body) => {
          const contentType = CONTENT_TYPES[extname(name)] ?? 'application/octet-stream';
          const compressible = /^(text\/|application\/json|image\/svg)/.test(contentType) || name.endsWith('.ttf');
          return {
            body,
            ...(compressible && body.length > 1024 ? { gzip: gzipSync(body) } : {}),
            etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`,
            contentType,
          };
        },
        (err: NodeJS.ErrnoException) => {
          if (err.code === 'ENOENT' || err.code === 'EISDIR') return undefined;
          throw err;
        },
      );
      // A missing index.html may be built later: do not remember its absence.
      void file.then((f) => {
        if (!f) cache.delete(name);
      });
      cache.set(name, file);
    }
    return file;
  };

  const send = (req: http.IncomingMessage, res: http.ServerResponse, file: StaticFile, headers: Record<string, string>) => {
    const common = { 'content-type': file.contentType, etag: file.etag, vary: 'accept-encoding', ...headers };
    if (req.headers['if-none-match'] === file.etag) {
      res.writeHead(304, common);
      res.end();
      return;
    }
    const gzip = file.gzip && /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
    const body = gzip ? file.gzip! : file.body;
    res.writeHead(200, { ...common, 'content-length': String(body.length), ...(gzip ? { 'content-encoding': 'gzip' } : {}) });
    res.end(body);
  };

  const page: Route = async (req, res) => {
    const index = await load('index.html');
    if (!index) {
      res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
      res.end('GraphiQL is not built yet: run `pnpm build:graphiql` (pnpm start does it for you), then reload.\n');
      return;
    }
    // Revalidated on every load, so a rebuilt bundle is picked up at once.
    send(req, res, index, { ...PAGE_HEADERS, 'cache-control': 'no-cache' });
  };

  return {
    'GET /': (_req, res) => {
      res.writeHead(302, { location: GRAPHIQL_PATH, 'content-length': '0' });
      res.end();
    },
    [`GET ${GRAPHIQL_PATH}`]: page,
    [`GET ${GRAPHIQL_PATH}/`]: page,
    [`GET ${GRAPHIQL_PATH}/assets/:file`]: async (req, res, _scope, params) => {
      const name = params.file ?? '';
      if (!/^[\w.-]+$/.test(name) || name.startsWith('.')) throw new HttpError(404, 'NOT_FOUND', 'no such asset');
      const file = await load(join('assets', name));
      if (!file) throw new HttpError(404, 'NOT_FOUND', 'no such asset');
      // Asset names carry a content hash: cache them for good.
      send(req, res, file, { 'cache-control': 'public, max-age=31536000, immutable', 'x-content-type-options': 'nosniff' });
    },
  };
}
