/**
 * Embedded Postgres: PGlite (Postgres compiled to WASM) served to ordinary `pg` clients over TCP
 * by pglite-socket, which multiplexes many client connections onto the one PGlite instance
 * (with our protocol-aware queue, so concurrent connections and transactions stay correct). Used when no DATABASE_URL is given: by `pnpm start` (data on disk) and by
 * tests on machines without Postgres (in memory).
 */
import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { ProtocolAwareQueue } from './pglite-queue.js';

export interface EmbeddedPostgres {
  /** `postgres://` URL any pg client can use. */
  url: string;
  port: number;
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  /** Directory for the data files; omit for an in-memory database. */
  dataDir?: string;
  host?: string;
  /** 0 = pick a free port. */
  port?: number;
  maxConnections?: number;
}

export async function startEmbeddedPostgres(opts: EmbeddedOptions = {}): Promise<EmbeddedPostgres> {
  if (opts.dataDir) mkdirSync(opts.dataDir, { recursive: true });
  const db = await PGlite.create(opts.dataDir ? { dataDir: opts.dataDir } : {});
  const host = opts.host ?? '127.0.0.1';
  const server = new PGLiteSocketServer({
    db,
    host,
    port: opts.port ?? 0,
    maxConnections: opts.maxConnections ?? 200,
  });
  // Replace the stock message-by-message queue before any connection exists (see pglite-queue.ts).
  (server as unknown as { queryQueue: ProtocolAwareQueue }).queryQueue = new ProtocolAwareQueue(db);
  await server.start();
  const port = Number(server.getServerConn().split(':').pop());
  return {
    url: `postgres://postgres:postgres@${host}:${port}/postgres`,
    port,
    async stop() {
      await server.stop();
      await db.close();
    },
  };
}

export interface ResolvedDatabase {
  url: string;
  embedded: boolean;
  close(): Promise<void>;
}

/**
 * The database a service should use: `<SERVICE>_DATABASE_URL` or `DATABASE_URL` when set,
 * else its own embedded PGlite under `DATA_DIR/<service>` (a service started alone, no server).
 */
export async function resolveDatabaseUrl(
  service: string,
  cfg: { DATABASE_URL?: string | undefined; DATA_DIR: string },
  env: Record<string, string | undefined> = process.env,
): Promise<ResolvedDatabase> {
  const url = env[`${service.toUpperCase()}_DATABASE_URL`] || cfg.DATABASE_URL;
  if (url) return { url, embedded: false, close: async () => {} };
  const pg = await startEmbeddedPostgres({ dataDir: `${cfg.DATA_DIR}/${service}` });
  return { url: pg.url, embedded: true, close: () => pg.stop() };
}
