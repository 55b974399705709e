import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_SOCIETIES, buildDemoNetwork } from "../../seed/demo-network.js";
import { postGraphQL, startTestNetwork, type TestNetwork } from "../support/network.js";
import { sqlRows } from "../support/rows.js";

let network: TestNetwork;
beforeAll(async () => {
  network = await startTestNetwork();
});
afterAll(() => network?.stop());

const demo = buildDemoNetwork();
const slugOf = (societyId: unknown) => DEMO_SOCIETIES.find((society) => society.id === societyId)!.slug;
/** Seeded members by consent: the demo network sets consent by index, so these exist in every run. */
const seeded = (listed: boolean, research: boolean) => demo.members.find((member) => member.listed === listed && member.researchConsent === research)!;
const UNLISTED_NO_RESEARCH = seeded(false, false);
const LISTED_NO_RESEARCH = seeded(true, false);
const UNLISTED_RESEARCH = seeded(false, true);

const MEMBER = `query ($id: ID!) { member(id: $id) { id displayName email contactPreferences { email } directoryConsent { listed research } } }`;
const memberRow = async (id: unknown) => (await sqlRows(network.databaseUrl("members"), "select * from member where id = $1", [id]))[0];
const otherSociety = (societyId: unknown) => DEMO_SOCIETIES.find((society) => society.id !== societyId)!.slug;

describe("who sees which member", () => {
  it("should hide a member without any consent from anonymous callers, researchers and other societies, but not from their own society", async () => {
    const member = UNLISTED_NO_RESEARCH;
    for (const key of [undefined, network.keys.researcher, network.keys.admin, network.keys[otherSociety(member.societyId)]]) {
      const { data, errors } = await network.query(MEMBER, { id: member.id }, key);
      expect(errors).toBeUndefined();
      expect(data!.member).toBeNull();
      const search = await network.query(`query ($q: String) { members(first: 50, filter: { q: $q }) { edges { node { id } } } }`, { q: member.familyName }, key);
      expect(search.data!.members.edges.map((edge: any) => edge.node.id)).not.toContain(member.id);
    }
    const own = await network.query(MEMBER, { id: member.id }, network.keys[slugOf(member.societyId)]);
    expect(own.data!.member).toMatchObject({ id: member.id, email: member.email, directoryConsent: { listed: false, research: false } });
  });

  it("should show researchers listed members only: research consent means being counted, not being seen", async () => {
    const researchOnly = await network.query(MEMBER, { id: UNLISTED_RESEARCH.id }, network.keys.researcher);
    expect(researchOnly.errors).toBeUndefined();
    expect(researchOnly.data!.member).toBeNull();
    const search = await network.query(`query ($q: String) { members(first: 50, filter: { q: $q }) { edges { node { id } } } }`, { q: UNLISTED_RESEARCH.familyName }, network.keys.researcher);
    expect(search.data!.members.edges.map((edge: any) => edge.node.id)).not.toContain(UNLISTED_RESEARCH.id);
    const listedOnly = await network.query(MEMBER, { id: LISTED_NO_RESEARCH.id }, network.keys.researcher);
    expect(listedOnly.data!.member).toMatchObject({ id: LISTED_NO_RESEARCH.id, email: null, contactPreferences: null, directoryConsent: null });
    const directory = await network.query(`{ members(first: 1) { totalCount } }`, {}, network.keys.researcher);
    expect(directory.data!.members.totalCount).toBe(demo.members.filter((member) => member.listed).length);
  });

  it("should give private fields only to the member's own society", async () => {
    const member = LISTED_NO_RESEARCH;
    const other = await network.query(MEMBER, { id: member.id }, network.keys[otherSociety(member.societyId)]);
    expect(other.data!.member).toEqual({ id: member.id, displayName: member.displayName, email: null, contactPreferences: null, directoryConsent: null });
    const anonymous = await network.query(MEMBER, { id: member.id });
    expect(anonymous.data!.member.email).toBeNull();
    const own = await network.query(MEMBER, { id: member.id }, network.keys[slugOf(member.societyId)]);
    expect(own.data!.member.email).toBe(member.email);
    expect(own.data!.member.contactPreferences).toEqual({ email: true });
  });

  it("should leave out a contribution or relation whose member is hidden, without failing the rest", async () => {
    const hidden = new Set(demo.members.filter((member) => !member.listed).map((member) => member.id));
    // Seeded contributors all consented; one of them withdraws from the listing first.
    const named = new Set([UNLISTED_NO_RESEARCH.id, LISTED_NO_RESEARCH.id, UNLISTED_RESEARCH.id]);
    const contribution = demo.contributions.find((candidate) => !named.has(candidate.memberId as string))!;
    const contributor = demo.members.find((member) => member.id === contribution.memberId)!;
    await network.query(`mutation ($id: ID!) { setDirectoryConsent(memberId: $id, input: { listed: false, research: true }) { id } }`, { id: contributor.id }, network.keys[slugOf(contributor.societyId)]);
    const { data, errors, extensions } = await network.query(`query ($id: ID!) { work(id: $id) { title contributions { position member { id displayName } } } }`, { id: contribution.workId });
    expect(errors).toBeUndefined();
    expect(extensions).toBeUndefined();
    expect(data!.work.title).toBeTruthy();
    expect(data!.work.contributions.map((candidate: any) => candidate.position)).not.toContain(contribution.position);
    expect(JSON.stringify(data)).not.toContain(contributor.id);
    const mentee = demo.relations.find((relation) => hidden.has(relation.menteeId as string) && !hidden.has(relation.mentorId as string))!;
    const mentor = await network.query(`query ($id: ID!) { member(id: $id) { mentees { mentee { id displayName } } } }`, { id: mentee.mentorId });
    expect(mentor.errors).toBeUndefined();
    expect(mentor.extensions).toBeUndefined();
    const mentees = mentor.data!.member.mentees.map((relation: any) => relation.mentee);
    expect(mentees).not.toContain(null);
    expect(mentees.every((visible: any) => !hidden.has(visible.id))).toBe(true);
  });

  it("should apply a withdrawal of consent on the very next request", async () => {
    const member = demo.members.find((candidate) => candidate.listed && candidate.researchConsent && candidate !== demo.members[0])!;
    const ownKey = network.keys[slugOf(member.societyId)];
    expect((await network.query(MEMBER, { id: member.id })).data!.member).not.toBeNull();
    expect((await network.query(MEMBER, { id: member.id }, network.keys.researcher)).data!.member).not.toBeNull();

    const withdraw = await network.query(`mutation ($id: ID!) { setDirectoryConsent(memberId: $id, input: { listed: false, research: false }) { directoryConsent { listed research updatedAt } } }`, { id: member.id }, ownKey);
    expect(withdraw.data!.setDirectoryConsent.directoryConsent).toMatchObject({ listed: false, research: false });
    expect((await network.query(MEMBER, { id: member.id })).data!.member).toBeNull();
    expect((await network.query(MEMBER, { id: member.id }, network.keys.researcher)).data!.member).toBeNull();
    expect((await network.query(MEMBER, { id: member.id }, ownKey)).data!.member.id).toBe(member.id);
  });
});

