import { Migration } from '@mikro-orm/migrations';

export class Migration20261128170443_init extends Migration {
  override async up(): Promise<void> {
    this.addSql("create schema if not exists \"erp\";");
    this.addSql("create table \"erp\".\"condition\" (\"id\" varchar(255) not null, \"version\" int not null, \"condition_type\" varchar(255) not null, \"access\" varchar(255) not null, \"sku\" varchar(255) not null, \"account_id\" varchar(255) null, \"price_list_id\" varchar(255) null, \"tier\" varchar(255) null, \"currency\" varchar(3) not null, \"amount\" numeric(18,4) not null, \"valid_from\" date not null, \"valid_to\" date null, constraint \"condition_pkey\" primary key (\"id\"));");
    this.addSql("create index \"condition_sku_index\" on \"erp\".\"condition\" (\"sku\");");
    this.addSql("create table \"erp\".\"contact\" (\"user_id\" varchar(255) not null, \"customer_id\" varchar(255) not null, \"name\" varchar(255) not null, \"email\" varchar(255) not null, \"role\" varchar(255) not null, \"spending_limit\" numeric(14,2) null, constraint \"contact_pkey\" primary key (\"user_id\"));");
    this.addSql("create index \"contact_customer_id_index\" on \"erp\".\"contact\" (\"customer_id\");");
    this.addSql("create table \"erp\".\"customer\" (\"id\" varchar(255) not null, \"name\" varchar(255) not null, \"currency\" varchar(3) not null, \"tier\" varchar(255) not null, \"price_list_id\" varchar(255) not null, \"credit_limit\" numeric(14,2) not null, \"default_warehouse\" varchar(255) not null, \"partial_delivery\" boolean not null, constraint \"customer_pkey\" primary key (\"id\"));");
    this.addSql("create table \"erp\".\"invoice\" (\"number\" varchar(255) not null, \"customer_id\" varchar(255) not null, \"order_number\" varchar(255) not null, \"portal_order_id\" varchar(255) not null, \"currency\" varchar(3) not null, \"issued_at\" date not null, \"due_date\" date not null, \"total\" numeric(14,2) not null, \"balance\" numeric(14,2) not null, \"status\" varchar(255) not null, constraint \"invoice_pkey\" primary key (\"number\"));");
    this.addSql("create index \"invoice_customer_id_index\" on \"erp\".\"invoice\" (\"customer_id\");");
    this.addSql("create table \"erp\".\"item\" (\"sku\" varchar(255) not null, \"name\" varchar(255) not null, \"uom\" varchar(255) not null, \"lead_time_days\" int not null, \"discontinued\" boolean not null default false, \"successor_sku\" varchar(255) null, constraint \"item_pkey\" primary key (\"sku\"));");
    this.addSql("create table \"erp\".\"sales_order\" (\"number\" varchar(255) not null, \"portal_order_id\" varchar(255) not null, \"customer_id\" varchar(255) not null, \"status\" varchar(255) not null, \"placed_at\" timestamptz not null, \"currency\" varchar(3) not null, \"lines\" jsonb not null, constraint \"sales_order_pkey\" primary key (\"number\"));");
    this.addSql("alter table \"erp\".\"sales_order\" add constraint \"sales_order_portal_order_id_unique\" unique (\"portal_order_id\");");
    this.addSql("create index \"sales_order_customer_id_index\" on \"erp\".\"sales_order\" (\"customer_id\");");
  }

  override async down(): Promise<void> {
    this.addSql("drop table if exists \"erp\".\"condition\" cascade;");
    this.addSql("drop table if exists \"erp\".\"contact\" cascade;");
    this.addSql("drop table if exists \"erp\".\"customer\" cascade;");
    this.addSql("drop table if exists \"erp\".\"invoice\" cascade;");
    this.addSql("drop table if exists \"erp\".\"item\" cascade;");
    this.addSql("drop table if exists \"erp\".\"sales_order\" cascade;");
  }
}
