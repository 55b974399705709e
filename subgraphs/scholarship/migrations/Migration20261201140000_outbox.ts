import { Migration } from "@mikro-orm/migrations";
import { OUTBOX_MIGRATION } from "../../../lib/outbox.js";

/** The outbox of changes this subgraph announces to the gateways (lib/outbox.ts). */
export class Migration20261201140000_outbox extends Migration {
  override async up(): Promise<void> {
    for (const statement of OUTBOX_MIGRATION) this.addSql(statement);
  }
}
