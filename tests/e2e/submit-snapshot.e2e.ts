/**
 * The submit's snapshot on the orders database alone: a cart edited between the read its key is
 * claimed for and the snapshot is another submission — CART_CHANGED, the cart back as it was
 * (editable) and the key free — and a cart that cannot be taken says why.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MikroORM } from '@mikro-orm/postgresql';
import { entities, migrations, submitCart, type OrdersDeps } from '@portal/orders/testing';
import type { Viewer } from '@portal/platform/auth';
import { openServiceDatabase } from '@portal/platform/db';
import { createLogger } from '@portal/platform/logger';
import { createTestDatabase, type TestDatabase } from '@portal/testkit';

let db: TestDatabase;
let orm: MikroORM;
const logger = createLogger('orders', 'silent');
const viewer = { userId: 'snap-buyer', accountId: 'ACME', roles: ['buyer'] } as unknown as Viewer;
/** Run once right after the statement that reads the cart for the key (then forgotten). */
let afterCartRead: (() => Promise<void>) | undefined;

beforeAll(async () => {
  db = await createTestDatabase();
  orm = await openServiceDatabase({ schema: 'orders', url: db.url, entities, migrations, logger });
  const connection = orm.em.getConnection();
  const execute = connection.execute.bind(connection) as (...a: unknown[]) => Promise<unknown>;
  (connection as unknown as { execute: typeof execute }).execute = async (...a: unknown[]) => {
    const result = await execute(...a);
    const hook = afterCartRead;
    if (hook && String(a[0]).includes('left join "orders"."cart_line"')) {
      afterCartRead = undefined;
      await hook();
    }
    return result;
  };
}, 120_000);
afterAll(async () => {
  await orm?.close();
  await db?.close();
});

/** Nothing here reaches pricing, inventory or the ERP: the submit ends at its snapshot. */
const deps = () => ({ orm, logger, submitBudgetMs: 3000 }) as unknown as OrdersDeps;
const sql = <T>(q: string, params: unknown[] = []) => orm.em.fork().getConnection().execute<T[]>(q, params);

async function cartWith(lines: number, status = 'ACTIVE'): Promise<string> {
  const id = randomUUID();
  await sql(
    `insert into "orders"."cart" (id, account_id, created_by, status, name, currency, created_at, updated_at) values (?, 'ACME', 'snap-buyer', ?, null, 'USD', now(), now())`,
    [id, status],
  );
  for (let i = 0; i < lines; i++) await addLine(id, i, `SKU-${i}`);
  return id;
}
const addLine = (cartId: string, position: number, sku: string) =>
  sql(`insert into "orders"."cart_line" (id, cart_id, position, sku, quantity) values (?, ?, ?, ?, 1)`, [
    randomUUID(),
    cartId,
    position,
    sku,
  ]);
const cartRow = async (id: string) =>
  (
    await sql<{ status: string; submitting_key: string | null }>(`select status, submitting_key from "orders"."cart" where id = ?`, [id])
  )[0]!;
const submissions = async (key: string) => (await sql(`select id from "orders"."submission" where id = ?`, [`ACME:${key}`])).length;

describe('the snapshot a submit takes', () => {
  it('an edit after the key was claimed answers CART_CHANGED; the cart is back as it was and the key free', async () => {
    const cartId = await cartWith(2, 'SAVED');
    afterCartRead = () => addLine(cartId, 2, 'SKU-LATE').then(() => undefined);
    const outcome = await submitCart(deps(), viewer, { cartId, idempotencyKey: 'k-edited', acceptedQuoteId: 'q-1' });
    expect(outcome).toMatchObject({ kind: 'SubmitRejected', errorCode: 'CART_CHANGED' });
    expect(await cartRow(cartId)).toEqual({ status: 'SAVED', submitting_key: null });
    expect(await submissions('k-edited')).toBe(0);
  });

  it('a cart that cannot be taken says why and stays as it was', async () => {
    const empty = await cartWith(0);
    expect(await submitCart(deps(), viewer, { cartId: empty, idempotencyKey: 'k-empty', acceptedQuoteId: 'q-1' })).toMatchObject({
      errorCode: 'CART_EMPTY',
    });
    expect(await cartRow(empty)).toEqual({ status: 'ACTIVE', submitting_key: null });
    const noQuote = await cartWith(1);
    expect(await submitCart(deps(), viewer, { cartId: noQuote, idempotencyKey: 'k-noquote' })).toMatchObject({
      errorCode: 'QUOTE_REQUIRED',
    });
    expect(await cartRow(noQuote)).toEqual({ status: 'ACTIVE', submitting_key: null });
    const held = await cartWith(1, 'SUBMITTING');
    expect(await submitCart(deps(), viewer, { cartId: held, idempotencyKey: 'k-held', acceptedQuoteId: 'q-1' })).toMatchObject({
      kind: 'CartAlreadySubmitted',
      orderId: null,
    });
  });
});
