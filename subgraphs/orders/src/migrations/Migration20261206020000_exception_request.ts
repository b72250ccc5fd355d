import { Migration } from '@mikro-orm/migrations';

export class Migration20261206020000_exception_request extends Migration {
  override async up(): Promise<void> {
    this.addSql('alter table "orders"."order_exception" add column "request" jsonb null;');
  }

  override async down(): Promise<void> {
    this.addSql('alter table "orders"."order_exception" drop column "request";');
  }
}
