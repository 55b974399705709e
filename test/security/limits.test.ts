import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { journalClubSubgraph } from "../../examples/journal-club/server.js";
import { printSubgraphSdl } from "../../lib/subgraph.js";
import { startJournalClub } from "../support/journal-club.js";
import { postGraphQL, send, startTestNetwork, type TestNetwork } from "../support/network.js";
import { sqlRows } from "../support/rows.js";

let network: TestNetwork;
beforeAll(async () => {
  network = await startTestNetwork();
});
afterAll(() => network?.stop());

const FEATURED = "Müller";
const memberRow = async (id: string) => (await sqlRows(network.databaseUrl("members"), "select * from member where id = $1", [id]))[0];

async function someMemberId(slug: string): Promise<string> {
  const society = await network.query(`query ($slug: String!) { society(slug: $slug) { id } }`, { slug });
  const page = await network.query(`query ($society: ID!) { members(first: 1, filter: { society: $society }) { edges { node { id } } } }`, { society: society.data!.society.id });
  return page.data!.members.edges[0].node.id;
}

function expectRefused(response: { status: number; json: { data?: unknown; errors?: { message: string; extensions?: Record<string, unknown> }[] } }, message: RegExp) {
  expect(response.status).toBe(400);
  expect(response.json.data).toBeUndefined();
  expect(response.json.errors![0]!.extensions!.code).toBe("GRAPHQL_VALIDATION_FAILED");
  expect(response.json.errors![0]!.message).toMatch(message);
}

