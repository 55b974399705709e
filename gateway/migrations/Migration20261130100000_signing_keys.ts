import { Migration } from "@mikro-orm/migrations";

/** Service-token signing keys (next / active / retired), shared by every gateway on this database. */
export class Migration20261130100000_signing_keys extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "signing_key" ("kid" varchar(64) not null, "state" text not null, "public_jwk" jsonb not null, "private_jwk" jsonb null, "created_at" timestamptz not null, "activated_at" timestamptz null, "retired_at" timestamptz null, primary key ("kid"));`);
    this.addSql(`create index "signing_key_state_index" on "signing_key" ("state");`);
    this.addSql(`alter table "signing_key" add constraint "signing_key_state_check" check ("state" in ('next', 'active', 'retired'));`);
  }
}
