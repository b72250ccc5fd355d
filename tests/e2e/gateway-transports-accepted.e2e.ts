/**
 * One pipeline, every transport, for what the gateway's rules let through: a query, the named
 * operation of several, a trusted document (by hash and as text) on a persisted-only gateway,
 * __typename with introspection off, a mutation once per transport that may carry it. Then clean
 * ends: clients that abort SSE subscriptions (GET and POST) or close their socket leave no active
 * subscription and no upstream subscription behind. The refusals are in
 * gateway-transports-refused.e2e.ts.
 */
import { print } from 'graphql';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '@portal/testkit';
import { PortalOverviewDocument } from '../../schema/generated/graphql.js';
import { gql } from '../support/graphql.js';
import type { TestStack } from '../support/stack.js';
import { proxyTo } from '../support/ws-proxy.js';
import {
  activeSubscriptions,
  ALL,
  cartCount,
  extraGateway,
  gateways,
  ME,
  POSTS,
  search,
  send,
  sha,
  startTransportStack,
  stopTransportStack,
  TWO_OPS,
  upstreamOperations,
  type Request,
  type Transport,
} from '../support/transports.js';

let stack: TestStack;
let token: string;

beforeAll(async () => {
  ({ stack, token } = await startTransportStack());
});
afterAll(async () => {
  await stopTransportStack();
});

describe('what the rules let through, on every transport', () => {
  const overview = print(PortalOverviewDocument);
  const accepted: [string, keyof typeof gateways, Request, Transport[]][] = [
    ['a query', 'default', { query: ME }, ALL],
    ['the named operation of several', 'default', { query: TWO_OPS, operationName: 'B' }, ALL],
    [
      'a trusted document by hash, on a persisted-only gateway',
      'persistedOnly',
      { query: '', extensions: { persistedQuery: { version: 1, sha256Hash: sha(overview) } }, variables: { first: 1 } },
      ALL,
    ],
    ['a trusted document as its text, on a persisted-only gateway', 'persistedOnly', { query: overview, variables: { first: 1 } }, ALL],
    ['__typename with introspection off', 'noIntrospection', { query: '{ __typename me { account { id } } }' }, ALL],
  ];
  it.each(accepted.map((a) => [a[0], a] as const))('%s', async (_name, [, gateway, request, transports]) => {
    for (const transport of transports) {
      const a = await send(gateways[gateway], transport, request);
      expect(a.codes, `${transport}: ${a.messages.join('; ')}`).toEqual([]);
      if (transport !== 'graphql-ws') expect(a.status, transport).toBe(200);
      expect((a.data as { me: { account: { id: string } } }).me.account.id, transport).toBe('ACME');
    }
  });

  it('a mutation runs over POST and graphql-ws, once each', async () => {
    const before = await cartCount();
    const request = { query: 'mutation { createCart(input: { name: "transports" }) { __typename } }' };
    for (const transport of [...POSTS, 'graphql-ws'] as Transport[]) {
      const a = await send(gateways.default, transport, request);
      expect(a.codes, transport).toEqual([]);
      expect(a.data, transport).toEqual({ createCart: { __typename: 'Cart' } });
    }
    expect(await cartCount()).toBe(before + 3);
  });

  it('suggestions stay on when introspection is on', async () => {
    const a = await send(gateways.default, 'http POST', { query: '{ me { role } }' });
    expect(a.messages.join(' ')).toMatch(/Did you mean "roles"\?/);
  });
});

// ---------------------------------------------------------------- clean ends

