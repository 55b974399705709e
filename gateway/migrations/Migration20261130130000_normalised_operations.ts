import { Migration } from "@mikro-orm/migrations";

/**
 * Operations seen in traffic are now kept normalised (no comments, literals turned into variables). Rows
 * recorded before were whole client documents, literals — member ids, names, search terms — included:
 * they go; the registry relearns operations from traffic within seconds.
 */
export class Migration20261130130000_normalised_operations extends Migration {
  override async up(): Promise<void> {
    this.addSql(`delete from "known_operation";`);
  }
}
