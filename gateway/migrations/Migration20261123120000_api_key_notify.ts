import { Migration } from "@mikro-orm/migrations";

/** The api_key_changed trigger declared on ApiKeySchema: any change to the keys is announced on copnet_api_keys. */
export class Migration20261123120000_api_key_notify extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create or replace function "api_key_api_key_changed_fn"() returns trigger as $$ begin perform pg_notify('copnet_api_keys', ''); return null; end; $$ language plpgsql;`);
    this.addSql(`create trigger "api_key_changed" AFTER INSERT OR UPDATE OR DELETE on "api_key" for each STATEMENT execute function "api_key_api_key_changed_fn"();`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop trigger "api_key_changed" on "api_key";`);
    this.addSql(`drop function "api_key_api_key_changed_fn"();`);
  }
}
