import type { MigrationObject } from "@mikro-orm/core";
import { Migration20261201130000_communities } from "./Migration20261201130000_communities.js";

/** Applied in order; a migration, once committed, is never edited — add a new one. */
export const migrations: MigrationObject[] = [{ name: "Migration20261201130000_communities", class: Migration20261201130000_communities }];
