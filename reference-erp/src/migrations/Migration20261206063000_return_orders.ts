import { Migration } from '@mikro-orm/migrations';

export class Migration20261206063000_return_orders extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      'create table "erp"."return_order" ("number" varchar(255) not null, "customer_id" varchar(255) not null, "order_number" varchar(255) not null, "invoice_number" varchar(255) not null, "warehouse_id" varchar(255) not null, "status" varchar(255) not null, "received_at" timestamptz not null, "lines" jsonb not null, "credit_memo_number" varchar(255) null, constraint "return_order_pkey" primary key ("number"));',
    );
    this.addSql('create index "return_order_customer_id_index" on "erp"."return_order" ("customer_id");');
    this.addSql('create index "return_order_order_number_index" on "erp"."return_order" ("order_number");');
    this.addSql('alter table "erp"."credit_memo" add column "return_number" varchar(255) null;');
  }

  override async down(): Promise<void> {
    this.addSql('alter table "erp"."credit_memo" drop column "return_number";');
    this.addSql('drop table if exists "erp"."return_order";');
  }
}
