import type { ChildProcess } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "../../lib/log.js";
import { spawnService } from "../../bin/service-process.js";
import { DEMO_SOCIETIES, buildDemoNetwork } from "../../seed/demo-network.js";
import { postGraphQL, startTestNetwork, type RawResponse, type TestNetwork } from "../support/network.js";
import { freePort } from "../support/ports.js";
import { sqlRows } from "../support/rows.js";

/** Everything the servers log, as parsed JSON lines, so a test can find the entry for a request id. */
const logs: Record<string, unknown>[] = [];
const log = createLogger("test", { level: "info", destination: { write: (line: string) => void logs.push(JSON.parse(line)) } });

let network: TestNetwork;
beforeAll(async () => {
  network = await startTestNetwork({ log });
});
afterAll(() => network?.stop());

const demo = buildDemoNetwork();
const FEATURED = demo.members[1]!; // Jürgen Müller: listed, with registrations
const ACROSS = `query ($id: ID!) { member(id: $id) { displayName society { slug } mentorProfile { capacity } registrations { status } cpdCredits } }`;

/** What no client may ever read: SQL, stack traces, socket errors, internal URLs. */
function expectNothingInternal(response: RawResponse) {
  for (const leak of [/ECONNREFUSED/, /127\.0\.0\.1/, /localhost/, /https?:\/\//, /\bselect\b/i, /\brelation\b/, /at .+\.ts:\d+/, /stacktrace/]) {
    expect(response.text).not.toMatch(leak);
  }
}

describe("a subgraph that is down or slow", () => {
  it("should answer with the other subgraphs' data and an error naming the dead service, masked", async () => {
    const urls = Object.fromEntries(network.subgraphs.map((subgraph) => [subgraph.name, subgraph.url]));
    const gateway = await network.addGateway({ subgraphUrls: { ...urls, events: `http://127.0.0.1:${await freePort()}/graphql` } });
    const response = await postGraphQL(gateway.url, { query: ACROSS, variables: { id: FEATURED.id } });
    expect(response.status).toBe(200);
    expect(response.json.data!.member).toMatchObject({ displayName: FEATURED.displayName, society: { slug: expect.any(String) }, registrations: null, cpdCredits: null });
    const [error] = response.json.errors!;
    expect(error!.message).toBe("The events service is unavailable");
    expect(error!.extensions).toMatchObject({ code: "SUBGRAPH_UNAVAILABLE", service: "events", requestId: response.headers.get("x-request-id") });
    expectNothingInternal(response);
  });

  it("should answer within the deadline when a subgraph hangs (SIGSTOP), and serve again once it resumes", async () => {
    const events = await spawnSubgraph("events");
    try {
      const urls = Object.fromEntries(network.subgraphs.map((subgraph) => [subgraph.name, subgraph.url]));
      const gateway = await network.addGateway({ subgraphUrls: { ...urls, events: events.url }, subgraphTimeoutMs: 1500 });
      // Registrations are the member's society's to see: it asks.
      const home = { authorization: `Bearer ${network.keys[DEMO_SOCIETIES.find((society) => society.id === FEATURED.societyId)!.slug]}` };
      const healthy = await postGraphQL(gateway.url, { query: ACROSS, variables: { id: FEATURED.id } }, home);
      expect(healthy.json.errors).toBeUndefined();
      expect(healthy.json.data!.member.registrations.length).toBeGreaterThan(0);

      events.process.kill("SIGSTOP");
      const started = Date.now();
      const stalled = await postGraphQL(gateway.url, { query: ACROSS, variables: { id: FEATURED.id } }, home);
      const elapsed = Date.now() - started;
      expect(elapsed).toBeLessThan(1500 + 2000);
      expect(elapsed).toBeGreaterThanOrEqual(1400);
      expect(stalled.json.data!.member).toMatchObject({ displayName: FEATURED.displayName, registrations: null });
      expect(stalled.json.errors![0]).toMatchObject({
        message: "The events service did not answer within 1500 ms",
        extensions: { code: "SUBGRAPH_TIMEOUT", service: "events" },
      });
      expectNothingInternal(stalled);

      events.process.kill("SIGCONT");
      const resumed = await postGraphQL(gateway.url, { query: ACROSS, variables: { id: FEATURED.id } }, home);
      expect(resumed.json.errors).toBeUndefined();
      expect(resumed.json.data!.member.registrations).toEqual(healthy.json.data!.member.registrations);
    } finally {
      events.process.kill("SIGCONT");
      events.process.kill("SIGTERM");
    }
  });
});

describe("an internal error", () => {
  it("should reach the client as a generic message with a request id, and the log with the cause under the same id", async () => {
    const scholarship = network.databaseUrl("scholarship");
    await sqlRows(scholarship, "alter table award rename to award_moved_away");
    try {
      const response = await postGraphQL(network.gatewayUrl, { query: `query ($id: ID!) { member(id: $id) { displayName awards { name } } }`, variables: { id: FEATURED.id } });
      expect(response.json.data!.member.displayName).toBe(FEATURED.displayName);
      const [error] = response.json.errors!;
      expect(error!.message).toBe("Internal server error");
      const requestId = response.headers.get("x-request-id");
      expect(error!.extensions).toMatchObject({ code: "INTERNAL_SERVER_ERROR", requestId });
      expect(response.text).not.toContain("award_moved_away");
      expectNothingInternal(response);

      const logged = logs.find((entry) => entry.requestId === requestId && entry.service === "test" && JSON.stringify(entry).includes("award"));
      expect(logged).toBeDefined();
      expect(logged!.level).toBe(50); // pino's "error"
    } finally {
      await sqlRows(scholarship, "alter table award_moved_away rename to award");
    }
  });

  it("should not log member data with a refused request", async () => {
    const before = logs.length;
    await postGraphQL(network.gatewayUrl, { query: `mutation { updateMember(id: "${FEATURED.id}", input: { email: "secret@example.org" }) { id } }` });
    expect(JSON.stringify(logs.slice(before))).not.toContain("secret@example.org");
  });
});

/** Runs a subgraph as its own process (so it can be stopped with a signal) on the network's database. */
async function spawnSubgraph(name: "events"): Promise<{ process: ChildProcess; url: string }> {
  const service = spawnService(name, `subgraphs/${name}/main.ts`, {
    env: { ...process.env, [`${name.toUpperCase()}_PORT`]: "0", [`${name.toUpperCase()}_DATABASE_URL`]: network.databaseUrl(name), COPNET_GATEWAY_URL: network.gatewayOrigin },
  });
  return { process: service.child, url: await service.ready };
}
