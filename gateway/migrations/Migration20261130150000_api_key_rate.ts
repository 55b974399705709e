import { Migration } from "@mikro-orm/migrations";

/** A key's own rate limit in requests per second; null keeps its role's default. */
export class Migration20261130150000_api_key_rate extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "api_key" add column "rate" int null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "api_key" drop column "rate";`);
  }
}
