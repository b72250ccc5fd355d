import { Migration } from '@mikro-orm/migrations';

export class Migration20261128175800_init extends Migration {
  override async up(): Promise<void> {
    this.addSql("create schema if not exists \"pricing\";");
    this.addSql("create table \"pricing\".\"customer_pricing\" (\"account_id\" varchar(255) not null, \"currency\" varchar(3) not null, \"tier\" varchar(255) not null, \"price_list_id\" varchar(255) not null, constraint \"customer_pricing_pkey\" primary key (\"account_id\"));");
    this.addSql("create table \"pricing\".\"price_condition\" (\"id\" varchar(255) not null, \"version\" int not null, \"condition_type\" varchar(255) not null, \"access\" varchar(255) not null, \"sku\" varchar(255) null, \"account_id\" varchar(255) null, \"price_list_id\" varchar(255) null, \"tier\" varchar(255) null, \"currency\" varchar(3) not null, \"amount\" numeric(18,4) null, \"rate\" numeric(9,4) null, \"scales\" jsonb not null default '[]', \"valid_from\" date not null, \"valid_to\" date null, \"contract_id\" varchar(255) null, \"contract_version\" int null, constraint \"price_condition_pkey\" primary key (\"id\"));");
    this.addSql("create index \"price_condition_sku_index\" on \"pricing\".\"price_condition\" (\"sku\");");
    this.addSql("create table \"pricing\".\"sync_state\" (\"name\" varchar(255) not null, \"cursor\" text null, \"rows\" int not null default 0, \"started_at\" timestamptz null, \"completed_at\" timestamptz null, constraint \"sync_state_pkey\" primary key (\"name\"));");
  }

  override async down(): Promise<void> {
    this.addSql("drop table if exists \"pricing\".\"customer_pricing\" cascade;");
    this.addSql("drop table if exists \"pricing\".\"price_condition\" cascade;");
    this.addSql("drop table if exists \"pricing\".\"sync_state\" cascade;");
  }
}
