import { Migration } from '@mikro-orm/migrations';

export class Migration20261206023730_delivery_warehouse extends Migration {
  override async up(): Promise<void> {
    this.addSql("create table \"orders\".\"warehouse\" (\"id\" varchar(255) not null, \"time_zone\" varchar(255) not null, constraint \"warehouse_pkey\" primary key (\"id\"));");
    this.addSql("alter table \"orders\".\"shipment\" add column \"warehouse_id\" varchar(255) null;");
  }

  override async down(): Promise<void> {
    this.addSql("drop table if exists \"orders\".\"warehouse\" cascade;");
    this.addSql("alter table \"orders\".\"shipment\" drop column \"warehouse_id\";");
  }
}
