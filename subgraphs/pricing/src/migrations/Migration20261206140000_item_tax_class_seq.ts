import { Migration } from '@mikro-orm/migrations';

/** Items' tax classes also follow the change feed: the position of the last applied change (0: a full sync). */
export class Migration20261206140000_item_tax_class_seq extends Migration {
  override async up(): Promise<void> {
    this.addSql('alter table "pricing"."item_tax_class" add column "source_seq" bigint not null default 0;');
  }

  override async down(): Promise<void> {
    this.addSql('alter table "pricing"."item_tax_class" drop column "source_seq";');
  }
}
