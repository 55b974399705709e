import { Migration } from "@mikro-orm/migrations";

/** An event's recording: the id of its WEBINAR_RECORDING work in scholarship. */
export class Migration20261201130400_event_recording extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "event" add "recording_work_id" uuid null;`);
  }
}
