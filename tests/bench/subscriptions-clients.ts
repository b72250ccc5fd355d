/**
 * Child process of `pnpm bench subscriptions`: holds the graphql-ws clients, so that their memory
 * and sockets are not charged to the stack's process. Commands over IPC:
 * - `open`: open `count` more clients (one WebSocket and one subscription each), `batch` at a time;
 *   replies with how many connected (acked) and how many failed, and the first error.
 * - `received`: for an event id (empty: the newest event), the receive times (ms since the epoch, sub-ms) of each client that
 *   got it, so the parent can measure latency against its own clock (same machine).
 * - `close`: dispose every client.
 */
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';

export interface OpenCommand {
  cmd: 'open';
  id: number;
  url: string;
  count: number;
  batch: number;
  query: string;
  /** Per client i: connection params and variables are `clients[i % clients.length]`. */
  clients: { connectionParams: Record<string, unknown>; variables: Record<string, unknown> }[];
}
export interface ReceivedCommand {
  cmd: 'received';
  id: number;
  eventId: string;
}
export interface CloseCommand {
  cmd: 'close';
  id: number;
}
export type Command = OpenCommand | ReceivedCommand | CloseCommand;

export interface Reply {
  id: number;
  open?: number;
  connected?: number;
  failed?: number;
  firstError?: string;
  times?: number[];
  rss?: number;
  heapUsed?: number;
}

const now = () => performance.timeOrigin + performance.now();
const clients: Client[] = [];
let failed = 0;
let firstError: string | undefined;
/** event id → receive times */
const received = new Map<string, number[]>();
/** The event id seen first most recently (`received` with an empty id asks for it). */
let latest = '';

function openOne(url: string, query: string, spec: OpenCommand['clients'][number]): Promise<boolean> {
  return new Promise((resolve) => {
    let settled = false;
    const settle = (ok: boolean, err?: unknown) => {
      if (!ok) {
        failed++;
        firstError ??= err instanceof Error ? err.message : JSON.stringify(err)?.slice(0, 300);
      }
      if (!settled) {
        settled = true;
        resolve(ok);
      }
    };
    const client = createClient({
      url: url.replace(/^http/, 'ws'),
      webSocketImpl: WebSocket,
      connectionParams: spec.connectionParams,
      retryAttempts: 0,
      lazy: true,
      connectionAckWaitTimeout: 60_000,
      on: {
        connected: () => settle(true),
        closed: (e) => {
          const ev = e as { code?: number; reason?: string };
          if (!settled) settle(false, new Error(`closed ${ev?.code ?? ''} ${ev?.reason ?? ''}`.trim()));
        },
        error: (e) => settle(false, e),
      },
    });
    clients.push(client);
    client.subscribe<{ [field: string]: { event?: { id?: string } } }>(
      { query, variables: spec.variables },
      {
        next: (r) => {
          const at = now();
          if (r.errors?.length) {
            failed++;
            firstError ??= JSON.stringify(r.errors).slice(0, 300);
            return;
          }
          const payload = r.data ? Object.values(r.data)[0] : undefined;
          const eventId = payload?.event?.id;
          if (!eventId) return;
          let list = received.get(eventId);
          if (!list) {
            received.set(eventId, (list = []));
            latest = eventId;
          }
          list.push(at);
        },
        error: (e) => {
          failed++;
          firstError ??= e instanceof Error ? e.message : JSON.stringify(e)?.slice(0, 300);
        },
        complete: () => {},
      },
    );
  });
}

async function open(cmd: OpenCommand): Promise<Reply> {
  const start = clients.length;
  let connected = 0;
  for (let done = 0; done < cmd.count;) {
    const n = Math.min(cmd.batch, cmd.count - done);
    const oks = await Promise.all(
      Array.from({ length: n }, (_, k) => openOne(cmd.url, cmd.query, cmd.clients[(start + done + k) % cmd.clients.length]!)),
    );
    connected += oks.filter(Boolean).length;
    done += n;
  }
  const mem = process.memoryUsage();
  return { id: cmd.id, open: clients.length, connected, failed, firstError, rss: mem.rss, heapUsed: mem.heapUsed };
}

process.on('message', (msg: Command) => {
  void (async () => {
    let reply: Reply;
    if (msg.cmd === 'open') reply = await open(msg);
    else if (msg.cmd === 'received') reply = { id: msg.id, times: received.get(msg.eventId || latest) ?? [] };
    else {
      await Promise.all(clients.splice(0).map((c) => c.dispose()));
      received.clear();
      reply = { id: msg.id, open: 0 };
    }
    process.send!(reply);
  })();
});
process.on('disconnect', () => process.exit(0));
