/**
 * Walking skeleton through the gateway: one query spanning all four subgraphs, authentication,
 * tenancy between accounts, and subgraphs refusing calls that bypass the gateway.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SignJWT } from 'jose';
import { print } from 'graphql';
import { PortalOverviewDocument, type PortalOverviewQuery } from '../../schema/generated/graphql.js';
import { DEV_INTERNAL_SECRET, DEV_JWT_SECRET } from '@portal/platform/config';
import { VIEWER_HEADER, signViewerHeader } from '@portal/platform/auth';
import { createReferenceErp } from '@portal/erp/port';
import { Decimal } from '@portal/platform/money';
import { DEV_ERP_API_KEY } from '@portal/reference-erp/config';
import { allPages } from '../support/erp.js';
import { startTestStack, type TestStack } from '../support/stack.js';
import { errorCodes, gql } from '../support/graphql.js';

let stack: TestStack;
const erp = () => createReferenceErp({ baseUrl: stack.services.erp.url, apiKey: DEV_ERP_API_KEY });

beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(async () => {
  await stack?.stop();
});

const SPANNING = /* GraphQL */ `
  {
    me {
      account {
        id
      }
    }
    items(first: 2) {
      nodes {
        sku
        name
        price(quantity: 1) {
          unitPrice {
            amount
            currency
          }
        }
      }
    }
    invoices(first: 1) {
      totalCount
    }
  }
`;

describe('one query across pricing, inventory, orders and invoices', () => {
  it('answers the README query with data from every subgraph', async () => {
    const r = await gql(stack.gatewayUrl, SPANNING, { token: stack.token('ACME', 'buyer') });
    expect(r.status).toBe(200);
    expect(r.body.errors).toBeUndefined();
    const d = r.body.data;
    expect(d.me.account.id).toBe('ACME'); // orders
    expect(d.items.nodes).toHaveLength(2); // inventory
    for (const item of d.items.nodes) {
      expect(item.sku).toMatch(/^[A-Z]+-[A-Z0-9-]+$/);
      expect(item.price.unitPrice.currency).toBe('USD'); // pricing, in the account's currency
      expect(item.price.unitPrice.amount).toMatch(/^\d+\.\d{2}$/); // Decimal as a JSON string
    }
    // invoices: as many as the ERP billed to ACME
    const erpInvoices = await allPages((cursor) => erp().invoices.exportInvoices({ cursor, limit: 500 }));
    expect(d.invoices.totalCount).toBe(erpInvoices.filter((i) => i.accountId === 'ACME').length);
    expect(d.invoices.totalCount).toBeGreaterThan(0);
  });

  it('serves the typed PortalOverview operation from schema/operations', async () => {
    const r = await gql<PortalOverviewQuery>(stack.gatewayUrl, print(PortalOverviewDocument), {
      token: stack.token('GLOBEX', 'approver'),
      variables: { first: 3 },
    });
    expect(r.body.errors).toBeUndefined();
    const d = r.body.data!;
    expect(d.me.user).toEqual({ id: 'globex-approver', name: 'Alex Globex', role: 'APPROVER' });
    expect(d.me.account!.currency).toBe('EUR');
    expect(d.me.account!.openBalance.currency).toBe('EUR'); // invoices, via @requires(fields: "currency") from orders
    expect(d.items.nodes.map((n) => n.price?.unitPrice.currency)).toEqual(['EUR', 'EUR', 'EUR']);
  });

  it('prices with the shared engine: contract basis and components, the account currency, customer discounts', async () => {
    const q = `{ item(sku: "BOLT-0001") { sku price(quantity: 3) { quantity unitPrice { amount currency } netAmount { amount } listPrice { amount } basis { source contractId tierMinQuantity } components { type label rate amount { amount currency } conditionId conditionVersion } } } }`;
    const acme = (await gql(stack.gatewayUrl, q, { token: stack.token('ACME', 'buyer') })).body.data.item.price;
    const globex = (await gql(stack.gatewayUrl, q, { token: stack.token('GLOBEX', 'buyer') })).body.data.item.price;
    expect(acme.unitPrice.currency).toBe('USD');
    expect(acme.basis).toEqual({ source: 'CONTRACT', contractId: 'K-ACME-2026', tierMinQuantity: 1 });
    expect(acme.components).toEqual([
      {
        type: 'BASE',
        label: 'Base price',
        rate: null,
        amount: { amount: acme.netAmount.amount, currency: 'USD' },
        conditionId: 'PR00-K-ACME-BOLT-0001',
        conditionVersion: 1,
      },
    ]);
    // net = unit × quantity, exactly (string decimals, no float drift); the contract is below list.
    expect(new Decimal(acme.unitPrice.amount).mul(3).toFixed(2)).toBe(acme.netAmount.amount);
    expect(new Decimal(acme.unitPrice.amount).lt(acme.listPrice.amount)).toBe(true);
    // GLOBEX: EUR list price, with its 3 % customer discount as a component.
    expect(globex.unitPrice.currency).toBe('EUR');
    expect(globex.basis.source).toBe('LIST');
    expect(globex.components.map((c: { type: string; rate: string | null }) => [c.type, c.rate])).toEqual([
      ['BASE', null],
      ['DISCOUNT', '3.00'],
    ]);
  });

  it('agrees with the ERP price simulation to the cent', async () => {
    const skus = ['BOLT-0001', 'BRG-0004', 'VLV-0005', 'HOS-0006'];
    const q = `query($s: ID!) { item(sku: $s) { price(quantity: 60) { netAmount { amount } } } }`;
    const portal = await Promise.all(
      skus.map(
        async (s) =>
          (await gql(stack.gatewayUrl, q, { token: stack.token('ACME', 'buyer'), variables: { s } })).body.data.item.price.netAmount.amount,
      ),
    );
    const sim = await erp().pricing.simulate(
      'ACME',
      skus.map((sku, i) => ({ lineId: String(i), sku, quantity: 60 })),
    );
    expect(portal).toEqual(sim.lines.map((l) => l.netAmount));
  });

  it('paginates items with opaque cursors and refuses a forged cursor', async () => {
    const token = stack.token('ACME', 'buyer');
    const page1 = await gql(stack.gatewayUrl, `{ items(first: 3) { totalCount pageInfo { hasNextPage endCursor } nodes { sku } } }`, {
      token,
    });
    const { endCursor, hasNextPage } = page1.body.data.items.pageInfo;
    expect(page1.body.data.items.totalCount).toBe(201); // 200 catalogue items + ATP-DEMO-1
    expect(hasNextPage).toBe(true);
    const page2 = await gql(stack.gatewayUrl, `query($after: String) { items(first: 3, after: $after) { nodes { sku } } }`, {
      token,
      variables: { after: endCursor },
    });
    const skus1 = page1.body.data.items.nodes.map((n: { sku: string }) => n.sku);
    const skus2 = page2.body.data.items.nodes.map((n: { sku: string }) => n.sku);
    expect(skus2).toHaveLength(3);
    expect(skus2[0] > skus1[2]).toBe(true);
    const bad = await gql(stack.gatewayUrl, `{ items(first: 3, after: "bm9wZQ") { nodes { sku } } }`, { token });
    expect(bad.status).toBe(200);
    expect(errorCodes(bad)).toContain('BAD_USER_INPUT');
  });
});

