import { Migration } from "@mikro-orm/migrations";

/** The replay log of changes pulled from the subgraphs' feeds, the feed cursors, and the societies' webhooks with their deliveries. */
export class Migration20261201140000_live_updates extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "change_event" ("id" bigserial primary key, "source" varchar(64) not null, "topic" varchar(64) not null, "entity_id" uuid not null, "member_ids" uuid[] not null, "society_ids" uuid[] not null, "data" jsonb not null, "changed_at" timestamptz not null, "created_at" timestamptz not null default now());`);
    this.addSql(`create index "change_event_created_at_index" on "change_event" ("created_at");`);
    this.addSql(`create index "change_event_member_ids_index" on "change_event" using gin ("member_ids");`);
    this.addSql(`create table "feed_cursor" ("source" varchar(64) not null, "cursor" varchar(64) not null, primary key ("source"));`);
    this.addSql(`create table "webhook_delivery" ("id" uuid not null, "endpoint_id" uuid not null, "change_event_id" bigint not null, "topic" varchar(64) not null, "payload" jsonb not null, "member_ids" uuid[] not null, "status" text not null, "attempts" int not null default 0, "next_attempt_at" timestamptz not null, "last_error" varchar(500) null, "last_status_code" int null, "created_at" timestamptz not null default now(), "delivered_at" timestamptz null, primary key ("id"));`);
    this.addSql(`create index "webhook_delivery_due_index" on "webhook_delivery" ("status", "next_attempt_at");`);
    this.addSql(`create index "webhook_delivery_endpoint_index" on "webhook_delivery" ("endpoint_id", "created_at");`);
    this.addSql(`create table "webhook_endpoint" ("id" uuid not null, "society_id" uuid not null, "url" varchar(2048) not null, "events" text[] not null, "secret" varchar(128) not null, "allow_private" boolean not null default false, "created_at" timestamptz not null default now(), "removed_at" timestamptz null, primary key ("id"));`);
    this.addSql(`create index "webhook_endpoint_society_id_index" on "webhook_endpoint" ("society_id");`);
    this.addSql(`alter table "webhook_delivery" add constraint "webhook_delivery_status_check" check ("status" in ('PENDING', 'SUCCEEDED', 'FAILED'));`);
  }
}
