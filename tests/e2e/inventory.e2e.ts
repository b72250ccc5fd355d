/**
 * Inventory through the gateway: the ATP worked example, cut-off, weekends, lead-time
 * fallback; cached answers ended by the ERP's stock events; duplicate events; the ERP slow or down
 * (answers within the budget, never an invented promise); constant SQL and ERP calls per cart; the
 * internal re-check for submit; item master changes from the feed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createReferenceErpAdmin } from '@portal/erp/admin';
import { DEV_ERP_API_KEY } from '@portal/reference-erp/config';
import type { RunningInventory } from '@portal/inventory';
import { VIEWER_HEADER, signViewerHeader, type Viewer } from '@portal/platform/auth';
import { DEV_INTERNAL_SECRET } from '@portal/platform/config';
import { waitFor } from '@portal/testkit';
import { workingDay } from '../support/erp.js';
import { gql } from '../support/graphql.js';
import { startTestStack, type TestStack } from '../support/stack.js';

// Monday 12:00 UTC: 06:00 in Chicago (WH-US, cut-off 14:00), 13:00 in Duisburg (WH-EU, cut-off 15:00).
const CLOCK_START = '2026-11-02T12:00:00.000Z';
let stack: TestStack;
const admin = () => createReferenceErpAdmin({ baseUrl: stack.services.erp.url, apiKey: DEV_ERP_API_KEY });
const inventory = () => stack.services.inventory as RunningInventory;

const d = (n: number) => workingDay(CLOCK_START.slice(0, 10), n);

beforeAll(async () => {
  stack = await startTestStack({
    ERP_CLOCK_START: CLOCK_START,
    ERP_FULFILMENT_INTERVAL_MS: '0',
    INVENTORY_ATP_BUDGET_MS: '800',
    INVENTORY_FEED_WAIT_MS: '500',
  });
});
afterAll(async () => {
  await stack?.stop();
});

const AVAIL = `query($sku: ID!, $q: Int!, $rdd: Date, $wh: ID) { item(sku: $sku) { availability(quantity: $q, requestedDate: $rdd, warehouse: $wh) {
  status atpDate promisedQuantity onHandHint leadTimeDays warehouse cutoffAt requestedDate materialAvailabilityDate scheduleLines { date availableDate quantity } caveats checkedAt freshness } } }`;
async function availability(account: string, sku: string, q: number, rdd?: string, wh?: string) {
  const r = await gql(stack.gatewayUrl, AVAIL, {
    token: stack.token(account, 'buyer'),
    variables: { sku, q, rdd: rdd ?? null, wh: wh ?? null },
  });
  expect(r.body.errors).toBeUndefined();
  return r.body.data.item.availability;
}

describe('ATP promise dates', () => {
  it('reproduces the worked example: 50 at MAD d1 → 30 on d1 + 20 on d5 (partial), 50 on d5 (complete)', async () => {
    // WH-US: pick/pack 1 + loading 0 + transit 2; WH-EU: 1 + 1 + 1 → delivery 3 working days after MAD.
    const rdd = d(4);
    const acme = await availability('ACME', 'ATP-DEMO-1', 50, rdd);
    expect(acme).toMatchObject({
      status: 'PARTIAL',
      materialAvailabilityDate: d(1),
      promisedQuantity: 50,
      onHandHint: 100,
      warehouse: 'WH-US',
      freshness: 'LIVE',
    });
    expect(acme.scheduleLines).toEqual([
      { availableDate: d(1), date: d(4), quantity: 30 },
      { availableDate: d(5), date: d(8), quantity: 20 },
    ]);
    const globex = await availability('GLOBEX', 'ATP-DEMO-1', 50, rdd);
    expect(globex.warehouse).toBe('WH-EU');
    expect(globex.scheduleLines).toEqual([{ availableDate: d(5), date: d(8), quantity: 50 }]);
    expect(globex.atpDate).toBe(d(8));
  });

  it('a requested date on a Saturday is delivered the working day before, with a caveat', async () => {
    const saturday = '2026-11-14';
    const a = await availability('ACME', 'BOLT-0001', 5, saturday);
    expect(a.scheduleLines).toEqual([{ availableDate: '2026-11-10', date: '2026-11-13', quantity: 5 }]);
    expect(a.caveats.join(' ')).toMatch(/non-working|not a working day|weekend/i);
  });

  it('beyond supply: the lead-time date with a caveat', async () => {
    const a = await availability('ACME', 'ATP-DEMO-1', 100_000);
    expect(a.status).toBe('LEAD_TIME');
    expect(a.promisedQuantity).toBe(100_000);
    expect(a.caveats.join(' ')).toMatch(/lead-time fallback/);
    expect(a.atpDate >= d(10)).toBe(true); // lead time 10 working days, then delivery
  });

  it('refuses nonsense with typed errors', async () => {
    const r = await gql(stack.gatewayUrl, AVAIL, {
      token: stack.token('ACME', 'buyer'),
      variables: { sku: 'BOLT-0001', q: 0, rdd: null, wh: null },
    });
    expect(r.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const wh = await gql(stack.gatewayUrl, AVAIL, {
      token: stack.token('ACME', 'buyer'),
      variables: { sku: 'BOLT-0001', q: 1, rdd: null, wh: 'WH-MARS' },
    });
    expect(wh.body.errors?.[0]?.extensions?.code).toBe('UNKNOWN_WAREHOUSE');
    const date = await gql(stack.gatewayUrl, AVAIL, {
      token: stack.token('ACME', 'buyer'),
      variables: { sku: 'BOLT-0001', q: 1, rdd: '2026-02-30', wh: null },
    });
    expect(date.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});

describe('freshness and the change feed', () => {
  it('serves a repeat from the cache, and a stock event in the ERP changes the next answer', async () => {
    const first = await availability('ACME', 'BOLT-0011', 10);
    expect(first.freshness).toBe('LIVE');
    const again = await availability('ACME', 'BOLT-0011', 10);
    expect(again.freshness).toBe('CACHED');
    expect(again.checkedAt).toBe(first.checkedAt);
    await admin().setStock('BOLT-0011', 'WH-US', 3);
    // The cache would hold for 30 s; the stock event ends it now.
    expect(await waitFor(async () => (await availability('ACME', 'BOLT-0011', 10)).onHandHint === 3, 10_000)).toBe(true);
  });

  it('duplicate events do nothing', async () => {
    const before = inventory().feed!.snapshot();
    try {
      await admin().setFaults({ 'GET /v1/events': { duplicateRate: 1 } });
      await admin().setStock('BOLT-0011', 'WH-US', 4);
      await admin().setStock('BOLT-0011', 'WH-US', 5);
      expect(await waitFor(async () => (await availability('ACME', 'BOLT-0011', 10)).onHandHint === 5, 10_000)).toBe(true);
      await waitFor(() => inventory().feed!.snapshot().duplicates > before.duplicates, 10_000);
    } finally {
      await admin().clearFaults();
    }
    expect(inventory().feed!.snapshot().duplicates).toBeGreaterThan(before.duplicates);
    expect((await availability('ACME', 'BOLT-0011', 10)).onHandHint).toBe(5);
  });

  it('item master changes arrive from the feed (discontinued, successor)', async () => {
    await admin().changeItem({ sku: 'PMP-0010', discontinued: true, successorSku: 'PMP-0020', name: 'Gear pump M6 (discontinued)' });
    const q = `{ item(sku: "PMP-0010") { name discontinued successor { sku } } }`;
    expect(
      await waitFor(
        async () => (await gql(stack.gatewayUrl, q, { token: stack.token('ACME', 'buyer') })).body.data.item.discontinued === true,
        10_000,
      ),
    ).toBe(true);
    const item = (await gql(stack.gatewayUrl, q, { token: stack.token('ACME', 'buyer') })).body.data.item;
    expect(item).toEqual({ name: 'Gear pump M6 (discontinued)', discontinued: true, successor: { sku: 'PMP-0020' } });
  });
});

describe('batched and bounded', () => {
  const signed = (viewer: Viewer) => ({
    'content-type': 'application/json',
    [VIEWER_HEADER]: signViewerHeader(viewer, DEV_INTERNAL_SECRET),
  });
  const acme: Viewer = { userId: 'acme-buyer', accountId: 'ACME', roles: ['buyer'] };
  const erpCalls = async () => {
    const text = await (await fetch(`${stack.services.inventory.url}/metrics`)).text();
    return Number(/portal_erp_availability_calls_total\{outcome="ok"\} (\d+)/.exec(text)?.[1] ?? 0);
  };

  it('one ERP call and constant SQL per cart, whatever the line count', async () => {
    const skus = (
      await gql(stack.gatewayUrl, `{ items(first: 40) { nodes { sku } } }`, { token: stack.token('ACME', 'buyer') })
    ).body.data.items.nodes.map((n: { sku: string }) => n.sku);
    const run = async (n: number, salt: number) => {
      const calls0 = await erpCalls();
      const res = await fetch(`${stack.services.inventory.url}/graphql`, {
        method: 'POST',
        headers: signed(acme),
        body: JSON.stringify({
          query: `query($r: [_Any!]!) { _entities(representations: $r) { ... on CartLine { availability { status freshness } } } }`,
          variables: {
            r: skus
              .slice(0, n)
              .map((sku: string, i: number) => ({ __typename: 'CartLine', id: `l${i}`, sku, quantity: salt + i, requestedDate: null })),
          },
        }),
      });
      const json = (await res.json()) as { data: { _entities: { availability: { freshness: string } }[] } };
      expect(json.data._entities.every((e) => e.availability.freshness === 'LIVE')).toBe(true);
      return { sql: Number(res.headers.get('x-sql-count')), calls: (await erpCalls()) - calls0 };
    };
    const small = await run(2, 1000);
    const big = await run(40, 2000);
    expect(small.calls).toBe(1);
    expect(big.calls).toBe(1);
    expect(big.sql).toBe(small.sql);
  });

  it('ERP slow or down: the cart still answers within its budget, UNKNOWN (last known) or LEAD_TIME, with a caveat', async () => {
    const known = await availability('ACME', 'BRG-0004', 3); // answered once: last known exists
    expect(known.freshness).toBe('LIVE');
    await admin().setStock('BRG-0004', 'WH-US', 500); // ends the cached answer, keeps the last known
    await waitFor(async () => inventory().feed!.snapshot().applied > 0, 5000);
    await new Promise((r) => setTimeout(r, 700));
    try {
      await admin().setFaults({ 'POST /v1/availability/check': { latencyMs: 5000 } });
      const started = Date.now();
      const r = await gql(
        stack.gatewayUrl,
        `{ known: item(sku: "BRG-0004") { availability(quantity: 3) { status freshness promisedQuantity caveats scheduleLines { quantity } } }
           unknown: item(sku: "VLV-0005") { availability(quantity: 4321) { status freshness promisedQuantity atpDate caveats } } }`,
        { token: stack.token('ACME', 'buyer') },
      );
      const elapsed = Date.now() - started;
      expect(elapsed).toBeLessThan(2500); // budget 800 ms, not the ERP's 5 s
      expect(r.body.errors).toBeUndefined();
      expect(r.body.data.known.availability).toMatchObject({ status: 'UNKNOWN', freshness: 'LAST_KNOWN' });
      expect(r.body.data.known.availability.caveats.join(' ')).toMatch(/did not answer in time/);
      expect(r.body.data.unknown.availability).toMatchObject({ status: 'LEAD_TIME', freshness: 'ESTIMATE', promisedQuantity: 0 });
      expect(r.body.data.unknown.availability.caveats[0]).toMatch(/replenishment lead time/);
    } finally {
      await admin().clearFaults();
    }
  });

  it('re-check at submit: fresh from the ERP, with per-line differences from what the buyer saw', async () => {
    const seen = await availability('ACME', 'CBL-0009', 6);
    const recheck = async () =>
      (await (
        await fetch(`${stack.services.inventory.url}/internal/availability/recheck`, {
          method: 'POST',
          headers: signed(acme),
          body: JSON.stringify({
            lines: [{ lineId: '10', sku: 'CBL-0009', quantity: 6, seen: { status: seen.status, scheduleLines: seen.scheduleLines } }],
          }),
        })
      ).json()) as { changed: boolean; lines: { lineId: string; changed: boolean; new: { status: string } }[] };
    expect(await recheck()).toMatchObject({ changed: false, lines: [{ lineId: '10', changed: false }] });
    await admin().setStock('CBL-0009', 'WH-US', seen.onHandHint > 100 ? 0 : 1000); // the promise changes either way
    const after = await recheck();
    expect(after.changed).toBe(true);
    expect(after.lines[0]!.changed).toBe(true);
    const unsigned = await fetch(`${stack.services.inventory.url}/internal/availability/recheck`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"lines":[]}',
    });
    expect(unsigned.status).toBe(401);
  });

  it('after the cut-off, the promise moves to the next working day (last: moves the clock)', async () => {
    const before = await availability('GLOBEX', 'BOLT-0001', 2);
    expect(before.materialAvailabilityDate).toBe(d(0));
    await admin().advance({ hours: 3 }); // 15:00 UTC = 16:00 in Duisburg, past its 15:00 cut-off; 09:00 in Chicago
    const after = await availability('GLOBEX', 'BOLT-0001', 3);
    expect(after.materialAvailabilityDate).toBe(d(1));
    expect((await availability('ACME', 'BOLT-0001', 3)).materialAvailabilityDate).toBe(d(0)); // Chicago is still before its cut-off
  });
});
