import { Migration } from '@mikro-orm/migrations';

export class Migration20261206094657_money_minor_units extends Migration {
  override async up(): Promise<void> {
    this.addSql("alter table \"orders\".\"account\" alter column \"default_spending_limit\" type numeric(18,4) using (\"default_spending_limit\"::numeric(18,4));");
    this.addSql("alter table \"orders\".\"sales_order\" alter column \"net_total\" type numeric(18,4) using (\"net_total\"::numeric(18,4));");
    this.addSql("alter table \"orders\".\"sales_order\" alter column \"freight\" type numeric(18,4) using (\"freight\"::numeric(18,4));");
    this.addSql("alter table \"orders\".\"sales_order_line\" alter column \"net_amount\" type numeric(18,4) using (\"net_amount\"::numeric(18,4));");
    this.addSql("alter table \"orders\".\"portal_user\" alter column \"spending_limit\" type numeric(18,4) using (\"spending_limit\"::numeric(18,4));");
  }

  override async down(): Promise<void> {
    this.addSql("alter table \"orders\".\"account\" alter column \"default_spending_limit\" type numeric(14,2) using (\"default_spending_limit\"::numeric(14,2));");
    this.addSql("alter table \"orders\".\"portal_user\" alter column \"spending_limit\" type numeric(14,2) using (\"spending_limit\"::numeric(14,2));");
    this.addSql("alter table \"orders\".\"sales_order\" alter column \"net_total\" type numeric(14,2) using (\"net_total\"::numeric(14,2));");
    this.addSql("alter table \"orders\".\"sales_order\" alter column \"freight\" type numeric(14,2) using (\"freight\"::numeric(14,2));");
    this.addSql("alter table \"orders\".\"sales_order_line\" alter column \"net_amount\" type numeric(14,2) using (\"net_amount\"::numeric(14,2));");
  }
}
