/**
 * What the read model keeps of the ERP's prices and dates on an order (for reports): the order's
 * net total and freight and the requested delivery date, each line's unit price and net amount.
 * One mapping for the full sync, the change feed and the submit's acknowledgement.
 */
import type { ErpSalesOrder, ErpSalesOrderLine } from '@portal/erp/port';

export const erpOrderAmounts = (o: ErpSalesOrder) => ({
  netTotal: o.netTotal,
  freight: o.freight,
  requestedDeliveryDate: o.requestedDeliveryDate,
});

export const erpLineAmounts = (l: ErpSalesOrderLine) => ({ unitPrice: l.unitPrice, netAmount: l.netAmount });
