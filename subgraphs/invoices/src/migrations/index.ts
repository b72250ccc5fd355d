/** Committed migrations of the `invoices` schema, in order. `pnpm migration:create invoices` appends here. */
import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261128171147_init } from './Migration20261128171147_init.js';
import { Migration20261128201320_billing_documents } from './Migration20261128201320_billing_documents.js';
import { Migration20261206094718_money_minor_units } from './Migration20261206094718_money_minor_units.js';
import { Migration20261206102000_invoice_tax } from './Migration20261206102000_invoice_tax.js';
import { Migration20261206131500_credit_memo_tax } from './Migration20261206131500_credit_memo_tax.js';
// @migration-imports

export const migrations: MigrationObject[] = [
  { name: 'Migration20261128171147_init', class: Migration20261128171147_init },
  { name: 'Migration20261128201320_billing_documents', class: Migration20261128201320_billing_documents },
  { name: 'Migration20261206094718_money_minor_units', class: Migration20261206094718_money_minor_units },
  { name: 'Migration20261206102000_invoice_tax', class: Migration20261206102000_invoice_tax },
  { name: 'Migration20261206131500_credit_memo_tax', class: Migration20261206131500_credit_memo_tax },
  // @migration-list
];
