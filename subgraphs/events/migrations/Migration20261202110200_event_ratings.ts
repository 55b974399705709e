import { Migration } from "@mikro-orm/migrations";

/** Event evaluations (once per member and event) and events whose CPD credit needs one. */
export class Migration20261202110200_event_ratings extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "event" add "evaluation_required" boolean not null default false;`);
    this.addSql(`create table "event_rating" ("id" uuid not null, "event_id" uuid not null, "member_id" uuid not null, "score" int not null, "comment" text null, "kind" varchar(255) not null, "country" varchar(2) not null, "career_stage" text not null, "created_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`create index "event_rating_member_id_index" on "event_rating" ("member_id");`);
    this.addSql(`alter table "event_rating" add constraint "event_rating_event_id_member_id_unique" unique ("event_id", "member_id");`);
    this.addSql(`alter table "event_rating" add constraint "event_rating_score_range" check ("score" >= 1 and "score" <= 5);`);
    this.addSql(`alter table "event_rating" add constraint "event_rating_career_stage_check" check ("career_stage" in ('STUDENT', 'TRAINEE', 'EARLY_CAREER', 'MID_CAREER', 'SENIOR'));`);
  }
}
