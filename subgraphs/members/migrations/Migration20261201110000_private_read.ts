import { Migration } from "@mikro-orm/migrations";

/** The audit of private reads: append-only (rows are deleted by retention and erasure, never changed). */
export class Migration20261201110000_private_read extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "private_read" ("id" uuid not null, "member_id" uuid not null, "key_id" uuid null, "role" varchar(16) not null, "society_id" uuid null, "fields" text[] not null, "request_id" varchar(64) not null, "read_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`create index "private_read_member_id_read_at_index" on "private_read" ("member_id", "read_at", "id");`);
    this.addSql(`create index "private_read_read_at_index" on "private_read" ("read_at");`);
    this.addSql(`create function "copnet_private_read_append_only"() returns trigger language plpgsql as $$ begin raise exception 'the private-read audit is append-only'; end $$;`);
    this.addSql(`create trigger "private_read_append_only" before update on "private_read" for each row execute function "copnet_private_read_append_only"();`);
  }
}
