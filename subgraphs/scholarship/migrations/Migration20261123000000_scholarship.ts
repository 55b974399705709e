import { Migration } from "@mikro-orm/migrations";
import { TEXT_SEARCH_FUNCTIONS } from "../../../lib/sql.js";

export class Migration20261123000000_scholarship extends Migration {
  override async up(): Promise<void> {
    for (const statement of TEXT_SEARCH_FUNCTIONS) this.addSql(statement);
    this.addSql("create table \"award\" (\"id\" uuid not null, \"name\" varchar(255) not null, \"year\" int not null, \"member_id\" uuid not null, \"society_id\" uuid not null, primary key (\"id\"));");
    this.addSql("create index \"award_member_id_index\" on \"award\" (\"member_id\");");
    this.addSql("create index \"award_society_id_index\" on \"award\" (\"society_id\");");
    this.addSql("create table \"contribution\" (\"id\" uuid not null, \"work_id\" uuid not null, \"member_id\" uuid not null, \"roles\" text[] not null, \"position\" int not null, primary key (\"id\"));");
    this.addSql("create index \"contribution_member_id_index\" on \"contribution\" (\"member_id\");");
    this.addSql("alter table \"contribution\" add constraint \"contribution_work_id_position_unique\" unique (\"work_id\", \"position\");");
    this.addSql("alter table \"contribution\" add constraint \"contribution_roles_check\" check (\"roles\" <@ array['CONCEPTUALIZATION'::text, 'DATA_CURATION'::text, 'FORMAL_ANALYSIS'::text, 'FUNDING_ACQUISITION'::text, 'INVESTIGATION'::text, 'METHODOLOGY'::text, 'PROJECT_ADMINISTRATION'::text, 'RESOURCES'::text, 'SOFTWARE'::text, 'SUPERVISION'::text, 'VALIDATION'::text, 'VISUALIZATION'::text, 'WRITING_ORIGINAL_DRAFT'::text, 'WRITING_REVIEW_EDITING'::text]);");
    this.addSql("create table \"opportunity\" (\"id\" uuid not null, \"kind\" text not null, \"title\" varchar(255) not null, \"society_id\" uuid not null, \"deadline\" timestamptz not null, \"url\" varchar(255) null, \"eligibility\" text not null, primary key (\"id\"));");
    this.addSql("create index \"opportunity_society_id_index\" on \"opportunity\" (\"society_id\");");
    this.addSql("create index \"opportunity_deadline_index\" on \"opportunity\" (\"deadline\");");
    this.addSql("alter table \"opportunity\" add constraint \"opportunity_kind_check\" check (\"kind\" in ('CALL_FOR_ABSTRACTS', 'GRANT', 'FELLOWSHIP', 'AWARD_NOMINATION', 'PEER_REVIEW'));");
    this.addSql("create table \"work\" (\"id\" uuid not null, \"doi\" varchar(255) null, \"title\" text not null, \"kind\" text not null, \"published_on\" date null, \"venue\" varchar(255) null, \"url\" varchar(255) null, \"society_id\" uuid not null, primary key (\"id\"));");
    this.addSql("alter table \"work\" add constraint \"work_doi_unique\" unique (\"doi\");");
    this.addSql("create index \"work_society_id_index\" on \"work\" (\"society_id\");");
    this.addSql("alter table \"work\" add constraint \"work_kind_check\" check (\"kind\" in ('ARTICLE', 'REVIEW', 'ABSTRACT', 'POSTER', 'CASE_STUDY', 'TOOLKIT', 'WEBINAR_RECORDING', 'DATASET'));");
    this.addSql("alter table \"work\" add column \"search_text\" text generated always as (copnet_fold(\"title\" || ' ' || coalesce(\"venue\", ''))) stored;");
    this.addSql("create index \"work_search_text_trgm_index\" on \"work\" using gin (\"search_text\" gin_trgm_ops);");
    this.addSql("create index \"work_sort_index\" on \"work\" ((coalesce(\"published_on\", date '0001-01-01')) desc, \"id\");");
    this.addSql("create index \"contribution_work_id_index\" on \"contribution\" (\"work_id\");");
  }
}
