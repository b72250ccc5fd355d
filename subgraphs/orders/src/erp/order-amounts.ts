/**
 * What the read model keeps of the ERP's prices and dates on an order (for reports): the order's
 * net total and freight and the requested delivery date, each line's unit price and net amount;
 * and a line as the ERP reports it. One mapping for the full sync, the change feed and the
 * submit's acknowledgement.
 */
import type { ErpSalesOrder, ErpSalesOrderLine } from '@portal/erp/port';

export const erpOrderAmounts = (o: ErpSalesOrder) => ({
  netTotal: o.netTotal,
  freight: o.freight,
  requestedDeliveryDate: o.requestedDeliveryDate,
});

export const erpLineAmounts = (l: ErpSalesOrderLine) => ({ unitPrice: l.unitPrice, netAmount: l.netAmount });

/** A line of the read model as the ERP reports it (its id, order and number aside). */
export const erpLineFields = (l: ErpSalesOrderLine) => ({
  sku: l.sku,
  quantity: l.quantity,
  confirmedQuantity: l.confirmedQuantity,
  shippedQuantity: l.shippedQuantity,
  invoicedQuantity: l.invoicedQuantity,
  cancelledQuantity: l.cancelledQuantity ?? 0,
  status: l.status,
  proposedSku: l.proposedSku,
  ...erpLineAmounts(l),
  scheduleLines: l.scheduleLines.map((s) => ({ date: s.deliveryDate, quantity: s.quantity, basis: s.basis ?? 'SUPPLY' })),
});
