import { Migration } from '@mikro-orm/migrations';

export class Migration20261128183641_condition_account_sku_index extends Migration {
  override async up(): Promise<void> {
    this.addSql("create index \"price_condition_account_id_sku_index\" on \"pricing\".\"price_condition\" (\"account_id\", \"sku\");");
  }

  override async down(): Promise<void> {
    this.addSql("drop index \"pricing\".\"price_condition_account_id_sku_index\";");
  }
}
