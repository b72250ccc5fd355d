/** The inventory item master (schema `inventory`), a synced copy of the ERP's items. */
import { defineEntity, type InferEntity } from '@mikro-orm/core';

export const Item = defineEntity({
  name: 'Item',
  tableName: 'item',
  properties: (p) => ({
    sku: p.string().primary(),
    name: p.string(),
    /** Lower-cased name, for case-insensitive word search without functional indexes. */
    searchName: p.string().index(),
    uom: p.string(),
    leadTimeDays: p.integer(),
    discontinued: p.boolean().default(false),
    successorSku: p.string().nullable(),
    syncedAt: p.datetime(),
    /** Change-feed position of the last applied change (0: from a full sync): late events are ignored. */
    sourceSeq: p.bigint('number').default(0),
  }),
});
export type ItemEntity = InferEntity<typeof Item>;
