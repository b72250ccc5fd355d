/**
 * Serving a page built into static files (index.html + assets/ with content-hashed names) on the
 * gateway's origin: `GET <path>` and `GET <path>/` (the page, revalidated on every load, with its
 * security headers) and `GET <path>/assets/<file>` (cached for good, gzipped when it pays off).
 * Files are read once and kept: the bundle is immutable while the gateway runs — a rebuild writes
 * new asset names and a new index.html, and a page not built yet is looked for again on each load.
 * The gateway never builds a page: until it is built the page answers 503 saying how to build it.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type http from 'node:http';
import { HttpError, type Route } from '@portal/platform/http';

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

interface StaticFile {
  body: Buffer;
  gzip?: Buffer;
  etag: string;
  contentType: string;
}

export interface StaticBundleOptions {
  /** Where the page is served, e.g. `/graphiql`. */
  path: string;
  /** The built bundle: index.html and assets/. */
  dir: string;
  /** Headers of the page itself (Content-Security-Policy and friends). */
  pageHeaders: Record<string, string>;
  /** What a 503 says while the page is not built. */
  notBuilt: string;
}

export function staticBundleRoutes(opts: StaticBundleOptions): Record<string, Route> {
  const cache = new Map<string, Promise<StaticFile | undefined>>();
  const load = (name: string): Promise<StaticFile | undefined> => {
    let file = cache.get(name);
    if (!file) {
      file = readFile(join(opts.dir, name)).then(
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
      res.end(`${opts.notBuilt}\n`);
      return;
    }
    // Revalidated on every load, so a rebuilt bundle is picked up at once.
    send(req, res, index, { ...opts.pageHeaders, 'cache-control': 'no-cache' });
  };

  return {
    [`GET ${opts.path}`]: page,
    [`GET ${opts.path}/`]: page,
    [`GET ${opts.path}/assets/:file`]: async (req, res, _scope, params) => {
      const name = params.file ?? '';
      if (!/^[\w.-]+$/.test(name) || name.startsWith('.')) throw new HttpError(404, 'NOT_FOUND', 'no such asset');
      const file = await load(join('assets', name));
      if (!file) throw new HttpError(404, 'NOT_FOUND', 'no such asset');
      // Asset names carry a content hash: cache them for good.
      send(req, res, file, { 'cache-control': 'public, max-age=31536000, immutable', 'x-content-type-options': 'nosniff' });
    },
  };
}
