import { Migration } from "@mikro-orm/migrations";

export class Migration20261123000000_api_keys extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "api_key" ("id" uuid not null, "hash" varchar(64) not null, "prefix" varchar(16) not null, "role" text not null, "society_id" uuid null, "label" varchar(255) not null, "created_at" timestamptz not null, "revoked_at" timestamptz null, primary key ("id"));`);
    this.addSql(`alter table "api_key" add constraint "api_key_hash_unique" unique ("hash");`);
    this.addSql(`alter table "api_key" add constraint "api_key_role_check" check ("role" in ('society', 'researcher', 'admin'));`);
  }
}
