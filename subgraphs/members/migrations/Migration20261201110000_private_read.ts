import { Migration } from "@mikro-orm/migrations";

/**
 * The audit of private reads — append-only: retention and erasure delete rows, nothing changes one — and
 * the history of consent changes, started with each member's current consent where one was recorded.
 */
export class Migration20261201110000_private_read extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "private_read" ("id" uuid not null, "member_id" uuid not null, "key_id" uuid null, "role" varchar(16) not null, "society_id" uuid null, "fields" text[] not null, "request_id" varchar(64) not null, "read_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`create index "private_read_member_id_read_at_index" on "private_read" ("member_id", "read_at", "id");`);
    this.addSql(`create index "private_read_read_at_index" on "private_read" ("read_at");`);
    this.addSql(`create or replace function "private_read_append_only_fn"() returns trigger as $$ begin raise exception 'the private-read audit is append-only'; end; $$ language plpgsql;`);
    this.addSql(`create trigger "append_only" BEFORE UPDATE on "private_read" for each ROW execute function "private_read_append_only_fn"();`);
    this.addSql(`create table "consent_change" ("id" uuid not null, "member_id" uuid not null, "listed" boolean not null, "research" boolean not null, "key_id" uuid null, "society_id" uuid null, "changed_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`create index "consent_change_member_id_changed_at_index" on "consent_change" ("member_id", "changed_at");`);
    this.addSql(`insert into "consent_change" select gen_random_uuid(), "id", "listed", "research_consent", null, "society_id", "consent_updated_at" from "member" where "consent_updated_at" is not null;`);
  }
}
