/** Pricing condition records synced from the ERP (schema `pricing`), one row per record id. */
import { defineEntity, type InferEntity } from '@mikro-orm/core';

export const PriceCondition = defineEntity({
  name: 'PriceCondition',
  tableName: 'price_condition',
  properties: (p) => ({
    id: p.string().primary(),
    version: p.integer(),
    conditionType: p.string(),
    access: p.string(),
    sku: p.string().nullable().index(),
    accountId: p.string().nullable(),
    priceListId: p.string().nullable(),
    tier: p.string().nullable(),
    currency: p.string().length(3),
    amount: p.decimal().precision(18).scale(4).nullable(),
    rate: p.decimal().precision(9).scale(4).nullable(),
    scales: p.json<{ from: string; amount?: string | null; rate?: string | null }[]>().default('[]'),
    validFrom: p.date(),
    validTo: p.date().nullable(),
    contractId: p.string().nullable(),
    contractVersion: p.integer().nullable(),
  }),
});
export type PriceConditionEntity = InferEntity<typeof PriceCondition>;

/** The pricing-relevant customer master: currency, price list and tier per account. */
export const CustomerPricing = defineEntity({
  name: 'CustomerPricing',
  tableName: 'customer_pricing',
  properties: (p) => ({
    accountId: p.string().primary(),
    currency: p.string().length(3),
    tier: p.string(),
    priceListId: p.string(),
  }),
});
export type CustomerPricingEntity = InferEntity<typeof CustomerPricing>;
