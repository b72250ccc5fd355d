/** Committed migrations of the `pricing` schema, in order. `pnpm migration:create pricing` appends here. */
import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261128175800_init } from './Migration20261128175800_init.js';
// @migration-imports

export const migrations: MigrationObject[] = [
  { name: 'Migration20261128175800_init', class: Migration20261128175800_init },
  // @migration-list
];
