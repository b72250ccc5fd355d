import { Migration } from '@mikro-orm/migrations';

/** Tax (ship-to country, item tax class, tax records and amounts), header discounts and the minimum order value. */
export class Migration20261206094500_tax_header_discount_mov extends Migration {
  override async up(): Promise<void> {
    this.addSql('alter table "erp"."customer" add column "ship_to_country" varchar(2) null, add column "minimum_order_value" numeric(18,4) null;');
    this.addSql('alter table "erp"."item" add column "tax_class" varchar(255) null;');
    this.addSql('alter table "erp"."condition" add column "country" varchar(2) null, add column "tax_class" varchar(255) null;');
    this.addSql(
      `alter table "erp"."sales_order" add column "header_discount" numeric(18,4) not null default 0, add column "tax" numeric(18,4) not null default 0, add column "tax_lines" jsonb not null default '[]';`,
    );
    this.addSql(
      'alter table "erp"."sales_order_line" add column "tax_class" varchar(255) null, add column "tax_rate" numeric(9,4) null, add column "header_discount" numeric(18,4) not null default 0, add column "tax_amount" numeric(18,4) not null default 0;',
    );
    this.addSql(
      `alter table "erp"."invoice" add column "header_discount" numeric(18,4) not null default 0, add column "tax" numeric(18,4) not null default 0, add column "tax_lines" jsonb not null default '[]';`,
    );
  }

  override async down(): Promise<void> {
    this.addSql('alter table "erp"."invoice" drop column "header_discount", drop column "tax", drop column "tax_lines";');
    this.addSql(
      'alter table "erp"."sales_order_line" drop column "tax_class", drop column "tax_rate", drop column "header_discount", drop column "tax_amount";',
    );
    this.addSql('alter table "erp"."sales_order" drop column "header_discount", drop column "tax", drop column "tax_lines";');
    this.addSql('alter table "erp"."condition" drop column "country", drop column "tax_class";');
    this.addSql('alter table "erp"."item" drop column "tax_class";');
    this.addSql('alter table "erp"."customer" drop column "ship_to_country", drop column "minimum_order_value";');
  }
}
