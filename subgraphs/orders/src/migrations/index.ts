/** Committed migrations of the `orders` schema, in order. `pnpm migration:create orders` appends here. */
import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261128170952_init } from './Migration20261128170952_init.js';
import { Migration20261128190437_submission_outbox } from './Migration20261128190437_submission_outbox.js';
import { Migration20261128191209_cart_approval } from './Migration20261128191209_cart_approval.js';
import { Migration20261128192614_order_feed_shipments } from './Migration20261128192614_order_feed_shipments.js';
import { Migration20261128201136_timeline_exceptions } from './Migration20261128201136_timeline_exceptions.js';
import { Migration20261206020000_exception_request } from './Migration20261206020000_exception_request.js';
import { Migration20261206020917_order_amounts } from './Migration20261206020917_order_amounts.js';
import { Migration20261206023730_delivery_warehouse } from './Migration20261206023730_delivery_warehouse.js';
import { Migration20261206030000_submit_snapshot } from './Migration20261206030000_submit_snapshot.js';
import { Migration20261206060438_timeline_facts } from './Migration20261206060438_timeline_facts.js';
import { Migration20261206094657_money_minor_units } from './Migration20261206094657_money_minor_units.js';
import { Migration20261206095034_line_cancelled_quantity } from './Migration20261206095034_line_cancelled_quantity.js';
import { Migration20261206155622_erp_view_hash } from './Migration20261206155622_erp_view_hash.js';
// @migration-imports

export const migrations: MigrationObject[] = [
  { name: 'Migration20261128170952_init', class: Migration20261128170952_init },
  { name: 'Migration20261128190437_submission_outbox', class: Migration20261128190437_submission_outbox },
  { name: 'Migration20261128191209_cart_approval', class: Migration20261128191209_cart_approval },
  { name: 'Migration20261128192614_order_feed_shipments', class: Migration20261128192614_order_feed_shipments },
  { name: 'Migration20261128201136_timeline_exceptions', class: Migration20261128201136_timeline_exceptions },
  { name: 'Migration20261206020000_exception_request', class: Migration20261206020000_exception_request },
  { name: 'Migration20261206020917_order_amounts', class: Migration20261206020917_order_amounts },
  { name: 'Migration20261206023730_delivery_warehouse', class: Migration20261206023730_delivery_warehouse },
  { name: 'Migration20261206030000_submit_snapshot', class: Migration20261206030000_submit_snapshot },
  { name: 'Migration20261206060438_timeline_facts', class: Migration20261206060438_timeline_facts },
  { name: 'Migration20261206094657_money_minor_units', class: Migration20261206094657_money_minor_units },
  { name: 'Migration20261206095034_line_cancelled_quantity', class: Migration20261206095034_line_cancelled_quantity },
  { name: 'Migration20261206155622_erp_view_hash', class: Migration20261206155622_erp_view_hash },
  // @migration-list
];
