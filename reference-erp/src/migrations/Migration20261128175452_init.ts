import { Migration } from '@mikro-orm/migrations';

export class Migration20261128175452_init extends Migration {
  override async up(): Promise<void> {
    this.addSql("create schema if not exists \"erp\";");
    this.addSql("create table \"erp\".\"carrier\" (\"id\" varchar(255) not null, \"name\" varchar(255) not null, \"tracking_url_template\" varchar(255) not null, constraint \"carrier_pkey\" primary key (\"id\"));");
    this.addSql("create table \"erp\".\"clock_state\" (\"id\" serial primary key, \"offset_ms\" bigint not null);");
    this.addSql("create table \"erp\".\"condition\" (\"id\" varchar(255) not null, \"version\" int not null, \"condition_type\" varchar(255) not null, \"access\" varchar(255) not null, \"sku\" varchar(255) null, \"account_id\" varchar(255) null, \"price_list_id\" varchar(255) null, \"tier\" varchar(255) null, \"currency\" varchar(3) not null, \"amount\" numeric(18,4) null, \"rate\" numeric(9,4) null, \"scales\" jsonb not null default '[]', \"valid_from\" date not null, \"valid_to\" date null, \"contract_id\" varchar(255) null, constraint \"condition_pkey\" primary key (\"id\"));");
    this.addSql("create index \"condition_sku_index\" on \"erp\".\"condition\" (\"sku\");");
    this.addSql("create table \"erp\".\"contact\" (\"user_id\" varchar(255) not null, \"customer_id\" varchar(255) not null, \"name\" varchar(255) not null, \"email\" varchar(255) not null, \"role\" varchar(255) not null, \"spending_limit\" numeric(14,2) null, constraint \"contact_pkey\" primary key (\"user_id\"));");
    this.addSql("create index \"contact_customer_id_index\" on \"erp\".\"contact\" (\"customer_id\");");
    this.addSql("create table \"erp\".\"credit_memo\" (\"number\" varchar(255) not null, \"customer_id\" varchar(255) not null, \"invoice_number\" varchar(255) not null, \"order_number\" varchar(255) not null, \"portal_order_id\" varchar(255) not null, \"currency\" varchar(3) not null, \"issued_at\" date not null, \"total\" numeric(14,2) not null, \"reason\" varchar(255) not null, \"lines\" jsonb not null default '[]', constraint \"credit_memo_pkey\" primary key (\"number\"));");
    this.addSql("create index \"credit_memo_customer_id_index\" on \"erp\".\"credit_memo\" (\"customer_id\");");
    this.addSql("create index \"credit_memo_invoice_number_index\" on \"erp\".\"credit_memo\" (\"invoice_number\");");
    this.addSql("create table \"erp\".\"customer\" (\"id\" varchar(255) not null, \"name\" varchar(255) not null, \"currency\" varchar(3) not null, \"tier\" varchar(255) not null, \"price_list_id\" varchar(255) not null, \"payment_terms_days\" int not null default 30, \"credit_limit\" numeric(14,2) not null, \"default_warehouse\" varchar(255) not null, \"partial_delivery\" boolean not null, \"address_lines\" jsonb not null default '[]', constraint \"customer_pkey\" primary key (\"id\"));");
    this.addSql("create table \"erp\".\"delivery\" (\"number\" varchar(255) not null, \"order_number\" varchar(255) not null, \"customer_id\" varchar(255) not null, \"warehouse_id\" varchar(255) not null, \"carrier_id\" varchar(255) not null, \"tracking_number\" varchar(255) not null, \"status\" varchar(255) not null, \"shipped_at\" timestamptz not null, \"planned_delivery_date\" date not null, \"delivered_at\" timestamptz null, \"lines\" jsonb not null, \"packages\" jsonb not null, constraint \"delivery_pkey\" primary key (\"number\"));");
    this.addSql("create index \"delivery_order_number_index\" on \"erp\".\"delivery\" (\"order_number\");");
    this.addSql("create table \"erp\".\"event\" (\"seq\" bigserial primary key, \"id\" uuid not null, \"type\" varchar(255) not null, \"key\" varchar(255) not null, \"occurred_at\" timestamptz not null, \"payload\" jsonb not null);");
    this.addSql("alter table \"erp\".\"event\" add constraint \"event_id_unique\" unique (\"id\");");
    this.addSql("create table \"erp\".\"invoice\" (\"number\" varchar(255) not null, \"customer_id\" varchar(255) not null, \"order_number\" varchar(255) not null, \"delivery_number\" varchar(255) null, \"portal_order_id\" varchar(255) not null, \"currency\" varchar(3) not null, \"issued_at\" date not null, \"due_date\" date not null, \"total\" numeric(14,2) not null, \"balance\" numeric(14,2) not null, \"status\" varchar(255) not null, \"lines\" jsonb not null default '[]', constraint \"invoice_pkey\" primary key (\"number\"));");
    this.addSql("create index \"invoice_customer_id_index\" on \"erp\".\"invoice\" (\"customer_id\");");
    this.addSql("create index \"invoice_order_number_index\" on \"erp\".\"invoice\" (\"order_number\");");
    this.addSql("create table \"erp\".\"item\" (\"sku\" varchar(255) not null, \"name\" varchar(255) not null, \"uom\" varchar(255) not null, \"weight_kg\" numeric(10,3) not null default '0', \"lead_time_days\" int not null, \"discontinued\" boolean not null default false, \"successor_sku\" varchar(255) null, constraint \"item_pkey\" primary key (\"sku\"));");
    this.addSql("create table \"erp\".\"movement\" (\"id\" varchar(255) not null, \"sku\" varchar(255) not null, \"warehouse_id\" varchar(255) not null, \"date\" date not null, \"quantity\" int not null, \"kind\" varchar(255) not null, \"ref\" varchar(255) not null, constraint \"movement_pkey\" primary key (\"id\"));");
    this.addSql("create index \"movement_ref_index\" on \"erp\".\"movement\" (\"ref\");");
    this.addSql("create index \"movement_sku_warehouse_id_index\" on \"erp\".\"movement\" (\"sku\", \"warehouse_id\");");
    this.addSql("create table \"erp\".\"number_range\" (\"name\" varchar(255) not null, \"next\" bigint not null, constraint \"number_range_pkey\" primary key (\"name\"));");
    this.addSql("create table \"erp\".\"payment\" (\"id\" varchar(255) not null, \"invoice_number\" varchar(255) not null, \"customer_id\" varchar(255) not null, \"amount\" numeric(14,2) not null, \"received_at\" timestamptz not null, constraint \"payment_pkey\" primary key (\"id\"));");
    this.addSql("create index \"payment_invoice_number_index\" on \"erp\".\"payment\" (\"invoice_number\");");
    this.addSql("create table \"erp\".\"sales_order\" (\"number\" varchar(255) not null, \"portal_order_id\" varchar(255) not null, \"idempotency_key\" varchar(255) null, \"payload_hash\" varchar(255) null, \"customer_id\" varchar(255) not null, \"status\" varchar(255) not null, \"hold_reason\" varchar(255) null, \"placed_at\" timestamptz not null, \"currency\" varchar(3) not null, \"requested_delivery_date\" date null, \"warehouse_id\" varchar(255) not null, \"partial_delivery\" boolean not null, \"pricing_date\" date not null, \"net_total\" numeric(14,2) not null, \"freight\" numeric(14,2) not null default '0', \"customer_reference\" varchar(255) null, \"updated_at\" timestamptz not null, constraint \"sales_order_pkey\" primary key (\"number\"));");
    this.addSql("alter table \"erp\".\"sales_order\" add constraint \"sales_order_portal_order_id_unique\" unique (\"portal_order_id\");");
    this.addSql("alter table \"erp\".\"sales_order\" add constraint \"sales_order_idempotency_key_unique\" unique (\"idempotency_key\");");
    this.addSql("create index \"sales_order_customer_id_index\" on \"erp\".\"sales_order\" (\"customer_id\");");
    this.addSql("create table \"erp\".\"sales_order_line\" (\"id\" varchar(255) not null, \"order_number\" varchar(255) not null, \"line_no\" int not null, \"sku\" varchar(255) not null, \"quantity\" int not null, \"unit_price\" numeric(18,4) not null, \"net_amount\" numeric(14,2) not null, \"status\" varchar(255) not null, \"confirmed_quantity\" int not null default 0, \"shipped_quantity\" int not null default 0, \"invoiced_quantity\" int not null default 0, \"schedule_lines\" jsonb not null default '[]', \"proposed_sku\" varchar(255) null, \"components\" jsonb not null default '[]', constraint \"sales_order_line_pkey\" primary key (\"id\"));");
    this.addSql("create index \"sales_order_line_order_number_index\" on \"erp\".\"sales_order_line\" (\"order_number\");");
    this.addSql("create table \"erp\".\"stock\" (\"id\" varchar(255) not null, \"sku\" varchar(255) not null, \"warehouse_id\" varchar(255) not null, \"on_hand\" int not null, constraint \"stock_pkey\" primary key (\"id\"));");
    this.addSql("create index \"stock_sku_index\" on \"erp\".\"stock\" (\"sku\");");
    this.addSql("create table \"erp\".\"warehouse\" (\"id\" varchar(255) not null, \"name\" varchar(255) not null, \"time_zone\" varchar(255) not null, \"working_days\" jsonb not null, \"holidays\" jsonb not null, \"cutoff_time\" varchar(5) not null, \"pick_pack_days\" int not null, \"loading_days\" int not null, \"transit_days\" int not null, constraint \"warehouse_pkey\" primary key (\"id\"));");
  }

