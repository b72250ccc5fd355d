/** Committed migrations of the `erp` schema, in order. `pnpm migration:create erp` appends here. */
import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261128175452_init } from './Migration20261128175452_init.js';
// @migration-imports

export const migrations: MigrationObject[] = [
  { name: 'Migration20261128175452_init', class: Migration20261128175452_init },
  // @migration-list
];
