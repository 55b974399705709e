import { randomBytes } from "node:crypto";
import { afterAll, describe, expect, inject, it } from "vitest";
import { databaseUrlOn, type ServiceName } from "../lib/config.js";
import { dropDatabase } from "../lib/database.js";
import { SERVICES, prepareDatabases } from "../seed/prepare.js";
import { countRows } from "./support/rows.js";

const prefix = `t${randomBytes(4).toString("hex")}`;
const databaseUrl = (service: ServiceName) => databaseUrlOn(inject("databaseUrl"), `${prefix}_${service}`);
afterAll(async () => {
  for (const service of SERVICES) await dropDatabase(databaseUrl(service));
});

const count = (service: ServiceName, table: string) => countRows(databaseUrl(service), table);

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
