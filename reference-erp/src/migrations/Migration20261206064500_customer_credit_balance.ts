import { Migration } from '@mikro-orm/migrations';

export class Migration20261206064500_customer_credit_balance extends Migration {
  override async up(): Promise<void> {
    this.addSql('alter table "erp"."customer" add column "credit_balance" numeric(14,2) not null default 0;');
  }

  override async down(): Promise<void> {
    this.addSql('alter table "erp"."customer" drop column "credit_balance";');
  }
}