describe("query limits at the gateway", () => {
  it("should refuse a query nested deeper than the limit", async () => {
    const deep = `{ members(first: 1) { edges { node { mentees { mentor { mentees { mentor { mentees { mentor { mentees { id } } } } } } } } } } }`;
    expectRefused(await postGraphQL(network.gatewayUrl, { query: deep }), /depth limit of 10 exceeded/);
  });

  it("should count depth through fragment spreads and inline fragments, so nesting them does not bypass the limit", async () => {
    const viaFragments = `
      query { members(first: 1) { ...Page } }
      fragment Page on MemberConnection { edges { node { ...Pair } } }
      fragment Pair on Member { mentees { mentor { ...Deeper } } }
      fragment Deeper on Member { mentees { mentor { ... on Member { mentees { mentor { displayName } } } } } }`;
    expectRefused(await postGraphQL(network.gatewayUrl, { query: viaFragments }), /depth limit/);

    // The same fragment spread twice: the second visit must not count as depth 0.
    const reused = `
      query { members(first: 1) { edges { node { ...Loop } } } a: members(first: 1) { edges { node { mentees { mentor { ...Loop } } } } } }
      fragment Loop on Member { mentees { mentor { mentees { mentor { displayName } } } } }`;
    expectRefused(await postGraphQL(network.gatewayUrl, { query: reused }), /depth limit/);
  });

  it("should refuse more aliases than the limit", async () => {
    const aliases = Array.from({ length: 16 }, (_, index) => `s${index}: societies { id }`).join(" ");
    expectRefused(await postGraphQL(network.gatewayUrl, { query: `{ ${aliases} }` }), /Aliases limit of 15 exceeded/);
  });

  it("should refuse 15 aliases of 20 members' mentor matches (300 rankings) by cost, naming the cost and the limit", async () => {
    const { data } = await network.query(`{ mentoringPrograms(open: true) { id } }`);
    const programId = data!.mentoringPrograms[0].id;
    const aliases = Array.from({ length: 15 }, (_, index) => `a${index}: members(first: 20) { edges { node { mentorMatches(programId: "${programId}", first: 1) { score } } } }`);
    const response = await postGraphQL(network.gatewayUrl, { query: `{ ${aliases.join(" ")} }` });
    expect(response.status).toBe(400);
    expect(response.json.data).toBeUndefined();
    const error = response.json.errors![0]!;
    expect(error.extensions!.code).toBe("COST_LIMIT_EXCEEDED");
    expect(error.extensions!.maxCost).toBe(12000);
    expect(error.message).toMatch(new RegExp(`Operation cost ${error.extensions!.cost} exceeds the limit of 12000`));
    // One ranking, as a mentee's page asks for it, runs.
    const mentee = await someMemberId("hoecop");
    const one = await postGraphQL(network.gatewayUrl, { query: `{ member(id: "${mentee}") { mentorMatches(programId: "${programId}", first: 10) { score } } }` });
    expect(one.json.errors).toBeUndefined();
  });

  it("should size lists from variables and count fragments, so neither hides the cost", async () => {
    const page = `members(first: $first) { edges { node { ...Matches } } }`;
    const query = `query ($first: Int, $program: ID!) { a: ${page} b: ${page} c: ${page} }
      fragment Matches on Member { mentorMatches(programId: $program, first: 50) { score } }`;
    const response = await postGraphQL(network.gatewayUrl, { query, variables: { first: 20, program: "8a0d0c4e-8a1f-4e0b-9e59-1f3c7a1b2c3d" } });
    expect(response.status).toBe(400);
    expect(response.json.errors![0]!.extensions!.code).toBe("COST_LIMIT_EXCEEDED");
  });

  it("should weigh a subgraph's fields by the @cost it declares, from the moment its version is published", async () => {
    const presenterId = await someMemberId("hoecop");
    const journalClub = await startJournalClub(network, presenterId);
    const publish = (sdl: string) =>
      send(new URL("/admin/subgraphs/publish", network.gatewayUrl).toString(), {
        method: "POST",
        headers: { authorization: `Bearer ${network.keys.admin}`, "content-type": "application/json" },
        body: JSON.stringify({ name: "journalclub", url: journalClub.url, sdl, force: true }),
      });
    const sessions = { query: `query ($id: ID!) { member(id: $id) { journalClubSessions { paperTitle } } }`, variables: { id: presenterId } };
    try {
      const sdl = printSubgraphSdl(journalClubSubgraph);
      const weighted = sdl.replace(/(journalClubSessions(\([^)]*\))?: \[JournalClubSession!\]!?)/g, "$1 @cost(weight: 1500)");
      expect(weighted).not.toBe(sdl);
      expect((await publish(weighted)).status).toBe(200);
      // one member 1 + 10 sessions (a list without @listSize) × 1500
      const refused = await postGraphQL(network.gatewayUrl, sessions);
      expect(refused.json.errors![0]!.extensions).toMatchObject({ code: "COST_LIMIT_EXCEEDED", cost: 15001 });
      expect((await publish(sdl)).status).toBe(200);
      const answered = await postGraphQL(network.gatewayUrl, sessions);
      expect(answered.json.errors).toBeUndefined();
      expect(answered.json.data!.member.journalClubSessions).toHaveLength(1);
    } finally {
      await send(new URL("/admin/subgraphs/remove", network.gatewayUrl).toString(), {
        method: "POST",
        headers: { authorization: `Bearer ${network.keys.admin}`, "content-type": "application/json" },
        body: JSON.stringify({ name: "journalclub" }),
      });
      await journalClub.close();
    }
  });

  it("should refuse a document with more tokens than the limit", async () => {
    const long = `{ societies { ${Array.from({ length: 1100 }, () => "id slug").join(" ")} } }`;
    const response = await postGraphQL(network.gatewayUrl, { query: long });
    expect(response.status).toBe(400);
    expect(response.json.errors![0]!.extensions!.code).toBe("GRAPHQL_PARSE_FAILED");
    expect(response.json.errors![0]!.message).toMatch(/more tha[nt] 2000 tokens/) // graphql-js spells it "more that";
  });

  it("should refuse too many directives", async () => {
    const directives = Array.from({ length: 21 }, () => "@include(if: true)").join(" ");
    expectRefused(await postGraphQL(network.gatewayUrl, { query: `{ societies { id ${directives} } }` }), /Directives limit of 20 exceeded/);
  });

  it("should still answer an ordinary partner-frontend query", async () => {
    const { data, errors } = await network.query(`query ($q: String) { members(first: 5, filter: { q: $q }) { edges { node { displayName society { name } mentorProfile { capacity } works(first: 2) { totalCount } registrations { status event { title } } } } } }`, { q: FEATURED });
    expect(errors).toBeUndefined();
    expect(data!.members.edges[0].node.displayName).toContain(FEATURED);
  });
});

