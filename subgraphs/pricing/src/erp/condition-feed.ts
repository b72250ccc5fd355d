/**
 * Incremental contract sync: `condition.changed` events from the ERP's change feed, applied
 * through the platform feed consumer (inbox-deduplicated, cursor in the same transaction). A
 * record only ever moves to a higher version, so an event that arrives late (out of order) or
 * twice changes nothing. `item.changed` events carry the item's tax class: a class changed in the
 * ERP taxes the next cart at its new rate, without waiting for a full sync.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import type { ErpCondition, EventsPort } from '@portal/erp/port';
import { FeedConsumer, type HandleOutcome } from '@portal/platform/feed';
import type { Logger } from '@portal/platform/logger';

const COLUMNS = 18;
/** Rows per statement: well under Postgres' 65,535 bind parameters. */
const CHUNK = 2000;

/** Upsert condition records unless the stored version is the same or newer. Returns how many changed. */
export async function upsertNewer(tx: EntityManager, records: readonly ErpCondition[]): Promise<number> {
  let changed = 0;
  for (let i = 0; i < records.length; i += CHUNK) {
    const chunk = records.slice(i, i + CHUNK);
    const params = chunk.flatMap((c) => [
      c.id,
      c.version,
      c.conditionType,
      c.access,
      c.sku,
      c.accountId,
      c.priceListId,
      c.tier,
      c.currency,
      c.amount ?? null,
      c.rate ?? null,
      JSON.stringify(c.scales ?? []),
      c.validFrom,
      c.validTo,
      c.contractId ?? null,
      c.contractVersion ?? null,
      c.country ?? null,
      c.taxClass ?? null,
    ]);
    const values = chunk
      .map(
        () => `(${Array.from({ length: COLUMNS }, (_, k) => (k === 11 ? '?::jsonb' : k === 12 || k === 13 ? '?::date' : '?')).join(', ')})`,
      )
      .join(',\n');
    const rows = await tx.getConnection().execute<{ id: string }[]>(
      `insert into "pricing"."price_condition"
         (id, version, condition_type, access, sku, account_id, price_list_id, tier, currency, amount, rate, scales, valid_from, valid_to, contract_id, contract_version, country, tax_class)
       values ${values}
       on conflict (id) do update set
         version = excluded.version, condition_type = excluded.condition_type, access = excluded.access, sku = excluded.sku,
         account_id = excluded.account_id, price_list_id = excluded.price_list_id, tier = excluded.tier, currency = excluded.currency,
         amount = excluded.amount, rate = excluded.rate, scales = excluded.scales, valid_from = excluded.valid_from,
         valid_to = excluded.valid_to, contract_id = excluded.contract_id, contract_version = excluded.contract_version,
         country = excluded.country, tax_class = excluded.tax_class
       where "price_condition".version < excluded.version
       returning id`,
      params,
      'all',
      tx.getTransactionContext(),
    );
    changed += rows.length;
  }
  return changed;
}

export function conditionFeed(events: EventsPort, em: EntityManager, logger: Logger, waitMs = 10_000): FeedConsumer {
  return new FeedConsumer({
    name: 'erp-conditions',
    service: 'pricing',
    em,
    logger,
    waitMs,
    types: ['condition.changed', 'item.changed'],
    poll: (after, o) => events.poll(after, o),
    async handle(tx, event): Promise<HandleOutcome> {
      if (event.type === 'item.changed') {
        // An adapter that maps no tax sends no class: nothing to change.
        if (!('taxClass' in event.payload)) return 'IGNORED';
        const taxClass = (event.payload.taxClass as string | null | undefined) ?? null;
        const rows = await tx.getConnection().execute<{ sku: string }[]>(
          `insert into "pricing"."item_tax_class" (sku, tax_class, source_seq) values (?, ?, ?)
           on conflict (sku) do update set tax_class = excluded.tax_class, source_seq = excluded.source_seq
           where "item_tax_class".source_seq < excluded.source_seq returning sku`,
          [String(event.payload.sku), taxClass, event.seq],
          'all',
          tx.getTransactionContext(),
        );
        return rows.length ? 'APPLIED' : 'IGNORED';
      }
      const changed = await upsertNewer(tx, [event.payload as unknown as ErpCondition]);
      return changed ? 'APPLIED' : 'IGNORED';
    },
  });
}
