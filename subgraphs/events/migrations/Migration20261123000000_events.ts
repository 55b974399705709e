import { Migration } from "@mikro-orm/migrations";

export class Migration20261123000000_events extends Migration {
  override async up(): Promise<void> {
    this.addSql("create table \"event\" (\"id\" uuid not null, \"society_id\" uuid not null, \"title\" varchar(255) not null, \"kind\" text not null, \"starts_at\" timestamptz not null, \"ends_at\" timestamptz not null, \"timezone\" varchar(255) not null, \"online\" boolean not null, \"venue\" varchar(255) null, \"capacity\" int not null, \"cpd_credits\" double precision not null, primary key (\"id\"));");
    this.addSql("create index \"event_society_id_index\" on \"event\" (\"society_id\");");
    this.addSql("alter table \"event\" add constraint \"event_kind_check\" check (\"kind\" in ('WEBINAR', 'WORKSHOP', 'CONFERENCE_SESSION', 'SPEED_MENTORING', 'CAREER_LUNCH', 'JOURNAL_CLUB', 'CASE_DISCUSSION'));");
    this.addSql("create table \"registration\" (\"id\" uuid not null, \"event_id\" uuid not null, \"member_id\" uuid not null, \"status\" text not null, \"registered_at\" timestamptz not null, primary key (\"id\"));");
    this.addSql("create index \"registration_member_id_index\" on \"registration\" (\"member_id\");");
    this.addSql("alter table \"registration\" add constraint \"registration_event_id_member_id_unique\" unique (\"event_id\", \"member_id\");");
    this.addSql("alter table \"registration\" add constraint \"registration_status_check\" check (\"status\" in ('CONFIRMED', 'WAITLISTED', 'CANCELLED', 'ATTENDED'));");
    this.addSql("create index \"event_starts_at_id_index\" on \"event\" (\"starts_at\", \"id\");");
    this.addSql("create index \"registration_event_id_status_index\" on \"registration\" (\"event_id\", \"status\");");
  }
}
