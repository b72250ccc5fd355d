/** Carts (active, saved, pending approval, ...) and their lines — portal-owned data. */
import { defineEntity, type InferEntity } from '@mikro-orm/core';

export const Cart = defineEntity({
  name: 'Cart',
  tableName: 'cart',
  indexes: [{ properties: ['accountId', 'status'] }],
  properties: (p) => ({
    id: p.uuid().primary(),
    accountId: p.string(),
    createdBy: p.string(),
    status: p.string(),
    name: p.string().nullable(),
    currency: p.string().length(3),
    requestedDeliveryDate: p.date().nullable(),
    createdAt: p.datetime(),
    updatedAt: p.datetime(),
    /** Approval: the submission waiting for it, and the decision (who, when, why). */
    pendingSubmissionId: p.string().nullable(),
    decidedBy: p.string().nullable(),
    decidedAt: p.datetime().nullable(),
    decisionComment: p.text().nullable(),
    /** When approval was asked for, by whom, and the prices and availability the buyer submitted (for the order's timeline). */
    approvalRequestedAt: p.datetime().nullable(),
    approvalRequestedBy: p.string().nullable(),
    submissionSnapshot: p.json<Record<string, unknown>>().nullable(),
    /** While SUBMITTING: the submission (account-scoped key) working on the cart, since when, and the status to return to. */
    submittingKey: p.string().nullable(),
    submittingSince: p.datetime().nullable(),
    statusBeforeSubmit: p.string().nullable(),
    /** Why the cart came back to the buyer (prices or availability changed before approval), when and through whom. */
    returnedReason: p.text().nullable(),
    returnedAt: p.datetime().nullable(),
    returnedBy: p.string().nullable(),
  }),
});
export type CartEntity = InferEntity<typeof Cart>;

export const CartLine = defineEntity({
  name: 'CartLine',
  tableName: 'cart_line',
  properties: (p) => ({
    id: p.uuid().primary(),
    cartId: p.uuid().index(),
    position: p.integer(),
    sku: p.string(),
    quantity: p.integer(),
    requestedDate: p.date().nullable(),
  }),
});
export type CartLineEntity = InferEntity<typeof CartLine>;
