/** The GraphiQL routes: page and asset headers, revalidation, gzip, traversal, and the page before it is built. */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHttpService, type RunningHttp } from '@portal/platform/http';
import { createLogger } from '@portal/platform/logger';
import { graphiqlRoutes } from './graphiql.js';

let dir: string;
let http: RunningHttp;
const js = `console.log(${JSON.stringify('x'.repeat(5000))});`;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'graphiql-routes-'));
  http = await startHttpService({
    service: 'gateway',
    logger: createLogger('gateway', 'silent'),
    host: '127.0.0.1',
    port: 0,
    routes: graphiqlRoutes({ dir }),
  });
});
afterAll(async () => {
  await http?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('graphiqlRoutes', () => {
  it('says how to build the page until it is built, then serves it', async () => {
    const before = await fetch(`${http.url}/graphiql`);
    expect(before.status).toBe(503);
    expect(await before.text()).toContain('pnpm build:graphiql');

    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><script type="module" src="/graphiql/assets/main-abc.js"></script>');
    writeFileSync(join(dir, 'assets', 'main-abc.js'), js);
    const page = await fetch(`${http.url}/graphiql`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('cache-control')).toBe('no-cache');
    expect(page.headers.get('content-security-policy')).toMatch(/default-src 'self'.*connect-src 'self'/);
    const again = await fetch(`${http.url}/graphiql`, { headers: { 'if-none-match': page.headers.get('etag')! } });
    expect(again.status).toBe(304);
  });

  it('redirects / to the page', async () => {
    const res = await fetch(`${http.url}/`, { redirect: 'manual' });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/graphiql');
  });

  it('serves hashed assets for good, gzipped when asked', async () => {
    const res = await fetch(`${http.url}/graphiql/assets/main-abc.js`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(await res.text()).toBe(js);
    const raw = await new Promise<{ encoding?: string; body: Buffer }>((resolve, reject) => {
      // fetch decompresses on its own; read the bytes as they are sent.
      import('node:http')
        .then(({ get }) =>
          get(`${http.url}/graphiql/assets/main-abc.js`, { headers: { 'accept-encoding': 'gzip' } }, (r) => {
            const chunks: Buffer[] = [];
            r.on('data', (c: Buffer) => chunks.push(c)).on('end', () =>
              resolve({ encoding: r.headers['content-encoding'], body: Buffer.concat(chunks) }),
            );
          }).on('error', reject),
        )
        .catch(reject);
    });
    expect(raw.encoding).toBe('gzip');
    expect(gunzipSync(raw.body).toString()).toBe(js);
  });

  it('serves nothing outside assets/', async () => {
    for (const path of ['/graphiql/assets/nope.js', '/graphiql/assets/..%2Findex.html', '/graphiql/assets/.hidden'])
      expect((await fetch(`${http.url}${path}`)).status, path).toBe(404);
  });
});
