import type { MigrationObject } from "@mikro-orm/core";
import { Migration20261123000000_directory } from "./Migration20261123000000_directory.js";
import { Migration20261123100000_consent } from "./Migration20261123100000_consent.js";

/** Applied in order; a migration, once committed, is never edited — add a new one. */
export const migrations: MigrationObject[] = [
  { name: "Migration20261123000000_directory", class: Migration20261123000000_directory },
  { name: "Migration20261123100000_consent", class: Migration20261123100000_consent },
];
