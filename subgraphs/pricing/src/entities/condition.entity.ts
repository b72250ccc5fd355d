/** Pricing condition records synced from the ERP (schema `pricing`), one row per record id. */
import { defineEntity, type InferEntity } from '@mikro-orm/core';
import type { QuoteLineSnapshot, QuoteSnapshot } from '../domain/quotes.js';

/**
 * A condition record's columns, as the live table and the staging table both have them (fresh
 * builders per entity).
 */
const conditionColumns = (p: typeof defineEntity.properties) => ({
  id: p.string().primary(),
  version: p.integer(),
  conditionType: p.string(),
  access: p.string(),
  sku: p.string().nullable(),
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
  /** Tax records: the ship-to country and the items' tax class. */
  country: p.string().length(2).nullable(),
  taxClass: p.string().nullable(),
});

export const PriceCondition = defineEntity({
  name: 'PriceCondition',
  tableName: 'price_condition',
  // Pricing reads "this customer's records for these SKUs" and "everyone's records for these SKUs";
  // nothing reads by SKU alone.
  indexes: [{ properties: ['accountId', 'sku'] }],
  properties: conditionColumns,
});
export type PriceConditionEntity = InferEntity<typeof PriceCondition>;

/**
 * Where a full contract sync collects the ERP's export page by page (with its cursor, so it
 * resumes) before one statement merges it into `price_condition`; empty between syncs. Unlogged
 * (set by its migration): a crash may empty it, which the sync notices and starts over.
 */
export const PriceConditionStaging = defineEntity({
  name: 'PriceConditionStaging',
  tableName: 'price_condition_staging',
  properties: conditionColumns,
});

/** The pricing-relevant customer master: currency, price list and tier per account. */
export const CustomerPricing = defineEntity({
  name: 'CustomerPricing',
  tableName: 'customer_pricing',
  properties: (p) => ({
    accountId: p.string().primary(),
    currency: p.string().length(3),
    tier: p.string(),
    priceListId: p.string(),
    /** Its tax records apply; null: no tax. */
    shipToCountry: p.string().length(2).nullable(),
    /** A cart whose net after header discounts is below it cannot be submitted; null: none. */
    minimumOrderValue: p.decimal().precision(18).scale(4).nullable(),
  }),
});
export type CustomerPricingEntity = InferEntity<typeof CustomerPricing>;

/** The items' tax classes (from the ERP's item master), for taxing cart lines. */
export const ItemTaxClass = defineEntity({
  name: 'ItemTaxClass',
  tableName: 'item_tax_class',
  properties: (p) => ({
    sku: p.string().primary(),
    taxClass: p.string().nullable(),
    /** Change-feed position of the last applied change (0: from a full sync): late events are ignored. */
    sourceSeq: p.bigint('number').default(0),
  }),
});

/** A priced cart as the buyer saw it: lines, breakdowns, totals and the record versions used. */
export const Quote = defineEntity({
  name: 'Quote',
  tableName: 'quote',
  properties: (p) => ({
    /** Content hash: the same cart priced from the same records on the same day is the same quote. */
    id: p.string().primary(),
    accountId: p.string().index(),
    cartId: p.string().nullable(),
    pricingDate: p.date(),
    currency: p.string().length(3),
    /** `portal` (priced here from synced records) or `erp` (from the ERP's simulation at submit). */
    source: p.string(),
    lines: p.json<QuoteLine[]>(),
    totals: p.json<QuoteTotals>(),
    createdAt: p.datetime(),
    expiresAt: p.datetime(),
  }),
});
export type QuoteEntity = InferEntity<typeof Quote>;

export type QuoteLine = QuoteLineSnapshot;
export type QuoteTotals = QuoteSnapshot['totals'];
