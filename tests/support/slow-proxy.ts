/** A subgraph made slow for one kind of request, for tests of what a client sees meanwhile. */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A proxy in front of a subgraph that holds every request whose query selects `availability` for
 * `delayMs` (inventory's ATP, which asks the ERP, made slow); other requests pass at once.
 */
export async function slowAvailabilityProxy(
  target: string,
  delayMs: number,
): Promise<{ url: string; delayed: () => number; close(): Promise<void> }> {
  let delayed = 0;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const slow = body.includes('availability');
      if (slow) delayed++;
      setTimeout(
        () => {
          const headers = { ...req.headers } as Record<string, string>;
          delete headers.host;
          delete headers['content-length'];
          fetch(new URL(req.url ?? '/', target), { method: req.method ?? 'POST', headers, ...(req.method === 'POST' ? { body } : {}) })
            .then(async (up) => {
              const answer = Buffer.from(await up.arrayBuffer());
              if (res.destroyed) return;
              res.writeHead(up.status, { 'content-type': up.headers.get('content-type') ?? 'application/json' });
              res.end(answer);
            })
            .catch(() => res.destroy());
        },
        slow ? delayMs : 0,
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    delayed: () => delayed,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export interface SlowProxy {
  url: string;
  /** How long each request is held before it is forwarded; settable at any time. */
  delayMs: number;
  /** The headers of every request it was sent, in order. */
  seen: http.IncomingHttpHeaders[];
  close(): Promise<void>;
}

/** A forwarding proxy in front of a subgraph that can be made slow, and records what it was sent. */
export async function slowProxy(target: string): Promise<SlowProxy> {
  const state: SlowProxy = { url: '', delayMs: 0, seen: [], close: async () => {} };
  const server = http.createServer((req, res) => {
    state.seen.push(req.headers);
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      setTimeout(() => {
        const headers = { ...req.headers };
        delete headers.host;
        fetch(new URL(req.url ?? '/', target), {
          method: req.method ?? 'GET',
          headers: headers as Record<string, string>,
          ...(req.method === 'POST' ? { body: Buffer.concat(chunks) } : {}),
        })
          .then(async (up) => {
            const body = Buffer.from(await up.arrayBuffer());
            if (res.destroyed) return;
            res.writeHead(up.status, { 'content-type': up.headers.get('content-type') ?? 'application/json' });
            res.end(body);
          })
          .catch(() => res.destroy());
      }, state.delayMs);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  state.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return state;
}
