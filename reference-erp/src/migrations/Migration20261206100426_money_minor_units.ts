import { Migration } from '@mikro-orm/migrations';

export class Migration20261206100426_money_minor_units extends Migration {
  override async up(): Promise<void> {
    this.addSql("alter table \"erp\".\"contact\" alter column \"spending_limit\" type numeric(18,4) using (\"spending_limit\"::numeric(18,4));");
    this.addSql("alter table \"erp\".\"credit_memo\" alter column \"total\" type numeric(18,4) using (\"total\"::numeric(18,4));");
    this.addSql("alter table \"erp\".\"customer\" alter column \"credit_limit\" type numeric(18,4) using (\"credit_limit\"::numeric(18,4));");
    this.addSql("alter table \"erp\".\"customer\" alter column \"credit_balance\" type numeric(18,4) using (\"credit_balance\"::numeric(18,4));");
    this.addSql("alter table \"erp\".\"customer\" alter column \"credit_balance\" set default '0';");
    this.addSql("alter table \"erp\".\"invoice\" alter column \"total\" type numeric(18,4) using (\"total\"::numeric(18,4));");
    this.addSql("alter table \"erp\".\"invoice\" alter column \"balance\" type numeric(18,4) using (\"balance\"::numeric(18,4));");
    this.addSql("alter table \"erp\".\"invoice\" alter column \"header_discount\" type numeric(18,4) using (\"header_discount\"::numeric(18,4));");
    this.addSql("alter table \"erp\".\"invoice\" alter column \"header_discount\" set default '0';");
    this.addSql("alter table \"erp\".\"invoice\" alter column \"tax\" type numeric(18,4) using (\"tax\"::numeric(18,4));");
    this.addSql("alter table \"erp\".\"invoice\" alter column \"tax\" set default '0';");
    this.addSql("alter table \"erp\".\"payment\" alter column \"amount\" type numeric(18,4) using (\"amount\"::numeric(18,4));");
    this.addSql("alter table \"erp\".\"sales_order\" alter column \"net_total\" type numeric(18,4) using (\"net_total\"::numeric(18,4));");
    this.addSql("alter table \"erp\".\"sales_order\" alter column \"freight\" type numeric(18,4) using (\"freight\"::numeric(18,4));");
    this.addSql("alter table \"erp\".\"sales_order\" alter column \"header_discount\" type numeric(18,4) using (\"header_discount\"::numeric(18,4));");
    this.addSql("alter table \"erp\".\"sales_order\" alter column \"header_discount\" set default '0';");
    this.addSql("alter table \"erp\".\"sales_order\" alter column \"tax\" type numeric(18,4) using (\"tax\"::numeric(18,4));");
    this.addSql("alter table \"erp\".\"sales_order\" alter column \"tax\" set default '0';");
    this.addSql("alter table \"erp\".\"sales_order_line\" alter column \"net_amount\" type numeric(18,4) using (\"net_amount\"::numeric(18,4));");
    this.addSql("alter table \"erp\".\"sales_order_line\" alter column \"header_discount\" type numeric(18,4) using (\"header_discount\"::numeric(18,4));");
    this.addSql("alter table \"erp\".\"sales_order_line\" alter column \"header_discount\" set default '0';");
    this.addSql("alter table \"erp\".\"sales_order_line\" alter column \"tax_amount\" type numeric(18,4) using (\"tax_amount\"::numeric(18,4));");
    this.addSql("alter table \"erp\".\"sales_order_line\" alter column \"tax_amount\" set default '0';");
  }

  override async down(): Promise<void> {
    this.addSql("alter table \"erp\".\"contact\" alter column \"spending_limit\" type numeric(14,2) using (\"spending_limit\"::numeric(14,2));");
    this.addSql("alter table \"erp\".\"credit_memo\" alter column \"total\" type numeric(14,2) using (\"total\"::numeric(14,2));");
    this.addSql("alter table \"erp\".\"customer\" alter column \"credit_limit\" type numeric(14,2) using (\"credit_limit\"::numeric(14,2));");
    this.addSql("alter table \"erp\".\"customer\" alter column \"credit_balance\" type numeric(14,2) using (\"credit_balance\"::numeric(14,2));");
    this.addSql("alter table \"erp\".\"customer\" alter column \"credit_balance\" set default 0;");
    this.addSql("alter table \"erp\".\"invoice\" alter column \"total\" type numeric(14,2) using (\"total\"::numeric(14,2));");
    this.addSql("alter table \"erp\".\"invoice\" alter column \"balance\" type numeric(14,2) using (\"balance\"::numeric(14,2));");
    this.addSql("alter table \"erp\".\"invoice\" alter column \"header_discount\" type numeric(18,4) using (\"header_discount\"::numeric(18,4));");
    this.addSql("alter table \"erp\".\"invoice\" alter column \"header_discount\" set default 0;");
    this.addSql("alter table \"erp\".\"invoice\" alter column \"tax\" type numeric(18,4) using (\"tax\"::numeric(18,4));");
    this.addSql("alter table \"erp\".\"invoice\" alter column \"tax\" set default 0;");
    this.addSql("alter table \"erp\".\"payment\" alter column \"amount\" type numeric(14,2) using (\"amount\"::numeric(14,2));");
    this.addSql("alter table \"erp\".\"sales_order\" alter column \"net_total\" type numeric(14,2) using (\"net_total\"::numeric(14,2));");
    this.addSql("alter table \"erp\".\"sales_order\" alter column \"freight\" type numeric(14,2) using (\"freight\"::numeric(14,2));");
    this.addSql("alter table \"erp\".\"sales_order\" alter column \"header_discount\" type numeric(18,4) using (\"header_discount\"::numeric(18,4));");
    this.addSql("alter table \"erp\".\"sales_order\" alter column \"header_discount\" set default 0;");
    this.addSql("alter table \"erp\".\"sales_order\" alter column \"tax\" type numeric(18,4) using (\"tax\"::numeric(18,4));");
    this.addSql("alter table \"erp\".\"sales_order\" alter column \"tax\" set default 0;");
    this.addSql("alter table \"erp\".\"sales_order_line\" alter column \"net_amount\" type numeric(14,2) using (\"net_amount\"::numeric(14,2));");
    this.addSql("alter table \"erp\".\"sales_order_line\" alter column \"header_discount\" type numeric(18,4) using (\"header_discount\"::numeric(18,4));");
    this.addSql("alter table \"erp\".\"sales_order_line\" alter column \"header_discount\" set default 0;");
    this.addSql("alter table \"erp\".\"sales_order_line\" alter column \"tax_amount\" type numeric(18,4) using (\"tax_amount\"::numeric(18,4));");
    this.addSql("alter table \"erp\".\"sales_order_line\" alter column \"tax_amount\" set default 0;");
  }
}
