/** Committed migrations of the `erp` schema, in order. `pnpm migration:create erp` appends here. */
import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261128170443_init } from './Migration20261128170443_init.js';
// @migration-imports

export const migrations: MigrationObject[] = [
  { name: 'Migration20261128170443_init', class: Migration20261128170443_init },
  // @migration-list
];
