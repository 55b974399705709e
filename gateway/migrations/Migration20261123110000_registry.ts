import { Migration } from "@mikro-orm/migrations";

/** The subgraph registry: subgraphs, every published supergraph version, and operations seen in traffic. */
export class Migration20261123110000_registry extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "subgraph" ("name" varchar(64) not null, "url" varchar(2048) not null, "society_id" uuid null, "status" text not null, "updated_at" timestamptz not null, "updated_by" varchar(255) not null, primary key ("name"));`);
    this.addSql(`alter table "subgraph" add constraint "subgraph_status_check" check ("status" in ('ACTIVE', 'REMOVED'));`);
    this.addSql(`create table "supergraph_version" ("version" int not null, "action" text not null, "subject" varchar(255) null, "subgraphs" jsonb not null, "supergraph_sdl" text not null, "api_sdl" text not null, "checks" jsonb null, "forced" boolean not null default false, "published_by" varchar(255) not null, "published_at" timestamptz not null, primary key ("version"));`);
    this.addSql(`alter table "supergraph_version" add constraint "supergraph_version_action_check" check ("action" in ('BOOTSTRAP', 'PUBLISH', 'REMOVE', 'ROLLBACK'));`);
    this.addSql(`create table "known_operation" ("hash" varchar(64) not null, "name" varchar(255) null, "document" text not null, "last_seen_at" timestamptz not null, primary key ("hash"));`);
    this.addSql(`create index "known_operation_last_seen_at_index" on "known_operation" ("last_seen_at");`);
  }
}
