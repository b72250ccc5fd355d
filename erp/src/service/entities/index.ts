/**
 * The reference ERP's own tables (schema `erp`). Only the ERP service touches them; the portal
 * sees this data through the ports.
 */
import { defineEntity } from '@mikro-orm/core';

export const Customer = defineEntity({
  name: 'Customer',
  tableName: 'customer',
  properties: (p) => ({
    id: p.string().primary(),
    name: p.string(),
    currency: p.string().length(3),
    tier: p.string(),
    priceListId: p.string(),
    creditLimit: p.decimal().precision(14).scale(2),
    defaultWarehouse: p.string(),
    partialDelivery: p.boolean(),
  }),
});

export const Contact = defineEntity({
  name: 'Contact',
  tableName: 'contact',
  properties: (p) => ({
    userId: p.string().primary(),
    customerId: p.string().index(),
    name: p.string(),
    email: p.string(),
    role: p.string(),
    spendingLimit: p.decimal().precision(14).scale(2).nullable(),
  }),
});

export const Item = defineEntity({
  name: 'Item',
  tableName: 'item',
  properties: (p) => ({
    sku: p.string().primary(),
    name: p.string(),
    uom: p.string(),
    leadTimeDays: p.integer(),
    discontinued: p.boolean().default(false),
    successorSku: p.string().nullable(),
  }),
});

export const Condition = defineEntity({
  name: 'Condition',
  tableName: 'condition',
  properties: (p) => ({
    id: p.string().primary(),
    version: p.integer(),
    conditionType: p.string(),
    access: p.string(),
    sku: p.string().index(),
    accountId: p.string().nullable(),
    priceListId: p.string().nullable(),
    tier: p.string().nullable(),
    currency: p.string().length(3),
    amount: p.decimal().precision(18).scale(4),
    validFrom: p.date(),
    validTo: p.date().nullable(),
  }),
});

export const SalesOrder = defineEntity({
  name: 'SalesOrder',
  tableName: 'sales_order',
  properties: (p) => ({
    number: p.string().primary(),
    portalOrderId: p.string().unique(),
    customerId: p.string().index(),
    status: p.string(),
    placedAt: p.datetime(),
    currency: p.string().length(3),
    lines: p.json<{ lineNo: number; sku: string; quantity: number; unitPrice: string }[]>(),
  }),
});

export const Invoice = defineEntity({
  name: 'Invoice',
  tableName: 'invoice',
  properties: (p) => ({
    number: p.string().primary(),
    customerId: p.string().index(),
    orderNumber: p.string(),
    portalOrderId: p.string(),
    currency: p.string().length(3),
    issuedAt: p.date(),
    dueDate: p.date(),
    total: p.decimal().precision(14).scale(2),
    balance: p.decimal().precision(14).scale(2),
    status: p.string(),
  }),
});

export const erpEntities = [Customer, Contact, Item, Condition, SalesOrder, Invoice];
