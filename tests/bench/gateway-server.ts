/**
 * Child process of `pnpm bench gateway`: serves ONE gateway over the bench's subgraphs and answers
 * the parent over IPC (resource usage, CPU profile, subgraph-fetch trace). Started by
 * `gateway.bench.ts` as `gateway-server.ts <ours|apollo|hive>` with
 *   BENCH_SUBGRAPH_URLS  JSON {pricing, inventory, orders, invoices} → subgraph /graphql URLs
 *   BENCH_VIEWER         JSON Viewer the stock gateways forward (signed, refreshed) to subgraphs when
 *                        a request's token names none
 *   BENCH_PROFILE=1      (ours only) time subgraph calls (undici diagnostics channels); allow CPU profiling
 *
 * - ours:   `startGateway` from gateway/src/server.ts (JWT check, signed viewer per request).
 * - apollo: stock Apollo Server 5 + @apollo/gateway 2 (`RemoteGraphQLDataSource`,
 *           `startStandaloneServer`); no JWT check: the viewer read from the token's claims,
 *           signed once per token (and re-signed every 30 s).
 * - hive:   `createGatewayRuntime` (@graphql-hive/gateway-runtime) on `node:http`; the same
 *           viewer header via `propagateHeaders`.
 * - hive-router: the same runtime planning with Hive Router's Rust planner
 *           (`@graphql-hive/router-runtime` as its `unifiedGraphHandler`), with in-flight sharing
 *           off (inbound and to subgraphs), so it cannot merge different viewers' requests.
 */
