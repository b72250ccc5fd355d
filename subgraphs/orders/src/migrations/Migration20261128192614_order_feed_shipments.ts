import { Migration } from '@mikro-orm/migrations';

export class Migration20261128192614_order_feed_shipments extends Migration {
  override async up(): Promise<void> {
    this.addSql("create table \"orders\".\"inbox\" (\"event_id\" varchar(255) not null, \"consumer\" varchar(255) not null, \"seq\" bigint not null, \"type\" varchar(255) not null, \"outcome\" varchar(255) not null, \"processed_at\" timestamptz not null, constraint \"inbox_pkey\" primary key (\"event_id\"));");
    this.addSql("create table \"orders\".\"shipment\" (\"id\" varchar(255) not null, \"order_id\" varchar(255) not null, \"carrier\" varchar(255) not null, \"tracking_number\" varchar(255) not null, \"tracking_url\" varchar(255) null, \"status\" varchar(255) not null, \"shipped_at\" timestamptz not null, \"delivered_at\" timestamptz null, \"planned_delivery_date\" date null, \"lines\" jsonb not null, \"packages\" jsonb not null, \"source_seq\" bigint not null default 0, constraint \"shipment_pkey\" primary key (\"id\"));");
    this.addSql("create index \"shipment_order_id_index\" on \"orders\".\"shipment\" (\"order_id\");");
    this.addSql("alter table \"orders\".\"sales_order\" add column \"source_seq\" bigint not null default 0, add column \"hold_reason\" varchar(255) null;");
  }

  override async down(): Promise<void> {
    this.addSql("drop table if exists \"orders\".\"inbox\" cascade;");
    this.addSql("drop table if exists \"orders\".\"shipment\" cascade;");
    this.addSql("alter table \"orders\".\"sales_order\" drop column \"source_seq\", drop column \"hold_reason\";");
  }
}
