import { Migration } from "@mikro-orm/migrations";

/** Recurring series (a monthly webinar) whose occurrences are events. */
export class Migration20261201130300_event_series extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "event_series" ("id" uuid not null, "society_id" uuid not null, "community_id" uuid null, "title" varchar(255) not null, "kind" text not null, "recurrence" varchar(255) not null, "timezone" varchar(255) not null, "first_starts_at" timestamptz not null, "duration_minutes" int not null, "online" boolean not null, "venue" varchar(255) null, "capacity" int not null, "cpd_credits" double precision not null, "materialised_until" timestamptz not null, primary key ("id"));`);
    this.addSql(`create index "event_series_society_id_index" on "event_series" ("society_id");`);
    this.addSql(`create index "event_series_community_id_index" on "event_series" ("community_id");`);
    this.addSql(`alter table "event_series" add constraint "event_series_kind_check" check ("kind" in ('WEBINAR', 'WORKSHOP', 'CONFERENCE_SESSION', 'SPEED_MENTORING', 'CAREER_LUNCH', 'JOURNAL_CLUB', 'CASE_DISCUSSION'));`);
    this.addSql(`alter table "event" add "series_id" uuid null;`);
    this.addSql(`alter table "event" add constraint "event_series_id_starts_at_unique" unique ("series_id", "starts_at");`);
  }
}
