/** Committed migrations of the `pricing` schema, in order. `pnpm migration:create pricing` appends here. */
import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261128175800_init } from './Migration20261128175800_init.js';
import { Migration20261128182518_quotes_inbox } from './Migration20261128182518_quotes_inbox.js';
import { Migration20261128183641_condition_account_sku_index } from './Migration20261128183641_condition_account_sku_index.js';
import { Migration20261206061500_condition_staging } from './Migration20261206061500_condition_staging.js';
import { Migration20261206100000_tax } from './Migration20261206100000_tax.js';
import { Migration20261206140000_item_tax_class_seq } from './Migration20261206140000_item_tax_class_seq.js';
import { Migration20261206220000_condition_sync_writes } from './Migration20261206220000_condition_sync_writes.js';
import { Migration20261207180000_condition_staging_heap } from './Migration20261207180000_condition_staging_heap.js';
// @migration-imports

export const migrations: MigrationObject[] = [
  { name: 'Migration20261128175800_init', class: Migration20261128175800_init },
  { name: 'Migration20261128182518_quotes_inbox', class: Migration20261128182518_quotes_inbox },
  { name: 'Migration20261128183641_condition_account_sku_index', class: Migration20261128183641_condition_account_sku_index },
  { name: 'Migration20261206061500_condition_staging', class: Migration20261206061500_condition_staging },
  { name: 'Migration20261206100000_tax', class: Migration20261206100000_tax },
  { name: 'Migration20261206140000_item_tax_class_seq', class: Migration20261206140000_item_tax_class_seq },
  { name: 'Migration20261206220000_condition_sync_writes', class: Migration20261206220000_condition_sync_writes },
  { name: 'Migration20261207180000_condition_staging_heap', class: Migration20261207180000_condition_staging_heap },
  // @migration-list
];
