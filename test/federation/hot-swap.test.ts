import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { journalClubSubgraph } from "../../examples/journal-club/server.js";
import type { RunningServer } from "../../lib/http.js";
import { printSubgraphSdl, type RunningSubgraph } from "../../lib/subgraph.js";
import { buildDemoNetwork } from "../../seed/demo-network.js";
import { startJournalClub } from "../support/journal-club.js";
import { startLoad } from "../support/load.js";
import { send, startTestNetwork, type TestNetwork } from "../support/network.js";

let network: TestNetwork;
let journalClub: RunningSubgraph;
let second: RunningServer;
const presenter = buildDemoNetwork().members[1]!;

beforeAll(async () => {
  network = await startTestNetwork();
  journalClub = await startJournalClub(network, presenter.id as string);
  second = await network.addGateway(); // another gateway process on the same registry
});
afterAll(async () => {
  await journalClub?.close();
  await network?.stop();
});

const SDL = printSubgraphSdl(journalClubSubgraph);
/** The same subgraph with one more query field: publishing A, B, A, B… changes the supergraph every time. */
const SDL_WITH_EXTRA_FIELD = SDL.replace(/type Query \{/, 'type Query {\n  "Not served; exists to make each publish a real change."\n  journalClubNextSession: JournalClubSession');

const publish = (sdl: string) =>
  send(new URL("/admin/subgraphs/publish", network.gatewayUrl).toString(), {
    method: "POST",
    headers: { authorization: `Bearer ${network.keys.admin}`, "content-type": "application/json" },
    body: JSON.stringify({ name: "journalclub", url: journalClub.url, sdl, force: true }),
  });
const versionOf = async (gateway: { url: string }) => Number(JSON.parse((await send(new URL("/healthz", gateway.url).toString())).text).supergraphVersion);

const TRAFFIC = [
  { query: `query Directory { members(first: 5) { edges { node { displayName society { name } mentorProfile { capacity } works(first: 1) { totalCount } registrations { status } } } } }` },
  { query: `query Sessions($id: ID!) { member(id: $id) { displayName journalClubSessions { paperTitle } awards { name } } }`, variables: { id: presenter.id } },
];

describe("publishing while partner frontends query", () => {
  it("should converge a second gateway on a new version within a few seconds", async () => {
    expect((await publish(SDL)).status).toBe(200);
    const published = await versionOf({ url: network.gatewayUrl });
    const started = Date.now();
    while ((await versionOf(second)) !== published) {
      expect(Date.now() - started).toBeLessThan(5000);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  });

  it("should serve every request while a new version is published every 500 ms for 10 s, on both gateways", async () => {
    const loads = [startLoad(network.gatewayUrl, network.keys.admin!, TRAFFIC, 6), startLoad(second.url, network.keys.admin!, TRAFFIC, 6)];
    const first = await versionOf({ url: network.gatewayUrl });
    // A publish starts every 500 ms whether or not the previous one has finished; the registry queues them.
    const publishes: Promise<Awaited<ReturnType<typeof publish>>>[] = [];
    for (let tick = 0; tick < 20; tick++) {
      publishes.push(publish(tick % 2 === 0 ? SDL_WITH_EXTRA_FIELD : SDL));
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    expect((await Promise.all(publishes)).map((response) => response.status)).toEqual(publishes.map(() => 200));
    const results = await Promise.all(loads.map((load) => load.stop()));
    for (const result of results) {
      expect(result.failures).toEqual([]);
      // Traffic ran throughout the publishes (how much depends on how busy the machine is).
      expect(result.requests).toBeGreaterThan(20);
    }
    expect(await versionOf({ url: network.gatewayUrl })).toBe(first + 20);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(await versionOf(second)).toBe(first + 20);
  });
});
