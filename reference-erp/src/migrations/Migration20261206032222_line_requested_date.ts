import { Migration } from '@mikro-orm/migrations';

export class Migration20261206032222_line_requested_date extends Migration {
  override async up(): Promise<void> {
    this.addSql("alter table \"erp\".\"sales_order_line\" add column \"requested_delivery_date\" date null;");
  }

  override async down(): Promise<void> {
    this.addSql("alter table \"erp\".\"sales_order_line\" drop column \"requested_delivery_date\";");
  }
}
