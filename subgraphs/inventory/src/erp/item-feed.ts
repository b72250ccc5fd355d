/**
 * The inventory subgraph's ERP change-feed consumer: item master changes (applied only when newer
 * than what we have, by feed position), and stock and order events, which end cached
 * availability answers for the items they touch.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import type { ErpItem, EventsPort } from '@portal/erp/port';
import { FeedConsumer, type HandleOutcome } from '@portal/platform/feed';
import type { Logger } from '@portal/platform/logger';
import type { AvailabilityService } from '../availability-service.js';

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
    async handle(tx, event): Promise<HandleOutcome> {
      switch (event.type) {
        case 'item.changed': {
          const i = event.payload as unknown as ErpItem;
          const rows = await tx.getConnection().execute<{ sku: string }[]>(
            `update "inventory"."item" set name = ?, search_name = ?, uom = ?, lead_time_days = ?, discontinued = ?, successor_sku = ?, synced_at = now(), source_seq = ?
             where sku = ? and source_seq < ? returning sku`,
            [i.name, i.name.toLowerCase(), i.uom, i.leadTimeDays, i.discontinued, i.successorSku, event.seq, i.sku, event.seq],
            'all',
            tx.getTransactionContext(),
          );
          availability.invalidate([i.sku]);
          return rows.length ? 'APPLIED' : 'IGNORED';
        }
        case 'stock.changed':
          availability.invalidate([String(event.payload.sku)]);
          return 'APPLIED';
        default: {
          // Orders consume (or give back) ATP: answers about their items are stale.
          const lines = (event.payload.lines ?? []) as { sku: string }[];
          availability.invalidate(lines.map((l) => l.sku));
          return 'APPLIED';
        }
      }
    },
  });
}
