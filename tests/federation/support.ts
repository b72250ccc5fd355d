/**
 * The federation suite's machinery: small subgraphs of its own (SDL + resolvers, built with
 * `@apollo/subgraph`, each served on its own port by node:http), composed with The Guild's
 * `@theguild/federation-composition`, and three gateways over the composed supergraph — ours
 * with Hive's planner (`GATEWAY_PLANNER=hive`, the default), ours with `@apollo/query-planner`
 * (`GATEWAY_PLANNER=apollo`) and stock `@apollo/gateway` (`GATEWAY_EXECUTOR=apollo`) — so each
 * case's answer is checked against what it should be under both planners and against Apollo's.
 * Every subgraph call is counted, so a case can say how a query must be fetched.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { composeServices } from '@theguild/federation-composition';
import { execute, parse, type GraphQLSchema } from 'graphql';
import { signDevToken } from '@portal/platform/auth';
import { DEV_JWT_SECRET } from '@portal/platform/config';
import { startGateway, type RunningGateway } from '@portal/gateway';
import { loadGatewayConfig } from '@portal/gateway/config';

export interface SubgraphDef {
  name: string;
  sdl: string;
  resolvers: Record<string, Record<string, unknown>>;
}

export interface FederatedCase {
  name: string;
  subgraphs: SubgraphDef[];
  queries: {
    name: string;
    query: string;
    variables?: Record<string, unknown>;
    expected: unknown;
    /** Subgraph calls this query makes through our gateway (only those named). */
    calls?: Record<string, number>;
    /** Errors expected in our answer (message and path). */
    errors?: { message: string; path: (string | number)[] }[];
    /**
     * `@apollo/query-planner` cannot plan this query right (it refuses it or the answer is wrong):
     * under `GATEWAY_PLANNER=apollo`, and in stock `@apollo/gateway`, which plans the same way,
     * the test asserts that it fails, so a planner that learns it shows up. Says how it fails.
     */
    apolloPlannerFails?: string;
  }[];
}

export interface RunningCase {
  /** Our executor with Hive's planner (`GATEWAY_PLANNER=hive`). */
  ours: string;
  /** Our executor with `@apollo/query-planner` (`GATEWAY_PLANNER=apollo`). */
  oursApolloPlanner: string;
  /** Stock `@apollo/gateway` (`GATEWAY_EXECUTOR=apollo`). */
  apollo: string;
  token: string;
  /** Subgraph calls since the last `resetCalls()`, by subgraph name. */
  calls(): Record<string, number>;
  resetCalls(): void;
  close(): Promise<void>;
}

const FED_LINK = `extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key", "@requires", "@provides", "@external", "@shareable", "@override", "@interfaceObject"])`;

async function serve(schema: GraphQLSchema, onCall: () => void): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      onCall();
      const { query, variables, operationName } = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
        query: string;
        variables?: Record<string, unknown>;
        operationName?: string;
      };
      void Promise.resolve(
        execute({ schema, document: parse(query), variableValues: variables ?? {}, operationName: operationName ?? null }),
      ).then((result) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(result));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Serve a case's subgraphs, compose them and start both gateways over the supergraph. */
export async function startCase(c: FederatedCase): Promise<RunningCase> {
  const counts: Record<string, number> = {};
  const servers = await Promise.all(
    c.subgraphs.map(async (s) => {
      const typeDefs = parse(`${FED_LINK}\n${s.sdl}`);
      const schema = buildSubgraphSchema([{ typeDefs, resolvers: s.resolvers as never }]);
      return { def: s, typeDefs, ...(await serve(schema, () => (counts[s.name] = (counts[s.name] ?? 0) + 1))) };
    }),
  );
  const composed = composeServices(servers.map((s) => ({ name: s.def.name, typeDefs: s.typeDefs, url: s.url })));
  if (composed.errors?.length || !composed.supergraphSdl)
    throw new Error(`${c.name} does not compose: ${composed.errors?.map((e) => e.message).join('; ')}`);
  const gateways: RunningGateway[] = [];
  for (const [executor, planner] of [
    ['portal', 'hive'],
    ['portal', 'apollo'],
    ['apollo', 'apollo'],
  ] as const)
    gateways.push(
      await startGateway({
        config: loadGatewayConfig({
          LOG_LEVEL: 'fatal',
          PORT: '0',
          GATEWAY_EXECUTOR: executor,
          GATEWAY_PLANNER: planner,
          MAX_DEPTH: '30',
        }),
        supergraphSdl: composed.supergraphSdl,
        port: 0,
      }),
    );
  return {
    ours: `${gateways[0]!.url}/graphql`,
    oursApolloPlanner: `${gateways[1]!.url}/graphql`,
    apollo: `${gateways[2]!.url}/graphql`,
    token: await signDevToken(
      { userId: 'federation-suite', accountId: 'ACME', roles: ['buyer'] },
      process.env.JWT_DEV_SECRET ?? DEV_JWT_SECRET,
    ),
    calls: () => ({ ...counts }),
    resetCalls: () => {
      for (const k of Object.keys(counts)) delete counts[k];
    },
    async close() {
      for (const g of gateways) await g.close();
      await Promise.all(servers.map((s) => s.close()));
    },
  };
}