describe('clean ends: a client that goes away leaves nothing behind', () => {
  it('aborted SSE subscriptions (GET and POST) and closed sockets end their upstream operation within 5 s, the shared connection when idle', async () => {
    const proxy = await proxyTo(stack.services.orders.url);
    try {
      const gw = await extraGateway({}, { orders: `${proxy.url}/graphql` });
      const orderId = (await gql(`${gateways.default}/graphql`, '{ orders(first: 1) { nodes { id } } }', { token })).body.data.orders
        .nodes[0].id as string;
      const query = 'subscription($id: ID!) { orderUpdated(orderId: $id) { cursor event { type } } }';
      const variables = { id: orderId };
      const gauge0 = await activeSubscriptions();
      const ops0 = await upstreamOperations();
      const upstream0 = proxy.open();

      const aborts: AbortController[] = [];
      const opened: Promise<Response>[] = [];
      const perKind = 3;
      for (let i = 0; i < perKind; i++) {
        for (const method of ['GET', 'POST'] as const) {
          const controller = new AbortController();
          aborts.push(controller);
          opened.push(
            fetch(method === 'GET' ? `${gw.url}/graphql/stream?${search({ query, variables })}` : `${gw.url}/graphql/stream`, {
              method,
              headers: {
                accept: 'text/event-stream',
                authorization: `Bearer ${token}`,
                ...(method === 'GET' ? { 'apollo-require-preflight': 'true' } : { 'content-type': 'application/json' }),
              },
              ...(method === 'POST' ? { body: JSON.stringify({ query, variables }) } : {}),
              signal: AbortSignal.any([controller.signal, AbortSignal.timeout(15_000)]),
            }),
          );
        }
      }
      const responses = await Promise.all(opened);
      for (const res of responses) expect(res.status).toBe(200);
      const sockets = Array.from({ length: perKind }, () =>
        createClient({
          url: `${gw.url.replace(/^http/, 'ws')}/graphql`,
          webSocketImpl: WebSocket,
          connectionParams: { Authorization: `Bearer ${token}` },
          retryAttempts: 0,
          lazy: true,
        }),
      );
      for (const client of sockets) client.subscribe({ query, variables }, { next: () => {}, error: () => {}, complete: () => {} });

      // Nine identical subscriptions of one viewer over three transports: one upstream operation on
      // one shared connection.
      const total = perKind * 3;
      await waitFor(
        async () =>
          ((await activeSubscriptions()) === gauge0 + total &&
            (await upstreamOperations()) === ops0 + 1 &&
            proxy.open() === upstream0 + 1) ||
          null,
        { timeoutMs: 15_000, intervalMs: 100 },
      );

      // Every client goes away without a word: SSE requests aborted, sockets closed.
      for (const c of aborts) c.abort();
      for (const client of sockets) await client.dispose();
      const gone = Date.now();
      await waitFor(async () => ((await activeSubscriptions()) === gauge0 && (await upstreamOperations()) === ops0) || null, {
        timeoutMs: 5_000,
        intervalMs: 100,
      }).catch(async () => {
        throw new Error(
          `5 s after the clients left: ${(await activeSubscriptions()) - gauge0} subscriptions still active, ${(await upstreamOperations()) - ops0} upstream operations running`,
        );
      });
      const opsGone = Date.now() - gone;
      // The shared connection closes once it has carried no operation for its idle time (5 s).
      await waitFor(() => proxy.open() === upstream0 || null, { timeoutMs: 12_000, intervalMs: 100 }).catch(() => {
        throw new Error(`12 s after the clients left: ${proxy.open() - upstream0} upstream connections open`);
      });
      console.log(
        `clean ends: ${total} subscriptions (SSE GET, SSE POST, graphql-ws) gone ${opsGone} ms after their clients; idle upstream connection closed after ${Date.now() - gone} ms`,
      );
    } finally {
      await proxy.close();
    }
  });

  it('an SSE request that fails operation selection is an ordinary 400, and the gateway keeps streaming', async () => {
    const res = await fetch(`${gateways.default}/graphql/stream`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({
        query: 'subscription A { accountOrderUpdates { cursor } } subscription B { accountOrderUpdates { cursor } }',
      }),
    });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toContain('application/json');
    expect(((await res.json()) as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code).toBe(
      'OPERATION_RESOLUTION_FAILURE',
    );
    const ok = await send(gateways.default, 'sse POST', { query: ME });
    expect(ok.data).toEqual({ me: { account: { id: 'ACME' } } });
  });
});
