import { Migration } from "@mikro-orm/migrations";

/** Group circles of GROUP programmes, the places in them (and sign-ups waiting for one), and the near-peer preference. */
export class Migration20261202100000_circles extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "mentoring_program" add column "prefers_near_peer" boolean not null default false;`);
    this.addSql(`create table "mentoring_circle" ("id" uuid not null, "program_id" uuid not null, "name" varchar(255) not null, "topics" text[] not null, "capacity" int not null, "meetings_starts_at" timestamptz null, "meetings_timezone" varchar(255) null, "meetings_recurrence" varchar(255) null, "meeting_minutes" int null, "created_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`create index "mentoring_circle_program_id_index" on "mentoring_circle" ("program_id");`);
    this.addSql(`create table "mentoring_circle_place" ("id" uuid not null, "program_id" uuid not null, "circle_id" uuid null, "member_id" uuid not null, "society_id" uuid not null, "role" text not null, "joined_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`alter table "mentoring_circle_place" add constraint "mentoring_circle_place_role_check" check ("role" in ('MENTOR', 'MENTEE'));`);
    // One place per member and programme: in one circle, or waiting for one (circle_id null). Holds under concurrent joins.
    this.addSql(`create unique index "mentoring_circle_place_program_id_member_id_unique" on "mentoring_circle_place" ("program_id", "member_id");`);
    this.addSql(`create index "mentoring_circle_place_circle_id_index" on "mentoring_circle_place" ("circle_id");`);
    this.addSql(`create index "mentoring_circle_place_member_id_index" on "mentoring_circle_place" ("member_id");`);
  }
}
