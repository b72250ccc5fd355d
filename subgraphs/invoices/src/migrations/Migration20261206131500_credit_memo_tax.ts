import { Migration } from '@mikro-orm/migrations';

/** A credit memo's header discount, tax and tax lines per rate, as the ERP reversed them. */
export class Migration20261206131500_credit_memo_tax extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `alter table "invoices"."credit_memo" add column "header_discount" numeric(18,4) not null default 0, add column "tax" numeric(18,4) not null default 0, add column "tax_lines" jsonb not null default '[]';`,
    );
  }

  override async down(): Promise<void> {
    this.addSql('alter table "invoices"."credit_memo" drop column "header_discount", drop column "tax", drop column "tax_lines";');
  }
}
