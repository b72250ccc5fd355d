import { Migration } from '@mikro-orm/migrations';

export class Migration20261128182518_quotes_inbox extends Migration {
  override async up(): Promise<void> {
    this.addSql("create table \"pricing\".\"inbox\" (\"event_id\" varchar(255) not null, \"consumer\" varchar(255) not null, \"seq\" bigint not null, \"type\" varchar(255) not null, \"outcome\" varchar(255) not null, \"processed_at\" timestamptz not null, constraint \"inbox_pkey\" primary key (\"event_id\"));");
    this.addSql("create table \"pricing\".\"quote\" (\"id\" varchar(255) not null, \"account_id\" varchar(255) not null, \"cart_id\" varchar(255) null, \"pricing_date\" date not null, \"currency\" varchar(3) not null, \"source\" varchar(255) not null, \"lines\" jsonb not null, \"totals\" jsonb not null, \"created_at\" timestamptz not null, \"expires_at\" timestamptz not null, constraint \"quote_pkey\" primary key (\"id\"));");
    this.addSql("create index \"quote_account_id_index\" on \"pricing\".\"quote\" (\"account_id\");");
  }

  override async down(): Promise<void> {
    this.addSql("drop table if exists \"pricing\".\"inbox\" cascade;");
    this.addSql("drop table if exists \"pricing\".\"quote\" cascade;");
  }
}
