/**
 * The gateway's shared upstream subscription connections and the orders subgraph's fan-out, through
 * the gateway: many client subscriptions ride on a couple of connections to the orders subgraph,
 * each operation with its own signed viewer (no account sees another's events over the shared
 * connection), identical subscriptions of one viewer share one upstream operation, the subgraph
 * checks every operation's viewer, and the orders SQL per event does not grow with subscribers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { GATEWAY_CONNECTION_PARAM, signGatewayConnection, signViewerHeader, VIEWER_HEADER } from '@portal/platform/auth';
import { DEV_INTERNAL_SECRET } from '@portal/platform/config';
import { registry } from '@portal/platform/metrics';
import { waitFor } from '@portal/testkit';
import { gql } from '../support/graphql.js';
import { startTestStack, type TestStack } from '../support/stack.js';
import { collect, wsClient, type Collected } from '../support/subscriptions.js';

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack({
    ERP_FULFILMENT_INTERVAL_MS: '0',
    // The shared safety-net watch would add a statement now and then; events wake streams anyway.
    ORDERS_SUBSCRIPTION_POLL_MS: '60000',
  });
  // The demo orders' histories are rebuilt in the background after start; an order's history
  // arriving while a test watches it would put its acknowledgement between the test's own events.
  await stack.historiesRebuilt(['ACME', 'GLOBEX']);
});
afterAll(async () => {
  await stack?.stop();
});

async function metric(name: string, labels: Record<string, string> = {}): Promise<number> {
  const values = (await registry.getSingleMetric(name)?.get())?.values ?? [];
  return values
    .filter((v) => Object.entries(labels).every(([k, x]) => (v.labels as Record<string, unknown>)[k] === x))
    .reduce((s, v) => s + v.value, 0);
}
const upstreamOps = () => metric('portal_gateway_upstream_operations', { subgraph: 'orders' });
const ordersSql = () => metric('portal_sql_statements_total', { service: 'orders' });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function orderWithLine(account: string) {
  const res = await gql<{ orders: { nodes: { id: string; lines: { id: string }[] }[] } }>(
    stack.gatewayUrl,
    `{ orders(first: 50) { nodes { id lines { id } } } }`,
    { token: stack.token(account, 'buyer') },
  );
  const o = res.body.data?.orders.nodes.find((n) => n.lines.length);
  if (!o) throw new Error(`no ${account} order with lines`);
  return { account, id: o.id, lineId: o.lines[0]!.id };
}
type OrderRef = Awaited<ReturnType<typeof orderWithLine>>;

async function dispute(order: OrderRef, reason: string): Promise<string> {
  const r = await gql(
    stack.gatewayUrl,
    `mutation($o: ID!, $l: ID!, $r: String!) { disputeOrderPrice(orderId: $o, lineId: $l, reason: $r) { __typename ... on OrderExceptionRaised { exception { id } } } }`,
    { token: stack.token(order.account, 'buyer'), variables: { o: order.id, l: order.lineId, r: reason } },
  );
  const id = (r.body.data as { disputeOrderPrice?: { exception?: { id: string } } })?.disputeOrderPrice?.exception?.id;
  if (!id) throw new Error(`dispute failed: ${JSON.stringify(r.body)}`);
  return id;
}
async function withdraw(order: OrderRef, exceptionId: string) {
  const r = await gql(
    stack.gatewayUrl,
    `mutation($o: ID!, $e: ID!) { resolveOrderException(orderId: $o, exceptionId: $e, action: WITHDRAW) { __typename } }`,
    { token: stack.token(order.account, 'buyer'), variables: { o: order.id, e: exceptionId } },
  );
  expect((r.body.data as { resolveOrderException?: { __typename: string } })?.resolveOrderException?.__typename).toBe(
    'OrderExceptionResolved',
  );
}

/** `accountOrderUpdates`, made distinct per `tag` (an alias) so that no two share an upstream operation. */
const accountSub = (tag = '') =>
  `subscription { accountOrderUpdates { cursor event { id type } order { id status } ${tag ? `${tag}: cursor` : ''} } }`;

function subscribers(account: string, count: number, distinct: boolean) {
  const clients = Array.from({ length: count }, () =>
    wsClient(stack.gatewayUrl, { Authorization: `Bearer ${stack.token(account, 'buyer')}` }),
  );
  const subs: Collected[] = clients.map((c, i) => collect(c, accountSub(distinct ? `t${account}${i}` : '')));
  return {
    subs,
    async close() {
      subs.forEach((s) => s.stop());
      await Promise.all(clients.map((c) => c.dispose()));
    },
  };
}

