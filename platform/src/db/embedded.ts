/**
 * Embedded Postgres: PGlite (Postgres compiled to WASM) served to ordinary `pg` clients over TCP
 * by pglite-socket, which multiplexes many client connections onto the one PGlite instance
 * (with our protocol-aware queue, so concurrent connections and transactions stay correct). Used
 * when no DATABASE_URL is given: by `pnpm start` (data on disk) and by tests on machines without
 * Postgres (in memory). PGlite runs in its own worker thread (pglite-worker.ts): its statements
 * are synchronous WASM work that would otherwise stop the services' event loop while they run.
 */
import { Worker } from 'node:worker_threads';
import type { PgliteWorkerData, PgliteWorkerMessage } from './pglite-worker.js';

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

/** The worker's entry (plain JavaScript: it loads the TypeScript worker through tsx). */
const WORKER = new URL('./pglite-worker-entry.js', import.meta.url);

export async function startEmbeddedPostgres(opts: EmbeddedOptions = {}): Promise<EmbeddedPostgres> {
  const host = opts.host ?? '127.0.0.1';
  const data: PgliteWorkerData = {
    ...(opts.dataDir ? { dataDir: opts.dataDir } : {}),
    host,
    port: opts.port ?? 0,
    maxConnections: opts.maxConnections ?? 200,
  };
  const worker = new Worker(WORKER, { workerData: data });
  const port = await new Promise<number>((resolve, reject) => {
    const onExit = (code: number) => reject(new Error(`embedded Postgres worker exited with code ${code} before listening`));
    worker.once('error', reject);
    worker.once('exit', onExit);
    worker.once('message', (msg: PgliteWorkerMessage) => {
      worker.off('exit', onExit);
      if (msg.type === 'listening') resolve(msg.port);
      else reject(new Error(`embedded Postgres failed to start: ${msg.type === 'failed' ? msg.message : msg.type}`));
    });
  });
  // The database must not keep a finished process alive by itself; its clients' sockets do.
  worker.unref();
  let stopping: Promise<void> | undefined;
  return {
    url: `postgres://postgres:postgres@${host}:${port}/postgres`,
    port,
    stop() {
      stopping ??= new Promise<void>((resolve) => {
        worker.once('exit', () => resolve());
        worker.once('message', (msg: PgliteWorkerMessage) => {
          if (msg.type === 'stopped') void worker.terminate();
        });
        worker.postMessage({ type: 'stop' });
      });
      return stopping;
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
