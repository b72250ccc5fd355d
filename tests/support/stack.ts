/**
 * The whole stack for one e2e test file: its own database (a fresh database on DATABASE_URL's
 * server, or an in-memory PGlite), every service on a random port, and the demo tokens.
 */
import { randomBytes } from 'node:crypto';
import { createTestDatabase, deleteNatsStream, type TestDatabase } from '@portal/testkit';
import { demoTokens, startStack, type DemoToken, type Stack } from '@portal/launcher';
import { DEV_JWT_SECRET } from '@portal/platform/config';
import { startGateway, type RunningGateway } from '@portal/gateway';
import { loadGatewayConfig } from '@portal/gateway/config';
import { waitFor } from '@portal/testkit';
import { gql } from './graphql.js';

export interface TestStack extends Stack {
  db: TestDatabase;
  /** The environment the services were configured with on top of the process's (to start one again). */
  env: Record<string, string>;
  tokens: DemoToken[];
  token(accountId: string, role: DemoToken['role']): string;
  /**
   * Resolves once every order of these accounts (default: every demo account) has its history: the
   * orders met in the ERP get theirs rebuilt in the background after start, with any hold or
   * substitution they show raised after it.
   */
  historiesRebuilt(accountIds?: string[]): Promise<void>;
  /**
   * Another gateway over the stack's subgraphs with its own settings (`env`, on top of the
   * process's); `urls` sends some subgraphs elsewhere by name (a proxy in front of one). `stop()`
   * closes it.
   */
  extraGateway(env: Record<string, string>, urls?: Record<string, string>): Promise<RunningGateway>;
  stop(): Promise<void>;
}

export async function startTestStack(env: Record<string, string> = {}): Promise<TestStack> {
  const db = await createTestDatabase();
  // On a shared NATS server each stack gets its own stream, removed when it stops.
  const busUrl = env.EVENT_BUS_URL ?? process.env.EVENT_BUS_URL;
  const namespace = busUrl?.startsWith('nats://') ? `t${Date.now().toString(36)}_${randomBytes(3).toString('hex')}` : undefined;
  const stackEnv: Record<string, string> = {
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    // The ERP here is local and answers at once unless a test slows it down: on a machine running
    // every suite at the same time, the product's short budgets (3 s submit, 1.5 s exception
    // decisions) would turn some answers into "pending" at random. Tests about those budgets set
    // the product's values themselves.
    ORDERS_SUBMIT_BUDGET_MS: '6000',
    ORDERS_ERP_ACTION_BUDGET_MS: '4000',
    ...(namespace ? { EVENT_BUS_NAMESPACE: namespace } : {}),
    ...env,
  };
  const stack = await startStack({ databaseUrl: db.url, env: stackEnv });
  const tokens = await demoTokens(env.JWT_DEV_SECRET ?? process.env.JWT_DEV_SECRET ?? DEV_JWT_SECRET, '1h');
  const extraGateways: RunningGateway[] = [];
  return {
    ...stack,
    db,
    env: stackEnv,
    tokens,
    token(accountId, role) {
      const t = tokens.find((x) => x.accountId === accountId && x.role === role);
      if (!t) throw new Error(`no demo persona ${accountId}/${role}`);
      return t.token;
    },
    async historiesRebuilt(accountIds) {
      const readers = tokens.filter((t) => t.role === 'approver' && (!accountIds || accountIds.includes(t.accountId)));
      for (const reader of readers) {
        await waitFor(
          async () => {
            const r = await gql(stack.gatewayUrl, '{ orders(first: 100) { nodes { timeline { id } } } }', { token: reader.token });
            const nodes = (r.body.data as { orders?: { nodes: { timeline: unknown[] }[] } } | undefined)?.orders?.nodes;
            return nodes?.every((o) => o.timeline.length > 0) ?? false;
          },
          { timeoutMs: 60_000, intervalMs: 250, message: `${reader.accountId}'s order histories rebuilt` },
        );
      }
    },
    async extraGateway(gatewayEnv, urls = {}) {
      const gw = await startGateway({
        config: loadGatewayConfig({ ...process.env, LOG_LEVEL: 'warn', ...gatewayEnv }),
        port: 0,
        subgraphUrls: {
          ...Object.fromEntries((stack.services.gateway as RunningGateway).subgraphs.map((s) => [s.name, s.url])),
          ...urls,
        },
      });
      extraGateways.push(gw);
      return gw;
    },
    async stop() {
      for (const gw of extraGateways) await gw.close().catch(() => {});
      await stack.close();
      await db.close();
      if (namespace && busUrl) await deleteNatsStream(busUrl, namespace.toUpperCase());
    },
  };
}
