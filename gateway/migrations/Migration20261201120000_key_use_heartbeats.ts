import { Migration } from "@mikro-orm/migrations";

/** Keys that expire, when each key was last used, and the gateways' heartbeats (GET /admin/status). */
export class Migration20261201120000_key_use_heartbeats extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "api_key" add "expires_at" timestamptz null;`);
    this.addSql(`create table "api_key_use" ("key_id" uuid not null, "last_used_at" timestamptz not null, primary key ("key_id"));`);
    this.addSql(`create table "gateway_heartbeat" ("instance" varchar(200) not null, "url" varchar(2048) not null, "supergraph_version" int not null, "started_at" timestamptz not null, "seen_at" timestamptz not null, primary key ("instance"));`);
    this.addSql(`create index "gateway_heartbeat_seen_at_index" on "gateway_heartbeat" ("seen_at");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table "gateway_heartbeat";`);
    this.addSql(`drop table "api_key_use";`);
    this.addSql(`alter table "api_key" drop column "expires_at";`);
  }
}
