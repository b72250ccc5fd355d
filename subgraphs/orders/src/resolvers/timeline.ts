/**
 * Resolvers of the order timeline, exceptions and the order subscriptions. Timeline events are
 * stored rows (type + JSON data); each GraphQL type reads its fields from the data.
 */
import { GraphQLError } from 'graphql';
import { canReadAccount } from '@portal/platform/auth';
import type { SubscriptionContext } from '@portal/platform/subgraph';
import type { Context } from '../context.js';
import type { DisputeOutcome, ExceptionOutcome } from '../exception-commands.js';
import type { LateConfirmationDetails } from '../domain/exception-rules.js';
import { Order, type OrderEntity, type OrderExceptionEntity, type TimelineEventEntity } from '../entities/index.js';
import type { OrderExceptionAction, Resolvers, ResolversTypes, ResolversUnionTypes } from '../generated/resolvers.js';
import { decodeCursor, encodeCursor, verifyEvents } from '../timeline.js';
import { orderUpdates, type FanoutScope } from '../timeline-fanout.js';
import type { Loaders } from '../loaders.js';

type Data = Record<string, unknown>;
const data = (e: TimelineEventEntity) => e.data as Data;
const str = (v: unknown) => (v === undefined || v === null ? null : String(v));
const num = (v: unknown) => (typeof v === 'number' ? v : null);

/** The GraphQL type of a timeline fact, by its fact type. */
export type TimelineTypename =
  | 'PricingSnapshotEvent'
  | 'AvailabilityCheckEvent'
  | 'ApprovalEvent'
  | 'ShipmentEvent'
  | 'BillingEvent'
  | 'ExceptionEvent'
  | 'OrderTimelineEvent';

export function timelineTypename(type: string): TimelineTypename {
  if (type === 'pricing.snapshot') return 'PricingSnapshotEvent';
  if (type === 'availability.checked') return 'AvailabilityCheckEvent';
  if (type.startsWith('approval.')) return 'ApprovalEvent';
  if (type.startsWith('shipment.')) return 'ShipmentEvent';
  if (type.startsWith('invoice.') || type.startsWith('credit_memo.')) return 'BillingEvent';
  if (type.startsWith('exception.')) return 'ExceptionEvent';
  return 'OrderTimelineEvent';
}

/** The lines of a timeline fact; their prices are in the order's currency. */
function timelineLines(raw: unknown, currency: string) {
  const money = (v: unknown) => {
    const amount = str(v);
    return amount === null ? null : { amount, currency };
  };
  return (Array.isArray(raw) ? (raw as Data[]) : []).map((l) => ({
    lineNo: num(l.lineNo),
    sku: String(l.sku),
    quantity: Number(l.quantity),
    confirmedQuantity: num(l.confirmedQuantity),
    status: str(l.status),
    unitPrice: money(l.unitPrice),
    netAmount: money(l.netAmount),
    availabilityStatus: str(l.availabilityStatus ?? (l.atpDate !== undefined ? l.status : null)),
    atpDate: str(l.atpDate),
    scheduleLines: Array.isArray(l.scheduleLines)
      ? (l.scheduleLines as Data[]).map((s) => ({ date: String(s.date), quantity: Number(s.quantity), basis: String(s.basis ?? 'SUPPLY') }))
      : [],
  }));
}

const common = {
  cursor: (e: TimelineEventEntity) => encodeCursor(Number(e.seq)),
  actor: (e: TimelineEventEntity) => e.actor ?? null,
  prevHash: (e: TimelineEventEntity) => e.prevHash ?? null,
};

async function orderCurrency(e: TimelineEventEntity, ctx: Context): Promise<string> {
  return str(data(e).currency) ?? (await ctx.loaders.orderById.load(e.orderId))?.currency ?? 'USD';
}

type Union<K extends keyof ResolversUnionTypes<ResolversTypes>> = ResolversUnionTypes<ResolversTypes>[K];
type Maybe<T> = Promise<T> | T;

