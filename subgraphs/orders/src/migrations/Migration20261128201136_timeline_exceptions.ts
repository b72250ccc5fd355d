import { Migration } from '@mikro-orm/migrations';

export class Migration20261128201136_timeline_exceptions extends Migration {
  override async up(): Promise<void> {
    this.addSql("create table \"orders\".\"order_exception\" (\"id\" varchar(255) not null, \"order_id\" varchar(255) not null, \"account_id\" varchar(255) not null, \"type\" varchar(255) not null, \"line_no\" int null, \"reason_code\" varchar(255) not null, \"status\" varchar(255) not null, \"message\" text not null, \"actions\" jsonb not null, \"details\" jsonb not null, \"raised_at\" timestamptz not null, \"raised_by\" varchar(255) null, \"resolved_at\" timestamptz null, \"resolved_by\" varchar(255) null, \"resolution\" varchar(255) null, \"comment\" text null, constraint \"order_exception_pkey\" primary key (\"id\"));");
    this.addSql("create index \"order_exception_order_id_status_index\" on \"orders\".\"order_exception\" (\"order_id\", \"status\");");
    this.addSql("create table \"orders\".\"timeline_event\" (\"seq\" bigserial primary key, \"id\" varchar(255) not null, \"order_id\" varchar(255) not null, \"account_id\" varchar(255) not null, \"at\" timestamptz not null, \"type\" varchar(255) not null, \"source\" varchar(255) not null, \"correlation_id\" varchar(255) not null, \"actor\" varchar(255) null, \"summary\" text not null, \"data\" jsonb not null, \"prev_hash\" varchar(255) null, \"hash\" varchar(255) not null);");
    this.addSql("alter table \"orders\".\"timeline_event\" add constraint \"timeline_event_id_unique\" unique (\"id\");");
    this.addSql("create index \"timeline_event_order_id_seq_index\" on \"orders\".\"timeline_event\" (\"order_id\", \"seq\");");
    this.addSql("create index \"timeline_event_account_id_seq_index\" on \"orders\".\"timeline_event\" (\"account_id\", \"seq\");");
    this.addSql("create table \"orders\".\"timeline_outbox\" (\"seq\" bigserial primary key);");
    // Append-only: the database refuses to change or remove a timeline event (the hash chain shows it if someone forces it).
    this.addSql(
      `create or replace function "orders"."timeline_append_only"() returns trigger language plpgsql as $$ begin raise exception 'order timeline events are append-only (% refused)', tg_op using errcode = '42501'; end $$;`,
    );
    this.addSql(
      `create trigger "timeline_event_append_only" before update or delete on "orders"."timeline_event" for each row execute function "orders"."timeline_append_only"();`,
    );
    this.addSql(
      `create trigger "timeline_event_no_truncate" before truncate on "orders"."timeline_event" for each statement execute function "orders"."timeline_append_only"();`,
    );
    this.addSql("alter table \"orders\".\"cart\" add column \"approval_requested_at\" timestamptz null, add column \"approval_requested_by\" varchar(255) null, add column \"submission_snapshot\" jsonb null;");
    this.addSql("alter table \"orders\".\"sales_order\" add column \"origin\" varchar(255) not null default 'PORTAL', add column \"correlation_id\" varchar(255) null;");
    this.addSql("alter table \"orders\".\"sales_order_line\" add column \"status\" varchar(255) not null default 'OPEN', add column \"schedule_lines\" jsonb null, add column \"proposed_sku\" varchar(255) null;");
  }

  override async down(): Promise<void> {
    this.addSql("drop table if exists \"orders\".\"order_exception\" cascade;");
    this.addSql("drop table if exists \"orders\".\"timeline_event\" cascade;");
    this.addSql(`drop function if exists "orders"."timeline_append_only"();`);
    this.addSql("drop table if exists \"orders\".\"timeline_outbox\" cascade;");
    this.addSql("alter table \"orders\".\"cart\" drop column \"approval_requested_at\", drop column \"approval_requested_by\", drop column \"submission_snapshot\";");
    this.addSql("alter table \"orders\".\"sales_order\" drop column \"origin\", drop column \"correlation_id\";");
    this.addSql("alter table \"orders\".\"sales_order_line\" drop column \"status\", drop column \"schedule_lines\", drop column \"proposed_sku\";");
  }
}
