import { Migration } from "@mikro-orm/migrations";

/** Partner websites: each society's registered origins and trusted documents, and publishable (`public`) keys. */
export class Migration20261201100000_partner_web extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "society_web" ("society_id" uuid not null, "origins" jsonb not null, "enforce_documents" boolean not null default false, "updated_at" timestamptz not null, "updated_by" varchar(255) not null, primary key ("society_id"));`);
    this.addSql(`create index "society_web_updated_at_index" on "society_web" ("updated_at");`);
    this.addSql(`create table "trusted_document" ("society_id" uuid not null, "hash" varchar(64) not null, "document" text not null, "name" varchar(255) null, "published_at" timestamptz not null, primary key ("society_id", "hash"));`);
    this.addSql(`alter table "api_key" drop constraint "api_key_role_check";`);
    this.addSql(`alter table "api_key" add constraint "api_key_role_check" check ("role" in ('public', 'society', 'researcher', 'admin'));`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table "trusted_document";`);
    this.addSql(`drop table "society_web";`);
    this.addSql(`alter table "api_key" drop constraint "api_key_role_check";`);
    this.addSql(`alter table "api_key" add constraint "api_key_role_check" check ("role" in ('society', 'researcher', 'admin'));`);
  }
}
