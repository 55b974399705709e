import { SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signServiceToken, type Caller } from "../../lib/identity.js";
import { startSubgraph } from "../../lib/subgraph.js";
import { DEMO_SOCIETIES } from "../../seed/demo-network.js";
import { SUBGRAPHS } from "../../subgraphs/index.js";
import { postGraphQL, startTestNetwork, type TestNetwork } from "../support/network.js";

let network: TestNetwork;
let members: string;
beforeAll(async () => {
  network = await startTestNetwork();
  members = network.subgraphs.find((subgraph) => subgraph.name === "members")!.url;
});
afterAll(() => network?.stop());

const HOECOP = DEMO_SOCIETIES[0].id;
const SDL = { query: "{ _service { sdl } }" };
const ENTITIES = (id: string) => ({
  query: `query ($representations: [_Any!]!) { _entities(representations: $representations) { ... on Member { id displayName email } } }`,
  variables: { representations: [{ __typename: "Member", id }] },
});
const ANONYMOUS: Caller = { role: "anonymous", societyId: null };
const HOECOP_CALLER: Caller = { role: "society", societyId: HOECOP };

function expect401(response: { status: number; text: string; json: { data?: unknown; errors?: { extensions?: Record<string, unknown> }[] } }) {
  expect(response.status).toBe(401);
  expect(response.json.data).toBeUndefined();
  expect(response.json.errors![0]!.extensions!.code).toBe("UNAUTHENTICATED");
  expect(response.text).not.toContain("type Member");
}

/** A member of hoecop with an e-mail address, found through the gateway with hoecop's own key. */
async function hoecopMember(): Promise<{ id: string; email: string }> {
  const page = await network.query(`query ($society: ID!) { members(first: 1, filter: { society: $society }) { edges { node { id email } } } }`, { society: HOECOP }, network.keys.hoecop);
  return page.data!.members.edges[0].node;
}

describe("calling a subgraph around the gateway", () => {
  it("should refuse `_service { sdl }`, `_entities` and ordinary queries without a service token", async () => {
    const { id } = await hoecopMember();
    expect401(await postGraphQL(members, SDL));
    expect401(await postGraphQL(members, ENTITIES(id)));
    expect401(await postGraphQL(members, { query: "{ societies { id } }" }));
  });

  it("should refuse an API key where a service token belongs", async () => {
    expect401(await postGraphQL(members, SDL, { authorization: `Bearer ${network.keys.admin}` }));
  });

  it("should ignore forged identity headers and still ask for a token", async () => {
    const forged = { "x-user": "admin", "x-role": "admin", "x-society": HOECOP, "x-copnet-caller": JSON.stringify(HOECOP_CALLER) };
    expect401(await postGraphQL(members, SDL, forged));
  });

  it("should refuse expired, tampered, wrong-audience and foreign-secret tokens", async () => {
    const secret = new TextEncoder().encode(network.tokenSecret);
    const expired = await new SignJWT({ role: "society", society: HOECOP })
      .setProtectedHeader({ alg: "HS256" })
      .setIssuer("copnet-gateway")
      .setAudience("members")
      .setIssuedAt(Math.floor(Date.now() / 1000) - 120)
      .setExpirationTime(Math.floor(Date.now() / 1000) - 60)
      .sign(secret);
    // An anonymous token whose payload is rewritten to claim a society: the signature no longer matches.
    const [header, payload, signature] = (await signServiceToken(ANONYMOUS, "members", network.tokenSecret)).split(".");
    const claims = { ...JSON.parse(Buffer.from(payload!, "base64url").toString()), role: "society", society: HOECOP };
    const tampered = [header, Buffer.from(JSON.stringify(claims)).toString("base64url"), signature].join(".");
    const wrongAudience = await signServiceToken(HOECOP_CALLER, "events", network.tokenSecret);
    const foreignSecret = await signServiceToken(HOECOP_CALLER, "members", "another-gateway-secret-of-32-characters!");
    const unsigned = `${Buffer.from(JSON.stringify({ alg: "none" })).toString("base64url")}.${Buffer.from(JSON.stringify(claims)).toString("base64url")}.`;
    for (const token of [expired, tampered, wrongAudience, foreignSecret, unsigned]) {
      expect401(await postGraphQL(members, SDL, { authorization: `Bearer ${token}` }));
    }
  });

  it("should answer a valid token, and give the private e-mail only to the member's own society", async () => {
    const { id, email } = await hoecopMember();
    expect(email).toMatch(/@hoecop\.example\.org$/);
    const own = await postGraphQL(members, ENTITIES(id), { authorization: `Bearer ${await signServiceToken(HOECOP_CALLER, "members", network.tokenSecret)}` });
    expect(own.json.data!._entities[0]).toMatchObject({ id, email });
    // Forged headers beside an anonymous token change nothing: identity comes from the token alone.
    const anonymous = await postGraphQL(members, ENTITIES(id), {
      authorization: `Bearer ${await signServiceToken(ANONYMOUS, "members", network.tokenSecret)}`,
      "x-society": HOECOP,
      "x-role": "society",
    });
    expect(anonymous.json.data!._entities[0]).toMatchObject({ id, email: null });
  });
});

describe("identity at the gateway", () => {
  it("should ignore client identity headers: an anonymous caller claiming a society sees no private field and cannot write", async () => {
    const { id } = await hoecopMember();
    const forged = { "x-user": "admin", "x-society": HOECOP, "x-copnet-role": "society", "x-forwarded-user": "hoecop" };
    const read = await postGraphQL(network.gatewayUrl, { query: `query ($id: ID!) { member(id: $id) { id email directoryConsent { listed } } }`, variables: { id } }, forged);
    expect(read.json.data!.member).toEqual({ id, email: null, directoryConsent: null });
    const write = await postGraphQL(network.gatewayUrl, { query: `mutation ($id: ID!) { updateMember(id: $id, input: { givenName: "Mallory" }) { id } }`, variables: { id } }, forged);
    expect(write.json.errors![0]!.extensions!.code).toBe("UNAUTHENTICATED");
  });

  it("should refuse an unknown, malformed or revoked key with 401", async () => {
    for (const authorization of ["Bearer copnet_not-a-real-key", "Basic dXNlcjpwYXNz", "Bearer"]) {
      const response = await postGraphQL(network.gatewayUrl, { query: "{ societies { id } }" }, { authorization });
      expect(response.status).toBe(401);
      expect(response.json.errors![0]!.extensions!.code).toBe("UNAUTHENTICATED");
    }
  });

  it("should accept tokens signed with either secret during a rotation", async () => {
    const next = "the-next-secret-after-rotation-0123456789";
    const rotating = await startSubgraph(SUBGRAPHS.members, { databaseUrl: network.databaseUrl("members"), port: 0, tokenSecrets: [next, network.tokenSecret], gatewayUrl: network.gatewayBaseUrl });
    try {
      for (const secret of [network.tokenSecret, next]) {
        const response = await postGraphQL(rotating.url, SDL, { authorization: `Bearer ${await signServiceToken(ANONYMOUS, "members", secret)}` });
        expect(response.json.data!._service.sdl).toContain("type Member");
      }
      expect401(await postGraphQL(rotating.url, SDL, { authorization: `Bearer ${await signServiceToken(ANONYMOUS, "members", "a-retired-secret-no-longer-accepted-000")}` }));
    } finally {
      await rotating.close();
    }
  });
});
