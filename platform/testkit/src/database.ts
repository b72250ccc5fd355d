/**
 * An isolated database per test file: a fresh database on the real server when DATABASE_URL is
 * set (CI), else a fresh in-memory PGlite served over a socket. Files can run in parallel.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { startEmbeddedPostgres } from '@portal/platform/db';

export interface TestDatabase {
  url: string;
  kind: 'postgres' | 'pglite';
  close(): Promise<void>;
}

export async function createTestDatabase(prefix = 'portal_t'): Promise<TestDatabase> {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    const embedded = await startEmbeddedPostgres();
    return { url: embedded.url, kind: 'pglite', close: () => embedded.stop() };
  }
  const name = `${prefix}_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`create database "${name}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    kind: 'postgres',
    async close() {
      const c = new pg.Client({ connectionString: serverUrl });
      await c.connect();
      try {
        await c.query(`drop database if exists "${name}" with (force)`);
      } finally {
        await c.end();
      }
    },
  };
}
