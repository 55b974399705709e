import { Migration } from "@mikro-orm/migrations";

export class Migration20261123000000_mentorship extends Migration {
  override async up(): Promise<void> {
    this.addSql("create table \"mentoring_program\" (\"id\" uuid not null, \"society_id\" uuid not null, \"name\" varchar(255) not null, \"format\" text not null, \"description\" text not null, \"open\" boolean not null, primary key (\"id\"));");
    this.addSql("create index \"mentoring_program_society_id_index\" on \"mentoring_program\" (\"society_id\");");
    this.addSql("alter table \"mentoring_program\" add constraint \"mentoring_program_format_check\" check (\"format\" in ('ONE_TO_ONE', 'PEER', 'GROUP', 'SPEED'));");
    this.addSql("create table \"mentor_profile\" (\"member_id\" uuid not null, \"accepting_mentees\" boolean not null, \"capacity\" int not null, \"topics\" text[] not null, \"languages\" text[] not null, primary key (\"member_id\"));");
    this.addSql("create table \"mentorship_relation\" (\"id\" uuid not null, \"mentor_id\" uuid not null, \"mentee_id\" uuid not null, \"program_id\" uuid null, \"status\" text not null, \"started_at\" timestamptz null, \"ended_at\" timestamptz null, \"goals\" text null, \"created_at\" timestamptz not null, primary key (\"id\"));");
    this.addSql("create index \"mentorship_relation_mentor_id_index\" on \"mentorship_relation\" (\"mentor_id\");");
    this.addSql("create index \"mentorship_relation_mentee_id_index\" on \"mentorship_relation\" (\"mentee_id\");");
    this.addSql("alter table \"mentorship_relation\" add constraint \"mentorship_relation_status_check\" check (\"status\" in ('PROPOSED', 'ACTIVE', 'DECLINED', 'COMPLETED', 'ENDED'));");
  }
}
