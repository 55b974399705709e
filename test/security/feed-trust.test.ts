import { createServer, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAX_FEED_PAGE } from "../../lib/outbox.js";
import { buildDemoNetwork, DEMO_SOCIETIES } from "../../seed/demo-network.js";
import { startTestNetwork, type TestNetwork } from "../support/network.js";
import { sqlRows } from "../support/rows.js";
import { until } from "../support/poll.js";

/**
 * Another society's subgraph, federated at run time, serves the gateway a change feed like ours. These
 * probes are hostile operators of such subgraphs: each is registered as ACTIVE and answers `/_changes`
 * with one kind of bad page. The gateway must stay up, keep pulling the real subgraphs' changes, and
 * store nothing they announce.
 */
const AHEA = DEMO_SOCIETIES[3]!;
const demo = buildDemoNetwork();
const member = demo.members.find((candidate) => candidate.societyId === AHEA.id && candidate.listed)!.id as string;
const FORGED_ENTITY = "0badf00d-0000-4000-8000-000000000001";
const entry = (n: number, overrides: Record<string, unknown> = {}) => ({
  cursor: `1.${n}`,
  topic: "registration.changed",
  entityId: FORGED_ENTITY,
  memberIds: [member],
  societyIds: [AHEA.id],
  data: { memberId: member, status: "CONFIRMED" },
  createdAt: new Date().toISOString(),
  ...overrides,
});

/** An answer of `entries` changes written as the reader takes them, so a reader that stops early stops the writing. */
async function streamEntries(res: ServerResponse, entries: number, padding: number): Promise<void> {
  res.writeHead(200, { "content-type": "application/json" });
  res.write(`{"entries":[`);
  for (let n = 1; n <= entries && !res.destroyed; n++) {
    const more = res.write(`${n > 1 ? "," : ""}${JSON.stringify(entry(n, { data: { memberId: member, padding: "x".repeat(padding) } }))}`);
    if (!more) await new Promise((resolve) => (res.once("drain", resolve), res.once("close", resolve)));
  }
  res.end("]}");
}

/** What each hostile subgraph answers; `served` counts its feed requests, `completed` the answers read to the end. */
const HOSTILE_FEEDS: Record<string, (res: ServerResponse) => void | Promise<void>> = {
  // 64 MB of page (far more entries than a page holds, each past the data bound): the gateway must stop reading it.
  "hostile-oversized": (res) => streamEntries(res, 8 * MAX_FEED_PAGE, 16_384),
  // A well-formed change of a topic this subgraph does not declare (it declares no Subscription field at all).
  "hostile-forger": (res) => void res.writeHead(200).end(JSON.stringify({ entries: [entry(1)] })),
  // One id that does not cast to uuid, which used to fail the whole round's insert for every subgraph.
  "hostile-bad-uuid": (res) => void res.writeHead(200).end(JSON.stringify({ entries: [entry(1, { topic: "event.changed", entityId: "not-a-uuid" })] })),
};
const served: Record<string, number> = {};
const completed: Record<string, number> = {};
const servers: Server[] = [];

let network: TestNetwork;
beforeAll(async () => {
  network = await startTestNetwork({ gateway: { liveUpdates: { feedPollMs: 100 } } });
  for (const [name, page] of Object.entries(HOSTILE_FEEDS)) {
    const server = createServer((req, res) => {
      if (!req.url?.startsWith("/_changes")) return void res.writeHead(404).end();
      served[name] = (served[name] ?? 0) + 1;
      res.once("finish", () => (completed[name] = (completed[name] ?? 0) + 1));
      void page(res);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    servers.push(server);
    // Registered as the registry would after a publish: the puller reads every ACTIVE subgraph's feed.
    await sqlRows(
      network.databaseUrl("gateway"),
      `insert into subgraph (name, url, society_id, status, updated_at, updated_by) values ($1, $2, $3, 'ACTIVE', now(), 'feed-trust test')`,
      [name, `http://127.0.0.1:${(server.address() as AddressInfo).port}`, AHEA.id],
    );
  }
});
afterAll(async () => {
  for (const server of servers) await new Promise((resolve) => server.close(resolve));
  await network?.stop();
});

describe("change feeds of other societies' subgraphs", () => {
  it("should keep the real subgraphs' changes flowing and store nothing a hostile feed announces", async () => {
    await until(async () => Object.keys(HOSTILE_FEEDS).every((name) => (served[name] ?? 0) >= 1), "every hostile feed to be read");
    const { data, errors } = await network.query(
      `mutation ($input: CreateEventInput!) { createEvent(input: $input) { id } }`,
      { input: { title: "Journal club: feed trust", kind: "JOURNAL_CLUB", startsAt: new Date(Date.now() + 5 * 86_400_000).toISOString(), endsAt: new Date(Date.now() + 5.05 * 86_400_000).toISOString(), timezone: "Australia/Sydney", online: true, capacity: 5, cpdCredits: 1 } },
      network.keys.ahea,
    );
    expect(errors).toBeUndefined();
    const registered = await network.query(`mutation ($event: ID!, $member: ID!) { registerForEvent(eventId: $event, memberId: $member) { id } }`, { event: data!.createEvent.id, member }, network.keys.ahea);
    expect(registered.errors).toBeUndefined();
    const registration = registered.data!.registerForEvent.id as string;
    await until(
      async () => (await sqlRows(network.databaseUrl("gateway"), `select 1 from change_event where source = 'events' and entity_id = $1`, [registration])).length > 0,
      "the real registration's change to reach the replay log",
    );
    // The hostile feeds were asked again meanwhile (a refused page is retried), and the gateway still answers.
    expect(Object.keys(HOSTILE_FEEDS).every((name) => served[name]! >= 1)).toBe(true);
    expect(completed["hostile-oversized"] ?? 0).toBe(0);
    expect((await network.query(`{ __typename }`)).errors).toBeUndefined();
    const forged = await sqlRows(network.databaseUrl("gateway"), `select source, topic from change_event where source like 'hostile-%' or entity_id = $1`, [FORGED_ENTITY]);
    expect(forged).toEqual([]);
  });
});