function exceptionResult(
  o: ExceptionOutcome,
  ctx: Context,
  successType: 'OrderExceptionResolved',
): Maybe<Union<'ResolveOrderExceptionResult'>>;
function exceptionResult(o: DisputeOutcome, ctx: Context, successType: 'OrderExceptionRaised'): Maybe<Union<'DisputeOrderPriceResult'>>;
function exceptionResult(
  o: ExceptionOutcome,
  ctx: Context,
  successType: 'OrderExceptionResolved' | 'OrderExceptionRaised',
): Maybe<Union<'ResolveOrderExceptionResult'> | Union<'DisputeOrderPriceResult'>> {
  switch (o.kind) {
    case 'Done':
      return ctx.em
        .fork()
        .findOneOrFail(Order, { id: o.orderId })
        .then((order) => ({ __typename: successType, order, exception: o.exception }));
    case 'Pending':
      return ctx.em
        .fork()
        .findOneOrFail(Order, { id: o.orderId })
        .then((order) => ({ __typename: 'ResolutionPending', order, exception: o.exception, message: o.message }));
    case 'OrderNotFound':
      return { __typename: 'OrderNotFound', errorCode: 'ORDER_NOT_FOUND', message: 'no such order in your account' };
    case 'ExceptionNotFound':
      return { __typename: 'ExceptionNotFound', errorCode: 'EXCEPTION_NOT_FOUND', message: 'no such exception on this order' };
    case 'ActionNotAllowed':
      return {
        __typename: 'ActionNotAllowed',
        errorCode: o.errorCode,
        message: o.message,
        allowedActions: o.allowed as OrderExceptionAction[],
      };
    case 'ErpUnavailable':
      return { __typename: 'ErpUnavailable', errorCode: 'ERP_UNAVAILABLE', message: o.message };
    case 'InvalidInput':
      return { __typename: 'InvalidInput', errorCode: 'INVALID_INPUT', message: o.message, field: o.field };
  }
}

function parseAfter(after: string | null | undefined): number | null {
  if (after === null || after === undefined) return null;
  const seq = decodeCursor(after);
  if (seq === null)
    throw new GraphQLError('`after` is not a cursor this API issued', { extensions: { code: 'BAD_USER_INPUT', argumentName: 'after' } });
  return seq;
}

/**
 * Each timeline event as an OrderUpdate, with the order as read for that event: a replay after the
 * cursor reads the table, live events come from the replica's fan-out (read once for everyone).
 */
function updates(ctx: SubscriptionContext<Loaders>, scope: FanoutScope, after: number | null) {
  return orderUpdates(ctx as unknown as Parameters<typeof orderUpdates>[0], scope, after);
}

