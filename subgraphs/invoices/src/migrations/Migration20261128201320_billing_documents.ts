import { Migration } from '@mikro-orm/migrations';

export class Migration20261128201320_billing_documents extends Migration {
  override async up(): Promise<void> {
    this.addSql("create table \"invoices\".\"credit_memo\" (\"number\" varchar(255) not null, \"account_id\" varchar(255) not null, \"invoice_number\" varchar(255) not null, \"order_id\" varchar(255) not null, \"erp_order_number\" varchar(255) not null, \"currency\" varchar(3) not null, \"issued_at\" date not null, \"total\" numeric(14,2) not null, \"reason\" varchar(255) not null, \"lines\" jsonb not null default '[]', constraint \"credit_memo_pkey\" primary key (\"number\"));");
    this.addSql("create index \"credit_memo_invoice_number_index\" on \"invoices\".\"credit_memo\" (\"invoice_number\");");
    this.addSql("create index \"credit_memo_order_id_index\" on \"invoices\".\"credit_memo\" (\"order_id\");");
    this.addSql("create table \"invoices\".\"inbox\" (\"event_id\" varchar(255) not null, \"consumer\" varchar(255) not null, \"seq\" bigint not null, \"type\" varchar(255) not null, \"outcome\" varchar(255) not null, \"processed_at\" timestamptz not null, constraint \"inbox_pkey\" primary key (\"event_id\"));");
    this.addSql("create table \"invoices\".\"outbox\" (\"seq\" bigserial primary key, \"event_id\" varchar(255) not null, \"topic\" varchar(255) not null, \"key\" varchar(255) not null, \"type\" varchar(255) not null, \"payload\" jsonb not null, \"correlation_id\" varchar(255) null, \"created_at\" timestamptz not null, \"attempts\" int not null default 0, \"last_error\" text null);");
    this.addSql("alter table \"invoices\".\"outbox\" add constraint \"outbox_event_id_unique\" unique (\"event_id\");");
    this.addSql("create table \"invoices\".\"payment\" (\"id\" varchar(255) not null, \"invoice_number\" varchar(255) not null, \"account_id\" varchar(255) not null, \"order_id\" varchar(255) null, \"amount\" numeric(14,2) not null, \"received_at\" timestamptz not null, constraint \"payment_pkey\" primary key (\"id\"));");
    this.addSql("create index \"payment_invoice_number_index\" on \"invoices\".\"payment\" (\"invoice_number\");");
    this.addSql("alter table \"invoices\".\"invoice\" add column \"delivery_number\" varchar(255) null, add column \"lines\" jsonb not null default '[]', add column \"source_seq\" bigint not null default 0;");
    this.addSql("create index \"invoice_account_id_due_date_index\" on \"invoices\".\"invoice\" (\"account_id\", \"due_date\");");
  }

  override async down(): Promise<void> {
    this.addSql("drop table if exists \"invoices\".\"credit_memo\" cascade;");
    this.addSql("drop table if exists \"invoices\".\"inbox\" cascade;");
    this.addSql("drop table if exists \"invoices\".\"outbox\" cascade;");
    this.addSql("drop table if exists \"invoices\".\"payment\" cascade;");
    this.addSql("drop index \"invoices\".\"invoice_account_id_due_date_index\";");
    this.addSql("alter table \"invoices\".\"invoice\" drop column \"delivery_number\", drop column \"lines\", drop column \"source_seq\";");
  }
}
