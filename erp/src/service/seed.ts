/** Loads the demo blueprint into an empty reference ERP (once: a non-empty ERP is left alone). */
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Logger } from '@portal/platform/logger';
import { demoBlueprint } from '../seed/demo.js';
import { Condition, Contact, Customer, Invoice, Item, SalesOrder } from './entities/index.js';

export async function seedDemoIfEmpty(em: EntityManager, logger: Logger): Promise<boolean> {
  if ((await em.count(Customer, {})) > 0) return false;
  const bp = demoBlueprint();
  logger.info({ accounts: bp.accounts.length, items: bp.items.length }, 'seeding reference ERP with demo data');
  await em.transactional(async (tx) => {
    for (const a of bp.accounts) tx.create(Customer, { ...a });
    for (const u of bp.users)
      tx.create(Contact, {
        userId: u.id,
        customerId: u.accountId,
        name: u.name,
        email: u.email,
        role: u.role,
        spendingLimit: u.spendingLimit,
      });
    for (const i of bp.items) {
      tx.create(Item, { sku: i.sku, name: i.name, uom: i.uom, leadTimeDays: i.leadTimeDays, discontinued: false, successorSku: null });
      for (const [currency, amount] of Object.entries(i.listPrices))
        tx.create(Condition, {
          id: `LIST-${i.sku}-${currency}`,
          version: 1,
          conditionType: 'PR00',
          access: 'LIST',
          sku: i.sku,
          accountId: null,
          priceListId: null,
          tier: null,
          currency,
          amount,
          validFrom: '2026-01-01',
          validTo: null,
        });
    }
    for (const o of bp.orders)
      tx.create(SalesOrder, {
        number: o.number,
        portalOrderId: o.portalOrderId,
        customerId: o.accountId,
        status: o.status,
        placedAt: new Date(o.placedAt),
        currency: o.currency,
        lines: o.lines.map((l, idx) => ({ lineNo: (idx + 1) * 10, ...l })),
      });
    for (const inv of bp.invoices)
      tx.create(Invoice, {
        number: inv.number,
        customerId: inv.accountId,
        orderNumber: inv.orderNumber,
        portalOrderId: inv.portalOrderId,
        currency: inv.currency,
        issuedAt: inv.issuedAt,
        dueDate: inv.dueDate,
        total: inv.total,
        balance: inv.balance,
        status: inv.status,
      });
  });
  return true;
}
