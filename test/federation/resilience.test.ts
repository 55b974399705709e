import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSubgraph, type RunningSubgraph } from "../../lib/subgraph.js";
import { DEMO_SOCIETIES, buildDemoNetwork } from "../../seed/demo-network.js";
import { SUBGRAPHS } from "../../subgraphs/index.js";
import { postGraphQL, startTestNetwork, type TestNetwork } from "../support/network.js";
import { freePort } from "../support/ports.js";

let network: TestNetwork;
let lateEvents: RunningSubgraph | undefined;
beforeAll(async () => {
  network = await startTestNetwork();
});
afterAll(async () => {
  await lateEvents?.close();
  await network?.stop();
});

const member = buildDemoNetwork().members[1]!;
const QUERY = { query: `query ($id: ID!) { member(id: $id) { displayName society { slug } registrations { status } } }`, variables: { id: member.id } };

describe("a subgraph that is down when the gateway starts", () => {
  it("should not stop the gateway: it serves the rest, then the subgraph as soon as it appears, without a restart", async () => {
    const port = await freePort();
    const urls = Object.fromEntries(network.subgraphs.map((subgraph) => [subgraph.name, subgraph.url]));
    const gateway = await network.addGateway({ subgraphUrls: { ...urls, events: `http://127.0.0.1:${port}/graphql` } });

    const partial = await postGraphQL(gateway.url, QUERY);
    expect(partial.status).toBe(200);
    expect(partial.json.data!.member).toMatchObject({ displayName: member.displayName, registrations: null });
    expect(partial.json.errors![0]!.extensions).toMatchObject({ code: "SUBGRAPH_UNAVAILABLE", service: "events" });

    lateEvents = await startSubgraph(SUBGRAPHS.events, { databaseUrl: network.databaseUrl("events"), port, gatewayUrl: network.gatewayOrigin });
    // Registrations are the member's society's to see: it asks.
    const home = { authorization: `Bearer ${network.keys[DEMO_SOCIETIES.find((society) => society.id === member.societyId)!.slug]}` };
    const whole = await postGraphQL(gateway.url, QUERY, home);
    expect(whole.json.errors).toBeUndefined();
    expect(whole.json.data!.member.registrations.length).toBeGreaterThan(0);
  });
});
