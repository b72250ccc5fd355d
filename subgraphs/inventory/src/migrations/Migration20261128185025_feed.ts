import { Migration } from '@mikro-orm/migrations';

export class Migration20261128185025_feed extends Migration {
  override async up(): Promise<void> {
    this.addSql("create table \"inventory\".\"inbox\" (\"event_id\" varchar(255) not null, \"consumer\" varchar(255) not null, \"seq\" bigint not null, \"type\" varchar(255) not null, \"outcome\" varchar(255) not null, \"processed_at\" timestamptz not null, constraint \"inbox_pkey\" primary key (\"event_id\"));");
    this.addSql("alter table \"inventory\".\"item\" add column \"source_seq\" bigint not null default 0;");
  }

  override async down(): Promise<void> {
    this.addSql("drop table if exists \"inventory\".\"inbox\" cascade;");
    this.addSql("alter table \"inventory\".\"item\" drop column \"source_seq\";");
  }
}
