import { Migration } from '@mikro-orm/migrations';

export class Migration20261128183647_condition_account_sku_index extends Migration {
  override async up(): Promise<void> {
    this.addSql("create index \"condition_account_id_sku_index\" on \"erp\".\"condition\" (\"account_id\", \"sku\");");
  }

  override async down(): Promise<void> {
    this.addSql("drop index \"erp\".\"condition_account_id_sku_index\";");
  }
}
