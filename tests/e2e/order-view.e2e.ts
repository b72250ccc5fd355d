/**
 * The ERP reports each order more than once — the submit's acknowledgement and the change feed's
 * `order.created` carry the same view. A view already applied is recognised by its fingerprint and
 * changes nothing (no second acknowledgement, no re-read of lines and exceptions); a view that
 * differs in anything is applied in full.
 */
import type { MikroORM } from '@mikro-orm/postgresql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import type { EventsPort } from '@portal/erp/port';
import { signDevToken } from '@portal/platform/auth';
import { DEV_JWT_SECRET } from '@portal/platform/config';
import { runInScope } from '@portal/platform/context';
import { openServiceDatabase } from '@portal/platform/db';
import { createLogger } from '@portal/platform/logger';
import { applyErpOrderState, entities, migrations, orderFeed } from '@portal/orders/testing';
import { erpPorts } from '../support/erp.js';
import { gql } from '../support/graphql.js';
import { startTestStack, type TestStack } from '../support/stack.js';

let stack: TestStack;
let orm: MikroORM;
let token: string;
beforeAll(async () => {
  stack = await startTestStack({ ERP_FULFILMENT_INTERVAL_MS: '0' });
  orm = await openServiceDatabase({ schema: 'orders', url: stack.db.url, entities, migrations });
  token = await signDevToken({ userId: 'view-buyer', accountId: 'ACME', roles: ['buyer'] }, DEV_JWT_SECRET, { expiresIn: '1h' });
}, 300_000);
afterAll(async () => {
  await orm?.close();
  await stack?.stop();
});

async function placeOrder(): Promise<{ id: string; erpOrderNumber: string }> {
  const items = await gql(stack.gatewayUrl, `{ items(first: 20) { nodes { sku discontinued } } }`, { token });
  const skus = (items.body.data.items.nodes as { sku: string; discontinued: boolean }[]).filter((i) => !i.discontinued).map((i) => i.sku);
  const cartId = (await gql(stack.gatewayUrl, `mutation { createCart { ... on Cart { id } } }`, { token })).body.data.createCart.id;
  await gql(stack.gatewayUrl, `mutation($c: ID!, $l: [CartLineInput!]!) { addCartLines(cartId: $c, lines: $l) { __typename } }`, {
    token,
    variables: { c: cartId, l: skus.slice(0, 2).map((sku) => ({ sku, quantity: 2 })) },
  });
  const quoteId = (await gql(stack.gatewayUrl, `query($c: ID!) { cart(id: $c) { quote { id } } }`, { token, variables: { c: cartId } }))
    .body.data.cart.quote.id;
  const r = await gql(
    stack.gatewayUrl,
    `mutation($i: SubmitCartInput!) { submitCart(input: $i) { __typename ... on OrderSubmitted { order { id erpOrderNumber } } } }`,
    { token, variables: { i: { cartId, idempotencyKey: `view-${cartId}`, acceptedQuoteId: quoteId } } },
  );
  expect(r.body.data.submitCart.__typename, JSON.stringify(r.body)).toBe('OrderSubmitted');
  return r.body.data.submitCart.order;
}

const orderRow = async (id: string) =>
  (
    await orm.em
      .getConnection()
      .execute<{ source_seq: string; erp_view_hash: string | null }[]>(
        `select source_seq, erp_view_hash from "orders"."sales_order" where id = ?`,
        [id],
      )
  )[0]!;
const timelineTypes = async (id: string) =>
  (
    await orm.em
      .getConnection()
      .execute<{ type: string }[]>(`select type from "orders"."timeline_event" where order_id = ? order by seq`, [id])
  ).map((r) => r.type);

describe('an order view the ERP reports again', () => {
  it('changes nothing when it is the view applied; a view that differs is applied in full', async () => {
    const order = await placeOrder();
    // The change feed's order.created reaches the order after (or before) the acknowledgement.
    const deadline = Date.now() + 20_000;
    while (Number((await orderRow(order.id)).source_seq) === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(Number((await orderRow(order.id)).source_seq), 'the feed reached the order').toBeGreaterThan(0);
    expect((await orderRow(order.id)).erp_view_hash).toBeTruthy();
    expect((await timelineTypes(order.id)).filter((t) => t === 'order.acknowledged')).toHaveLength(1);

    const view = (await erpPorts(stack.services.erp.url).orders.getSalesOrder(order.erpOrderNumber))!;
    const apply = (v: typeof view) => orm.em.fork().transactional((tx) => applyErpOrderState(tx, v, { occurredAt: new Date() }));
    const before = await timelineTypes(order.id);
    expect(await apply(view), 'the ERP reads the order back as it acknowledged it').toBe('UNCHANGED');
    expect(await timelineTypes(order.id)).toEqual(before);

    // The ERP confirms one unit less on the first line: a new confirmation, applied once.
    const changed = {
      ...view,
      lines: view.lines.map((l, i) =>
        i === 0
          ? {
              ...l,
              confirmedQuantity: l.confirmedQuantity - 1,
              scheduleLines: l.scheduleLines.map((s, k) => (k === 0 ? { ...s, quantity: s.quantity - 1 } : s)),
            }
          : l,
      ),
    };
    expect(await apply(changed)).toBe('APPLIED');
    expect(await timelineTypes(order.id)).toEqual([...before, 'order.confirmed']);
    expect(await apply(changed)).toBe('UNCHANGED');
    expect(await timelineTypes(order.id)).toEqual([...before, 'order.confirmed']);
  }, 120_000);

  it('the feed reporting the applied view again moves only its position, in one statement for the order', async () => {
    const order = await placeOrder();
    const deadline = Date.now() + 20_000;
    while (Number((await orderRow(order.id)).source_seq) === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    const view = (await erpPorts(stack.services.erp.url).orders.getSalesOrder(order.erpOrderNumber))!;
    const seq = Number((await orderRow(order.id)).source_seq) + 1_000_000;
    // A consumer of its own (its own cursor), handed the same view once more as a later feed event.
    let handed = false;
    const events = {
      poll: async () => {
        if (handed) return { events: [], nextCursor: seq };
        handed = true;
        return {
          events: [
            {
              seq,
              id: randomUUID(),
              type: 'order.created',
              key: order.erpOrderNumber,
              occurredAt: new Date().toISOString(),
              payload: view,
            },
          ],
          nextCursor: seq,
        };
      },
      head: async () => 0,
    } as unknown as EventsPort;
    const logger = createLogger('orders', { LOG_LEVEL: 'error', LOG_FORMAT: 'json' } as never);
    const feed = orderFeed(events, orm.em.fork(), logger, 0, `view-test-${randomUUID().slice(0, 8)}`);
    const before = await timelineTypes(order.id);
    const scope = { correlationId: 'view-test', trace: { traceId: '0'.repeat(32), spanId: '0'.repeat(16), sampled: false }, sqlCount: 0 };
    expect(await runInScope(scope as never, () => feed.runOnce(0))).toBe(1);
    // The cursor read, the inbox row, the order's position, the cursor's move.
    expect(scope.sqlCount).toBe(4);
    expect(feed.snapshot()).toMatchObject({ ignored: 1, applied: 0, cursor: seq });
    expect(Number((await orderRow(order.id)).source_seq)).toBe(seq);
    expect(await timelineTypes(order.id)).toEqual(before);
  }, 120_000);
});
