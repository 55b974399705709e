import type { MigrationObject } from "@mikro-orm/core";
import { Migration20261123120000_journal_club } from "./Migration20261123120000_journal_club.js";

export const migrations: MigrationObject[] = [
  { name: "Migration20261123120000_journal_club", class: Migration20261123120000_journal_club },
];
