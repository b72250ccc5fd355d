import { Migration } from '@mikro-orm/migrations';

/**
 * The staging table becomes a plain heap: its primary key cost every staged record an index entry
 * (about a third of the staging). A record the export gives twice is refused at the merge instead,
 * where the live table's key (or a check before an update) finds it.
 */
export class Migration20261207180000_condition_staging_heap extends Migration {
  override async up(): Promise<void> {
    this.addSql('alter table "pricing"."price_condition_staging" drop constraint "price_condition_staging_pkey";');
  }

  override async down(): Promise<void> {
    this.addSql('alter table "pricing"."price_condition_staging" add constraint "price_condition_staging_pkey" primary key ("id");');
  }
}
