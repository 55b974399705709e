import { Migration } from "@mikro-orm/migrations";

/** The waitlist's order (a sequence that never ties) and who registered, for who may cancel. */
export class Migration20261123150000_registration_queue extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "registration" add column "sequence" bigserial, add column "registered_by_society_id" uuid null;`);
    this.addSql(`create index "registration_queue_index" on "registration" ("event_id", "status", "sequence");`);
    this.addSql(`alter table "event" add constraint "event_times_check" check ("ends_at" > "starts_at"), add constraint "event_capacity_check" check ("capacity" >= 0);`);
  }
}
