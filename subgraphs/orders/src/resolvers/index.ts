/**
 * Orders resolvers: thin. Tenancy is applied where data enters (queries and entity references):
 * a viewer sees their own account's carts and orders; analysts and credit controllers read across accounts.
 */
import { GraphQLError } from 'graphql';
import { accountScope, canReadAccount, hasRole, type Viewer } from '@portal/platform/auth';
import { decodeCursor, pageSize, toConnection } from '@portal/platform/connection';
import { DecimalScalar, MoneyResolvers } from '@portal/platform/money';
import { DateScalar, DateTimeScalar } from '@portal/platform/scalars';
import type { ApproveOutcome, RejectOutcome } from '../approvals.js';
import { effectiveLimit } from '../domain/approval-rules.js';
import { setDefaultSpendingLimit } from '../spending.js';
import type { SubmitOutcome } from '../submit.js';
import { toCartResult } from '../carts.js';
import type { Context } from '../context.js';
import { Cart, Order, OrderLine, type CartEntity, type OrderEntity } from '../entities/index.js';
import type { CartStatus, Resolvers, ResolversTypes, ResolversUnionTypes, Role } from '../generated/resolvers.js';
import { isUuid } from '../domain/ids.js';
import { requestedDateOf } from '../domain/cart-rules.js';
import { reportResolvers } from './reports.js';
import { orderTimelineFields, timelineResolvers } from './timeline.js';
import { timelineByOccurrence, withEventTimes } from './timeline-time.js';
import { returnStatus, returnedByLine } from '../domain/returns.js';

const toRole = (r: string) => r.toUpperCase() as Role;

/** What a resolver of a union-typed field returns: one member, named by its `__typename`. */
type Union<K extends keyof ResolversUnionTypes<ResolversTypes>> = ResolversUnionTypes<ResolversTypes>[K];

function visible<T extends { accountId: string }>(viewer: Viewer, row: T | null): T | null {
  return row && canReadAccount(viewer, row.accountId) ? row : null;
}

async function visibleCart(id: string, ctx: Context): Promise<CartEntity | null> {
  if (!isUuid(id)) return null;
  return visible(ctx.viewer, await ctx.loaders.cartById.load(id.toLowerCase()));
}

async function visibleOrder(id: string, ctx: Context): Promise<OrderEntity | null> {
  if (id.length > 255) return null;
  return visible(ctx.viewer, await ctx.loaders.orderById.load(id));
}

/** Order list cursor: placedAt (ms) + id, so the order is total and stable. */
const orderKey = (o: OrderEntity) => `${o.placedAt.getTime()}|${o.id}`;

async function approvalResult(o: ApproveOutcome, ctx: Context): Promise<Union<'ApproveCartResult'>>;
async function approvalResult(o: RejectOutcome, ctx: Context): Promise<Union<'RejectCartResult'>>;
async function approvalResult(
  o: ApproveOutcome | RejectOutcome,
  ctx: Context,
): Promise<Union<'ApproveCartResult'> | Union<'RejectCartResult'>> {
  switch (o.kind) {
    case 'Approved':
      return { __typename: 'OrderSubmitted', order: await ctx.em.fork().findOneOrFail(Order, { id: o.orderId }) };
    case 'Rejected':
      return { __typename: 'Cart', ...o.cart };
    case 'CartNotFound':
      return { __typename: 'CartNotFound', errorCode: 'CART_NOT_FOUND', message: 'no such cart in your account' };
    case 'CartLocked':
      return {
        __typename: 'CartLocked',
        errorCode: 'NOT_PENDING_APPROVAL',
        message: `the cart is ${o.status}, not waiting for approval`,
        status: o.status as CartStatus,
      };
    case 'InvalidInput':
      return { __typename: 'InvalidInput', errorCode: 'INVALID_INPUT', message: o.message, field: o.field };
    case 'NotAllowed':
      return {
        __typename: 'ApprovalNotAllowed',
        errorCode: o.code,
        message: o.message,
        total: { amount: o.total, currency: o.currency },
        approvalLimit: { amount: o.approvalLimit, currency: o.currency },
      };
    case 'AlreadySubmitted':
      return alreadySubmitted(o.orderId, 'this cart already has an order');
    case 'PriceChanged':
    case 'AvailabilityChanged':
      return checkResult(o, ctx);
  }
}

const alreadySubmitted = (orderId: string | null, message: string) => ({
  __typename: 'CartAlreadySubmitted' as const,
  errorCode: 'CART_ALREADY_SUBMITTED',
  message,
  orderId,
});

