import { Migration } from '@mikro-orm/migrations';

/** Tax: the keys of tax records, the customer's ship-to country and minimum order value, the items' tax classes. */
export class Migration20261206100000_tax extends Migration {
  override async up(): Promise<void> {
    for (const table of ['price_condition', 'price_condition_staging'])
      this.addSql(`alter table "pricing"."${table}" add column "country" varchar(2) null, add column "tax_class" varchar(255) null;`);
    this.addSql(
      'alter table "pricing"."customer_pricing" add column "ship_to_country" varchar(2) null, add column "minimum_order_value" numeric(18,4) null;',
    );
    this.addSql(
      'create table "pricing"."item_tax_class" ("sku" varchar(255) not null, "tax_class" varchar(255) null, constraint "item_tax_class_pkey" primary key ("sku"));',
    );
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists "pricing"."item_tax_class" cascade;');
    this.addSql('alter table "pricing"."customer_pricing" drop column "ship_to_country", drop column "minimum_order_value";');
    for (const table of ['price_condition', 'price_condition_staging'])
      this.addSql(`alter table "pricing"."${table}" drop column "country", drop column "tax_class";`);
  }
}
