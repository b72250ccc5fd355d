/** Invoices synced from ERP billing (schema `invoices`), linked to the portal's order id. */
import { defineEntity, type InferEntity } from '@mikro-orm/core';

export const Invoice = defineEntity({
  name: 'Invoice',
  tableName: 'invoice',
  indexes: [{ properties: ['accountId', 'issuedAt'] }],
  properties: (p) => ({
    number: p.string().primary(),
    accountId: p.string(),
    orderId: p.string().index(),
    erpOrderNumber: p.string(),
    currency: p.string().length(3),
    issuedAt: p.date(),
    dueDate: p.date(),
    total: p.decimal().precision(14).scale(2),
    balance: p.decimal().precision(14).scale(2),
    /** ERP billing status (OPEN, PAID, CANCELLED); OVERDUE is derived at read time. */
    erpStatus: p.string(),
  }),
});
export type InvoiceEntity = InferEntity<typeof Invoice>;
