/**
 * The guard every remote call asks first: inside an open transaction (MikroORM's, followed along
 * the async call chain) a call to another service or the ERP fails under test; after the commit,
 * and in a fresh request, it goes ahead.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@portal/testkit';
import { openServiceDatabase, type MikroORM } from '@portal/platform/db';
import { internalClient } from '@portal/platform/internal-client';
import { assertNoOpenTransaction, inOpenTransaction, OpenTransactionError } from '@portal/platform/remote-call-guard';
import { SyncState } from '@portal/platform/sync';

let db: TestDatabase;
let orm: MikroORM;
let server: http.Server;
let calls = 0;

beforeAll(async () => {
  db = await createTestDatabase();
  orm = await openServiceDatabase({ schema: 'guardtest', url: db.url, entities: [SyncState], migrations: [] });
  server = http.createServer((_req, res) => {
    calls++;
    res.setHeader('content-type', 'application/json').end('{"ok":true}');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
});
afterAll(async () => {
  server?.close();
  await orm?.close(true);
  await db?.close();
});

const viewer = { userId: 'u1', accountId: 'ACME', roles: ['buyer' as const] };
const client = () =>
  internalClient({ baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, secret: 'x'.repeat(32), service: 'pricing' });

describe('no transaction open across a remote call', () => {
  it('refuses a call made inside a transaction, and lets the same call through after the commit', async () => {
    const before = calls;
    await expect(
      orm.em.fork().transactional(async () => {
        expect(inOpenTransaction()).toBe(true);
        await client().get('/internal/anything', viewer);
      }),
    ).rejects.toBeInstanceOf(OpenTransactionError);
    expect(calls).toBe(before); // the request never left
    expect(inOpenTransaction()).toBe(false);
    await expect(client().get('/internal/anything', viewer)).resolves.toEqual({ ok: true });
    expect(calls).toBe(before + 1);
  });

  it('follows the transaction into nested async work, and not into work started after it ended', async () => {
    let later: Promise<void> | undefined;
    await orm.em.fork().transactional(async () => {
      await Promise.resolve();
      expect(() => assertNoOpenTransaction('ERP createSalesOrder')).toThrow(OpenTransactionError);
      // Started inside, run after the commit: by then the transaction is closed.
      later = new Promise<void>((r) => setTimeout(r, 20)).then(() => assertNoOpenTransaction('ERP getSalesOrder'));
    });
    await expect(later).resolves.toBeUndefined();
  });
});
