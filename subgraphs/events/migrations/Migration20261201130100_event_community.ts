import { Migration } from "@mikro-orm/migrations";

export class Migration20261201130100_event_community extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "event" add column "community_id" uuid null;`);
    this.addSql(`create index "event_community_id_index" on "event" ("community_id");`);
  }
}
