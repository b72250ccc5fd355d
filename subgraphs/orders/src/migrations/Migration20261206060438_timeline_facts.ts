import { Migration } from '@mikro-orm/migrations';

export class Migration20261206060438_timeline_facts extends Migration {
  override async up(): Promise<void> {
    // Orders met in the ERP: null until their history is rebuilt (existing ones too, so they get it).
    this.addSql('alter table "orders"."sales_order" add column "history_rebuilt_at" timestamptz null;');
    this.addSql(
      'alter table "orders"."timeline_event" add column "fact_key" varchar(255) null, add column "recorded_at" timestamptz null, add column "reconstructed" boolean not null default false;',
    );
    // Events stored before: their id was already the stable key of what they record, and they were
    // stored when they were stamped. The append-only trigger is lifted for this backfill only.
    this.addSql('alter table "orders"."timeline_event" disable trigger "timeline_event_append_only";');
    this.addSql('update "orders"."timeline_event" set "fact_key" = "id", "recorded_at" = "at";');
    this.addSql('alter table "orders"."timeline_event" enable trigger "timeline_event_append_only";');
    this.addSql(
      'alter table "orders"."timeline_event" alter column "fact_key" set not null, alter column "recorded_at" set not null, alter column "recorded_at" set default now();',
    );
    this.addSql('alter table "orders"."timeline_event" add constraint "timeline_event_fact_key_unique" unique ("fact_key");');
    this.addSql('create index "timeline_event_order_id_at_seq_index" on "orders"."timeline_event" ("order_id", "at", "seq");');
  }

  override async down(): Promise<void> {
    this.addSql('alter table "orders"."sales_order" drop column "history_rebuilt_at";');
    this.addSql('alter table "orders"."timeline_event" drop constraint "timeline_event_fact_key_unique";');
    this.addSql('drop index "orders"."timeline_event_order_id_at_seq_index";');
    this.addSql('alter table "orders"."timeline_event" drop column "fact_key", drop column "recorded_at", drop column "reconstructed";');
  }
}
