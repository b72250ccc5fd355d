import { Migration } from '@mikro-orm/migrations';

export class Migration20261128171147_init extends Migration {
  override async up(): Promise<void> {
    this.addSql("create schema if not exists \"invoices\";");
    this.addSql("create table \"invoices\".\"invoice\" (\"number\" varchar(255) not null, \"account_id\" varchar(255) not null, \"order_id\" varchar(255) not null, \"erp_order_number\" varchar(255) not null, \"currency\" varchar(3) not null, \"issued_at\" date not null, \"due_date\" date not null, \"total\" numeric(14,2) not null, \"balance\" numeric(14,2) not null, \"erp_status\" varchar(255) not null, constraint \"invoice_pkey\" primary key (\"number\"));");
    this.addSql("create index \"invoice_order_id_index\" on \"invoices\".\"invoice\" (\"order_id\");");
    this.addSql("create index \"invoice_account_id_issued_at_index\" on \"invoices\".\"invoice\" (\"account_id\", \"issued_at\");");
    this.addSql("create table \"invoices\".\"sync_state\" (\"name\" varchar(255) not null, \"cursor\" text null, \"rows\" int not null default 0, \"started_at\" timestamptz null, \"completed_at\" timestamptz null, constraint \"sync_state_pkey\" primary key (\"name\"));");
  }

  override async down(): Promise<void> {
    this.addSql("drop table if exists \"invoices\".\"invoice\" cascade;");
    this.addSql("drop table if exists \"invoices\".\"sync_state\" cascade;");
  }
}
