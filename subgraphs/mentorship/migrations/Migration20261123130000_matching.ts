import { Migration } from "@mikro-orm/migrations";

/** Mentor matching: the mentor's own copy of what matching ranks on, a live count of active mentees, programme preferences. */
export class Migration20261123130000_matching extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "mentor_profile" add column "society_id" uuid null, add column "active_mentees" int not null default 0, add column "meeting_modes" text[] not null default '{}', add column "timezone" varchar(255) null, add column "country" varchar(2) null, add column "career_stage" text null, add column "updated_at" timestamptz not null default now();`);
    this.addSql(`alter table "mentor_profile" alter column "meeting_modes" drop default, alter column "updated_at" drop default;`);
    this.addSql(`alter table "mentor_profile" add constraint "mentor_profile_meeting_modes_check" check ("meeting_modes" <@ array['VIDEO'::text, 'PHONE'::text, 'IN_PERSON'::text, 'MESSAGING'::text]);`);
    this.addSql(`alter table "mentor_profile" add constraint "mentor_profile_career_stage_check" check ("career_stage" in ('STUDENT', 'TRAINEE', 'EARLY_CAREER', 'MID_CAREER', 'SENIOR'));`);
    // The counter the capacity check locks on; it starts from the relations already active.
    this.addSql(`update "mentor_profile" p set "active_mentees" = (select count(*) from "mentorship_relation" r where r."mentor_id" = p."member_id" and r."status" = 'ACTIVE');`);
    this.addSql(`alter table "mentoring_program" add column "prefers_cross_society" boolean not null default false, add column "prefers_cross_country" boolean not null default false;`);
    this.addSql(`alter table "mentorship_relation" add column "proposed_by_society_id" uuid null;`);
    // One open pairing (proposed or active) per mentor and mentee, even under concurrent proposals.
    this.addSql(`create unique index "mentorship_relation_pair_unique" on "mentorship_relation" ("mentee_id", "mentor_id") where "status" in ('PROPOSED', 'ACTIVE');`);
  }
}
