/**
 * The gateway's own plan executor: the same answers as @apollo/gateway's executor
 * on queries that cross every subgraph at several levels, identical in-flight queries of one
 * viewer sharing a subgraph call (never across viewers), and each distinct entity sent once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, type RunningGateway } from '@portal/gateway';
import { loadGatewayConfig } from '@portal/gateway/config';
import { gql } from '../support/graphql.js';
import { startTestStack, type TestStack } from '../support/stack.js';

let stack: TestStack;
let apollo: RunningGateway;
beforeAll(async () => {
  stack = await startTestStack({ ERP_FULFILMENT_INTERVAL_MS: '0' });
  apollo = await startGateway({
    config: loadGatewayConfig({ LOG_LEVEL: 'warn', GATEWAY_EXECUTOR: 'apollo', MAX_COST: '1000000' }),
    supergraphPath: new URL('../../schema/supergraph.graphql', import.meta.url).pathname,
    port: 0,
    subgraphUrls: Object.fromEntries((stack.services.gateway as RunningGateway).subgraphs.map((s) => [s.name, s.url])),
  });
});
afterAll(async () => {
  await apollo?.close();
  await stack?.stop();
});

const DEEP = `{ orders(first: 15) { totalCount nodes { id number status
  lines { sku quantity item { sku name leadTimeDays price(quantity: 10) { unitPrice { amount currency } netAmount { amount } basis { source contractId } components { type amount { amount } } }
    availability(quantity: 1) { status } } }
  shipments { carrier trackingNumber }
  invoices { number status total { amount currency } balance { amount } order { id number } } } } }`;
const MIXED = `query($sku: ID!) { me { user { id } account { id name currency openBalance { amount } } }
  item(sku: $sku) { sku name priceTiers { minQuantity unitPrice { amount } } price(quantity: 100) { unitPrice { amount } basis { source } } }
  a: item(sku: "NUT-0002") { name } items(first: 3) { nodes { sku __typename } } }`;

async function metric(name: string): Promise<number> {
  const text = await (await fetch(`${stack.gatewayUrl.replace(/\/graphql$/, '')}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(`${name} `));
  return line ? Number(line.split(' ')[1]) : 0;
}

describe('the gateway plan executor', () => {
  it('answers exactly as @apollo/gateway does, across four subgraphs and two entity levels', async () => {
    for (const [account, role] of [
      ['ACME', 'buyer'],
      ['GLOBEX', 'approver'],
      ['INITECH', 'analyst'],
    ] as const) {
      const token = stack.token(account, role);
      for (const [query, variables] of [
        [DEEP, {}],
        [MIXED, { sku: 'BOLT-0001' }],
      ] as const) {
        const ours = await gql(stack.gatewayUrl, query, { token, variables });
        const theirs = await gql(`${apollo.url}/graphql`, query, { token, variables });
        expect(ours.body.errors).toBeUndefined();
        expect(ours.body).toEqual(theirs.body);
      }
    }
  });

  it('shares one subgraph call among identical in-flight queries of one viewer, never across viewers', async () => {
    const before = await metric('portal_gateway_subgraph_calls_deduplicated_total');
    const acme = stack.token('ACME', 'buyer');
    const globex = stack.token('GLOBEX', 'buyer');
    const q = `{ me { account { id } } items(first: 10) { nodes { sku price(quantity: 1) { unitPrice { amount currency } } } } }`;
    const results = await Promise.all(Array.from({ length: 24 }, (_, i) => gql(stack.gatewayUrl, q, { token: i % 2 ? acme : globex })));
    const after = await metric('portal_gateway_subgraph_calls_deduplicated_total');
    results.forEach((r, i) => {
      expect(r.body.errors).toBeUndefined();
      expect(r.body.data.me.account.id).toBe(i % 2 ? 'ACME' : 'GLOBEX');
      expect(r.body.data.items.nodes[0].price.unitPrice.currency).toBe(i % 2 ? 'USD' : 'EUR');
    });
    // Same viewer, same answer; each response is its own copy.
    const acmeAnswers = results.filter((_, i) => i % 2).map((r) => JSON.stringify(r.body));
    expect(new Set(acmeAnswers).size).toBe(1);
    console.log(`24 concurrent queries (2 viewers): ${after - before} subgraph calls shared with an identical one in flight`);
    expect(after - before).toBeGreaterThan(0);
  });

  it('mutations are never shared: two identical createCart calls make two carts', async () => {
    const token = stack.token('ACME', 'buyer');
    const [a, b] = await Promise.all([1, 2].map(() => gql(stack.gatewayUrl, `mutation { createCart { ... on Cart { id } } }`, { token })));
    expect(a!.body.data.createCart.id).not.toBe(b!.body.data.createCart.id);
  });
});
