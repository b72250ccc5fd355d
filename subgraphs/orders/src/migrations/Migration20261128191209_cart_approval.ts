import { Migration } from '@mikro-orm/migrations';

export class Migration20261128191209_cart_approval extends Migration {
  override async up(): Promise<void> {
    this.addSql("alter table \"orders\".\"cart\" add column \"pending_submission_id\" varchar(255) null, add column \"decided_by\" varchar(255) null, add column \"decided_at\" timestamptz null, add column \"decision_comment\" text null;");
  }

  override async down(): Promise<void> {
    this.addSql("alter table \"orders\".\"cart\" drop column \"pending_submission_id\", drop column \"decided_by\", drop column \"decided_at\", drop column \"decision_comment\";");
  }
}
