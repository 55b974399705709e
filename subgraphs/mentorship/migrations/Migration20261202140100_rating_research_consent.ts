import { Migration } from "@mikro-orm/migrations";

/** Whether the rater had research consent when they rated: researchers' tables count only those ratings (earlier ones are left out). */
export class Migration20261202140100_rating_research_consent extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "mentorship_rating" add "research_consent" boolean not null default false;`);
  }
}
