import { Migration } from "@mikro-orm/migrations";

export class Migration20261123120000_journal_club extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "journal_club_session" ("id" uuid not null, "paper_title" varchar(255) not null, "paper_doi" varchar(255) null, "meets_at" timestamptz not null, "presenter_id" uuid not null, primary key ("id"));`);
    this.addSql(`create index "journal_club_session_presenter_id_index" on "journal_club_session" ("presenter_id");`);
  }
}
