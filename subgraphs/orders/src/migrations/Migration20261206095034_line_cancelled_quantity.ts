import { Migration } from '@mikro-orm/migrations';

export class Migration20261206095034_line_cancelled_quantity extends Migration {
  override async up(): Promise<void> {
    this.addSql("alter table \"orders\".\"sales_order_line\" add column \"cancelled_quantity\" int not null default 0;");
  }

  override async down(): Promise<void> {
    this.addSql("alter table \"orders\".\"sales_order_line\" drop column \"cancelled_quantity\";");
  }
}
