/** Full sync of accounts (with portal users), sales orders and their deliveries from the ERP's orders port. */
import type { EntityManager } from '@mikro-orm/postgresql';
import type { OrdersPort } from '@portal/erp/port';
import type { Logger } from '@portal/platform/logger';
import { runFullSync } from '@portal/platform/sync';
import { orderStatusFromErp } from '../domain/order-status.js';
import { Order, OrderLine, PortalUser, Shipment } from '../entities/index.js';
import { historyPending } from '../history-pending.js';
import { erpLineFields, erpOrderAmounts } from './order-amounts.js';

export async function syncOrdersMaster(port: OrdersPort, em: EntityManager, logger: Logger, force = false) {
  const accounts = await runFullSync({
    name: 'accounts',
    em,
    logger,
    force,
    fetchPage: (cursor) => port.exportAccounts({ cursor, limit: 200 }),
    async apply(tx, items) {
      if (!items.length) return;
      // The ERP's fields only: the portal's own settings on an account (its default spending
      // limit) are neither overwritten nor loaded half-filled into the unit of work.
      await tx.getConnection().execute(
        `insert into "orders"."account" (id, name, currency, tier)
         select id, name, currency, tier from jsonb_to_recordset(?::jsonb) as a(id text, name text, currency text, tier text)
         on conflict (id) do update set name = excluded.name, currency = excluded.currency, tier = excluded.tier`,
        [JSON.stringify(items.map((a) => ({ id: a.id, name: a.name, currency: a.currency, tier: a.tier })))],
        'run',
        tx.getTransactionContext(),
      );
      const users = items.flatMap((a) =>
        a.contacts.map((c) => ({
          id: c.userId,
          accountId: a.id,
          name: c.name,
          email: c.email,
          role: c.role,
          spendingLimit: c.spendingLimit,
        })),
      );
      if (users.length) await tx.upsertMany(PortalUser, users);
    },
  });
  const orders = await runFullSync({
    name: 'sales-orders',
    em,
    logger,
    force,
    fetchPage: (cursor) => port.exportSalesOrders({ cursor, limit: 200 }),
    async apply(tx, items) {
      if (!items.length) return;
      await tx.upsertMany(
        Order,
        items.map((o) => ({
          id: o.portalOrderId,
          accountId: o.accountId,
          number: o.number,
          erpOrderNumber: o.number,
          status: orderStatusFromErp(o.status),
          placedAt: new Date(o.placedAt),
          acceptedAt: new Date(o.placedAt),
          currency: o.currency,
          holdReason: o.holdReason,
          origin: 'ERP',
          ...erpOrderAmounts(o),
          // Written without its timeline facts or exceptions: the next view of it is applied in full.
          erpViewHash: null,
        })),
      );
      const lines = items.flatMap((o) =>
        o.lines.map((l) => ({
          id: `${o.portalOrderId}:${l.lineNo}`,
          orderId: o.portalOrderId,
          lineNo: l.lineNo,
          ...erpLineFields(l),
        })),
      );
      if (lines.length) await tx.upsertMany(OrderLine, lines);
      // Orders new to the portal get their history rebuilt from the ERP's document flow, and the
      // credit hold or substitution the ERP shows raised as an exception after it (order-history.ts).
      historyPending();
    },
  });
  // Deliveries of those orders: shipments with carrier, tracking and packages.
  const shipments = await runFullSync({
    name: 'deliveries',
    em,
    logger,
    force,
    fetchPage: (cursor) => port.exportDeliveries({ cursor, limit: 500 }),
    async apply(tx, items) {
      const known = new Map(
        (
          await tx.find(
            Order,
            { erpOrderNumber: { $in: [...new Set(items.map((d) => d.orderNumber))] } },
            { fields: ['id', 'erpOrderNumber'] },
          )
        ).map((o) => [o.erpOrderNumber!, o.id]),
      );
      const rows = items.flatMap((d) => {
        const orderId = d.portalOrderId ?? known.get(d.orderNumber);
        if (!orderId) return [];
        return [
          {
            id: d.number,
            orderId,
            carrier: d.carrierId,
            trackingNumber: d.trackingNumber,
            trackingUrl: d.trackingUrl,
            status: d.status,
            shippedAt: new Date(d.shippedAt),
            deliveredAt: d.deliveredAt ? new Date(d.deliveredAt) : null,
            plannedDeliveryDate: d.plannedDeliveryDate,
            warehouseId: d.warehouseId,
            lines: d.lines,
            packages: d.packages,
          },
        ];
      });
      if (rows.length) await tx.upsertMany(Shipment, rows);
    },
  });
  return [accounts, orders, shipments];
}
