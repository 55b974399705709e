import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, describe, expect, inject, it } from "vitest";
import { databaseUrlOn, type ServiceName } from "../lib/config.js";
import { dropDatabase } from "../lib/database.js";
import { SERVICES, prepareDatabases } from "../seed/prepare.js";

const prefix = `t${randomBytes(4).toString("hex")}`;
const databaseUrl = (service: ServiceName) => databaseUrlOn(inject("databaseUrl"), `${prefix}_${service}`);
afterAll(async () => {
  for (const service of SERVICES) await dropDatabase(databaseUrl(service));
});

async function count(service: ServiceName, table: string): Promise<number> {
  const client = new pg.Client({ connectionString: databaseUrl(service) });
  await client.connect();
  const { rows } = await client.query(`select count(*)::int as n from ${table}`);
  await client.end();
  return rows[0].n;
}

describe("starting on existing data", () => {
  it("should seed on the first start only and never duplicate on the second", async () => {
    expect(await prepareDatabases({ databaseUrl, seed: true })).toBe(true);
    const first = [await count("members", "member"), await count("scholarship", "work"), await count("events", "registration")];
    expect(await prepareDatabases({ databaseUrl, seed: true })).toBe(false);
    const second = [await count("members", "member"), await count("scholarship", "work"), await count("events", "registration")];
    expect(second).toEqual(first);
    expect(first[0]).toBe(320);
  });
});
