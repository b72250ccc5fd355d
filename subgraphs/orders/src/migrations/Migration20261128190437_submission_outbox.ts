import { Migration } from '@mikro-orm/migrations';

export class Migration20261128190437_submission_outbox extends Migration {
  override async up(): Promise<void> {
    this.addSql("create table \"orders\".\"outbox\" (\"id\" varchar(255) not null, \"kind\" varchar(255) not null, \"order_id\" varchar(255) not null, \"payload\" jsonb not null, \"attempts\" int not null default 0, \"last_error\" text null, \"next_attempt_at\" timestamptz not null, \"done_at\" timestamptz null, constraint \"outbox_pkey\" primary key (\"id\"));");
    this.addSql("create index \"outbox_done_at_next_attempt_at_index\" on \"orders\".\"outbox\" (\"done_at\", \"next_attempt_at\");");
    this.addSql("create table \"orders\".\"submission\" (\"id\" varchar(255) not null, \"payload_hash\" varchar(255) not null, \"state\" varchar(255) not null, \"result\" jsonb null, \"order_id\" varchar(255) null, \"created_at\" timestamptz not null, \"updated_at\" timestamptz not null, constraint \"submission_pkey\" primary key (\"id\"));");
  }

  override async down(): Promise<void> {
    this.addSql("drop table if exists \"orders\".\"outbox\" cascade;");
    this.addSql("drop table if exists \"orders\".\"submission\" cascade;");
  }
}