describe('shared upstream subscriptions', () => {
  it('many client subscriptions ride on a couple of connections; no account sees another’s events', async () => {
    const acme = await orderWithLine('ACME');
    const globex = await orderWithLine('GLOBEX');
    const ops0 = await upstreamOps();
    const groups = { ACME: subscribers('ACME', 4, true), GLOBEX: subscribers('GLOBEX', 4, true), INITECH: subscribers('INITECH', 4, true) };
    try {
      await waitFor(async () => (await upstreamOps()) >= ops0 + 12 || null, { message: 'upstream operations' });
      await sleep(300);
      expect(await metric('portal_gateway_upstream_connections', { subgraph: 'orders' })).toBeLessThanOrEqual(2);
      expect(await metric('portal_subscription_connections', { service: 'orders', kind: 'gateway' })).toBeLessThanOrEqual(2);
      expect(await metric('portal_subscription_connections', { service: 'orders', kind: 'viewer' })).toBe(0);
      const a = await dispute(acme, 'tenancy over a shared connection');
      const g = await dispute(globex, 'tenancy over a shared connection');
      const mine = (s: Collected, order: OrderRef) => s.results.filter((r) => r.accountOrderUpdates.order.id === order.id);
      await waitFor(() => groups.ACME.subs.every((s) => mine(s, acme).length >= 1) || null);
      await waitFor(() => groups.GLOBEX.subs.every((s) => mine(s, globex).length >= 1) || null);
      await withdraw(acme, a);
      await withdraw(globex, g);
      await waitFor(() => groups.ACME.subs.every((s) => mine(s, acme).length >= 2) || null);
      await waitFor(() => groups.GLOBEX.subs.every((s) => mine(s, globex).length >= 2) || null);
      await sleep(500);
      // Other events of an account's own orders may arrive too (the ERP's history); never another account's.
      const own = async (account: string) =>
        new Set(
          (
            await gql<{ orders: { nodes: { id: string }[] } }>(stack.gatewayUrl, `{ orders(first: 100) { nodes { id } } }`, {
              token: stack.token(account, 'buyer'),
            })
          ).body.data!.orders.nodes.map((o) => o.id),
        );
      for (const [account, group] of Object.entries(groups)) {
        const ids = await own(account);
        for (const s of group.subs) {
          expect(s.errors).toEqual([]);
          for (const r of s.results)
            expect(ids.has(r.accountOrderUpdates.order.id), `${account} got ${r.accountOrderUpdates.order.id}`).toBe(true);
        }
      }
      for (const s of groups.ACME.subs)
        expect(mine(s, acme).map((r) => r.accountOrderUpdates.event.type)).toEqual(['exception.raised', 'exception.resolved']);
      for (const s of groups.GLOBEX.subs)
        expect(mine(s, globex).map((r) => r.accountOrderUpdates.event.type)).toEqual(['exception.raised', 'exception.resolved']);
    } finally {
      await Promise.all(Object.values(groups).map((g) => g.close()));
    }
    await waitFor(async () => (await upstreamOps()) === ops0 || null, { message: 'upstream operations ended with their clients' });
  });

  it('identical subscriptions of one viewer share one upstream operation; it ends with the last of them', async () => {
    const acme = await orderWithLine('ACME');
    const ops0 = await upstreamOps();
    const shared0 = await metric('portal_gateway_upstream_shared_total', { subgraph: 'orders' });
    const group = subscribers('ACME', 5, false);
    let closed = false;
    try {
      await waitFor(async () => (await metric('portal_gateway_upstream_shared_total', { subgraph: 'orders' })) >= shared0 + 4 || null);
      expect(await upstreamOps()).toBe(ops0 + 1);
      const x = await dispute(acme, 'shared operation');
      const ofOrder = (c: Collected) => c.results.filter((r) => r.accountOrderUpdates.order.id === acme.id);
      await waitFor(() => group.subs.every((c) => ofOrder(c).length >= 1) || null);
      expect(new Set(group.subs.map((c) => ofOrder(c)[0].accountOrderUpdates.event.id)).size).toBe(1);
      // Four leave; the fifth still gets the next event.
      group.subs.slice(0, 4).forEach((c) => c.stop());
      await sleep(200);
      expect(await upstreamOps()).toBe(ops0 + 1);
      await withdraw(acme, x);
      await waitFor(() => ofOrder(group.subs[4]!).length >= 2 || null);
      expect(ofOrder(group.subs[4]!)[1].accountOrderUpdates.event.type).toBe('exception.resolved');
      await group.close();
      closed = true;
      await waitFor(async () => (await upstreamOps()) === ops0 || null);
    } finally {
      if (!closed) await group.close();
    }
  });

  it('the orders subgraph checks each operation’s viewer on the gateway’s connection', async () => {
    const acme = await orderWithLine('ACME');
    const url = `${stack.services.orders.url}/graphql`.replace(/^http/, 'ws');
    const gatewayConnection = createClient({
      url,
      webSocketImpl: WebSocket,
      lazy: true,
      retryAttempts: 0,
      connectionParams: { [GATEWAY_CONNECTION_PARAM]: signGatewayConnection(DEV_INTERNAL_SECRET) },
    });
    const run = (extensions: Record<string, unknown> | undefined, orderId = acme.id) => {
      const out: { results: unknown[]; errors: unknown[] } = { results: [], errors: [] };
      const stop = gatewayConnection.subscribe(
        {
          query: `subscription($id: ID!) { orderUpdated(orderId: $id) { cursor } }`,
          variables: { id: orderId },
          ...(extensions ? { extensions } : {}),
        },
        {
          next: (r) => (r.errors ? out.errors.push(r.errors) : out.results.push(r.data)),
          error: (e) => out.errors.push(e),
          complete: () => {},
        },
      );
      return { out, stop };
    };
    const acmeViewer = { userId: 'acme-buyer', accountId: 'ACME', roles: ['buyer' as const] };
    const globexViewer = { userId: 'globex-buyer', accountId: 'GLOBEX', roles: ['buyer' as const] };
    try {
      const none = run(undefined);
      const forged = run({ [VIEWER_HEADER]: signViewerHeader(acmeViewer, 'not-the-internal-secret-0123456789') });
      const other = run({ [VIEWER_HEADER]: signViewerHeader(globexViewer, DEV_INTERNAL_SECRET) });
      const good = run({ [VIEWER_HEADER]: signViewerHeader(acmeViewer, DEV_INTERNAL_SECRET) });
      await waitFor(() => (none.out.errors.length && forged.out.errors.length && other.out.errors.length) || null);
      expect(JSON.stringify(none.out.errors)).toMatch(/UNAUTHENTICATED/);
      expect(JSON.stringify(forged.out.errors)).toMatch(/UNAUTHENTICATED/);
      expect(JSON.stringify(other.out.errors)).toMatch(/NOT_FOUND/);
      // The connection is still good for a correctly signed operation.
      await sleep(300);
      const x = await dispute(acme, 'per-operation viewer');
      await waitFor(() => good.out.results.length > 0 || null);
      expect(good.out.errors).toEqual([]);
      good.stop();
      await withdraw(acme, x);
    } finally {
      await gatewayConnection.dispose();
    }
    // Neither a gateway signature nor a viewer: the connection is refused.
    const anonymous = createClient({ url, webSocketImpl: WebSocket, lazy: true, retryAttempts: 0, connectionParams: {} });
    const closedWith = await new Promise<number | undefined>((resolve) => {
      anonymous.subscribe(
        { query: `subscription { accountOrderUpdates { cursor } }` },
        { next: () => resolve(undefined), error: (e) => resolve((e as { code?: number }).code), complete: () => resolve(undefined) },
      );
    });
    expect(closedWith).toBe(4403);
    await anonymous.dispose();
  });

  it('orders SQL per event does not grow with the number of subscribers', { timeout: 240_000 }, async () => {
    const acme = await orderWithLine('ACME');
    const perEvent: Record<number, number> = {};
    let open: string | undefined;
    const ops0 = await upstreamOps();
    for (const count of [1, 25]) {
      const group = subscribers('ACME', count, true);
      try {
        await waitFor(async () => (await upstreamOps()) >= ops0 + count || null, {
          timeoutMs: 60_000,
          message: () => `${count} upstream operations (errors: ${JSON.stringify(group.subs.flatMap((s) => s.errors)).slice(0, 300)})`,
        });
        await sleep(500);
        // Warm-up event: every stream is live.
        const w = await dispute(acme, 'warm-up');
        await Promise.all(group.subs.map((s) => s.waitFor(1, 30_000)));
        await withdraw(acme, w);
        await Promise.all(group.subs.map((s) => s.waitFor(2, 30_000)));
        // The least SQL over four events: background work (feeds, the ERP's history) only adds.
        const deltas: number[] = [];
        for (let k = 0; k < 4; k++) {
          await sleep(1200);
          const sql0 = await ordersSql();
          const before = group.subs.map((c) => c.results.length);
          if (k % 2 === 0) open = await dispute(acme, 'measured');
          else await withdraw(acme, open!);
          await waitFor(() => group.subs.every((c, i) => c.results.length > before[i]!) || null, { timeoutMs: 30_000 });
          await sleep(1200); // the outbox publisher and the bus echo settle
          deltas.push((await ordersSql()) - sql0);
        }
        perEvent[count] = Math.min(...deltas);
        for (const s of group.subs) expect(s.errors).toEqual([]);
      } finally {
        await group.close();
      }
      await waitFor(async () => (await upstreamOps()) === ops0 || null, { message: 'upstream operations ended with their clients' });
    }
    console.log(
      `orders SQL for one event (the mutation, publishing, delivery; least of four): 1 subscriber ${perEvent[1]}, 25 subscribers ${perEvent[25]}`,
    );
    // Before the fan-out, each subscriber re-read the timeline and its order: ~3 statements each.
    expect(Math.abs(perEvent[25]! - perEvent[1]!)).toBeLessThanOrEqual(4);
  });
});
