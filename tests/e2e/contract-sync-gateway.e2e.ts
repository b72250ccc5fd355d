/**
 * The full contract sync seen through the gateway: buyers keep getting the same prices and cart
 * totals while a sync stages the export and merges it into the live table, and a newer record the
 * change feed delivers during the sync is still the one priced after it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MikroORM } from '@mikro-orm/postgresql';
import { createReferenceErpAdmin } from '@portal/erp/admin';
import { createReferenceErp, type PricingPort } from '@portal/erp/port';
import { DEV_ERP_API_KEY } from '@portal/reference-erp/config';
import { ormOptions } from '@portal/platform/db';
import { createLogger } from '@portal/platform/logger';
import { Decimal } from '@portal/platform/money';
import { entities, migrations, syncPricing } from '@portal/pricing/internals';
import { waitFor } from '@portal/testkit';
import { findCondition } from '../support/erp.js';
import { gql } from '../support/graphql.js';
import { startTestStack, type TestStack } from '../support/stack.js';

let stack: TestStack;
let orm: MikroORM;
const logger = createLogger('pricing', 'silent');
const erp = () => createReferenceErp({ baseUrl: stack.services.erp.url, apiKey: DEV_ERP_API_KEY });
const admin = () => createReferenceErpAdmin({ baseUrl: stack.services.erp.url, apiKey: DEV_ERP_API_KEY });

beforeAll(async () => {
  stack = await startTestStack({ PRICING_FEED_WAIT_MS: '500' });
  orm = await MikroORM.init(ormOptions({ schema: 'pricing', url: stack.databaseUrl, entities, migrations }));
  // The subgraph's own first full sync is done before these start theirs.
  const completed = async () =>
    (
      await orm.em
        .fork()
        .getConnection()
        .execute<{ done: boolean }[]>(`select completed_at is not null as done from "pricing"."sync_state" where name = 'conditions'`)
    )[0]?.done;
  expect(await waitFor(completed, 60_000)).toBe(true);
}, 300_000);
afterAll(async () => {
  await orm?.close();
  await stack?.stop();
});

const PRICE = `query($sku: ID!) { item(sku: $sku) { price(quantity: 1) { unitPrice { amount } components { conditionId } } } }`;
const CARTS = `{ carts { id totals { net { amount } } } }`;
const price = async (sku: string) => {
  const r = await gql(stack.gatewayUrl, PRICE, { token: stack.token('ACME', 'buyer'), variables: { sku } });
  expect(r.body.errors).toBeUndefined();
  return r.body.data.item.price as { unitPrice: { amount: string }; components: { conditionId: string }[] };
};
/**
 * The reference ERP's export in small pages, so that a sync takes many transactions; both forms
 * (records, and the text a sync on a PostgreSQL server loads).
 */
const smallPages = (base: PricingPort, onPage?: (last: boolean) => Promise<void>): PricingPort => {
  const small = async <P extends { nextCursor: string | null }>(page: Promise<P>) => {
    const p = await page;
    await new Promise((r) => setTimeout(r, 20)); // and a little slower, so that many queries run meanwhile
    await onPage?.(!p.nextCursor);
    return p;
  };
  return {
    ...base,
    exportConditions: (req) => small(base.exportConditions({ cursor: req.cursor, limit: 50 })),
    exportConditionsText: (req) => small(base.exportConditionsText!({ cursor: req.cursor, limit: 50 })),
  };
};

describe('full contract sync seen through the gateway', () => {
  it('prices and cart totals keep coming, unchanged, while a sync stages and merges', async () => {
    const token = stack.token('ACME', 'buyer');
    const skus = ['BOLT-0001', 'BRG-0004', 'VLV-0005'];
    const before = new Map<string, string>();
    for (const sku of skus) before.set(sku, (await price(sku)).unitPrice.amount);
    const carts0 = (await gql(stack.gatewayUrl, CARTS, { token })).body;
    expect(carts0.errors).toBeUndefined();

    let syncing = true;
    const answers: { sku: string; amount: string | undefined; errors: unknown }[] = [];
    const carts: unknown[] = [];
    const reader = async () => {
      while (syncing) {
        for (const sku of skus) {
          const r = await gql(stack.gatewayUrl, PRICE, { token, variables: { sku } });
          answers.push({ sku, amount: r.body.data?.item?.price?.unitPrice?.amount, errors: r.body.errors });
        }
        carts.push((await gql(stack.gatewayUrl, CARTS, { token })).body);
      }
    };
    const readers = [reader(), reader(), reader()];
    try {
      const result = (await syncPricing(smallPages(erp().pricing), orm.em.fork(), logger, true)).find((r) => r.name === 'conditions');
      expect(result).toMatchObject({ skipped: false });
    } finally {
      // A round of queries after the merge too.
      await new Promise((r) => setTimeout(r, 300));
      syncing = false;
      await Promise.all(readers);
    }
    expect(answers.length).toBeGreaterThan(skus.length * 6);
    for (const a of answers) expect(a).toEqual({ sku: a.sku, amount: before.get(a.sku), errors: undefined });
    for (const c of carts) expect(c).toEqual(carts0);
  }, 180_000);

  it('a newer version the change feed delivers during the sync survives the merge', async () => {
    const sku = 'BRG-0004';
    const before = await price(sku);
    const record = await findCondition(erp(), before.components[0]!.conditionId);
    const newAmount = new Decimal(record.amount!).plus('1.11').toFixed(2);
    const live = async () =>
      (
        await orm.em
          .fork()
          .getConnection()
          .execute<{ version: number }[]>(`select version from "pricing"."price_condition" where id = ?`, [record.id])
      )[0]!.version;
    // Every page is exported, the record at its old version among them; then, before the last
    // page is staged (and the merge), the record changes in the ERP and the feed applies it.
    let changed = false;
    const port = smallPages(erp().pricing, async (last) => {
      if (!last || changed) return;
      changed = true;
      await admin().changeCondition({ ...record, amount: newAmount });
      expect(await waitFor(async () => (await live()) > record.version, 15_000)).toBe(true);
    });
    await syncPricing(port, orm.em.fork(), logger, true);
    expect(changed).toBe(true);
    expect(await live()).toBe(record.version + 1);
    expect(new Decimal((await price(sku)).unitPrice.amount).eq(newAmount)).toBe(true);
  }, 180_000);
});
