/** Committed migrations of the `inventory` schema, in order. `pnpm migration:create inventory` appends here. */
import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261128170725_init } from './Migration20261128170725_init.js';
import { Migration20261128185025_feed } from './Migration20261128185025_feed.js';
// @migration-imports

export const migrations: MigrationObject[] = [
  { name: 'Migration20261128170725_init', class: Migration20261128170725_init },
  { name: 'Migration20261128185025_feed', class: Migration20261128185025_feed },
  // @migration-list
];