describe("writes to another society's records", () => {
  it("should refuse a society updating another society's member with FORBIDDEN and leave the row unchanged", async () => {
    const member = LISTED_NO_RESEARCH;
    const before = await memberRow(member.id);
    const attacker = network.keys[otherSociety(member.societyId)];
    const update = await network.query(`mutation ($id: ID!) { updateMember(id: $id, input: { givenName: "Mallory", email: "mallory@evil.example" }) { id } }`, { id: member.id }, attacker);
    expect(update.data).toBeNull();
    expect(update.errors![0]!.extensions!.code).toBe("FORBIDDEN");
    const consent = await network.query(`mutation ($id: ID!) { setDirectoryConsent(memberId: $id, input: { listed: false, research: true }) { id } }`, { id: member.id }, attacker);
    expect(consent.errors![0]!.extensions!.code).toBe("FORBIDDEN");
    expect(await memberRow(member.id)).toEqual(before);
  });

  it("should answer NOT_FOUND, not FORBIDDEN, for another society's unlisted member, so writes cannot probe for them", async () => {
    const member = UNLISTED_NO_RESEARCH;
    const before = await memberRow(member.id);
    const update = await network.query(`mutation ($id: ID!) { updateMember(id: $id, input: { givenName: "Mallory" }) { id } }`, { id: member.id }, network.keys[otherSociety(member.societyId)]);
    expect(update.errors![0]!.extensions!.code).toBe("NOT_FOUND");
    expect(await memberRow(member.id)).toEqual(before);
  });

  it("should refuse writes from researcher and admin keys", async () => {
    for (const key of [network.keys.researcher, network.keys.admin]) {
      const update = await network.query(`mutation ($id: ID!) { updateMember(id: $id, input: { givenName: "Mallory" }) { id } }`, { id: LISTED_NO_RESEARCH.id }, key);
      expect(update.errors![0]!.extensions!.code).toBe("FORBIDDEN");
    }
  });
});

describe("copnet key create, list and revoke", () => {
  const copnet = (...args: string[]) =>
    promisify(execFile)(process.execPath, ["bin/copnet.js", "key", ...args, "--gateway", network.gatewayUrl, "--key", network.keys.admin!]);

  it("should create a working society key shown once, list it by prefix, and refuse it with 401 once revoked", async () => {
    const created = await copnet("create", "--role", "society", "--society", "ahea", "--label", "ahea website");
    const key = /copnet_[A-Za-z0-9_-]{43}/.exec(created.stdout)![0];
    const own = demo.members.find((member) => member.societyId === DEMO_SOCIETIES[3].id && !member.listed)!;
    expect((await network.query(MEMBER, { id: own.id }, key)).data!.member.id).toBe(own.id);

    const listed = await copnet("list");
    const prefix = key.slice(0, 16);
    expect(listed.stdout).toContain(prefix);
    expect(listed.stdout).toContain("ahea website");
    expect(listed.stdout).not.toContain(key);
    const stored = await sqlRows(network.databaseUrl("gateway"), "select hash from api_key where prefix = $1", [prefix]);
    expect(stored[0]!.hash).toMatch(/^[0-9a-f]{64}$/);

    await copnet("revoke", prefix);
    const refused = await postGraphQL(network.gatewayUrl, { query: "{ societies { id } }" }, { authorization: `Bearer ${key}` });
    expect(refused.status).toBe(401);
    expect(refused.json.errors![0]!.extensions!.code).toBe("UNAUTHENTICATED");
  });

  it("should refuse a society key for a society that does not exist", async () => {
    await expect(copnet("create", "--role", "society", "--society", "no-such-society")).rejects.toThrow(/No society "no-such-society"/);
  });
});