describe("requests the gateway refuses before any operation runs", () => {
  it("should answer a 3 MB body with 413 and read no further", async () => {
    const response = await postGraphQL(network.gatewayUrl, { query: "{ societies { id } }", variables: { padding: "x".repeat(3 * 1024 * 1024) } });
    expect(response.status).toBe(413);
    expect(response.json.errors![0]!.extensions!.code).toBe("PAYLOAD_TOO_LARGE");
  });

  it("should refuse a mutation sent with GET and change nothing", async () => {
    const id = await someMemberId("hoecop");
    const before = await memberRow(id);
    const mutation = `mutation { setDirectoryConsent(memberId: "${id}", input: { listed: false, research: false }) { id } }`;
    const response = await send(`${network.gatewayUrl}?query=${encodeURIComponent(mutation)}`, {
      headers: { authorization: `Bearer ${network.keys.hoecop}`, "apollo-require-preflight": "true" },
    });
    expect(response.status).toBe(405);
    expect(response.json.data).toBeUndefined();
    expect(await memberRow(id)).toEqual(before);
  });

  it("should refuse a cross-site simple request (CSRF): a GET without a preflight header, a POST as text/plain", async () => {
    const get = await send(`${network.gatewayUrl}?query=${encodeURIComponent("{ societies { id } }")}`);
    expect(get.status).toBe(400);
    expect(get.text).toMatch(/Cross-Site Request Forgery/);
    const form = await send(network.gatewayUrl, { method: "POST", headers: { "content-type": "text/plain" }, body: JSON.stringify({ query: "{ societies { id } }" }) });
    expect(form.status).toBe(400);
    expect(form.text).toMatch(/Cross-Site Request Forgery/);
  });

  it("should refuse batched operations unless batching is configured", async () => {
    const response = await postGraphQL(network.gatewayUrl, [{ query: "{ societies { id } }" }, { query: "{ societies { slug } }" }]);
    expect(response.status).toBe(400);
    expect(response.text).toMatch(/batching/i);
  });
});

describe("date literals PostgreSQL cannot store", () => {
  it("should refuse one with BAD_USER_INPUT naming the argument, every time the same document comes back", async () => {
    // The gateway walks a document's literals once and remembers the problems (gateway/per-document.ts).
    const query = `{ events(filter: { from: "10000-01-01T00:00:00Z" }) { totalCount } }`;
    for (let attempt = 0; attempt < 3; attempt++) {
      const response = await postGraphQL(network.gatewayUrl, { query });
      expect(response.status).toBe(400);
      expect(response.json.errors![0]!.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "events.filter.from" });
    }
    const fine = await postGraphQL(network.gatewayUrl, { query: `{ events(filter: { from: "2026-01-01T00:00:00Z" }) { totalCount } }` });
    expect(fine.json.errors).toBeUndefined();
  });
});

describe("introspection", () => {
  const INTROSPECTION = `{ __schema { queryType { name } } }`;

  it("should be refused to everyone when NODE_ENV=production and nothing else is configured", async () => {
    const production = await network.addGateway({ introspection: "nobody" });
    for (const headers of [{}, ...[network.keys.hoecop, network.keys.researcher, network.keys.admin].map((key) => ({ authorization: `Bearer ${key}` }))]) {
      const response = await postGraphQL(production.url, { query: INTROSPECTION }, headers);
      expect(response.json.data).toBeUndefined();
      expect(response.json.errors![0]!.extensions!.code).toBe("INTROSPECTION_DISABLED");
    }
    // Ordinary queries still work, `__typename` included.
    const ordinary = await postGraphQL(production.url, { query: "{ societies { __typename slug } }" });
    expect(ordinary.json.data!.societies.length).toBe(4);
  });

  it("should be open to researcher keys only when configured so", async () => {
    const gateway = await network.addGateway({ introspection: "researchers" });
    const researcher = await postGraphQL(gateway.url, { query: INTROSPECTION }, { authorization: `Bearer ${network.keys.researcher}` });
    expect(researcher.json.data!.__schema.queryType.name).toBe("Query");
    for (const headers of [{}, { authorization: `Bearer ${network.keys.hoecop}` }] as Record<string, string>[]) {
      const refused = await postGraphQL(gateway.url, { query: `{ __type(name: "Member") { name } }` }, headers);
      expect(refused.status).toBe(403);
      expect(refused.json.errors![0]!.extensions!.code).toBe("INTROSPECTION_DISABLED");
    }
  });
});
