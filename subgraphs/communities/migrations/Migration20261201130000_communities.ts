import { Migration } from "@mikro-orm/migrations";
import { TEXT_SEARCH_FUNCTIONS } from "../../../lib/sql.js";

export class Migration20261201130000_communities extends Migration {
  override async up(): Promise<void> {
    for (const statement of TEXT_SEARCH_FUNCTIONS) this.addSql(statement);
    this.addSql(`create table "community" ("id" uuid not null, "slug" varchar(255) not null, "name" varchar(255) not null, "purpose" text not null, "topics" text[] not null, "stage" text not null, "owner_society_id" uuid not null, "society_ids" text[] not null, "created_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`alter table "community" add column "search_text" text generated always as (copnet_fold("name" || ' ' || "purpose")) stored;`);
    this.addSql(`alter table "community" add constraint "community_slug_unique" unique ("slug");`);
    this.addSql(`create index "community_search_text_trgm_index" on "community" using gin ("search_text" gin_trgm_ops);`);
    this.addSql(`create index "community_name_id_index" on "community" ("name", "id");`);
    this.addSql(`create index "community_topics_index" on "community" using gin ("topics");`);
    this.addSql(`create index "community_society_ids_index" on "community" using gin ("society_ids");`);
    this.addSql(`alter table "community" add constraint "community_stage_check" check ("stage" in ('ESTABLISH', 'GROW', 'SUSTAIN'));`);
    this.addSql(`create table "community_membership" ("id" uuid not null, "community_id" uuid not null, "member_id" uuid not null, "society_id" uuid not null, "role" text not null, "joined_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`create index "community_membership_member_id_index" on "community_membership" ("member_id");`);
    this.addSql(`create index "community_membership_community_id_joined_at_id_index" on "community_membership" ("community_id", "joined_at", "id");`);
    this.addSql(`alter table "community_membership" add constraint "community_membership_community_id_member_id_unique" unique ("community_id", "member_id");`);
    this.addSql(`alter table "community_membership" add constraint "community_membership_role_check" check ("role" in ('LEAD', 'MEMBER'));`);
    this.addSql(`create table "community_stage_change" ("id" uuid not null, "community_id" uuid not null, "stage" text not null, "since" timestamptz not null, primary key ("id"));`);
    this.addSql(`create index "community_stage_change_community_id_index" on "community_stage_change" ("community_id");`);
    this.addSql(`alter table "community_stage_change" add constraint "community_stage_change_stage_check" check ("stage" in ('ESTABLISH', 'GROW', 'SUSTAIN'));`);
  }
}
