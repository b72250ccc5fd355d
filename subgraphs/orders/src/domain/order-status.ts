/**
 * The portal's order status model: stable names clients rely on, mapped from
 * whatever the ERP reports. Unknown ERP statuses are refused, not guessed.
 */
export const ORDER_STATUSES = [
  'SUBMITTED',
  'CONFIRMED',
  'IN_FULFILLMENT',
  'PARTIALLY_SHIPPED',
  'COMPLETED',
  'ON_HOLD',
  'CANCELLED',
] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

const FROM_ERP: Record<string, OrderStatus> = {
  RECEIVED: 'SUBMITTED',
  SUBMITTED: 'SUBMITTED',
  CONFIRMED: 'CONFIRMED',
  OPEN: 'CONFIRMED',
  ALLOCATED: 'IN_FULFILLMENT',
  IN_FULFILLMENT: 'IN_FULFILLMENT',
  PICKING: 'IN_FULFILLMENT',
  PARTIALLY_SHIPPED: 'PARTIALLY_SHIPPED',
  SHIPPED: 'COMPLETED',
  COMPLETED: 'COMPLETED',
  CREDIT_HOLD: 'ON_HOLD',
  BLOCKED: 'ON_HOLD',
  ON_HOLD: 'ON_HOLD',
  CANCELLED: 'CANCELLED',
  REJECTED: 'CANCELLED',
};

export class UnknownErpStatusError extends Error {}

export function orderStatusFromErp(erpStatus: string): OrderStatus {
  const status = FROM_ERP[erpStatus.trim().toUpperCase()];
  if (!status) throw new UnknownErpStatusError(`unknown ERP order status "${erpStatus}"`);
  return status;
}
