import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestNetwork, type TestNetwork } from "./support/network.js";
import { countRows } from "./support/rows.js";

let network: TestNetwork;
beforeAll(async () => {
  network = await startTestNetwork();
});
afterAll(() => network?.stop());

const CREATE = `mutation ($input: CreateMemberInput!) { createMember(input: $input) { id displayName orcid country languages timezone society { slug } memberships { society { slug } } } }`;
const VALID = {
  givenName: "Ngozi",
  familyName: "Okonkwo-Ødegård",
  orcid: "https://orcid.org/0000-0002-1825-0097",
  country: "ng",
  languages: ["en", "yo"],
  timezone: "Africa/Lagos",
  careerStage: "EARLY_CAREER",
  professions: ["PHYSICIAN"],
  expertise: ["Haemostasis"],
  affiliations: [{ institution: "University College London", ror: "02jx3x895", country: "GB" }],
};

const memberRows = () => countRows(network.databaseUrl("members"), "member");

describe("creating and updating members", () => {
  it("should create a member in the caller's society with normalised identifiers", async () => {
    const { data, errors } = await network.query(CREATE, { input: VALID }, network.keys.hoecop);
    expect(errors).toBeUndefined();
    expect(data!.createMember).toMatchObject({
      displayName: "Ngozi Okonkwo-Ødegård",
      orcid: "0000-0002-1825-0097",
      country: "NG",
      society: { slug: "hoecop" },
      memberships: [{ society: { slug: "hoecop" } }],
    });
  });

  it.each([
    ["orcid", { orcid: "0000-0002-1825-0098" }],
    ["country", { country: "UK" }],
    ["languages", { languages: ["english"] }],
    ["timezone", { timezone: "GMT+1" }],
    ["affiliations.0.ror", { affiliations: [{ institution: "X", ror: "03vek6s53" }] }],
  ])("should refuse an invalid %s with BAD_USER_INPUT naming the field and write nothing", async (field, change) => {
    const before = await memberRows();
    const { errors } = await network.query(CREATE, { input: { ...VALID, orcid: null, ...change } }, network.keys.hoecop);
    expect(errors![0]!.extensions).toMatchObject({ code: "BAD_USER_INPUT", field });
    expect(errors![0]!.message).toContain(field);
    expect(await memberRows()).toBe(before);
  });

  it("should refuse a duplicate ORCID with CONFLICT and write nothing", async () => {
    const before = await memberRows();
    const { errors } = await network.query(CREATE, { input: VALID }, network.keys.ahea);
    expect(errors![0]!.extensions!.code).toBe("CONFLICT");
    expect(await memberRows()).toBe(before);
  });

  it("should refuse anonymous writes and writes to another society's member", async () => {
    const anonymous = await network.query(CREATE, { input: { ...VALID, orcid: null } });
    expect(anonymous.errors![0]!.extensions!.code).toBe("UNAUTHENTICATED");

    const created = await network.query(CREATE, { input: { ...VALID, orcid: null, givenName: "Chidi", directoryConsent: { listed: true, research: false } } }, network.keys.htcn);
    const id = created.data!.createMember.id;
    const update = `mutation ($id: ID!, $input: UpdateMemberInput!) { updateMember(id: $id, input: $input) { givenName timezone } }`;
    const foreign = await network.query(update, { id, input: { givenName: "Mallory" } }, network.keys.ahea);
    expect(foreign.errors![0]!.extensions!.code).toBe("FORBIDDEN");
    const own = await network.query(update, { id, input: { timezone: "Europe/Dublin" } }, network.keys.htcn);
    expect(own.data!.updateMember).toEqual({ givenName: "Chidi", timezone: "Europe/Dublin" });
  });

  it("should refuse an unknown API key with 401", async () => {
    const result = await network.query(`{ societies { slug } }`, {}, "copnet_not-a-key");
    expect(result.status).toBe(401);
    expect(result.errors![0]!.extensions!.code).toBe("UNAUTHENTICATED");
  });
});
