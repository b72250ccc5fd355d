import { Migration } from '@mikro-orm/migrations';

export class Migration20261206020917_order_amounts extends Migration {
  override async up(): Promise<void> {
    this.addSql("alter table \"orders\".\"sales_order\" add column \"net_total\" numeric(14,2) null, add column \"freight\" numeric(14,2) null, add column \"requested_delivery_date\" date null;");
    this.addSql("create index \"sales_order_placed_at_index\" on \"orders\".\"sales_order\" (\"placed_at\");");
    this.addSql("alter table \"orders\".\"sales_order_line\" add column \"unit_price\" numeric(18,4) null, add column \"net_amount\" numeric(14,2) null;");
  }

  override async down(): Promise<void> {
    this.addSql("drop index \"orders\".\"sales_order_placed_at_index\";");
    this.addSql("alter table \"orders\".\"sales_order\" drop column \"net_total\", drop column \"freight\", drop column \"requested_delivery_date\";");
    this.addSql("alter table \"orders\".\"sales_order_line\" drop column \"unit_price\", drop column \"net_amount\";");
  }
}
