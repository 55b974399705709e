import { Migration } from "@mikro-orm/migrations";

/** How often each known operation is sent, and by which clients (societies, client names). */
export class Migration20261201120100_operation_clients extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "known_operation" add "count" bigint not null default '0';`);
    this.addSql(`create table "known_operation_client" ("hash" varchar(64) not null, "client" varchar(80) not null, "society_id" uuid null, "count" bigint not null, "last_seen_at" timestamptz not null, primary key ("hash", "client"));`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table "known_operation_client";`);
    this.addSql(`alter table "known_operation" drop column "count";`);
  }
}
