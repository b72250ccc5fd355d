/**
 * Child process of `pnpm bench gateway`: replayed subgraphs, to measure the gateways where the
 * gateway (not the subgraphs) is the bottleneck. One HTTP server; `POST /<subgraph>/graphql` is
 * answered from a cache keyed by subgraph and exact request body. A body not seen yet is forwarded
 * once to the real subgraph (with its headers) and its answer cached. So every gateway gets the
 * real subgraphs' answers to the exact subgraph requests it sends, at near-zero subgraph cost.
 * Started with BENCH_UPSTREAMS = JSON {name → real subgraph /graphql URL}.
 */
import http from 'node:http';

const upstreams = JSON.parse(process.env.BENCH_UPSTREAMS ?? '{}') as Record<string, string>;
const cache = new Map<string, { status: number; body: Buffer }>();
let hits = 0;
let misses = 0;
const perSubgraph: Record<string, { calls: number; requestBytes: number; responseBytes: number }> = {};

const server = http.createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    void (async () => {
      const name = (req.url ?? '').split('/')[1] ?? '';
      const upstream = upstreams[name];
      if (req.method !== 'POST' || !upstream) {
        // Health checks (`/<name>/health`) and anything else: fine, empty.
        res.writeHead(upstream ? 200 : 404, { 'content-type': 'application/json' }).end('{}');
        return;
      }
      const body = Buffer.concat(chunks).toString('utf8');
      const counter = (perSubgraph[name] ??= { calls: 0, requestBytes: 0, responseBytes: 0 });
      counter.calls++;
      counter.requestBytes += Buffer.byteLength(body);
      const key = `${name}\n${body}`;
      let hit = cache.get(key);
      if (hit) hits++;
      else {
        misses++;
        const headers: Record<string, string> = {};
        for (const [k, v] of Object.entries(req.headers))
          if (typeof v === 'string' && !['host', 'content-length', 'connection', 'accept-encoding'].includes(k)) headers[k] = v;
        const up = await fetch(upstream, { method: 'POST', headers, body });
        hit = { status: up.status, body: Buffer.from(await up.arrayBuffer()) };
        if (up.status === 200) cache.set(key, hit);
      }
      counter.responseBytes += hit.body.length;
      res.writeHead(hit.status, { 'content-type': 'application/json', 'content-length': String(hit.body.length) }).end(hit.body);
    })().catch((err: unknown) => res.writeHead(502, { 'content-type': 'text/plain' }).end(String(err)));
  });
});
server.keepAliveTimeout = 60_000;

process.on('message', (msg: { id: number; type: 'stats' }) => {
  if (msg.type === 'stats') process.send?.({ id: msg.id, hits, misses, entries: cache.size, perSubgraph: structuredClone(perSubgraph) });
});
process.on('disconnect', () => process.exit(0));
server.listen(0, '127.0.0.1', () => {
  const addr = server.address();
  process.send?.({ type: 'ready', url: `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}` });
});
