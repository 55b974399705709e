import type { MigrationObject } from "@mikro-orm/core";
import { Migration20261123000000_scholarship } from "./Migration20261123000000_scholarship.js";
import { Migration20261123140000_records } from "./Migration20261123140000_records.js";
import { Migration20261201130200_resource_library } from "./Migration20261201130200_resource_library.js";
import { Migration20261201140000_outbox } from "./Migration20261201140000_outbox.js";

/** Applied in order; a migration, once committed, is never edited — add a new one. */
export const migrations: MigrationObject[] = [
  { name: "Migration20261123000000_scholarship", class: Migration20261123000000_scholarship },
  { name: "Migration20261123140000_records", class: Migration20261123140000_records },
  { name: "Migration20261201130200_resource_library", class: Migration20261201130200_resource_library },
  { name: "Migration20261201140000_outbox", class: Migration20261201140000_outbox },
];
