import { Migration } from "@mikro-orm/migrations";

/** The resource library: topics, audience, abstract, licence and access of a work, and the community it belongs to. */
export class Migration20261201130200_resource_library extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "work" add "topics" text[] not null default '{}', add "audience_professions" text[] not null default '{}', add "audience_career_stages" text[] not null default '{}', add "abstract" text null, add "licence" varchar(255) null, add "access" text not null default 'OPEN', add "community_id" uuid null;`);
    this.addSql(`create index "work_community_id_index" on "work" ("community_id");`);
    this.addSql(`create index "work_topics_index" on "work" using gin ("topics");`);
    this.addSql(`alter table "work" add constraint "work_audience_professions_check" check ("audience_professions" <@ array['PHYSICIAN'::text, 'NURSE'::text, 'PHARMACIST'::text, 'ALLIED_HEALTH'::text, 'RESEARCHER'::text, 'EDUCATOR'::text, 'OTHER'::text]);`);
    this.addSql(`alter table "work" add constraint "work_audience_career_stages_check" check ("audience_career_stages" <@ array['STUDENT'::text, 'TRAINEE'::text, 'EARLY_CAREER'::text, 'MID_CAREER'::text, 'SENIOR'::text]);`);
    this.addSql(`alter table "work" add constraint "work_access_check" check ("access" in ('OPEN', 'MEMBERS'));`);
  }
}
