/**
 * A TCP proxy in front of a subgraph: counts the WebSocket connections through it and can cut
 * every connection at once (a network failure between the gateway and the subgraph).
 */
import net from 'node:net';

export interface CountingProxy {
  url: string;
  /** Open WebSocket connections through the proxy. */
  open(): number;
  /** Destroy every connection through the proxy (the server keeps listening). */
  cut(): void;
  close(): Promise<void>;
}

export async function proxyTo(target: string): Promise<CountingProxy> {
  const { hostname, port } = new URL(target);
  const sockets = new Set<net.Socket>();
  const websockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(Number(port), hostname);
    sockets.add(client).add(upstream);
    client.once('data', (chunk: Buffer) => {
      if (/^upgrade: websocket/im.test(chunk.toString('latin1'))) websockets.add(client);
    });
    const drop = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
      websockets.delete(client);
    };
    client.on('error', drop).on('close', drop);
    upstream.on('error', drop).on('close', drop);
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const cut = () => [...sockets].forEach((s) => s.destroy());
  return {
    url: `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`,
    open: () => websockets.size,
    cut,
    close: () => {
      cut();
      return new Promise<void>((r) => server.close(() => r()));
    },
  };
}
