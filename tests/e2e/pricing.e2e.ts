/**
 * Pricing through the gateway: breakdown and basis for contracts, price lists, tier
 * breaks, expired and future contracts, another currency; cart totals; quotes validated against
 * the ERP with zero tolerance; incremental sync from the ERP change feed (drift, duplicates,
 * out-of-order); constant SQL per cart; tenancy.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MikroORM } from '@mikro-orm/postgresql';
import { createReferenceErpAdmin } from '@portal/erp/admin';
import { createReferenceErp } from '@portal/erp/port';
import { DEV_ERP_API_KEY } from '@portal/reference-erp/config';
import { VIEWER_HEADER, signViewerHeader, type Viewer } from '@portal/platform/auth';
import { DEV_INTERNAL_SECRET } from '@portal/platform/config';
import { ormOptions } from '@portal/platform/db';
import { Decimal } from '@portal/platform/money';
import { entities, migrations, upsertNewer } from '@portal/pricing/internals';
import { waitFor } from '@portal/testkit';
import { allPages } from '../support/erp.js';
import { errorCodes, gql, type GraphQLResponse } from '../support/graphql.js';
import { startTestStack, type TestStack } from '../support/stack.js';

let stack: TestStack;
const erp = () => createReferenceErp({ baseUrl: stack.services.erp.url, apiKey: DEV_ERP_API_KEY });
const admin = () => createReferenceErpAdmin({ baseUrl: stack.services.erp.url, apiKey: DEV_ERP_API_KEY });
const today = () => new Date().toISOString().slice(0, 10);

beforeAll(async () => {
  // A short long-poll so the drift test sees the feed resume quickly.
  stack = await startTestStack({ PRICING_FEED_WAIT_MS: '500' });
});
afterAll(async () => {
  await stack?.stop();
});

const PRICE = `query($sku: ID!, $q: Int!) { item(sku: $sku) { price(quantity: $q) { quantity unitPrice { amount currency } netAmount { amount currency } listPrice { amount }
  basis { source contractId contractVersion priceListId tierMinQuantity validFrom validTo } components { type label rate amount { amount } conditionId conditionVersion } } } }`;
const price = async (account: string, sku: string, q: number) => {
  const r = await gql(stack.gatewayUrl, PRICE, { token: stack.token(account, 'buyer'), variables: { sku, q } });
  expect(r.body.errors).toBeUndefined();
  return r.body.data.item.price;
};

function signed(viewer: Viewer): Record<string, string> {
  return { 'content-type': 'application/json', [VIEWER_HEADER]: signViewerHeader(viewer, DEV_INTERNAL_SECRET) };
}
const acmeBuyer: Viewer = { userId: 'acme-buyer', accountId: 'ACME', roles: ['buyer'] };

describe('price breakdown and basis', () => {
  it('a customer contract with quantity scales: basis, validity and the tier break at 100', async () => {
    const at99 = await price('ACME', 'BOLT-0001', 99);
    const at100 = await price('ACME', 'BOLT-0001', 100);
    expect(at99.basis).toMatchObject({
      source: 'CONTRACT',
      contractId: 'K-ACME-2026',
      contractVersion: 1,
      tierMinQuantity: 1,
      priceListId: null,
    });
    expect(at99.basis.validTo).toMatch(/^\d{4}-12-31$/);
    expect(at100.basis.tierMinQuantity).toBe(100);
    expect(new Decimal(at100.unitPrice.amount).lt(at99.unitPrice.amount)).toBe(true);
    expect(at99.components).toEqual([expect.objectContaining({ type: 'BASE', conditionId: 'PR00-K-ACME-BOLT-0001', conditionVersion: 1 })]);
  });

  it('a price-list price, and a GOLD tier price', async () => {
    expect((await price('ACME', 'BRG-0004', 1)).basis).toMatchObject({ source: 'PRICE_LIST', priceListId: 'PL-US-DIST', contractId: null });
    expect((await price('ACME', 'VLV-0005', 1)).basis.source).toBe('TIER');
    expect((await price('INITECH', 'VLV-0005', 1)).basis.source).toBe('LIST'); // BRONZE: no tier price
  });

  it('an expired contract falls back to the next access; a future-dated one does not apply yet', async () => {
    const expired = await price('ACME', 'NUT-0002', 1);
    expect(expired.basis).toMatchObject({ source: 'PRICE_LIST', priceListId: 'PL-US-DIST' });
    const future = await price('ACME', 'WSH-0003', 1);
    expect(future.basis.source).not.toBe('CONTRACT');
  });

  it('another currency, with the customer discount as a component', async () => {
    const p = await price('GLOBEX', 'BOLT-0001', 10);
    expect(p.unitPrice.currency).toBe('EUR');
    expect(p.components.map((c: { type: string; rate: string | null }) => [c.type, c.rate])).toEqual([
      ['BASE', null],
      ['DISCOUNT', '3.00'],
    ]);
    const base = new Decimal(p.components[0].amount.amount);
    expect(new Decimal(p.components[1].amount.amount).toFixed(2)).toBe(
      base.mul('-0.03').toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toFixed(2),
    );
    expect(new Decimal(p.netAmount.amount).toFixed(2)).toBe(base.plus(p.components[1].amount.amount).toFixed(2));
  });

  it('the volume ladder before anything is in the cart', async () => {
    const r = await gql(
      stack.gatewayUrl,
      `{ item(sku: "BOLT-0001") { priceTiers { minQuantity unitPrice { amount currency } source } } }`,
      { token: stack.token('ACME', 'buyer') },
    );
    const tiers = r.body.data.item.priceTiers;
    expect(tiers.map((t: { minQuantity: number }) => t.minQuantity)).toEqual([1, 100, 500]);
    expect(
      tiers.every((t: { source: string; unitPrice: { currency: string } }) => t.source === 'CONTRACT' && t.unitPrice.currency === 'USD'),
    ).toBe(true);
  });

  it('the ladder is what the buyer pays: the account discount and the volume discount at every break', async () => {
    const ladder = async (account: string, sku: string) => {
      const r = await gql(
        stack.gatewayUrl,
        `query($sku: ID!) { item(sku: $sku) { priceTiers { minQuantity unitPrice { amount currency } price { netAmount { amount } components { type rate } } } } }`,
        { token: stack.token(account, 'buyer'), variables: { sku } },
      );
      expect(r.body.errors).toBeUndefined();
      return r.body.data.item.priceTiers as {
        minQuantity: number;
        unitPrice: { amount: string };
        price: { components: { type: string; rate: string | null }[] };
      }[];
    };
    // GLOBEX: 3 % off everything, in every tier.
    const globex = await ladder('GLOBEX', 'BOLT-0001');
    expect(globex.length).toBeGreaterThan(0);
    for (const t of globex) expect(t.price.components).toContainEqual({ type: 'DISCOUNT', rate: '3.00' });
    expect(globex[0]!.unitPrice.amount).toBe((await price('GLOBEX', 'BOLT-0001', 1)).unitPrice.amount);
    // HOS-0006: the volume discount's breaks (2 % from 50, 5 % from 200) are tiers of their own.
    const hose = await ladder('ACME', 'HOS-0006');
    expect(hose.map((t) => t.minQuantity)).toEqual(expect.arrayContaining([1, 50, 200]));
    const rateAt = (q: number) => hose.find((t) => t.minQuantity === q)!.price.components.find((c) => c.type === 'DISCOUNT')?.rate;
    expect([rateAt(50), rateAt(200)]).toEqual(['2.00', '5.00']);
    expect(new Decimal(hose.find((t) => t.minQuantity === 200)!.unitPrice.amount).lt(hose[0]!.unitPrice.amount)).toBe(true);
  });

  it('for every demo item and account, each tier equals price(quantity: minQuantity)', async () => {
    const LINE = `quantity unitPrice { amount currency } netAmount { amount currency } listPrice { amount }
      basis { source contractId priceListId tierMinQuantity conditionId conditionVersion } components { type label rate amount { amount } conditionId conditionVersion }`;
    type Line = { quantity: number; unitPrice: { amount: string; currency: string } } & Record<string, unknown>;
    type Tier = { minQuantity: number; unitPrice: { amount: string; currency: string }; price: Line };
    for (const account of ['ACME', 'GLOBEX', 'INITECH']) {
      const token = stack.token(account, 'buyer');
      const ladders = new Map<string, number[]>();
      for (let after: string | null = null; ;) {
        const r: GraphQLResponse = await gql(
          stack.gatewayUrl,
          `query($after: String) { items(first: 100, after: $after) { nodes { sku priceTiers { minQuantity } } pageInfo { hasNextPage endCursor } } }`,
          { token, variables: { after } },
        );
        expect(r.body.errors).toBeUndefined();
        for (const n of r.body.data.items.nodes as { sku: string; priceTiers: { minQuantity: number }[] }[])
          ladders.set(
            n.sku,
            n.priceTiers.map((t) => t.minQuantity),
          );
        if (!r.body.data.items.pageInfo.hasNextPage) break;
        after = r.body.data.items.pageInfo.endCursor;
      }
      expect(ladders.size).toBeGreaterThan(100);
      const skus = [...ladders.keys()].filter((sku) => ladders.get(sku)!.length > 0);
      expect(skus).toEqual(expect.arrayContaining(['BOLT-0001', 'HOS-0006']));
      let compared = 0;
      // Per request a few items, each with its ladder and the price of every break (aliases); requests a few at a time.
      const queue = [...skus];
      await Promise.all(
        Array.from({ length: 4 }, async () => {
          for (let batch = queue.splice(0, 5); batch.length > 0; batch = queue.splice(0, 5)) {
            const fields = batch.map((sku, i) => {
              const prices = ladders
                .get(sku)!
                .map((q) => `q${q}: price(quantity: ${q}) { ${LINE} }`)
                .join(' ');
              return `i${i}: item(sku: ${JSON.stringify(sku)}) { priceTiers { minQuantity unitPrice { amount currency } price { ${LINE} } } ${prices} }`;
            });
            const r = await gql(stack.gatewayUrl, `{ ${fields.join(' ')} }`, { token });
            expect(r.body.errors, batch.join()).toBeUndefined();
            batch.forEach((sku, i) => {
              const item = r.body.data[`i${i}`];
              const tiers = item.priceTiers as Tier[];
              expect(tiers.map((t) => t.minQuantity)).toEqual(ladders.get(sku));
              for (const t of tiers) {
                const priced = item[`q${t.minQuantity}`] as Line;
                expect(t.price, `${account} ${sku} × ${t.minQuantity}`).toEqual(priced);
                expect(t.unitPrice, `${account} ${sku} × ${t.minQuantity}`).toEqual(priced.unitPrice);
                compared++;
              }
            });
          }
        }),
      );
      expect(compared).toBeGreaterThanOrEqual(skus.length);
    }
  }, 240_000);

  it('contracts in force and starting soon are visible to the buyer, with their windows', async () => {
    const r = await gql(
      stack.gatewayUrl,
      `{ me { account { contracts(withinDays: 30) { id status validFrom validTo startsInDays endsInDays expiringSoon items { sku price { amount } tiers { minQuantity } } } } } }`,
      {
        token: stack.token('ACME', 'buyer'),
      },
    );
    const contracts = r.body.data.me.account.contracts as {
      status: string;
      startsInDays: number;
      items: { sku: string }[];
      validFrom: string;
    }[];
    const active = contracts.find((c) => c.status === 'ACTIVE' && c.items.some((i) => i.sku === 'BOLT-0001'))!;
    expect(active).toBeTruthy();
    const upcoming = contracts.find((c) => c.status === 'UPCOMING')!;
    expect(upcoming.items.map((i) => i.sku)).toContain('WSH-0003');
    expect(upcoming.startsInDays).toBe(10);
    expect(upcoming.validFrom).toBe(new Date(Date.parse(`${today()}T00:00:00Z`) + 10 * 86_400_000).toISOString().slice(0, 10));
    expect(contracts.flatMap((c) => c.items.map((i) => i.sku))).not.toContain('NUT-0002'); // expired yesterday
  });
});

describe('carts and quotes', () => {
  const CART = `query($id: ID!) { cart(id: $id) { id lines { id sku quantity price { netAmount { amount } } } totals { subtotal { amount } discount { amount } freight { amount currency } net { amount } total { amount } unpricedSkus } quote { id expiresAt pricingDate } } }`;
  const cartId = async (account: string) =>
    (await gql(stack.gatewayUrl, `{ carts { id status } }`, { token: stack.token(account, 'buyer') })).body.data.carts[0].id as string;

  it('cart totals equal the sum of the lines plus freight, exactly', async () => {
    for (const account of ['ACME', 'GLOBEX']) {
      const r = await gql(stack.gatewayUrl, CART, { token: stack.token(account, 'buyer'), variables: { id: await cartId(account) } });
      expect(r.body.errors).toBeUndefined();
      const cart = r.body.data.cart;
      const sum = cart.lines.reduce(
        (s: Decimal, l: { price: { netAmount: { amount: string } } }) => s.plus(l.price.netAmount.amount),
        new Decimal(0),
      );
      expect(sum.toFixed(2)).toBe(new Decimal(cart.totals.net.amount).toFixed(2));
      expect(new Decimal(cart.totals.net.amount).plus(cart.totals.freight.amount).toFixed(2)).toBe(
        new Decimal(cart.totals.total.amount).toFixed(2),
      );
      expect(cart.totals.unpricedSkus).toEqual([]);
      expect(cart.quote.id).toMatch(/^q_/);
    }
  });

  it('the same cart and prices give the same quote; the ERP confirms it (VALID)', async () => {
    const id = await cartId('ACME');
    const a = (await gql(stack.gatewayUrl, CART, { token: stack.token('ACME', 'buyer'), variables: { id } })).body.data.cart.quote;
    const b = (await gql(stack.gatewayUrl, CART, { token: stack.token('ACME', 'buyer'), variables: { id } })).body.data.cart.quote;
    expect(b).toEqual(a);
    const res = await fetch(`${stack.services.pricing.url}/internal/quotes/validate`, {
      method: 'POST',
      headers: signed(acmeBuyer),
      body: JSON.stringify({ quoteId: a.id }),
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'VALID', quote: { id: a.id }, differences: [] });
  });

  it('the internal quote API refuses unsigned callers and other accounts', async () => {
    const id = await cartId('ACME');
    const quoteId = (await gql(stack.gatewayUrl, CART, { token: stack.token('ACME', 'buyer'), variables: { id } })).body.data.cart.quote.id;
    const unsigned = await fetch(`${stack.services.pricing.url}/internal/quotes/validate`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ quoteId }),
    });
    expect(unsigned.status).toBe(401);
    const other = await fetch(`${stack.services.pricing.url}/internal/quotes/validate`, {
      method: 'POST',
      headers: signed({ userId: 'globex-buyer', accountId: 'GLOBEX', roles: ['buyer'] }),
      body: JSON.stringify({ quoteId }),
    });
    expect(other.status).toBe(404);
  });

  it('SQL per cart query does not grow with the number of lines', async () => {
    const skus = (
      await gql(stack.gatewayUrl, `{ items(first: 40) { nodes { sku } } }`, { token: stack.token('ACME', 'buyer') })
    ).body.data.items.nodes.map((n: { sku: string }) => n.sku);
    const sqlFor = async (n: number) => {
      const lines = skus.slice(0, n).map((sku: string, i: number) => ({ __typename: 'CartLine', id: `l${i}`, sku, quantity: 1 + i }));
      const res = await fetch(`${stack.services.pricing.url}/graphql`, {
        method: 'POST',
        headers: signed(acmeBuyer),
        body: JSON.stringify({
          query: `query($r: [_Any!]!) { _entities(representations: $r) { ... on Cart { totals { total { amount } } } ... on CartLine { price { netAmount { amount } } } } }`,
          variables: {
            r: [
              {
                __typename: 'Cart',
                id: `cart-${n}`,
                lines: lines.map(({ id, sku, quantity }: { id: string; sku: string; quantity: number }) => ({ id, sku, quantity })),
              },
              ...lines,
            ],
          },
        }),
      });
      const json = (await res.json()) as { data: { _entities: unknown[] }; errors?: unknown };
      expect(json.errors).toBeUndefined();
      expect(json.data._entities).toHaveLength(n + 1);
      return Number(res.headers.get('x-sql-count'));
    };
    const small = await sqlFor(2);
    const big = await sqlFor(40);
    expect(small).toBeGreaterThan(0);
    expect(big).toBe(small);
  });
});

describe('contract sync from the ERP', () => {
  it('drift: a condition changed in the ERP but not delivered → old price, exact difference at validation; delivered → new price', async () => {
    const token = stack.token('ACME', 'buyer');
    const cartId = (await gql(stack.gatewayUrl, `{ carts { id lines { sku } } }`, { token })).body.data.carts[0];
    const lineSku: string = cartId.lines[0].sku;
    const before = await price('ACME', lineSku, 1);
    const quote = (
      await gql(
        stack.gatewayUrl,
        `query($id: ID!) { cart(id: $id) { quote { id } lines { sku quantity price { netAmount { amount } } } } }`,
        { token, variables: { id: cartId.id } },
      )
    ).body.data.cart;
    const records = await allConditions();
    const winning = records.find((c) => c.id === before.components[0].conditionId)!;
    const newAmount = new Decimal(winning.amount!).plus('1.11').toFixed(2);
    try {
      await admin().setFaults({ 'GET /v1/events': { errorRate: 1 } }); // the event is not delivered
      // A long-poll already in flight (500 ms) was let in before the fault: let it end first.
      await new Promise((r) => setTimeout(r, 800));
      await admin().changeCondition({ ...winning, amount: newAmount });
      await new Promise((r) => setTimeout(r, 1500));
      expect((await price('ACME', lineSku, 1)).unitPrice.amount).toBe(before.unitPrice.amount); // the portal still shows the old price
      const res = await fetch(`${stack.services.pricing.url}/internal/quotes/validate`, {
        method: 'POST',
        headers: signed(acmeBuyer),
        body: JSON.stringify({ quoteId: quote.quote.id }),
      });
      const v = (await res.json()) as {
        status: string;
        quote: { id: string };
        differences: { sku: string; old: { netAmount: string } | null; new: { netAmount: string } | null }[];
      };
      expect(v.status).toBe('CHANGED');
      expect(v.quote.id).not.toBe(quote.quote.id);
      const changedLines = quote.lines.filter((l: { sku: string }) => l.sku === lineSku);
      expect(v.differences.map((d) => d.sku)).toEqual(changedLines.map((l: { sku: string }) => l.sku));
      const line = changedLines[0];
      expect(v.differences[0]!.old!.netAmount).toBe(new Decimal(line.price.netAmount.amount).toFixed(2));
      expect(v.differences[0]!.new!.netAmount).toBe(new Decimal(newAmount).mul(line.quantity).toFixed(2));
    } finally {
      await admin().clearFaults();
    }
    // Delivered: the consumer catches up and the portal shows the new price.
    expect(await waitFor(async () => (await price('ACME', lineSku, 1)).unitPrice.amount === newAmount, 15_000)).toBe(true);
  });

  it('duplicate and out-of-order events change nothing', async () => {
    const sku = 'BRG-0004';
    const before = await price('ACME', sku, 1);
    const status0 = (
      await gql(stack.gatewayUrl, `{ pricingSyncStatus { eventsApplied duplicatesSkipped } }`, { token: stack.token('ACME', 'admin') })
    ).body.data.pricingSyncStatus;
    try {
      await admin().setFaults({ 'GET /v1/events': { duplicateRate: 1 } });
      const record = (await allConditions()).find((c) => c.id === before.components[0].conditionId)!;
      await admin().changeCondition({ ...record, amount: new Decimal(record.amount!).plus('2').toFixed(2) });
      expect(await waitFor(async () => (await price('ACME', sku, 1)).unitPrice.amount !== before.unitPrice.amount, 15_000)).toBe(true);
      await admin().changeCondition({ ...record, amount: new Decimal(record.amount!).plus('3').toFixed(2) }); // one more event, so the duplicate of the previous one arrives after it
      expect(
        await waitFor(
          async () => new Decimal((await price('ACME', sku, 1)).unitPrice.amount).eq(new Decimal(record.amount!).plus('3')),
          15_000,
        ),
      ).toBe(true);
    } finally {
      await admin().clearFaults();
    }
    const status = (
      await gql(stack.gatewayUrl, `{ pricingSyncStatus { eventsApplied duplicatesSkipped } }`, { token: stack.token('ACME', 'admin') })
    ).body.data.pricingSyncStatus;
    expect(status.eventsApplied - status0.eventsApplied).toBe(2);
    expect(status.duplicatesSkipped).toBeGreaterThan(status0.duplicatesSkipped);
    // Out of order: an older version arriving after a newer one is ignored.
    const orm = await MikroORM.init(ormOptions({ schema: 'pricing', url: stack.databaseUrl, entities, migrations }));
    try {
      const record = (await allConditions()).find((c) => c.id === before.components[0].conditionId)!;
      const changed = await orm.em
        .fork()
        .transactional((tx) => upsertNewer(tx, [{ ...record, version: record.version - 1, amount: '0.01' }]));
      expect(changed).toBe(0);
    } finally {
      await orm.close(true);
    }
    expect(
      new Decimal((await price('ACME', sku, 1)).unitPrice.amount).eq(
        new Decimal((await allConditions()).find((c) => c.id === before.components[0].conditionId)!.amount!),
      ),
    ).toBe(true);
  });

  it('sync status is for admins and analysts', async () => {
    const asAdmin = await gql(stack.gatewayUrl, `{ pricingSyncStatus { fullSyncRows conditionRecords feedRunning feedCursor } }`, {
      token: stack.token('ACME', 'admin'),
    });
    expect(asAdmin.body.data.pricingSyncStatus).toMatchObject({ feedRunning: true });
    expect(asAdmin.body.data.pricingSyncStatus.conditionRecords).toBeGreaterThan(400);
    const asBuyer = await gql(stack.gatewayUrl, `{ pricingSyncStatus { fullSyncRows } }`, { token: stack.token('ACME', 'buyer') });
    expect(errorCodes(asBuyer)).toEqual(['FORBIDDEN']);
  });
});

const allConditions = () => allPages((cursor) => erp().pricing.exportConditions({ cursor, limit: 1000 }));
