/**
 * A tiny round-robin TCP proxy (what a load balancer does for the multi-replica deployment): each
 * new connection goes to the next backend in `BACKENDS` (host:port,host:port…); a backend that
 * refuses the connection is skipped for that connection. Listens on 127.0.0.1:`LISTEN_PORT`.
 */
import net from 'node:net';

const backends = (process.env.BACKENDS ?? '')
  .split(',')
  .filter(Boolean)
  .map((b) => {
    const [host, port] = b.split(':');
    return { host: host ?? '127.0.0.1', port: Number(port) };
  });
if (!backends.length) throw new Error('BACKENDS is empty');
let next = 0;

function connect(client: net.Socket, tried = 0): void {
  if (tried >= backends.length) {
    client.destroy();
    return;
  }
  const b = backends[next++ % backends.length]!;
  const upstream = net.connect(b.port, b.host);
  let connected = false;
  upstream.once('connect', () => {
    connected = true;
    client.pipe(upstream).pipe(client);
    client.resume();
  });
  upstream.on('error', () => {
    if (!connected) connect(client, tried + 1);
    else client.destroy();
  });
  upstream.on('close', () => connected && client.destroy());
  client.on('close', () => upstream.destroy());
}

const server = net.createServer({ pauseOnConnect: true }, (client) => {
  client.on('error', () => client.destroy());
  connect(client);
});
server.listen(Number(process.env.LISTEN_PORT ?? 0), '127.0.0.1');
process.on('SIGTERM', () => server.close(() => process.exit(0)));
