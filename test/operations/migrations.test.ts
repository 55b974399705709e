import { randomBytes } from "node:crypto";
import { afterAll, describe, expect, inject, it } from "vitest";
import { databaseUrlOn } from "../../lib/config.js";
import { dropDatabase, ensureDatabase, migrate, openDatabase, type DatabaseOptions } from "../../lib/database.js";
import { journalClubSubgraph } from "../../examples/journal-club/server.js";
import { gatewayDatabase } from "../../gateway/database.js";
import { SUBGRAPHS } from "../../subgraphs/index.js";

const prefix = `t${randomBytes(4).toString("hex")}`;
const created: string[] = [];
afterAll(async () => {
  for (const url of created) await dropDatabase(url);
});

const SERVICES: [string, Omit<DatabaseOptions, "url">][] = [
  ["gateway", gatewayDatabase],
  ...Object.values(SUBGRAPHS).map((module) => [module.name, module] as [string, Omit<DatabaseOptions, "url">]),
  ["journalclub", journalClubSubgraph],
];

describe("committed migrations", () => {
  it.each(SERVICES)("should build exactly the schema the %s entities describe", async (name, definition) => {
    const url = databaseUrlOn(inject("databaseUrl"), `${prefix}_${name}`);
    await ensureDatabase(url);
    created.push(url);
    const orm = await openDatabase({ url, entities: definition.entities, migrations: definition.migrations });
    try {
      await migrate(orm);
      expect(await orm.migrator.getPending()).toEqual([]);
      // What MikroORM would still change to match the entities: nothing, if migrations and entities agree.
      const diff = await orm.schema.getUpdateSchemaSQL({ wrap: false, safe: false, dropTables: false });
      expect(diff.trim()).toBe("");
    } finally {
      await orm.close();
    }
  });
});
