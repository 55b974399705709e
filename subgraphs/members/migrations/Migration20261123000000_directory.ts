import { Migration } from "@mikro-orm/migrations";
import { TEXT_SEARCH_FUNCTIONS } from "../../../lib/sql.js";

/** Societies, members and memberships, with the folded-name columns and indexes the directory searches on. */
export class Migration20261123000000_directory extends Migration {
  override async up(): Promise<void> {
    for (const statement of TEXT_SEARCH_FUNCTIONS) this.addSql(statement);

    this.addSql(`create table "society" ("id" uuid not null, "slug" varchar(255) not null, "name" varchar(255) not null, "kind" text not null, "stage" text not null, "founded_on" date null, "country" varchar(2) not null, "website" varchar(255) null, "ror" varchar(255) null, primary key ("id"));`);
    this.addSql(`alter table "society" add constraint "society_slug_unique" unique ("slug");`);
    this.addSql(`alter table "society" add constraint "society_kind_check" check ("kind" in ('COMMUNITY_OF_PRACTICE', 'PROFESSIONAL_SOCIETY', 'TRAINEE_NETWORK', 'RESEARCH_GROUP', 'ACADEMY'));`);
    this.addSql(`alter table "society" add constraint "society_stage_check" check ("stage" in ('ESTABLISH', 'GROW', 'SUSTAIN'));`);

    this.addSql(`create table "member" ("id" uuid not null, "society_id" uuid not null, "display_name" varchar(255) not null, "given_name" varchar(255) not null, "family_name" varchar(255) not null, "orcid" varchar(19) null, "country" varchar(2) not null, "languages" text[] not null, "timezone" varchar(255) not null, "career_stage" text not null, "professions" text[] not null, "expertise" text[] not null, "affiliations" jsonb not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`create index "member_society_id_index" on "member" ("society_id");`);
    this.addSql(`alter table "member" add constraint "member_orcid_unique" unique ("orcid");`);
    this.addSql(`create index "member_country_index" on "member" ("country");`);
    this.addSql(`create index "member_career_stage_index" on "member" ("career_stage");`);
    this.addSql(`alter table "member" add constraint "member_career_stage_check" check ("career_stage" in ('STUDENT', 'TRAINEE', 'EARLY_CAREER', 'MID_CAREER', 'SENIOR'));`);
    this.addSql(`alter table "member" add constraint "member_professions_check" check ("professions" <@ array['PHYSICIAN'::text, 'NURSE'::text, 'PHARMACIST'::text, 'ALLIED_HEALTH'::text, 'RESEARCHER'::text, 'EDUCATOR'::text, 'OTHER'::text]);`);

    this.addSql(`alter table "member" add column "sort_name" text generated always as (copnet_fold("family_name" || ' ' || "given_name")) stored;`);
    this.addSql(`create index "member_sort_name_id_index" on "member" ("sort_name", "id");`);
    // array_to_string is only STABLE in general, but for text[] it is a pure function of its input.
    this.addSql(`create or replace function copnet_member_search_text(text, text, text, text[]) returns text language sql immutable parallel safe
      as $$ select copnet_fold($1 || ' ' || $2 || ' ' || $3 || ' ' || array_to_string($4, ' ')) $$;`);
    this.addSql(`alter table "member" add column "search_text" text generated always as (copnet_member_search_text("display_name", "given_name", "family_name", "expertise")) stored;`);
    this.addSql(`create index "member_search_text_trgm_index" on "member" using gin ("search_text" gin_trgm_ops);`);
    this.addSql(`create index "member_languages_index" on "member" using gin ("languages");`);
    this.addSql(`create index "member_expertise_index" on "member" using gin ("expertise");`);
    this.addSql(`create index "member_professions_index" on "member" using gin ("professions");`);

    this.addSql(`create table "membership" ("id" uuid not null, "member_id" uuid not null, "society_id" uuid not null, "since" date not null, "role" text not null, "status" text not null, primary key ("id"));`);
    this.addSql(`create index "membership_society_id_index" on "membership" ("society_id");`);
    this.addSql(`alter table "membership" add constraint "membership_member_id_society_id_unique" unique ("member_id", "society_id");`);
    this.addSql(`alter table "membership" add constraint "membership_role_check" check ("role" in ('MEMBER', 'FACULTY', 'MENTOR', 'COORDINATOR', 'CHAIR'));`);
    this.addSql(`alter table "membership" add constraint "membership_status_check" check ("status" in ('ACTIVE', 'LAPSED'));`);
  }
}
