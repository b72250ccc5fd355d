/**
 * The two clocks of a timeline event and the timeline's order: `occurredAt` (business time of the
 * fact; `at` is its deprecated alias), `recordedAt` (when the portal stored it), `reconstructed`
 * (rebuilt from the ERP's document flow), and `Order.timeline` listed by `occurredAt`, then by the
 * order events were stored (the hash chain's order, which the loader keeps for verification).
 */
import type { Context } from '../context.js';
import type { OrderEntity, TimelineEventEntity } from '../entities/index.js';

const EVENT_TYPES = [
  'OrderTimelineEvent',
  'PricingSnapshotEvent',
  'AvailabilityCheckEvent',
  'ApprovalEvent',
  'ShipmentEvent',
  'BillingEvent',
  'ExceptionEvent',
] as const;

const times = {
  occurredAt: (e: TimelineEventEntity) => e.at,
  recordedAt: (e: TimelineEventEntity) => e.recordedAt,
  reconstructed: (e: TimelineEventEntity) => e.reconstructed,
};

/** The resolvers with each timeline event type's stamps added. */
export function withEventTimes<R extends object>(resolvers: R): R {
  const out = { ...resolvers } as Record<string, unknown>;
  for (const t of EVENT_TYPES) out[t] = { ...((out[t] as object | undefined) ?? {}), ...times };
  return out as R;
}

export function byOccurrence(events: readonly TimelineEventEntity[]): TimelineEventEntity[] {
  return [...events].sort((a, b) => a.at.getTime() - b.at.getTime() || Number(a.seq) - Number(b.seq));
}

/** `Order.timeline`: by when each fact happened, then by the order it was stored. */
export async function timelineByOccurrence(o: OrderEntity, _a: unknown, ctx: Context): Promise<TimelineEventEntity[]> {
  return byOccurrence(await ctx.loaders.timelineByOrder.load(o.id));
}
