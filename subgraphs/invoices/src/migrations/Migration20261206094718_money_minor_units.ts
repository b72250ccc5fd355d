import { Migration } from '@mikro-orm/migrations';

export class Migration20261206094718_money_minor_units extends Migration {
  override async up(): Promise<void> {
    this.addSql("alter table \"invoices\".\"credit_memo\" alter column \"total\" type numeric(18,4) using (\"total\"::numeric(18,4));");
    this.addSql("alter table \"invoices\".\"invoice\" alter column \"total\" type numeric(18,4) using (\"total\"::numeric(18,4));");
    this.addSql("alter table \"invoices\".\"invoice\" alter column \"balance\" type numeric(18,4) using (\"balance\"::numeric(18,4));");
    this.addSql("alter table \"invoices\".\"payment\" alter column \"amount\" type numeric(18,4) using (\"amount\"::numeric(18,4));");
  }

  override async down(): Promise<void> {
    this.addSql("alter table \"invoices\".\"credit_memo\" alter column \"total\" type numeric(14,2) using (\"total\"::numeric(14,2));");
    this.addSql("alter table \"invoices\".\"invoice\" alter column \"total\" type numeric(14,2) using (\"total\"::numeric(14,2));");
    this.addSql("alter table \"invoices\".\"invoice\" alter column \"balance\" type numeric(14,2) using (\"balance\"::numeric(14,2));");
    this.addSql("alter table \"invoices\".\"payment\" alter column \"amount\" type numeric(14,2) using (\"amount\"::numeric(14,2));");
  }
}
