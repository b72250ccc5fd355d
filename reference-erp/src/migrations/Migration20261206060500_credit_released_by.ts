import { Migration } from '@mikro-orm/migrations';

export class Migration20261206060500_credit_released_by extends Migration {
  override async up(): Promise<void> {
    this.addSql('alter table "erp"."sales_order" add column "credit_released_by" varchar(255) null;');
  }

  override async down(): Promise<void> {
    this.addSql('alter table "erp"."sales_order" drop column "credit_released_by";');
  }
}
