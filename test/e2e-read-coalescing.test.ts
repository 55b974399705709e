import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestNetwork, type TestNetwork } from "./support/network.js";

let network: TestNetwork;
beforeAll(async () => {
  network = await startTestNetwork();
});
afterAll(() => network?.stop());

const PAGE = `query Page { members(first: 20) { totalCount edges { node { id displayName society { name } mentorProfile { capacity } works(first: 1) { totalCount } } } } }`;
const CARD = `query Card($id: ID!) { member(id: $id) { id displayName email } }`;

const post = (query: string, variables: Record<string, unknown> = {}, key?: string) =>
  fetch(network.gatewayUrl, {
    method: "POST",
    headers: { "content-type": "application/json", ...(key && { authorization: `Bearer ${key}` }) },
    body: JSON.stringify({ query, variables }),
  });

async function ownMember(slug: string): Promise<string> {
  const { data } = await network.query(`{ members(first: 50) { edges { node { id email society { slug } } } } }`, {}, network.keys[slug]);
  return data!.members.edges.find((edge: any) => edge.node.society.slug === slug && edge.node.email).node.id;
}

describe("identical reads arriving together", () => {
  it("should answer each visitor the same page while the subgraphs do the work fewer times", async () => {
    await network.query(PAGE);
    network.sql.reset();
    await network.query(PAGE);
    const oneExecution = network.sql.count;

    network.sql.reset();
    const responses = await Promise.all(Array.from({ length: 30 }, () => post(PAGE)));
    const bodies = await Promise.all(responses.map((response) => response.text()));

    expect(responses.every((response) => response.status === 200)).toBe(true);
    expect(new Set(bodies).size).toBe(1);
    expect(JSON.parse(bodies[0]!).data.members.edges).toHaveLength(20);
    expect(new Set(responses.map((response) => response.headers.get("x-request-id"))).size).toBe(30);
    expect(network.sql.count).toBeLessThan(30 * oneExecution);
    const metrics = await (await fetch(new URL("/metrics", network.gatewayUrl))).text();
    expect(metrics).toMatch(/copnet_gateway_reads_total\{outcome="joined",service="gateway"\} [1-9]/);
  });

  it("should share identical subgraph fetches in flight even when whole reads are not collapsed", async () => {
    const gateway = await network.addGateway({ coalesceReads: false });
    try {
      const send = () => fetch(gateway.url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query: PAGE }) });
      await (await send()).text();
      network.sql.reset();
      await (await send()).text();
      const oneExecution = network.sql.count;
      network.sql.reset();
      const bodies = await Promise.all(Array.from({ length: 30 }, async () => (await send()).text()));
      expect(new Set(bodies).size).toBe(1);
      expect(network.sql.count).toBeLessThan(30 * oneExecution);
    } finally {
      await gateway.close();
    }
  });

  it("should never hand one caller's answer to a caller with other rights", async () => {
    const id = await ownMember("hoecop");
    const asSociety = Array.from({ length: 10 }, () => post(CARD, { id }, network.keys.hoecop));
    const asAnonymous = Array.from({ length: 10 }, () => post(CARD, { id }));
    const [own, others] = await Promise.all([Promise.all(asSociety), Promise.all(asAnonymous)]);
    for (const response of own) expect((await response.json()).data.member.email).toMatch(/@/);
    for (const response of others) {
      const { data } = await response.json();
      if (data.member) expect(data.member.email).toBeNull();
    }
  });

  it("should let a client read its own write while identical reads keep arriving", async () => {
    const id = await ownMember("hoecop");
    let reading = true;
    const readers = Array.from({ length: 8 }, async () => {
      while (reading) await (await post(CARD, { id }, network.keys.hoecop)).text();
    });
    try {
      for (const name of ["Written Once", "Written Twice", "Written Thrice"]) {
        const update = await network.query(`mutation ($id: ID!, $name: String!) { updateMember(id: $id, input: { displayName: $name }) { displayName } }`, { id, name }, network.keys.hoecop);
        expect(update.errors).toBeUndefined();
        const { data } = await network.query(CARD, { id }, network.keys.hoecop);
        expect(data!.member.displayName).toBe(name);
      }
    } finally {
      reading = false;
      await Promise.all(readers);
    }
  });
});
