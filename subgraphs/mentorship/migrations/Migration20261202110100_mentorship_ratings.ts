import { Migration } from "@mikro-orm/migrations";

/** Ratings of mentoring relations by their parties: once per member and relation, with the rater's country and career stage. */
export class Migration20261202110100_mentorship_ratings extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "mentorship_rating" ("id" uuid not null, "relation_id" uuid not null, "member_id" uuid not null, "program_id" uuid null, "score" int not null, "comment" text null, "format" varchar(255) not null, "country" varchar(2) not null, "career_stage" text not null, "created_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`create index "mentorship_rating_relation_id_index" on "mentorship_rating" ("relation_id");`);
    this.addSql(`create index "mentorship_rating_member_id_index" on "mentorship_rating" ("member_id");`);
    this.addSql(`create index "mentorship_rating_program_id_index" on "mentorship_rating" ("program_id");`);
    this.addSql(`alter table "mentorship_rating" add constraint "mentorship_rating_relation_id_member_id_unique" unique ("relation_id", "member_id");`);
    this.addSql(`alter table "mentorship_rating" add constraint "mentorship_rating_score_range" check ("score" >= 1 and "score" <= 5);`);
    this.addSql(`alter table "mentorship_rating" add constraint "mentorship_rating_career_stage_check" check ("career_stage" in ('STUDENT', 'TRAINEE', 'EARLY_CAREER', 'MID_CAREER', 'SENIOR'));`);
  }
}
