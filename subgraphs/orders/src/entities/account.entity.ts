/** Accounts and their portal users (schema `orders`), synced from the ERP customer master. */
import { defineEntity, type InferEntity } from '@mikro-orm/core';

export const Account = defineEntity({
  name: 'Account',
  tableName: 'account',
  properties: (p) => ({
    id: p.string().primary(),
    name: p.string(),
    currency: p.string().length(3),
    tier: p.string(),
    /** Spending limit of users without their own (and of users seen for the first time); 0: every order needs approval. */
    defaultSpendingLimit: p.decimal().precision(18).scale(4).nullable(),
  }),
});
export type AccountEntity = InferEntity<typeof Account>;

export const PortalUser = defineEntity({
  name: 'PortalUser',
  tableName: 'portal_user',
  properties: (p) => ({
    id: p.string().primary(),
    accountId: p.string().index(),
    name: p.string(),
    email: p.string(),
    role: p.string(),
    spendingLimit: p.decimal().precision(18).scale(4).nullable(),
  }),
});
export type PortalUserEntity = InferEntity<typeof PortalUser>;