  override async down(): Promise<void> {
    this.addSql("drop table if exists \"erp\".\"carrier\" cascade;");
    this.addSql("drop table if exists \"erp\".\"clock_state\" cascade;");
    this.addSql("drop table if exists \"erp\".\"condition\" cascade;");
    this.addSql("drop table if exists \"erp\".\"contact\" cascade;");
    this.addSql("drop table if exists \"erp\".\"credit_memo\" cascade;");
    this.addSql("drop table if exists \"erp\".\"customer\" cascade;");
    this.addSql("drop table if exists \"erp\".\"delivery\" cascade;");
    this.addSql("drop table if exists \"erp\".\"event\" cascade;");
    this.addSql("drop table if exists \"erp\".\"invoice\" cascade;");
    this.addSql("drop table if exists \"erp\".\"item\" cascade;");
    this.addSql("drop table if exists \"erp\".\"movement\" cascade;");
    this.addSql("drop table if exists \"erp\".\"number_range\" cascade;");
    this.addSql("drop table if exists \"erp\".\"payment\" cascade;");
    this.addSql("drop table if exists \"erp\".\"sales_order\" cascade;");
    this.addSql("drop table if exists \"erp\".\"sales_order_line\" cascade;");
    this.addSql("drop table if exists \"erp\".\"stock\" cascade;");
    this.addSql("drop table if exists \"erp\".\"warehouse\" cascade;");
  }
}
