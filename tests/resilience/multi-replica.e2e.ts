/**
 * The multi-replica deployment (`deploy/multi-replica.json`, started as the file says: every
 * service its own process) on real Postgres and NATS JetStream: two gateways behind a round-robin
 * proxy, two orders replicas behind another. A subscriber on gateway A sees events appended
 * through either orders replica; gateway A is killed mid-stream and the client resumes through the
 * proxy on gateway B from its last cursor (nothing lost, nothing twice); orders replica B is
 * killed and replica A keeps serving, the stream included.
 *
 * Needs DATABASE_URL (a Postgres server) and EVENT_BUS_URL (nats://…): CI sets both; without them
 * the suite is skipped, saying why.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { randomBytes } from 'node:crypto';
import { signViewerHeader, VIEWER_HEADER } from '@portal/platform/auth';
import { DEV_INTERNAL_SECRET, DEV_JWT_SECRET } from '@portal/platform/config';
import { demoTokens } from '@portal/launcher';
import { createTestDatabase, deleteNatsStream, waitFor, type TestDatabase } from '@portal/testkit';
import { REPO_ROOT, startDeployment, type Deployment } from '../../deploy/deployment.js';
import { gql } from '../support/graphql.js';

const busUrl = process.env.EVENT_BUS_URL;
const enabled = !!process.env.DATABASE_URL && !!busUrl?.startsWith('nats://');
const reason = 'needs DATABASE_URL (Postgres server) and EVENT_BUS_URL=nats://… (NATS JetStream); CI sets both';
if (!enabled) console.log(`multi-replica suite skipped: ${reason}`);

describe.skipIf(enabled)('multi-replica deployment', () => {
  it.skip(`skipped: ${reason}`, () => {});
});

describe.runIf(enabled)('multi-replica deployment (deploy/multi-replica.json)', () => {
  let db: TestDatabase;
  let deployment: Deployment;
  const namespace = `mr${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const logs: string[] = [];
  let token: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    deployment = await startDeployment(path.join(REPO_ROOT, 'deploy/multi-replica.json'), {
      vars: { DATABASE_URL: db.url, EVENT_BUS_URL: busUrl!, EVENT_BUS_NAMESPACE: namespace },
      log: (name, line) => void logs.push(`[${name}] ${line}`),
    });
    token = (await demoTokens(DEV_JWT_SECRET, '1h')).find((t) => t.accountId === 'ACME' && t.role === 'buyer')!.token;
  }, 600_000);
  afterAll(async () => {
    await deployment?.stop();
    await db?.close();
    if (busUrl) await deleteNatsStream(busUrl, namespace.toUpperCase()).catch(() => undefined);
  }, 120_000);

  const url = (expr: string) => deployment.expand(expr);
  const acmeBuyer = { userId: 'acme-buyer', accountId: 'ACME', roles: ['buyer' as const] };

  /** A mutation sent straight to one orders replica (as the gateway would, with the signed viewer). */
  async function onReplica(replica: 'A' | 'B', query: string, variables: Record<string, unknown>) {
    const res = await fetch(url(`http://127.0.0.1:\${ORDERS_${replica}_PORT}/graphql`), {
      method: 'POST',
      headers: { 'content-type': 'application/json', [VIEWER_HEADER]: signViewerHeader(acmeBuyer, DEV_INTERNAL_SECRET) },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await res.json()) as { data?: Record<string, any>; errors?: unknown };
    if (!body.data) throw new Error(`orders ${replica}: ${JSON.stringify(body.errors)}`);
    return body.data;
  }

  it('a subscriber sees events from both orders replicas, survives its gateway’s death and orders B’s', async () => {
    const gatewayLb = url('http://127.0.0.1:${GATEWAY_PORT}/graphql');
    const orders = await gql<{ orders: { nodes: { id: string; lines: { id: string }[] }[] } }>(
      gatewayLb,
      `{ orders(first: 50) { nodes { id lines { id } } } }`,
      { token },
    );
    const order = orders.body.data?.orders.nodes.find((o) => o.lines.length);
    expect(order, JSON.stringify(orders.body)).toBeTruthy();
    let open: string | undefined;
    /** One timeline event appended through `replica`: a price dispute, or withdrawing the open one. */
    const appendVia = async (replica: 'A' | 'B') => {
      if (open) {
        const d = await onReplica(
          replica,
          `mutation($o: ID!, $e: ID!) { resolveOrderException(orderId: $o, exceptionId: $e, action: WITHDRAW) { __typename } }`,
          { o: order!.id, e: open },
        );
        expect(d.resolveOrderException.__typename).toBe('OrderExceptionResolved');
        open = undefined;
        return 'exception.resolved';
      }
      const d = await onReplica(
        replica,
        `mutation($o: ID!, $l: ID!) { disputeOrderPrice(orderId: $o, lineId: $l, reason: "multi-replica") { __typename ... on OrderExceptionRaised { exception { id } } } }`,
        { o: order!.id, l: order!.lines[0]!.id },
      );
      open = d.disputeOrderPrice.exception.id;
      return 'exception.raised';
    };

    type Update = { cursor: string; event: { id: string; type: string } };
    const received: Update[] = [];
    const failures: unknown[] = [];
    const SUB = `subscription($id: ID!, $after: String) { orderUpdated(orderId: $id, after: $after) { cursor event { id type } } }`;
    const subscribe = (wsUrl: string, after: string | null): Client => {
      const client = createClient({
        url: wsUrl.replace(/^http/, 'ws'),
        webSocketImpl: WebSocket,
        retryAttempts: 0,
        lazy: true,
        connectionParams: { Authorization: `Bearer ${token}` },
      });
      client.subscribe<{ orderUpdated: Update }>(
        { query: SUB, variables: { id: order!.id, after } },
        {
          next: (r) => (r.errors ? failures.push(r.errors) : received.push(r.data!.orderUpdated)),
          error: (e) => failures.push(e),
          complete: () => {},
        },
      );
      return client;
    };
    const expected: string[] = [];
    const waitCount = (n: number) =>
      waitFor(() => received.length >= n || null, {
        timeoutMs: 30_000,
        message: () =>
          `${n} events (have ${received.length}: ${JSON.stringify(received.map((r) => r.event.type))}; failures ${JSON.stringify(failures).slice(0, 300)})`,
      });

    // 1. On gateway A: events appended through orders B and through orders A.
    const first = subscribe(url('http://127.0.0.1:${GATEWAY_A_PORT}/graphql'), null);
    await new Promise((r) => setTimeout(r, 1500)); // the subscription is live upstream (it has no cursor)
    expected.push(await appendVia('B'));
    expected.push(await appendVia('A'));
    await waitCount(2);

    // 2. Gateway A dies mid-stream; events keep coming; the client comes back through the proxy
    //    (gateway B now) with its last cursor.
    await deployment.kill('gateway-a');
    await waitFor(() => failures.length > 0 || null, { timeoutMs: 15_000, message: 'the client noticed its gateway died' });
    failures.length = 0;
    await first.dispose();
    expected.push(await appendVia('B'));
    expected.push(await appendVia('A'));
    const second = subscribe(gatewayLb, received[received.length - 1]!.cursor);
    expected.push(await appendVia('B'));
    await waitCount(5);

    // 3. Orders replica B dies: replica A keeps serving queries and the stream.
    await deployment.kill('orders-b');
    expected.push(await appendVia('A'));
    await waitCount(6);
    for (let k = 0; k < 4; k++) {
      const r = await gql<{ order: { id: string } }>(gatewayLb, `query($id: ID!) { order(id: $id) { id } }`, {
        token,
        variables: { id: order!.id },
      });
      expect(r.status).toBe(200);
      expect(r.body.errors).toBeUndefined();
      expect(r.body.data?.order.id).toBe(order!.id);
    }
    await new Promise((r) => setTimeout(r, 1000));
    await second.dispose();

    expect(failures).toEqual([]);
    expect(received.map((r) => r.event.type)).toEqual(expected);
    expect(new Set(received.map((r) => r.event.id)).size).toBe(received.length);
    const seqs = received.map((r) => Buffer.from(r.cursor, 'base64url').toString());
    expect([...seqs].sort((a, b) => Number(a.slice(3)) - Number(b.slice(3)))).toEqual(seqs);
  }, 300_000);
});
