import { Migration } from "@mikro-orm/migrations";
import { CELL_KEY_SECRET_MIGRATION } from "../../../lib/stats.js";

/** The secret this database's record keys are derived from, for the statistics' cell key rounding (lib/stats.ts). */
export class Migration20261130120000_cell_key_secret extends Migration {
  override async up(): Promise<void> {
    for (const statement of CELL_KEY_SECRET_MIGRATION) this.addSql(statement);
  }
}
