/**
 * The embedded database's own thread: PGlite (Postgres compiled to WASM) and the socket server
 * that serves it to `pg` clients. Every statement PGlite runs is synchronous WASM work; on the
 * services' thread it would stop every request while it runs. Here it runs beside them, on
 * another core when there is one. Started by `startEmbeddedPostgres` (embedded.ts).
 */
import { mkdirSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { ProtocolAwareQueue } from './pglite-queue.js';

export interface PgliteWorkerData {
  dataDir?: string;
  host: string;
  port: number;
  maxConnections: number;
}

/** Messages from the worker to the thread that started it. */
export type PgliteWorkerMessage = { type: 'listening'; port: number } | { type: 'stopped' } | { type: 'failed'; message: string };

const opts = workerData as PgliteWorkerData;
const port = parentPort!;

try {
  if (opts.dataDir) mkdirSync(opts.dataDir, { recursive: true });
  const db = await PGlite.create(opts.dataDir ? { dataDir: opts.dataDir } : {});
  const server = new PGLiteSocketServer({ db, host: opts.host, port: opts.port, maxConnections: opts.maxConnections });
  // Replace the stock message-by-message queue before any connection exists (see pglite-queue.ts).
  const queue = new ProtocolAwareQueue(db);
  (server as unknown as { queryQueue: ProtocolAwareQueue }).queryQueue = queue;
  await server.start();
  port.on('message', (msg: { type: 'stop' }) => {
    if (msg.type !== 'stop') return;
    void (async () => {
      try {
        await server.stop();
        // The queue may still be rolling back or deallocating for the connections just closed.
        await queue.close();
        await db.close();
      } finally {
        // Stopped either way: the thread that waits for this ends the worker.
        port.postMessage({ type: 'stopped' } satisfies PgliteWorkerMessage);
        port.close();
      }
    })();
  });
  port.postMessage({ type: 'listening', port: Number(server.getServerConn().split(':').pop()) } satisfies PgliteWorkerMessage);
} catch (err) {
  port.postMessage({
    type: 'failed',
    message: err instanceof Error ? (err.stack ?? err.message) : String(err),
  } satisfies PgliteWorkerMessage);
}
