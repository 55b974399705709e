import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmbeddedPostgres, type EmbeddedServer } from "../../bin/embedded-postgres.js";
import { send, startTestNetwork, type TestNetwork } from "../support/network.js";
import { freePort } from "../support/ports.js";

/*
 * A PostgreSQL of its own (embedded, in a temp folder) that the test stops and starts while the gateway and
 * subgraphs keep running.
 */
let dataDir: string;
let port: number;
let database: EmbeddedServer;
let network: TestNetwork;
beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "copnet-restart-pg-"));
  port = await freePort();
  database = await startEmbeddedPostgres({ dataDir, port, persistent: true });
  network = await startTestNetwork({ serverUrl: database.url });
}, 180_000);
afterAll(async () => {
  await network?.stop();
  await database?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

const CREATE = `mutation ($input: CreateMemberInput!) { createMember(input: $input) { id } }`;
const newMember = (givenName: string) => ({ givenName, familyName: "Restart", country: "IE", languages: ["en"], timezone: "Europe/Dublin", careerStage: "TRAINEE", professions: ["NURSE"] });
const readiness = async (url: string) => JSON.parse((await send(`${new URL(url).origin}/readyz`)).text) as { status: string; checks: Record<string, boolean> };

describe("PostgreSQL restarting under running services", () => {
  it("should report not ready while the database is down, recover by itself, and keep every acknowledged write", async () => {
    const acknowledged = await network.query(CREATE, { input: newMember("Before") }, network.keys.ahea);
    expect(acknowledged.errors).toBeUndefined();
    const id = acknowledged.data!.createMember.id;

    await database.stop();
    const membersUrl = network.subgraphs.find((subgraph) => subgraph.name === "members")!.url;
    expect(await readiness(membersUrl)).toEqual({ status: "not ready", checks: { database: false, migrations: false } });
    expect((await readiness(network.gatewayUrl)).status).toBe("not ready");
    const refused = await network.query(CREATE, { input: newMember("During") }, network.keys.ahea);
    expect(refused.errors![0]!.extensions!.code).toBe("INTERNAL_SERVER_ERROR");
    expect(JSON.stringify(refused)).not.toMatch(/ECONNREFUSED|5432|terminating/);

    database = await startEmbeddedPostgres({ dataDir, port, persistent: true });
    const started = Date.now();
    while ((await readiness(membersUrl)).status !== "ready") {
      expect(Date.now() - started).toBeLessThan(20_000);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect((await readiness(network.gatewayUrl)).status).toBe("ready");
    const kept = await network.query(`query ($id: ID!) { member(id: $id) { givenName } }`, { id }, network.keys.ahea);
    expect(kept.data!.member).toEqual({ givenName: "Before" });
    const after = await network.query(CREATE, { input: newMember("After") }, network.keys.ahea);
    expect(after.errors).toBeUndefined();
  }, 120_000);
});
