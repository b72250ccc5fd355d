/** Request-scoped DataLoaders of the orders subgraph: one batched query per lookup kind. */
import DataLoader from 'dataloader';
import { byKey, groupBy } from '@portal/platform/batch';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { InternalClient } from '@portal/platform/internal-client';
import type { Viewer } from '@portal/platform/auth';
import { approveCart, rejectCart } from './approvals.js';
import { cartService } from './carts.js';
import type { OrdersDeps } from './deps.js';
import { submitCart, type SubmitInput } from './submit.js';
import { disputeOrderPrice, resolveOrderException } from './exceptions.js';
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
export function createLoaders(em: EntityManager, inventory: InternalClient, submit: () => OrdersDeps, businessDate: () => Promise<string>) {
  let day: Promise<string> | undefined;
  return {
    businessDate: () => (day ??= businessDate()),
    carts: cartService(em, inventory),
    submit: (viewer: Viewer, input: SubmitInput) => submitCart(submit(), viewer, input),
    approve: (viewer: Viewer, cartId: string, comment: string | null) => approveCart(submit(), viewer, cartId, comment),
    reject: (viewer: Viewer, cartId: string, reason: string) => rejectCart(submit(), viewer, cartId, reason),
    resolveException: (viewer: Viewer, input: Parameters<typeof resolveOrderException>[2]) =>
      resolveOrderException(submit(), viewer, input),
    disputePrice: (viewer: Viewer, input: Parameters<typeof disputeOrderPrice>[2]) => disputeOrderPrice(submit(), viewer, input),
    accountById: new DataLoader<string, AccountEntity | null>(async (ids) =>
      byKey(ids, await em.find(Account, { id: { $in: [...ids] } }), (r) => r.id),
    ),
    userById: new DataLoader<string, PortalUserEntity | null>(async (ids) =>
      byKey(ids, await em.find(PortalUser, { id: { $in: [...ids] } }), (r) => r.id),
    ),
    usersByAccount: new DataLoader<string, PortalUserEntity[]>(async (ids) =>
      groupBy(ids, await em.find(PortalUser, { accountId: { $in: [...ids] } }, { orderBy: { id: 'asc' } }), (r) => r.accountId),
    ),
    cartById: new DataLoader<string, CartEntity | null>(async (ids) =>
      byKey(ids, await em.find(Cart, { id: { $in: [...ids] } }), (r) => r.id),
    ),
    linesByCart: new DataLoader<string, CartLineEntity[]>(async (ids) =>
      groupBy(ids, await em.find(CartLine, { cartId: { $in: [...ids] } }, { orderBy: { position: 'asc' } }), (r) => r.cartId),
    ),
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
    linesByOrder: new DataLoader<string, OrderLineEntity[]>(async (ids) =>
      groupBy(ids, await em.find(OrderLine, { orderId: { $in: [...ids] } }, { orderBy: { lineNo: 'asc' } }), (r) => r.orderId),
    ),
  };
}
export type Loaders = ReturnType<typeof createLoaders>;