describe('authentication at the gateway', () => {
  it('refuses a request without a token with UNAUTHENTICATED', async () => {
    const r = await gql(stack.gatewayUrl, SPANNING);
    expect(r.status).toBe(401);
    expect(r.body.data).toBeUndefined();
    expect(errorCodes(r)).toEqual(['UNAUTHENTICATED']);
  });

  it('refuses a token signed with another secret, an expired token and a token without claims', async () => {
    const claims = { account_id: 'ACME', roles: ['buyer'] };
    const wrong = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('acme-buyer')
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode('x'.repeat(40)));
    const expired = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('acme-buyer')
      .setIssuedAt(1_700_000_000)
      .setExpirationTime(1_700_000_100)
      .sign(new TextEncoder().encode(DEV_JWT_SECRET));
    const noAccount = await new SignJWT({ roles: ['buyer'] })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('acme-buyer')
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode(DEV_JWT_SECRET));
    for (const token of [wrong, expired, noAccount, 'not-a-jwt']) {
      const r = await gql(stack.gatewayUrl, '{ me { account { id } } }', { token });
      expect(r.status).toBe(401);
      expect(errorCodes(r)).toEqual(['UNAUTHENTICATED']);
    }
  });

  it('propagates the W3C trace and the correlation id', async () => {
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const r = await gql(stack.gatewayUrl, '{ me { account { id } } }', {
      token: stack.token('ACME', 'buyer'),
      headers: { traceparent: `00-${traceId}-00f067aa0ba902b7-01`, 'x-correlation-id': 'checkout-42' },
    });
    expect(r.headers.get('traceresponse')).toMatch(new RegExp(`^00-${traceId}-[0-9a-f]{16}-01$`));
    expect(r.headers.get('x-correlation-id')).toBe('checkout-42');
  });
});

