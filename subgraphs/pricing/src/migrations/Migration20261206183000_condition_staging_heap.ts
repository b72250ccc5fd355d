import { Migration } from '@mikro-orm/migrations';

/**
 * The staging table of the full contract sync becomes the next `price_condition` at the end of a
 * sync (its indexes are built then): it loads without a primary key or any other index.
 */
export class Migration20261206183000_condition_staging_heap extends Migration {
  override async up(): Promise<void> {
    this.addSql('alter table "pricing"."price_condition_staging" drop constraint "price_condition_staging_pkey";');
  }

  override async down(): Promise<void> {
    // Staged pages go; a sync under way starts again from the first page.
    this.addSql('truncate "pricing"."price_condition_staging";');
    this.addSql(`update "pricing"."sync_state" set "cursor" = null, "rows" = 0 where "name" = 'conditions' and "completed_at" is null;`);
    this.addSql('alter table "pricing"."price_condition_staging" add constraint "price_condition_staging_pkey" primary key ("id");');
  }
}
