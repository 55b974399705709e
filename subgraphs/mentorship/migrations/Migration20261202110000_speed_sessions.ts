import { Migration } from "@mikro-orm/migrations";

/** Speed-mentoring sessions: a SPEED programme's link to its event, and who signed up (with what scoring needs). */
export class Migration20261202110000_speed_sessions extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "speed_session" ("program_id" uuid not null, "event_id" uuid not null, "capacity" int not null, "created_at" timestamptz not null, primary key ("program_id"));`);
    this.addSql(`alter table "speed_session" add constraint "speed_session_capacity_check" check ("capacity" >= 2 and "capacity" <= 300);`);
    this.addSql(`create table "speed_participant" ("id" uuid not null, "program_id" uuid not null, "member_id" uuid not null, "role" text not null, "society_id" uuid not null, "country" varchar(2) not null, "career_stage" text not null, "timezone" varchar(255) not null, "languages" text[] not null, "expertise" text[] not null, "joined_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`create index "speed_participant_member_id_index" on "speed_participant" ("member_id");`);
    // Once per session, even under concurrent sign-ups.
    this.addSql(`alter table "speed_participant" add constraint "speed_participant_program_id_member_id_unique" unique ("program_id", "member_id");`);
    this.addSql(`alter table "speed_participant" add constraint "speed_participant_role_check" check ("role" in ('MENTOR', 'MENTEE'));`);
    this.addSql(`alter table "speed_participant" add constraint "speed_participant_career_stage_check" check ("career_stage" in ('STUDENT', 'TRAINEE', 'EARLY_CAREER', 'MID_CAREER', 'SENIOR'));`);
  }
}
