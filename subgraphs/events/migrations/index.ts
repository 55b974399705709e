import type { MigrationObject } from "@mikro-orm/core";
import { Migration20261123000000_events } from "./Migration20261123000000_events.js";
import { Migration20261123150000_registration_queue } from "./Migration20261123150000_registration_queue.js";
import { Migration20261130120000_cell_key_secret } from "./Migration20261130120000_cell_key_secret.js";
import { Migration20261201130100_event_community } from "./Migration20261201130100_event_community.js";
import { Migration20261201130300_event_series } from "./Migration20261201130300_event_series.js";
import { Migration20261201130400_event_recording } from "./Migration20261201130400_event_recording.js";
import { Migration20261201140000_outbox } from "./Migration20261201140000_outbox.js";
import { Migration20261202110200_event_ratings } from "./Migration20261202110200_event_ratings.js";

/** Applied in order; a migration, once committed, is never edited — add a new one. */
export const migrations: MigrationObject[] = [
  { name: "Migration20261123000000_events", class: Migration20261123000000_events },
  { name: "Migration20261123150000_registration_queue", class: Migration20261123150000_registration_queue },
  { name: "Migration20261130120000_cell_key_secret", class: Migration20261130120000_cell_key_secret },
  { name: "Migration20261201130100_event_community", class: Migration20261201130100_event_community },
  { name: "Migration20261201130300_event_series", class: Migration20261201130300_event_series },
  { name: "Migration20261201130400_event_recording", class: Migration20261201130400_event_recording },
  { name: "Migration20261201140000_outbox", class: Migration20261201140000_outbox },
  { name: "Migration20261202110200_event_ratings", class: Migration20261202110200_event_ratings },
];