export const timelineResolvers: Resolvers = {
  Mutation: {
    async resolveOrderException(_p, { orderId, exceptionId, action, comment }, ctx) {
      const o = await ctx.loaders.resolveException(ctx.viewer, { orderId, exceptionId, action, comment: comment ?? null });
      return exceptionResult(o, ctx, 'OrderExceptionResolved');
    },
    async disputeOrderPrice(_p, { orderId, lineId, reason }, ctx) {
      const o = await ctx.loaders.disputePrice(ctx.viewer, { orderId, lineId, reason });
      return exceptionResult(o, ctx, 'OrderExceptionRaised');
    },
  },
  Subscription: {
    orderUpdated: {
      // Checks happen before the stream starts, so a refusal is an error result, not a broken stream.
      subscribe: (async (
        _p: unknown,
        { orderId, after }: { orderId: string; after?: string | null },
        ctx: SubscriptionContext<Loaders>,
      ) => {
        const afterSeq = parseAfter(after);
        const order = orderId.length <= 255 ? await ctx.em.findOne(Order, { id: orderId }) : null;
        if (!order || !canReadAccount(ctx.viewer, order.accountId))
          throw new GraphQLError('no such order in your account', { extensions: { code: 'NOT_FOUND' } });
        return updates(ctx, { accountId: order.accountId, orderId: order.id }, afterSeq);
      }) as never,
      resolve: ((update: unknown) => update) as never,
    },
    accountOrderUpdates: {
      subscribe: (async (_p: unknown, { after }: { after?: string | null }, ctx: SubscriptionContext<Loaders>) => {
        const afterSeq = parseAfter(after);
        return updates(ctx, { accountId: ctx.viewer.accountId }, afterSeq);
      }) as never,
      resolve: ((update: unknown) => update) as never,
    },
  },
  TimelineEvent: {
    __resolveType: (e) => timelineTypename(e.type),
  },
  OrderTimelineEvent: {
    ...common,
    erpOrderNumber: (e) => str(data(e).erpOrderNumber),
    status: (e) => (str(data(e).to ?? data(e).status) as never) ?? null,
    previousStatus: (e) => (str(data(e).from) as never) ?? null,
    lines: async (e, _a, ctx) => timelineLines(data(e).lines, await orderCurrency(e, ctx)),
  },
  PricingSnapshotEvent: {
    ...common,
    quoteId: (e) => String(data(e).quoteId),
    pricingDate: (e) => String(data(e).pricingDate),
    total: (e) => ({ amount: String((data(e).totals as Data | undefined)?.total ?? '0'), currency: String(data(e).currency) }),
    lines: async (e, _a, ctx) => timelineLines(data(e).lines, await orderCurrency(e, ctx)),
  },
  AvailabilityCheckEvent: {
    ...common,
    lines: async (e, _a, ctx) =>
      timelineLines(
        ((data(e).lines as Data[] | undefined) ?? []).map((l) => ({ ...l, availabilityStatus: l.status, status: null })),
        await orderCurrency(e, ctx),
      ),
  },
  ApprovalEvent: {
    ...common,
    decision: (e) => (e.type === 'approval.requested' ? 'REQUESTED' : 'APPROVED'),
    comment: (e) => str(data(e).comment),
    total: async (e, _a, ctx) =>
      data(e).total === undefined ? null : { amount: String(data(e).total), currency: await orderCurrency(e, ctx) },
    spendingLimit: async (e, _a, ctx) =>
      data(e).spendingLimit === undefined ? null : { amount: String(data(e).spendingLimit), currency: await orderCurrency(e, ctx) },
  },
  ShipmentEvent: {
    ...common,
    shipmentId: (e) => String(data(e).shipmentId),
    carrier: (e) => String(data(e).carrier),
    trackingNumber: (e) => String(data(e).trackingNumber),
    trackingUrl: (e) => str(data(e).trackingUrl),
    lines: (e) =>
      ((data(e).lines as Data[] | undefined) ?? []).map((l) => ({
        lineNo: Number(l.lineNo),
        sku: String(l.sku),
        quantity: Number(l.quantity),
      })),
  },
  BillingEvent: {
    ...common,
    invoiceNumber: (e) => String(data(e).invoiceNumber),
    creditMemoNumber: (e) => str(data(e).creditMemoNumber),
    amount: async (e, _a, ctx) => ({ amount: String(data(e).total ?? data(e).amount ?? '0'), currency: await orderCurrency(e, ctx) }),
    balance: async (e, _a, ctx) =>
      data(e).balance === undefined ? null : { amount: String(data(e).balance), currency: await orderCurrency(e, ctx) },
    reason: (e) => str(data(e).reason),
  },
  ExceptionEvent: {
    ...common,
    exceptionId: (e) => String(data(e).exceptionId),
    exceptionType: (e) => String(data(e).exceptionType) as never,
    reasonCode: (e) => String(data(e).reasonCode),
    lineNo: (e) => num(data(e).lineNo),
    resolution: (e) => str(data(e).resolution),
    comment: (e) => str(data(e).comment),
  },
  OrderException: {
    type: (x) => x.type as never,
    status: (x) => x.status as never,
    actions: (x) => x.actions as never,
    lineNo: (x) => x.lineNo ?? null,
    sku: (x) => str(x.details.sku),
    proposedSku: (x) => str(x.details.proposedSku),
    raisedBy: (x) => x.raisedBy ?? null,
    resolvedAt: (x) => x.resolvedAt ?? null,
    resolution: (x: OrderExceptionEntity) =>
      x.status === 'RESOLVED' && x.resolvedAt
        ? { action: x.resolution ?? 'RESOLVED', by: x.resolvedBy ?? 'erp', at: x.resolvedAt, comment: x.comment ?? null }
        : null,
    lateConfirmation: (x: OrderExceptionEntity) => {
      if (x.type !== 'LATE_CONFIRMATION') return null;
      const d = x.details as unknown as LateConfirmationDetails;
      return {
        promisedDate: d.promisedDate,
        promisedQuantity: d.quantity,
        onTimeQuantity: d.onTimeQuantity,
        lateQuantity: d.lateQuantity,
        confirmedDate: d.confirmedDate,
        late: d.late,
      };
    },
    pendingRequest: (x: OrderExceptionEntity) =>
      x.status === 'OPEN' && x.request
        ? { action: x.request.action as never, by: x.request.by, at: new Date(x.request.at), comment: x.request.comment }
        : null,
  },
};

/** Order fields that read the timeline and exceptions (batched per request). */
export const orderTimelineFields = {
  origin: (o: OrderEntity) => o.origin,
  correlationId: (o: OrderEntity) => o.correlationId ?? null,
  async exceptions(o: OrderEntity, { status }: { status?: string | null }, ctx: Context) {
    const all = await ctx.loaders.exceptionsByOrder.load(o.id);
    return all
      .filter((x) => !status || x.status === status)
      .sort((a, b) => Number(b.status === 'OPEN') - Number(a.status === 'OPEN') || a.raisedAt.getTime() - b.raisedAt.getTime());
  },
  timeline: (o: OrderEntity, _a: unknown, ctx: Context) => ctx.loaders.timelineByOrder.load(o.id),
  async timelineVerified(o: OrderEntity, _a: unknown, ctx: Context) {
    return verified(await ctx.loaders.timelineByOrder.load(o.id)).valid;
  },
  async timelineVerification(o: OrderEntity, _a: unknown, ctx: Context) {
    const v = verified(await ctx.loaders.timelineByOrder.load(o.id));
    return { valid: v.valid, checkedEvents: v.checked, brokenEventId: v.brokenEventId, reason: v.reason };
  },
};

/** One chain check per order and request, however many verification fields ask for it. */
const checked = new WeakMap<readonly TimelineEventEntity[], ReturnType<typeof verifyEvents>>();
function verified(events: readonly TimelineEventEntity[]) {
  let v = checked.get(events);
  if (!v) checked.set(events, (v = verifyEvents(events)));
  return v;
}
