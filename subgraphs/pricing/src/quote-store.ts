/**
 * Stored quotes: a snapshot is saved once (content-addressed id) with the expiry of its first sighting.
 * `businessNow`: the ERP's business time; a quote is valid for `ttlHours` of business time.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import type { QuoteSnapshot } from './domain/quotes.js';
import { Quote, type QuoteEntity } from './entities/index.js';

export async function saveQuote(
  em: EntityManager,
  q: QuoteSnapshot,
  source: 'portal' | 'erp',
  ttlHours: number,
  businessNow: Date,
): Promise<QuoteEntity> {
  const now = new Date();
  await em.getConnection().execute(
    `insert into "pricing"."quote" (id, account_id, cart_id, pricing_date, currency, source, lines, totals, created_at, expires_at)
       values (?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?, ?) on conflict (id) do nothing`,
    [
      q.id,
      q.accountId,
      q.cartId,
      q.pricingDate,
      q.currency,
      source,
      JSON.stringify(q.lines),
      JSON.stringify(q.totals),
      now,
      new Date(businessNow.getTime() + ttlHours * 3_600_000),
    ],
  );
  return em.findOneOrFail(Quote, { id: q.id }, { disableIdentityMap: true });
}
