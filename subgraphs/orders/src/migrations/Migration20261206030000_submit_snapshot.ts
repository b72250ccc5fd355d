import { Migration } from '@mikro-orm/migrations';

export class Migration20261206030000_submit_snapshot extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      'alter table "orders"."cart" add column "submitting_key" varchar(255) null, add column "submitting_since" timestamptz null, add column "status_before_submit" varchar(255) null, add column "returned_reason" text null, add column "returned_at" timestamptz null, add column "returned_by" varchar(255) null;',
    );
    this.addSql('alter table "orders"."account" add column "default_spending_limit" numeric(14,2) null;');
    this.addSql('alter table "orders"."sales_order" add column "cart_id" varchar(255) null, add column "accepted_quote" jsonb null;');
    // One cart, at most one order, whatever the idempotency keys: the database enforces it.
    this.addSql('alter table "orders"."sales_order" add constraint "sales_order_cart_id_unique" unique ("cart_id");');
    // Orders placed before this change: their cart is the one the submission recorded.
    this.addSql(
      `update "orders"."sales_order" o set cart_id = s.cart_id from (
         select distinct on (order_id) order_id, (data->>'cartId') as cart_id from "orders"."timeline_event"
         where type = 'order.submitted' and data ? 'cartId' order by order_id, seq) s
       where o.id = s.order_id and o.cart_id is null
         and not exists (select 1 from "orders"."sales_order" x where x.cart_id = s.cart_id)`,
    );
  }

  override async down(): Promise<void> {
    this.addSql('alter table "orders"."sales_order" drop constraint "sales_order_cart_id_unique";');
    this.addSql('alter table "orders"."sales_order" drop column "cart_id", drop column "accepted_quote";');
    this.addSql('alter table "orders"."account" drop column "default_spending_limit";');
    this.addSql(
      'alter table "orders"."cart" drop column "submitting_key", drop column "submitting_since", drop column "status_before_submit", drop column "returned_reason", drop column "returned_at", drop column "returned_by";',
    );
  }
}
