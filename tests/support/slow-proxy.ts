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
