import type { MigrationObject } from "@mikro-orm/core";
import { Migration20261123000000_events } from "./Migration20261123000000_events.js";

/** Applied in order; a migration, once committed, is never edited — add a new one. */
export const migrations: MigrationObject[] = [{ name: "Migration20261123000000_events", class: Migration20261123000000_events }];
