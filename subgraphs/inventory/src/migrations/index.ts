/** Committed migrations of the `inventory` schema, in order. `pnpm migration:create inventory` appends here. */
import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261128170725_init } from './Migration20261128170725_init.js';
// @migration-imports

export const migrations: MigrationObject[] = [
  { name: 'Migration20261128170725_init', class: Migration20261128170725_init },
  // @migration-list
];
