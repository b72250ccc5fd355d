import { Migration } from '@mikro-orm/migrations';

export class Migration20261128170952_init extends Migration {
  override async up(): Promise<void> {
    this.addSql("create schema if not exists \"orders\";");
    this.addSql("create table \"orders\".\"account\" (\"id\" varchar(255) not null, \"name\" varchar(255) not null, \"currency\" varchar(3) not null, \"tier\" varchar(255) not null, constraint \"account_pkey\" primary key (\"id\"));");
    this.addSql("create table \"orders\".\"cart\" (\"id\" uuid not null, \"account_id\" varchar(255) not null, \"created_by\" varchar(255) not null, \"status\" varchar(255) not null, \"name\" varchar(255) null, \"currency\" varchar(3) not null, \"requested_delivery_date\" date null, \"created_at\" timestamptz not null, \"updated_at\" timestamptz not null, constraint \"cart_pkey\" primary key (\"id\"));");
    this.addSql("create index \"cart_account_id_status_index\" on \"orders\".\"cart\" (\"account_id\", \"status\");");
    this.addSql("create table \"orders\".\"cart_line\" (\"id\" uuid not null, \"cart_id\" uuid not null, \"position\" int not null, \"sku\" varchar(255) not null, \"quantity\" int not null, \"requested_date\" date null, constraint \"cart_line_pkey\" primary key (\"id\"));");
    this.addSql("create index \"cart_line_cart_id_index\" on \"orders\".\"cart_line\" (\"cart_id\");");
    this.addSql("create table \"orders\".\"sales_order\" (\"id\" varchar(255) not null, \"account_id\" varchar(255) not null, \"number\" varchar(255) not null, \"erp_order_number\" varchar(255) null, \"status\" varchar(255) not null, \"placed_at\" timestamptz not null, \"accepted_at\" timestamptz null, \"currency\" varchar(3) not null, constraint \"sales_order_pkey\" primary key (\"id\"));");
    this.addSql("alter table \"orders\".\"sales_order\" add constraint \"sales_order_number_unique\" unique (\"number\");");
    this.addSql("create index \"sales_order_account_id_placed_at_index\" on \"orders\".\"sales_order\" (\"account_id\", \"placed_at\");");
    this.addSql("create table \"orders\".\"sales_order_line\" (\"id\" varchar(255) not null, \"order_id\" varchar(255) not null, \"line_no\" int not null, \"sku\" varchar(255) not null, \"quantity\" int not null, \"confirmed_quantity\" int not null default 0, \"shipped_quantity\" int not null default 0, \"invoiced_quantity\" int not null default 0, constraint \"sales_order_line_pkey\" primary key (\"id\"));");
    this.addSql("create index \"sales_order_line_order_id_index\" on \"orders\".\"sales_order_line\" (\"order_id\");");
    this.addSql("create table \"orders\".\"portal_user\" (\"id\" varchar(255) not null, \"account_id\" varchar(255) not null, \"name\" varchar(255) not null, \"email\" varchar(255) not null, \"role\" varchar(255) not null, \"spending_limit\" numeric(14,2) null, constraint \"portal_user_pkey\" primary key (\"id\"));");
    this.addSql("create index \"portal_user_account_id_index\" on \"orders\".\"portal_user\" (\"account_id\");");
    this.addSql("create table \"orders\".\"sync_state\" (\"name\" varchar(255) not null, \"cursor\" text null, \"rows\" int not null default 0, \"started_at\" timestamptz null, \"completed_at\" timestamptz null, constraint \"sync_state_pkey\" primary key (\"name\"));");
  }

  override async down(): Promise<void> {
    this.addSql("drop table if exists \"orders\".\"account\" cascade;");
    this.addSql("drop table if exists \"orders\".\"cart\" cascade;");
    this.addSql("drop table if exists \"orders\".\"cart_line\" cascade;");
    this.addSql("drop table if exists \"orders\".\"sales_order\" cascade;");
    this.addSql("drop table if exists \"orders\".\"sales_order_line\" cascade;");
    this.addSql("drop table if exists \"orders\".\"portal_user\" cascade;");
    this.addSql("drop table if exists \"orders\".\"sync_state\" cascade;");
  }
}
