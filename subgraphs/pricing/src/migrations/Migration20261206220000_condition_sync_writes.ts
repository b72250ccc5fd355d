import { Migration } from '@mikro-orm/migrations';

/**
 * Fewer writes per synced condition record. The staging table is unlogged: what a crash can take
 * from it, the sync notices on resume (fewer rows staged than its cursor counts) and reads the
 * export again from the start. The index on `sku` alone goes: every read of the records names the
 * account too (its own or none), which the (account_id, sku) index serves, and each index costs
 * every record written by a sync or the change feed.
 */
export class Migration20261206220000_condition_sync_writes extends Migration {
  override async up(): Promise<void> {
    this.addSql('alter table "pricing"."price_condition_staging" set unlogged;');
    this.addSql('drop index "pricing"."price_condition_sku_index";');
  }

  override async down(): Promise<void> {
    this.addSql('create index "price_condition_sku_index" on "pricing"."price_condition" ("sku");');
    this.addSql('alter table "pricing"."price_condition_staging" set logged;');
  }
}
