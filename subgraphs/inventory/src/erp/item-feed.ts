/**
 * The inventory subgraph's ERP change-feed consumer: item master changes (applied only when newer
 * than what we have, by feed position), and stock and order events, which end cached
 * availability answers for the items they touch.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import type { ErpItem, EventsPort } from '@portal/erp/port';
import { FeedConsumer, type FeedEvent, type HandleOutcome } from '@portal/platform/feed';
import type { Logger } from '@portal/platform/logger';
import type { AvailabilityService } from '../availability-service.js';

/** The items an event changes: an item, a stock level, or an order's lines (orders consume or give back ATP). */
function touchedSkus(event: FeedEvent): string[] {
  if (event.type === 'item.changed') return [(event.payload as unknown as ErpItem).sku];
  if (event.type === 'stock.changed') return [String(event.payload.sku)];
  return ((event.payload.lines ?? []) as { sku: string }[]).map((l) => l.sku);
}

/** An item change, applied only when newer than what we have (by feed position): its row when it was. */
function itemUpdate(event: FeedEvent): { sql: string; params: unknown[] } {
  const i = event.payload as unknown as ErpItem;
  return {
    sql: `update "inventory"."item" set name = ?, search_name = ?, uom = ?, lead_time_days = ?, discontinued = ?, successor_sku = ?, synced_at = now(), source_seq = ?
      where sku = ? and source_seq < ? returning sku`,
    params: [i.name, i.name.toLowerCase(), i.uom, i.leadTimeDays, i.discontinued, i.successorSku, event.seq, i.sku, event.seq],
  };
}

export function itemFeed(
  events: EventsPort,
  em: EntityManager,
  logger: Logger,
  availability: AvailabilityService,
  waitMs: number,
): FeedConsumer {
  return new FeedConsumer({
    name: 'erp-items-stock',
    service: 'inventory',
    em,
    logger,
    waitMs,
    types: ['item.changed', 'stock.changed', 'order.created', 'order.changed'],
    poll: (after, o) => events.poll(after, o),
    // Stock and order events only end cached answers; an item change is one statement. Both go
    // with the inbox row and the cursor's move, without a transaction.
    quick(event) {
      availability.invalidate(touchedSkus(event));
      return event.type === 'item.changed' ? { outcome: 'APPLIED', statement: itemUpdate(event) } : { outcome: 'APPLIED' };
    },
    async handle(tx, event): Promise<HandleOutcome> {
      availability.invalidate(touchedSkus(event));
      if (event.type !== 'item.changed') return 'APPLIED';
      const { sql, params } = itemUpdate(event);
      const rows = await tx.getConnection().execute<{ sku: string }[]>(sql, params, 'all', tx.getTransactionContext());
      return rows.length ? 'APPLIED' : 'IGNORED';
    },
  });
}
