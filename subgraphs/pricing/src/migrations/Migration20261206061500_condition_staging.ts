import { Migration } from '@mikro-orm/migrations';

export class Migration20261206061500_condition_staging extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      'create table "pricing"."price_condition_staging" ("id" varchar(255) not null, "version" int not null, "condition_type" varchar(255) not null, "access" varchar(255) not null, "sku" varchar(255) null, "account_id" varchar(255) null, "price_list_id" varchar(255) null, "tier" varchar(255) null, "currency" varchar(3) not null, "amount" numeric(18,4) null, "rate" numeric(9,4) null, "scales" jsonb not null default \'[]\', "valid_from" date not null, "valid_to" date null, "contract_id" varchar(255) null, "contract_version" int null, constraint "price_condition_staging_pkey" primary key ("id"));',
    );
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists "pricing"."price_condition_staging" cascade;');
  }
}
