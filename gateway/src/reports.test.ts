/** The /reports routes: the page before and after it is built, its security headers and its assets. */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHttpService, type RunningHttp } from '@portal/platform/http';
import { createLogger } from '@portal/platform/logger';
import { reportsRoutes } from './reports.js';

let dir: string;
let http: RunningHttp;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'reports-routes-'));
  http = await startHttpService({
    service: 'gateway',
    logger: createLogger('gateway', 'silent'),
    host: '127.0.0.1',
    port: 0,
    routes: reportsRoutes({ dir }),
  });
});
afterAll(async () => {
  await http?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('reportsRoutes', () => {
  it('says how to build the page until it is built, then serves it with a strict policy', async () => {
    const before = await fetch(`${http.url}/reports`);
    expect(before.status).toBe(503);
    expect(await before.text()).toContain('pnpm build:graphiql');

    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><script type="module" src="/reports/assets/main-abc.js"></script>');
    writeFileSync(join(dir, 'assets', 'main-abc.js'), 'console.log(1)');
    for (const path of ['/reports', '/reports/']) {
      const page = await fetch(`${http.url}${path}`);
      expect(page.status).toBe(200);
      expect(page.headers.get('cache-control')).toBe('no-cache');
      const csp = page.headers.get('content-security-policy')!;
      expect(csp).toMatch(/default-src 'self'.*script-src 'self';.*connect-src 'self'/);
      // Scripts and style elements only from the origin; the charts' inline style attributes allowed.
      expect(csp).toContain("style-src 'self';");
      expect(csp).toContain("style-src-attr 'unsafe-inline'");
      expect(csp).not.toMatch(/script-src[^;]*unsafe/);
    }
    const asset = await fetch(`${http.url}/reports/assets/main-abc.js`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect((await fetch(`${http.url}/reports/assets/..%2Findex.html`)).status).toBe(404);
  });
});
