import { Migration } from '@mikro-orm/migrations';

export class Migration20261128170725_init extends Migration {
  override async up(): Promise<void> {
    this.addSql("create schema if not exists \"inventory\";");
    this.addSql("create table \"inventory\".\"item\" (\"sku\" varchar(255) not null, \"name\" varchar(255) not null, \"search_name\" varchar(255) not null, \"uom\" varchar(255) not null, \"lead_time_days\" int not null, \"discontinued\" boolean not null default false, \"successor_sku\" varchar(255) null, \"synced_at\" timestamptz not null, constraint \"item_pkey\" primary key (\"sku\"));");
    this.addSql("create index \"item_search_name_index\" on \"inventory\".\"item\" (\"search_name\");");
    this.addSql("create table \"inventory\".\"sync_state\" (\"name\" varchar(255) not null, \"cursor\" text null, \"rows\" int not null default 0, \"started_at\" timestamptz null, \"completed_at\" timestamptz null, constraint \"sync_state_pkey\" primary key (\"name\"));");
  }

  override async down(): Promise<void> {
    this.addSql("drop table if exists \"inventory\".\"item\" cascade;");
    this.addSql("drop table if exists \"inventory\".\"sync_state\" cascade;");
  }
}
