/** The order read model: orders and lines as the ERP reports them. */
import { defineEntity, type InferEntity } from '@mikro-orm/core';

export const Order = defineEntity({
  name: 'Order',
  tableName: 'sales_order',
  indexes: [{ properties: ['accountId', 'placedAt'] }],
  properties: (p) => ({
    id: p.string().primary(),
    accountId: p.string(),
    number: p.string().unique(),
    erpOrderNumber: p.string().nullable(),
    status: p.string(),
    placedAt: p.datetime(),
    acceptedAt: p.datetime().nullable(),
    currency: p.string().length(3),
  }),
});
export type OrderEntity = InferEntity<typeof Order>;

export const OrderLine = defineEntity({
  name: 'OrderLine',
  tableName: 'sales_order_line',
  properties: (p) => ({
    id: p.string().primary(),
    orderId: p.string().index(),
    lineNo: p.integer(),
    sku: p.string(),
    quantity: p.integer(),
    confirmedQuantity: p.integer().default(0),
    shippedQuantity: p.integer().default(0),
    invoicedQuantity: p.integer().default(0),
  }),
});
export type OrderLineEntity = InferEntity<typeof OrderLine>;