/** A changed price or availability, as submit and approve report it (the cart as it is now). */
async function checkResult(
  o: Extract<SubmitOutcome, { kind: 'PriceChanged' | 'AvailabilityChanged' }>,
  ctx: Context,
): Promise<Extract<Union<'SubmitCartResult'>, { __typename: 'PriceChanged' | 'AvailabilityChanged' }>> {
  const cart = await ctx.em.fork().findOneOrFail(Cart, { id: o.cartId });
  return o.kind === 'PriceChanged'
    ? {
        __typename: 'PriceChanged',
        errorCode: 'PRICE_CHANGED',
        message: 'prices changed since the quote; review the changes and submit again with the new quote',
        cart,
        quoteId: o.quoteId,
        changes: o.changes.map((c) => {
          const money = (amount: string | null) => (amount === null ? null : { amount, currency: cart.currency });
          return {
            ...c,
            oldNetAmount: money(c.oldNetAmount),
            newNetAmount: money(c.newNetAmount),
            oldUnitPrice: money(c.oldUnitPrice),
            newUnitPrice: money(c.newUnitPrice),
          };
        }),
        totalChanges: o.totalChanges.map((t) => ({
          total: t.total,
          oldAmount: { amount: t.old, currency: cart.currency },
          newAmount: { amount: t.new, currency: cart.currency },
        })),
      }
    : {
        __typename: 'AvailabilityChanged',
        errorCode: 'AVAILABILITY_CHANGED',
        message: 'availability changed since it was shown; review and submit again',
        cart,
        changes: o.changes,
      };
}

