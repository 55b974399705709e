import { Migration } from "@mikro-orm/migrations";

/** Any change to api_key is announced on channel copnet_api_keys: gateways drop the keys they remember. */
export class Migration20261123120000_api_key_notify extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create function copnet_api_key_changed() returns trigger language plpgsql as $$ begin perform pg_notify('copnet_api_keys', ''); return null; end $$;`);
    this.addSql(`create trigger api_key_changed after insert or update or delete or truncate on api_key for each statement execute function copnet_api_key_changed();`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop trigger api_key_changed on api_key;`);
    this.addSql(`drop function copnet_api_key_changed();`);
  }
}
