import { Migration } from "@mikro-orm/migrations";

/** Private contact fields and the two consents that decide who sees a member (DESIGN §4). */
export class Migration20261123100000_consent extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "member" add column "email" varchar(320) null, add column "contact_preferences" jsonb not null default '{"email": false, "mentoringRequests": false, "eventAnnouncements": false}', add column "listed" boolean not null default false, add column "research_consent" boolean not null default false, add column "consent_updated_at" timestamptz null;`);
    // The entity always writes contact preferences; the default only fills rows that existed before.
    this.addSql(`alter table "member" alter column "contact_preferences" drop default;`);
  }
}
