/**
 * Demo data the portal owns (so the portal seeds it, not the ERP): for each account without carts,
 * an active cart and a saved "Weekly restock" cart built from the account's order history; and a
 * default spending limit for every account that has none.
 */
import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Logger } from '@portal/platform/logger';
import { Account, Cart, CartLine, Order, OrderLine, PortalUser } from './entities/index.js';

export async function seedDemoCarts(em: EntityManager, logger: Logger): Promise<number> {
  if ((await em.count(Cart, {})) > 0) return 0;
  let created = 0;
  await em.transactional(async (tx) => {
    const accounts = await tx.find(Account, {}, { orderBy: { id: 'asc' } });
    for (const account of accounts) {
      const buyer = await tx.findOne(PortalUser, { accountId: account.id, role: 'buyer' });
      const orders = await tx.find(Order, { accountId: account.id }, { orderBy: { placedAt: 'asc' } });
      const history = await tx.find(OrderLine, { orderId: { $in: orders.map((o) => o.id) } }, { orderBy: { id: 'asc' } });
      if (!buyer || !history.length) continue;
      const now = new Date();
      for (const [status, name, lines] of [
        ['ACTIVE', null, history.slice(0, 3)],
        ['SAVED', 'Weekly restock', history.slice(-2)],
      ] as const) {
        const cartId = randomUUID();
        tx.create(Cart, {
          id: cartId,
          accountId: account.id,
          createdBy: buyer.id,
          status,
          name,
          currency: account.currency,
          requestedDeliveryDate: null,
          createdAt: now,
          updatedAt: now,
        });
        lines.forEach((l, i) =>
          tx.create(CartLine, { id: randomUUID(), cartId, position: i + 1, sku: l.sku, quantity: l.quantity, requestedDate: null }),
        );
        created++;
      }
    }
  });
  logger.info({ carts: created }, 'demo carts created');
  return created;
}

/** The demo accounts' default spending limit (in each account's currency), where none is set. */
export const DEMO_DEFAULT_SPENDING_LIMIT = '5000.00';

export async function seedDemoSpendingLimits(em: EntityManager, logger: Logger): Promise<number> {
  const n = await em.nativeUpdate(Account, { defaultSpendingLimit: null }, { defaultSpendingLimit: DEMO_DEFAULT_SPENDING_LIMIT });
  if (n) logger.info({ accounts: n, limit: DEMO_DEFAULT_SPENDING_LIMIT }, 'demo default spending limits set');
  return n;
}
