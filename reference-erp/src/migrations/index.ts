/** Committed migrations of the `erp` schema, in order. `pnpm migration:create erp` appends here. */
import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261128175452_init } from './Migration20261128175452_init.js';
import { Migration20261128183647_condition_account_sku_index } from './Migration20261128183647_condition_account_sku_index.js';
import { Migration20261128220419_contract_version } from './Migration20261128220419_contract_version.js';
import { Migration20261206032222_line_requested_date } from './Migration20261206032222_line_requested_date.js';
import { Migration20261206060500_credit_released_by } from './Migration20261206060500_credit_released_by.js';
import { Migration20261206061500_line_cancelled_quantity } from './Migration20261206061500_line_cancelled_quantity.js';
import { Migration20261206063000_return_orders } from './Migration20261206063000_return_orders.js';
import { Migration20261206064500_customer_credit_balance } from './Migration20261206064500_customer_credit_balance.js';
import { Migration20261206094500_tax_header_discount_mov } from './Migration20261206094500_tax_header_discount_mov.js';
import { Migration20261206100426_money_minor_units } from './Migration20261206100426_money_minor_units.js';
// @migration-imports

export const migrations: MigrationObject[] = [
  { name: 'Migration20261128175452_init', class: Migration20261128175452_init },
  { name: 'Migration20261128183647_condition_account_sku_index', class: Migration20261128183647_condition_account_sku_index },
  { name: 'Migration20261128220419_contract_version', class: Migration20261128220419_contract_version },
  { name: 'Migration20261206032222_line_requested_date', class: Migration20261206032222_line_requested_date },
  { name: 'Migration20261206060500_credit_released_by', class: Migration20261206060500_credit_released_by },
  { name: 'Migration20261206061500_line_cancelled_quantity', class: Migration20261206061500_line_cancelled_quantity },
  { name: 'Migration20261206063000_return_orders', class: Migration20261206063000_return_orders },
  { name: 'Migration20261206064500_customer_credit_balance', class: Migration20261206064500_customer_credit_balance },
  { name: 'Migration20261206094500_tax_header_discount_mov', class: Migration20261206094500_tax_header_discount_mov },
  { name: 'Migration20261206100426_money_minor_units', class: Migration20261206100426_money_minor_units },
  // @migration-list
];
