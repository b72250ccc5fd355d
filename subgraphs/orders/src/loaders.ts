/** Request-scoped DataLoaders of the orders subgraph: one batched query per lookup kind (commands: `commands.ts`). */
import DataLoader from 'dataloader';
import { byKey, groupBy } from '@portal/platform/batch';
import { returnsOf, type OrderReturnView } from './domain/returns.js';
import type { EntityManager } from '@mikro-orm/postgresql';
import {
  Account,
  Cart,
  CartLine,
  Order,
  OrderLine,
  PortalUser,
  Shipment,
  OrderException,
  TimelineEvent,
  type OrderExceptionEntity,
  type TimelineEventEntity,
  type ShipmentEntity,
  type AccountEntity,
  type CartEntity,
  type CartLineEntity,
  type OrderEntity,
  type OrderLineEntity,
  type PortalUserEntity,
} from './entities/index.js';

/** `businessDate`: the ERP's business date (the service's business clock), read once per request. */
export function createLoaders(em: EntityManager, businessDate: () => Promise<string>) {
  let day: Promise<string> | undefined;
  // Carts this request has loaded, readable without a promise (a cart page asks for each line's
  // effective requested date, which is the cart's unless the line has its own).
  const carts = new Map<string, CartEntity | null>();
  return {
    businessDate: () => (day ??= businessDate()),
    /** A cart `cartById` has loaded in this request (null: not found), undefined if not loaded yet. */
    loadedCart: (id: string): CartEntity | null | undefined => carts.get(id),
    accountById: new DataLoader<string, AccountEntity | null>(async (ids) =>
      byKey(ids, await em.find(Account, { id: { $in: [...ids] } }), (r) => r.id),
    ),
    userById: new DataLoader<string, PortalUserEntity | null>(async (ids) =>
      byKey(ids, await em.find(PortalUser, { id: { $in: [...ids] } }), (r) => r.id),
    ),
    usersByAccount: new DataLoader<string, PortalUserEntity[]>(async (ids) =>
      groupBy(ids, await em.find(PortalUser, { accountId: { $in: [...ids] } }, { orderBy: { id: 'asc' } }), (r) => r.accountId),
    ),
    cartById: new DataLoader<string, CartEntity | null>(async (ids) => {
      const found = byKey(ids, await em.find(Cart, { id: { $in: [...ids] } }), (r) => r.id);
      ids.forEach((id, i) => carts.set(id, found[i] ?? null));
      return found;
    }),
    /** A read-only projection, not managed entities: a cart page of 200 lines hydrates none. */
    linesByCart: new DataLoader<string, CartLineEntity[]>(async (ids) => groupBy(ids, await cartLineRows(em, ids), (r) => r.cartId)),
    cartLineById: new DataLoader<string, CartLineEntity | null>(async (ids) =>
      byKey(ids, await em.find(CartLine, { id: { $in: [...ids] } }), (r) => r.id),
    ),
    orderById: new DataLoader<string, OrderEntity | null>(async (ids) =>
      byKey(ids, await em.find(Order, { id: { $in: [...ids] } }), (r) => r.id),
    ),
    shipmentsByOrder: new DataLoader<string, ShipmentEntity[]>(async (ids) =>
      groupBy(ids, await em.find(Shipment, { orderId: { $in: [...ids] } }, { orderBy: { shippedAt: 'asc', id: 'asc' } }), (r) => r.orderId),
    ),
    timelineByOrder: new DataLoader<string, TimelineEventEntity[]>(async (ids) =>
      groupBy(ids, await em.find(TimelineEvent, { orderId: { $in: [...ids] } }, { orderBy: { seq: 'asc' } }), (r) => r.orderId),
    ),
    exceptionsByOrder: new DataLoader<string, OrderExceptionEntity[]>(async (ids) =>
      groupBy(
        ids,
        await em.find(OrderException, { orderId: { $in: [...ids] } }, { orderBy: { raisedAt: 'asc', id: 'asc' } }),
        (r) => r.orderId,
      ),
    ),
    /** The order's returns: the credit memos on its timeline that name a return order. */
    returnsByOrder: new DataLoader<string, OrderReturnView[]>(async (ids) =>
      groupBy(
        ids,
        await em.find(TimelineEvent, { orderId: { $in: [...ids] }, type: 'credit_memo.issued' }, { orderBy: { seq: 'asc' } }),
        (r) => r.orderId,
      ).map(returnsOf),
    ),
    linesByOrder: new DataLoader<string, OrderLineEntity[]>(async (ids) =>
      groupBy(ids, await em.find(OrderLine, { orderId: { $in: [...ids] } }, { orderBy: { lineNo: 'asc' } }), (r) => r.orderId),
    ),
  };
}
export type Loaders = ReturnType<typeof createLoaders>;

/** Cart lines of some carts in position order, as plain rows shaped like the entity. */
async function cartLineRows(em: EntityManager, cartIds: readonly string[]): Promise<CartLineEntity[]> {
  const rows = await em
    .getConnection()
    .execute<{ id: string; cart_id: string; position: number; sku: string; quantity: number; requested_date: string | null }[]>(
      `select id, cart_id, position, sku, quantity, requested_date::text as requested_date from "orders"."cart_line"
     where cart_id in (${cartIds.map(() => '?').join(', ')}) order by cart_id, position`,
      [...cartIds],
    );
  return rows.map(
    (r) =>
      ({
        id: r.id,
        cartId: r.cart_id,
        position: r.position,
        sku: r.sku,
        quantity: r.quantity,
        requestedDate: r.requested_date,
      }) as CartLineEntity,
  );
}