import diagnostics from 'node:diagnostics_channel';
import { readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import http from 'node:http';
import { Session } from 'node:inspector/promises';
import path from 'node:path';
import { ApolloGateway, RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { createGatewayRuntime } from '@graphql-hive/gateway-runtime';
import { unifiedGraphHandler } from '@graphql-hive/router-runtime';
import { loadGatewayConfig } from '@portal/gateway/config';
import { startGateway } from '@portal/gateway';
import { VIEWER_HEADER, signViewerHeader, type Viewer } from '@portal/platform/auth';
import { DEV_INTERNAL_SECRET } from '@portal/platform/config';

export type GatewayKind = 'ours' | 'apollo' | 'hive' | 'hive-router';

/** Messages parent → child. */
export type ServerCommand =
  | { type: 'usage'; id: number }
  | { type: 'profile-start'; id: number }
  | { type: 'profile-stop'; id: number; file: string }
  | { type: 'trace-start'; id: number }
  | { type: 'trace-stop'; id: number };

/** One subgraph HTTP call seen by the gateway (profile mode): ms since the trace started. */
export interface FetchTrace {
  subgraph: string;
  start: number;
  end: number;
  requestBytes: number;
}

/** Rewrite the routing URLs of `@join__graph(name: "x", url: "...")` to the bench's subgraphs. */
export function rewriteSupergraph(sdl: string, urls: Record<string, string>): string {
  return sdl.replace(/@join__graph\(name: "([^"]+)", url: "[^"]*"\)/g, (whole, name: string) =>
    urls[name] ? `@join__graph(name: "${name}", url: "${urls[name]}")` : whole,
  );
}

async function main(): Promise<void> {
  const kind = process.argv[2] as GatewayKind;
  const urls = JSON.parse(process.env.BENCH_SUBGRAPH_URLS ?? '{}') as Record<string, string>;
  const viewer = JSON.parse(process.env.BENCH_VIEWER ?? 'null') as Viewer | null;
  const secret = process.env.INTERNAL_HMAC_SECRET ?? DEV_INTERNAL_SECRET;
  const sdl = rewriteSupergraph(readFileSync(path.resolve(process.env.SUPERGRAPH_PATH ?? 'schema/supergraph.graphql'), 'utf8'), urls);
  const profileMode = process.env.BENCH_PROFILE === '1';

  // The stock gateways forward the request's viewer, signed like ours signs it (so every subgraph
  // does the same HMAC check for every gateway): read from the token's claims without checking
  // its signature, signed once per token and re-signed well before the 120 s expiry.
  const signed = new Map<string, { header: string; at: number }>();
  const viewerHeader = (authorization: string | null | undefined): string => {
    const key = authorization ?? '';
    const hit = signed.get(key);
    if (hit && performance.now() - hit.at < 30_000) return hit.header;
    const v = viewerOfToken(key) ?? viewer;
    const header = v ? signViewerHeader(v, secret) : '';
    signed.set(key, { header, at: performance.now() });
    return header;
  };

  // Profile mode: time every subgraph call. undici (Node's fetch and the npm package alike)
  // publishes each request's start and completion on diagnostics channels.
  const traces: FetchTrace[] = [];
  let tracing = false;
  let traceOrigin = 0;
  if (profileMode) {
    const byOrigin = new Map(Object.entries(urls).map(([name, u]) => [new URL(u).origin, name]));
    const open = new WeakMap<object, { subgraph: string; start: number; requestBytes: number }>();
    diagnostics.subscribe('undici:request:create', (msg) => {
      if (!tracing) return;
      const { request } = msg as { request: { origin?: string | URL; body?: unknown } };
      const origin = String(request.origin ?? '').replace(/\/$/, '');
      const body = request.body;
      const requestBytes =
        typeof body === 'string' ? Buffer.byteLength(body) : Buffer.isBuffer(body) || body instanceof Uint8Array ? body.byteLength : 0;
      open.set(request, { subgraph: byOrigin.get(origin) ?? origin, start: performance.now() - traceOrigin, requestBytes });
    });
    diagnostics.subscribe('undici:request:trailers', (msg) => {
      const { request } = msg as { request: object };
      const o = open.get(request);
      if (!o || !tracing) return;
      open.delete(request);
      traces.push({ ...o, end: performance.now() - traceOrigin });
    });
  }

  let url: string;
  if (kind === 'ours') {
    const gw = await startGateway({
      config: loadGatewayConfig({ ...process.env, LOG_LEVEL: 'error', PORT: '0' }),
      supergraphSdl: sdl,
      port: 0,
      subgraphUrls: urls,
    });
    url = `${gw.url}/graphql`;
  } else if (kind === 'apollo') {
    class ViewerDataSource extends RemoteGraphQLDataSource<{ authorization?: string }> {
      override willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<{ authorization?: string }>): void {
        request.http?.headers.set(VIEWER_HEADER, viewerHeader(context.authorization));
      }
    }
    const gateway = new ApolloGateway({ supergraphSdl: sdl, buildService: ({ url: u }) => new ViewerDataSource({ url: u }) });
    const server = new ApolloServer<{ authorization?: string }>({ gateway });
    url = (
      await startStandaloneServer(server, {
        listen: { host: '127.0.0.1', port: 0 },
        context: async ({ req }) => ({ ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}) }),
      })
    ).url;
  } else if (kind === 'hive' || kind === 'hive-router') {
    const runtime = createGatewayRuntime({
      supergraph: sdl,
      ...(kind === 'hive-router'
        ? {
            unifiedGraphHandler,
            inboundInflightRequestDeduplication: false,
            transportEntries: { '*.http': { options: { deduplicateInflightRequests: false } } },
          }
        : {}),
      // The runtime loads a transport per subgraph kind; the CLI ships this one, we pass it in.
      transports: { http: import('@graphql-mesh/transport-http') },
      logging: 'error',
      landingPage: false,
      graphiql: false,
      propagateHeaders: {
        fromClientToSubgraphs: ({ request }) => ({ [VIEWER_HEADER]: viewerHeader(request.headers.get('authorization')) }),
      },
    });
    const server = http.createServer(runtime);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const addr = server.address();
    if (!addr || typeof addr === 'string') throw new Error('hive gateway: no port');
    url = `http://127.0.0.1:${addr.port}/graphql`;
  } else {
    throw new Error(`unknown gateway kind ${String(kind)}`);
  }

  const session = profileMode ? new Session() : undefined;
  session?.connect();
  process.on('message', (raw: ServerCommand) => {
    void (async () => {
      const reply = (body: Record<string, unknown>) => process.send?.({ ...body, id: raw.id });
      switch (raw.type) {
        case 'usage': {
          const cpu = process.cpuUsage();
          reply({ rss: process.memoryUsage().rss, maxRss: process.resourceUsage().maxRSS * 1024, cpuMs: (cpu.user + cpu.system) / 1000 });
          break;
        }
        case 'profile-start':
          await session!.post('Profiler.enable');
          await session!.post('Profiler.setSamplingInterval', { interval: 200 });
          await session!.post('Profiler.start');
          reply({});
          break;
        case 'profile-stop': {
          const { profile } = await session!.post('Profiler.stop');
          await mkdir(path.dirname(raw.file), { recursive: true });
          await writeFile(raw.file, JSON.stringify(profile));
          reply({ file: raw.file });
          break;
        }
        case 'trace-start':
          traces.length = 0;
          traceOrigin = performance.now();
          tracing = true;
          reply({});
          break;
        case 'trace-stop':
          tracing = false;
          reply({ traces });
          break;
      }
    })().catch((err: unknown) => process.send?.({ id: raw.id, error: String(err) }));
  });
  process.on('disconnect', () => process.exit(0));
  process.send?.({ type: 'ready', url });
}

/** The viewer a bearer token names (claims only: the stock gateways do not check tokens here). */
function viewerOfToken(authorization: string): Viewer | undefined {
  const payload = authorization.replace(/^Bearer\s+/i, '').split('.')[1];
  if (!payload) return undefined;
  try {
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as {
      sub?: string;
      account_id?: string;
      roles?: Viewer['roles'];
    };
    return claims.sub && claims.account_id && claims.roles
      ? { userId: claims.sub, accountId: claims.account_id, roles: claims.roles }
      : undefined;
  } catch {
    return undefined;
  }
}

await main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
