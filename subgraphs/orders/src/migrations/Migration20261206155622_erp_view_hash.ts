import { Migration } from '@mikro-orm/migrations';

export class Migration20261206155622_erp_view_hash extends Migration {
  override async up(): Promise<void> {
    // Fingerprint of the ERP's view of an order last applied (null: apply the next view in full).
    this.addSql('alter table "orders"."sales_order" add column "erp_view_hash" varchar(255) null;');
  }

  override async down(): Promise<void> {
    this.addSql('alter table "orders"."sales_order" drop column "erp_view_hash";');
  }
}