describe('tenancy: a buyer of one account never sees another account', () => {
  it("returns nothing for another account's cart, order or invoice", async () => {
    const globex = stack.token('GLOBEX', 'buyer');
    const acme = stack.token('ACME', 'buyer');
    const theirs = await gql(stack.gatewayUrl, `{ carts { id lines { sku } } invoices(first: 1) { nodes { number order { id } } } }`, {
      token: globex,
    });
    const cartId = theirs.body.data.carts[0].id;
    const orderId = theirs.body.data.invoices.nodes[0].order.id; // an invoiced order
    const invoiceNo = theirs.body.data.invoices.nodes[0].number;
    expect(cartId && orderId && invoiceNo).toBeTruthy();

    const q = `query($c: ID!, $o: ID!, $i: String!) { cart(id: $c) { id lines { sku } } order(id: $o) { id invoices { number } } invoice(number: $i) { number total { amount } } }`;
    const variables = { c: cartId, o: orderId, i: invoiceNo };
    const probe = await gql(stack.gatewayUrl, q, { token: acme, variables });
    expect(probe.body.errors).toBeUndefined();
    expect(probe.body.data).toEqual({ cart: null, order: null, invoice: null });

    // The owner sees them, so the nulls above are tenancy, not missing data.
    const own = await gql(stack.gatewayUrl, q, { token: globex, variables });
    expect(own.body.data.cart.id).toBe(cartId);
    expect(own.body.data.order.invoices.length).toBeGreaterThan(0);
    expect(own.body.data.invoice.number).toBe(invoiceNo);
  });

  it('lists only the viewer account in carts, orders and invoices', async () => {
    const r = await gql(
      stack.gatewayUrl,
      `{ me { account { id } } orders(first: 50) { totalCount nodes { id } } invoices(first: 50) { nodes { number order { id } } } }`,
      {
        token: stack.token('INITECH', 'buyer'),
      },
    );
    expect(r.body.data.me.account.id).toBe('INITECH');
    const erpOrders = await allPages((cursor) => erp().orders.exportSalesOrders({ cursor, limit: 500 }));
    expect(r.body.data.orders.totalCount).toBe(erpOrders.filter((o) => o.accountId === 'INITECH').length);
    for (const o of r.body.data.orders.nodes) expect(o.id).toMatch(/^ord-initech-/);
    for (const i of r.body.data.invoices.nodes) expect(i.order.id).toMatch(/^ord-initech-/);
  });
});

describe('subgraphs refuse calls that bypass the gateway', () => {
  const query = JSON.stringify({ query: '{ me { account { id } } }' });
  const post = (url: string, headers: Record<string, string>) =>
    fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: query });
  const viewer = { userId: 'acme-buyer', accountId: 'ACME', roles: ['buyer' as const] };

  it('without a signature, with a forged one, or with an edited viewer', async () => {
    const orders = stack.services.orders.url;
    const forged = signViewerHeader(viewer, 'attacker-secret-attacker-secret-0000');
    const genuine = signViewerHeader(viewer, DEV_INTERNAL_SECRET);
    const [body, sig] = genuine.split('.');
    const edited = `${Buffer.from(JSON.stringify({ ...viewer, accountId: 'GLOBEX', exp: 4_000_000_000 })).toString('base64url')}.${sig}`;
    const attempts: Record<string, string>[] = [{}, { [VIEWER_HEADER]: forged }, { [VIEWER_HEADER]: edited }, { [VIEWER_HEADER]: body! }];
    for (const headers of attempts) {
      const res = await post(orders, headers);
      expect(res.status).toBe(401);
      const json = (await res.json()) as { errors: { extensions: { code: string } }[] };
      expect(json.errors[0]!.extensions.code).toBe('UNAUTHENTICATED');
    }
    // The gateway's own signature is accepted: the refusals above are about the signature.
    const ok = await post(orders, { [VIEWER_HEADER]: genuine });
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as { data: { me: { account: { id: string } } } }).data.me.account.id).toBe('ACME');
  });

  it('every subgraph refuses an unsigned request', async () => {
    for (const name of ['pricing', 'inventory', 'orders', 'invoices'] as const) {
      const res = await fetch(`${stack.services[name].url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ _service { sdl } }' }),
      });
      expect(res.status, name).toBe(401);
    }
  });
});

describe('batched data access', () => {
  it('prices 2 or 40 items with the same number of SQL statements in pricing', async () => {
    const header = signViewerHeader({ userId: 'acme-buyer', accountId: 'ACME', roles: ['buyer'] }, DEV_INTERNAL_SECRET);
    const skus = (
      await gql(stack.gatewayUrl, `{ items(first: 40) { nodes { sku } } }`, { token: stack.token('ACME', 'buyer') })
    ).body.data.items.nodes.map((n: { sku: string }) => n.sku);
    const sqlFor = async (n: number) => {
      const res = await fetch(`${stack.services.pricing.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [VIEWER_HEADER]: header },
        body: JSON.stringify({
          query: `query($r: [_Any!]!) { _entities(representations: $r) { ... on Item { price(quantity: 2) { netAmount { amount } } } } }`,
          variables: { r: skus.slice(0, n).map((sku: string) => ({ __typename: 'Item', sku })) },
        }),
      });
      const json = (await res.json()) as { data: { _entities: { price: unknown }[] } };
      expect(json.data._entities.filter((e) => e.price)).toHaveLength(n);
      return Number(res.headers.get('x-sql-count'));
    };
    const two = await sqlFor(2);
    const forty = await sqlFor(40);
    expect(two).toBeGreaterThan(0);
    expect(forty).toBe(two);
  });
});

describe('health', () => {
  it('every service answers /health and the gateway is /ready', async () => {
    for (const s of Object.values(stack.services)) expect((await fetch(`${s.url}/health`)).status, s.name).toBe(200);
    const ready = await fetch(`${stack.services.gateway.url}/ready`);
    expect(ready.status).toBe(200);
    const metrics = await (await fetch(`${stack.services.gateway.url}/metrics`)).text();
    expect(metrics).toContain('portal_http_requests_total');
  });
});