export const resolvers: Resolvers = {
  ...withEventTimes(timelineResolvers),
  ...reportResolvers,
  Decimal: DecimalScalar,
  Money: MoneyResolvers,
  Date: DateScalar,
  DateTime: DateTimeScalar,
  Query: {
    ...reportResolvers.Query,
    me: (_p, _a, ctx) => ctx.viewer,
    cart: (_p, { id }, ctx) => visibleCart(id, ctx),
    async carts(_p, { status }, ctx) {
      const rows = await ctx.em.find(
        Cart,
        { accountId: ctx.viewer.accountId, ...(status ? { status } : {}) },
        { orderBy: { createdAt: 'desc', id: 'asc' } },
      );
      for (const r of rows) ctx.loaders.cartById.prime(r.id, r);
      return rows;
    },
    order: (_p, { id }, ctx) => visibleOrder(id, ctx),
    async pendingApprovals(_p, _a, ctx) {
      if (!hasRole(ctx.viewer, 'approver', 'admin'))
        throw new GraphQLError('only approvers see carts waiting for approval', { extensions: { code: 'FORBIDDEN' } });
      return ctx.em.find(Cart, { accountId: ctx.viewer.accountId, status: 'PENDING_APPROVAL' }, { orderBy: { updatedAt: 'asc' } });
    },
    async orders(_p, { filter, first, after, accountIds }, ctx) {
      const limit = pageSize(first);
      const afterKey = decodeCursor(after);
      const scope = accountScope(ctx.viewer, accountIds);
      const where: Record<string, unknown> = scope ? { accountId: { $in: scope } } : {};
      if (filter?.status?.length) where.status = { $in: filter.status };
      if (filter?.placedFrom || filter?.placedTo)
        where.placedAt = {
          ...(filter.placedFrom ? { $gte: new Date(`${filter.placedFrom}T00:00:00Z`) } : {}),
          ...(filter.placedTo ? { $lt: new Date(Date.parse(`${filter.placedTo}T00:00:00Z`) + 86_400_000) } : {}),
        };
      const text = filter?.text?.trim();
      if (text) {
        if (text.length > 64)
          throw new GraphQLError('text: at most 64 characters', { extensions: { code: 'BAD_USER_INPUT', argumentName: 'filter' } });
        const like = `${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
        const withSku = await ctx.em.find(OrderLine, { sku: text.toUpperCase() }, { fields: ['orderId'], limit: 1000 });
        where.$or = [{ number: { $like: like } }, { erpOrderNumber: { $like: like } }, { id: { $in: withSku.map((l) => l.orderId) } }];
      }
      let paged: object = where;
      if (afterKey) {
        const [ms, id] = afterKey.split('|');
        const at = new Date(Number(ms));
        if (!id || Number.isNaN(at.getTime()))
          throw new GraphQLError('`after` is not a cursor this API issued', { extensions: { code: 'BAD_USER_INPUT' } });
        paged = { $and: [where, { $or: [{ placedAt: { $lt: at } }, { placedAt: at, id: { $gt: id } }] }] };
      }
      const [rows, total] = await Promise.all([
        limit === 0 ? Promise.resolve([]) : ctx.em.find(Order, paged, { orderBy: { placedAt: 'desc', id: 'asc' }, limit: limit + 1 }),
        ctx.em.count(Order, where),
      ]);
      return toConnection(rows, limit, orderKey, total);
    },
  },
  Mutation: {
    ...timelineResolvers.Mutation,
    createCart: async (_p, { input }, ctx) => toCartResult(await ctx.loaders.carts.create(ctx.viewer, input ?? {})),
    addCartLines: async (_p, { cartId, lines }, ctx) => toCartResult(await ctx.loaders.carts.addLines(ctx.viewer, cartId, lines)),
    updateCartLine: async (_p, { cartId, lineId, quantity, requestedDate }, ctx) =>
      toCartResult(
        await ctx.loaders.carts.updateLine(ctx.viewer, cartId, lineId, {
          quantity,
          ...(requestedDate !== undefined ? { requestedDate } : {}),
        }),
      ),
    removeCartLines: async (_p, { cartId, lineIds }, ctx) => toCartResult(await ctx.loaders.carts.removeLines(ctx.viewer, cartId, lineIds)),
    saveCart: async (_p, { cartId, name }, ctx) => toCartResult(await ctx.loaders.carts.save(ctx.viewer, cartId, name)),
    async setDefaultSpendingLimit(_p, { amount }, ctx) {
      if (!hasRole(ctx.viewer, 'admin'))
        throw new GraphQLError("only the account's admins set its default spending limit", { extensions: { code: 'FORBIDDEN' } });
      const o = await setDefaultSpendingLimit(ctx.em.fork(), ctx.viewer, amount);
      if ('invalid' in o) return { __typename: 'InvalidInput', errorCode: 'INVALID_INPUT', message: o.invalid, field: 'amount' };
      return { __typename: 'Account', ...o.account };
    },
    async reorder(_p, { orderId }, ctx) {
      const o = await ctx.loaders.carts.reorder(ctx.viewer, orderId);
      if ('error' in o) return { __typename: 'OrderNotFound', errorCode: 'ORDER_NOT_FOUND', message: 'no such order in your account' };
      return { __typename: 'ReorderedCart', cart: o.cart, replaced: o.replaced, leftOut: o.leftOut };
    },
    async approveCart(_p, { cartId, comment }, ctx) {
      const o = await ctx.loaders.approve(ctx.viewer, cartId, comment ?? null);
      return approvalResult(o, ctx);
    },
    async rejectCart(_p, { cartId, reason }, ctx) {
      const o = await ctx.loaders.reject(ctx.viewer, cartId, reason);
      return approvalResult(o, ctx);
    },
    async submitCart(_p, { input }, ctx) {
      const outcome = await ctx.loaders.submit(ctx.viewer, input);
      switch (outcome.kind) {
        case 'OrderSubmitted':
          return { __typename: 'OrderSubmitted', order: await ctx.em.fork().findOneOrFail(Order, { id: outcome.orderId }) };
        case 'ApprovalRequired': {
          const cart = await ctx.em.fork().findOneOrFail(Cart, { id: outcome.cartId });
          return {
            __typename: 'ApprovalRequired',
            cart,
            total: { amount: outcome.total, currency: cart.currency },
            spendingLimit: { amount: outcome.spendingLimit, currency: cart.currency },
          };
        }
        case 'PriceChanged':
        case 'AvailabilityChanged':
          return await checkResult(outcome, ctx);
        case 'CartAlreadySubmitted':
          return alreadySubmitted(outcome.orderId, outcome.message);
        case 'SubmitRejected':
          return { __typename: 'SubmitRejected', errorCode: outcome.errorCode, message: outcome.message };
        case 'MinimumOrderValueNotMet':
          return {
            __typename: 'MinimumOrderValueNotMet',
            errorCode: 'MINIMUM_ORDER_VALUE_NOT_MET',
            message: outcome.message,
            minimum: { amount: outcome.minimum, currency: outcome.currency },
            shortBy: { amount: outcome.shortBy, currency: outcome.currency },
          };
      }
    },
  },
  Viewer: {
    async user(viewer, _a, ctx) {
      const user = await ctx.loaders.userById.load(viewer.userId);
      if (user && user.accountId === viewer.accountId) return user;
      // A valid token for a user the portal has not synced (yet): describe them from the token.
      return {
        id: viewer.userId,
        accountId: viewer.accountId,
        name: viewer.userId,
        email: '',
        role: viewer.roles[0] ?? 'buyer',
        spendingLimit: null,
      };
    },
    roles: (viewer) => viewer.roles.map(toRole),
    async account(viewer, _a, ctx) {
      const account = await ctx.loaders.accountById.load(viewer.accountId);
      // Seller staff (credit controllers) belong to no customer account.
      if (!account && hasRole(viewer, 'credit_controller')) return null;
      if (!account) throw new GraphQLError(`account ${viewer.accountId} is not known to the portal`, { extensions: { code: 'FORBIDDEN' } });
      return account;
    },
  },
  User: {
    role: (u) => toRole(u.role),
    spendingLimit: async (u, _a, ctx) => {
      if (u.spendingLimit === null || u.spendingLimit === undefined) return null;
      const account = await ctx.loaders.accountById.load(u.accountId);
      return { amount: u.spendingLimit, currency: account?.currency ?? 'USD' };
    },
  },
  Account: {
    async __resolveReference(ref, ctx) {
      const account = await ctx.loaders.accountById.load(ref.id);
      return account && canReadAccount(ctx.viewer, account.id) ? account : null;
    },
    users: (a, _args, ctx) => ctx.loaders.usersByAccount.load(a.id),
    async spendingLimit(a, _args, ctx) {
      if (a.id !== ctx.viewer.accountId) return null;
      const user = await ctx.loaders.userById.load(ctx.viewer.userId);
      return { amount: effectiveLimit(user?.spendingLimit, a.defaultSpendingLimit).toFixed(), currency: a.currency };
    },
    defaultSpendingLimit: (a, _args, ctx) =>
      canReadAccount(ctx.viewer, a.id) && a.defaultSpendingLimit !== null && a.defaultSpendingLimit !== undefined
        ? { amount: a.defaultSpendingLimit, currency: a.currency }
        : null,
  },
  Cart: {
    __resolveReference: (ref, ctx) => visibleCart(ref.id, ctx),
    status: (c) => c.status as CartStatus,
    name: (c) => c.name ?? null,
    requestedDeliveryDate: (c) => c.requestedDeliveryDate ?? null,
    lines: (c, _a, ctx) => ctx.loaders.linesByCart.load(c.id),
    approval: (c) =>
      c.decidedBy && c.decidedAt ? { decidedBy: c.decidedBy, decidedAt: c.decidedAt, comment: c.decisionComment ?? null } : null,
    returned: (c) =>
      c.returnedReason && c.returnedAt ? { reason: c.returnedReason, at: c.returnedAt, by: c.returnedBy ?? 'portal' } : null,
  },
  CartLine: {
    async __resolveReference(ref, ctx) {
      if (!isUuid(ref.id)) return null;
      const line = await ctx.loaders.cartLineById.load(ref.id);
      return line && (await visibleCart(line.cartId, ctx)) ? line : null;
    },
    requestedDate: (l) => l.requestedDate ?? null,
    // The line's own date, else its cart's: the cart is loaded by then on a cart page, so no promise per line.
    effectiveRequestedDate: (l, _a, ctx) => {
      if (l.requestedDate) return requestedDateOf(l.requestedDate, null);
      const cart = ctx.loaders.loadedCart(l.cartId);
      if (cart !== undefined) return requestedDateOf(l.requestedDate, cart?.requestedDeliveryDate);
      return ctx.loaders.cartById.load(l.cartId).then((c) => requestedDateOf(l.requestedDate, c?.requestedDeliveryDate));
    },
    item: (l) => ({ sku: l.sku }),
  },
  Order: {
    ...reportResolvers.Order,
    __resolveReference: (ref, ctx) => visibleOrder(ref.id, ctx),
    status: (o) => o.status as never,
    erpOrderNumber: (o) => o.erpOrderNumber ?? null,
    acceptedAt: (o) => o.acceptedAt ?? null,
    lines: (o, _a, ctx) => ctx.loaders.linesByOrder.load(o.id),
    holdReason: (o) => o.holdReason ?? null,
    shipments: (o, _a, ctx) => ctx.loaders.shipmentsByOrder.load(o.id),
    returns: (o, _a, ctx) => ctx.loaders.returnsByOrder.load(o.id),
    async returnStatus(o, _a, ctx) {
      const [lines, returns] = await Promise.all([ctx.loaders.linesByOrder.load(o.id), ctx.loaders.returnsByOrder.load(o.id)]);
      return returnStatus(lines, returns);
    },
    ...(orderTimelineFields as object),
    timeline: timelineByOccurrence,
  },
  Shipment: {
    trackingUrl: (s) => s.trackingUrl ?? null,
    deliveredAt: (s) => s.deliveredAt ?? null,
    plannedDeliveryDate: (s) => s.plannedDeliveryDate ?? null,
  },
  OrderLine: {
    item: (l) => ({ sku: l.sku }),
    scheduleLines: (l) => l.scheduleLines ?? [],
    proposedSku: (l) => l.proposedSku ?? null,
    cancelledQuantity: (l) => l.cancelledQuantity ?? 0,
    returnedQuantity: async (l, _a, ctx) => returnedByLine(await ctx.loaders.returnsByOrder.load(l.orderId)).get(l.lineNo) ?? 0,
  },
};
