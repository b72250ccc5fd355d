import { Migration } from '@mikro-orm/migrations';

export class Migration20261128220419_contract_version extends Migration {
  override async up(): Promise<void> {
    this.addSql("alter table \"erp\".\"condition\" add column \"contract_version\" int null;");
  }

  override async down(): Promise<void> {
    this.addSql("alter table \"erp\".\"condition\" drop column \"contract_version\";");
  }
}
