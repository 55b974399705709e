import { Migration } from "@mikro-orm/migrations";

/** Contributions by ORCID iD as well as by member, for works recorded from an author list. */
export class Migration20261123140000_records extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "contribution" alter column "member_id" drop not null, add column "orcid" varchar(19) null;`);
    this.addSql(`alter table "contribution" add constraint "contribution_contributor_check" check ("member_id" is not null or "orcid" is not null);`);
    this.addSql(`create index "contribution_orcid_index" on "contribution" ("orcid");`);
  }
}
