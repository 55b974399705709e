import type { MigrationObject } from "@mikro-orm/core";
import { Migration20261123000000_directory } from "./Migration20261123000000_directory.js";
import { Migration20261123100000_consent } from "./Migration20261123100000_consent.js";
import { Migration20261130120000_cell_key_secret } from "./Migration20261130120000_cell_key_secret.js";
import { Migration20261201110000_private_read } from "./Migration20261201110000_private_read.js";
import { Migration20261201120000_society_stage_history } from "./Migration20261201120000_society_stage_history.js";

/** Applied in order; a migration, once committed, is never edited — add a new one. */
export const migrations: MigrationObject[] = [
  { name: "Migration20261123000000_directory", class: Migration20261123000000_directory },
  { name: "Migration20261123100000_consent", class: Migration20261123100000_consent },
  { name: "Migration20261130120000_cell_key_secret", class: Migration20261130120000_cell_key_secret },
  { name: "Migration20261201110000_private_read", class: Migration20261201110000_private_read },
  { name: "Migration20261201120000_society_stage_history", class: Migration20261201120000_society_stage_history },
];
