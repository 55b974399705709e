import type { MigrationObject } from "@mikro-orm/core";
import { Migration20261123000000_mentorship } from "./Migration20261123000000_mentorship.js";
import { Migration20261123130000_matching } from "./Migration20261123130000_matching.js";
import { Migration20261130120000_cell_key_secret } from "./Migration20261130120000_cell_key_secret.js";
import { Migration20261201140000_outbox } from "./Migration20261201140000_outbox.js";
import { Migration20261202110000_speed_sessions } from "./Migration20261202110000_speed_sessions.js";
import { Migration20261202110100_mentorship_ratings } from "./Migration20261202110100_mentorship_ratings.js";
import { Migration20261202120000_match_keys } from "./Migration20261202120000_match_keys.js";

/** Applied in order; a migration, once committed, is never edited — add a new one. */
export const migrations: MigrationObject[] = [
  { name: "Migration20261123000000_mentorship", class: Migration20261123000000_mentorship },
  { name: "Migration20261123130000_matching", class: Migration20261123130000_matching },
  { name: "Migration20261130120000_cell_key_secret", class: Migration20261130120000_cell_key_secret },
  { name: "Migration20261201140000_outbox", class: Migration20261201140000_outbox },
  { name: "Migration20261202110000_speed_sessions", class: Migration20261202110000_speed_sessions },
  { name: "Migration20261202110100_mentorship_ratings", class: Migration20261202110100_mentorship_ratings },
  { name: "Migration20261202120000_match_keys", class: Migration20261202120000_match_keys },
];
