import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateKeyPair } from "jose";
import { signServiceToken } from "../../lib/identity.js";
import { MAX_MEMBER_ACCESS_IDS, MEMBER_ACCESS_PATH } from "../../lib/member-access.js";
import type { RunningSubgraph } from "../../lib/subgraph.js";
import { DEMO_SOCIETIES, buildDemoNetwork } from "../../seed/demo-network.js";
import { startJournalClub } from "../support/journal-club.js";
import { send, startTestNetwork, type GraphQLResponse, type TestNetwork } from "../support/network.js";
import { countRows, sqlRows } from "../support/rows.js";

/*
 * Issue 15, items 2 and 3: society A cannot act for society B's members, and a member a caller may not see
 * appears nowhere — walked through every subgraph (the journal club included) as anonymous, researcher and
 * another society, each walk checked against the home society's view, which must contain what the others
 * must not.
 */

let network: TestNetwork;
let journalClub: RunningSubgraph;

const demo = buildDemoNetwork();
const [A, B, C] = DEMO_SOCIETIES; // hoecop organises the event; htcn is the hidden members' home; vicrmg looks on
const slugOf = (societyId: unknown) => DEMO_SOCIETIES.find((society) => society.id === societyId)!.slug;
const societyOf = new Map(demo.members.map((member) => [member.id, member.societyId]));
const organiserOf = new Map(demo.events.map((event) => [event.id, event.societyId]));
/** Demo members bound to C by a record C may see anyway: a mentoring relation with C's member, a registration for C's event. */
const boundToC = new Set([
  ...demo.relations.filter((pair) => societyOf.get(pair.mentorId) === C.id || societyOf.get(pair.menteeId) === C.id).flatMap((pair) => [pair.mentorId, pair.menteeId]),
  ...demo.registrations.filter((registration) => organiserOf.get(registration.eventId) === C.id).map((registration) => registration.memberId),
]);
/** Neither listed nor research-consented (hidden under either researcher rule), and not bound to C. */
const hiddenOf = (societyId: string) => demo.members.filter((member) => member.societyId === societyId && !member.listed && !member.researchConsent && !boundToC.has(member.id));
const [HIDDEN, HIDDEN_MENTOR] = hiddenOf(B.id) as [Record<string, any>, Record<string, any>];
const HIDDEN_OF_A = hiddenOf(A.id)[0]!;
const LISTED_OF_B = demo.members.find((member) => member.societyId === B.id && member.listed)!;
/** Visible to everyone (listed and research-consented), so every caller's walk really reaches the records. */
const everyoneSees = (member: Record<string, any>) => member.listed && member.researchConsent;
/** The trainee the hidden mentor is tailored to. */
const MENTEE = demo.members.find((member) => member.societyId !== B.id && everyoneSees(member) && member.careerStage === "TRAINEE")!;
const DAY = 24 * 3600_000;

const as = (slug: string | undefined) => (slug ? network.keys[slug] : undefined);
const call = async (query: string, variables: Record<string, unknown>, key: string | undefined) => {
  const response = await network.query(query, variables, key);
  expect(response.errors).toBeUndefined();
  return response;
};

let eventOfA: string;
let registrationOfHidden: string;
let mentor: Record<string, any>;
let relation: string;
let programId: string;

beforeAll(async () => {
  network = await startTestNetwork();
  // B's key registers its hidden member for A's event; the event takes place; A records attendance.
  const startsAt = new Date(Date.now() + 10 * DAY);
  eventOfA = (await call(`mutation ($input: CreateEventInput!) { createEvent(input: $input) { id } }`, {
    input: { title: "Workshop: teaching haemostasis", kind: "WORKSHOP", startsAt, endsAt: new Date(startsAt.getTime() + 3600_000), timezone: "Europe/London", online: true, capacity: 20, cpdCredits: 3 },
  }, as(A.slug))).data!.createEvent.id;
  registrationOfHidden = (await call(`mutation ($e: ID!, $m: ID!) { registerForEvent(eventId: $e, memberId: $m) { id } }`, { e: eventOfA, m: HIDDEN.id }, as(B.slug))).data!.registerForEvent.id;
  await sqlRows(network.databaseUrl("events"), "update event set starts_at = now() - interval '2 hours', ends_at = now() - interval '1 hour' where id = $1", [eventOfA]);
  const attended = await call(`mutation ($id: ID!) { recordAttendance(registrationId: $id) { status member { id } } }`, { id: registrationOfHidden }, as(A.slug));
  // The organiser sees who attended its event, hidden or not.
  expect(attended.data!.recordAttendance).toEqual({ status: "ATTENDED", member: { id: HIDDEN.id } });

  // B proposes a listed mentor of another society to its hidden member; the mentor's society accepts.
  const programs = (await call(`{ mentoringPrograms(open: true) { id format } }`, {}, undefined)).data!.mentoringPrograms;
  programId = programs.find((program: { format: string }) => program.format === "ONE_TO_ONE").id;
  const profiles = demo.mentorProfiles.filter((profile) => profile.societyId !== B.id && profile.societyId !== C.id && profile.acceptingMentees);
  for (const candidate of demo.members.filter((member) => everyoneSees(member) && profiles.some((profile) => profile.memberId === member.id))) {
    const { mentorProfile } = (await call(`query ($id: ID!) { member(id: $id) { mentorProfile { capacity activeMentees } } }`, { id: candidate.id }, undefined)).data!.member;
    if (mentorProfile.activeMentees < mentorProfile.capacity) {
      mentor = candidate;
      break;
    }
  }
  relation = (await call(`mutation ($input: ProposeMentorshipInput!) { proposeMentorship(input: $input) { id } }`, {
    input: { mentorId: mentor.id, menteeId: HIDDEN.id, programId, goals: "Private goals of a hidden member" },
  }, as(B.slug))).data!.proposeMentorship.id;
  await call(`mutation ($id: ID!) { respondToMentorship(id: $id, accept: true) { status } }`, { id: relation }, as(slugOf(mentor.societyId)));

  // B records a work and a prize for its hidden member, and a mentor profile for its other hidden member,
  // tailored to MENTEE so that it would rank among MENTEE's matches.
  await call(`mutation ($input: AddWorkInput!) { addWork(input: $input) { id } }`, {
    input: { title: "Consent on every path", kind: "ARTICLE", contributions: [{ member: LISTED_OF_B.id, roles: ["CONCEPTUALIZATION"], position: 1 }, { member: HIDDEN.id, roles: ["INVESTIGATION"], position: 2 }] },
  }, as(B.slug));
  await call(`mutation ($input: AddAwardInput!) { addAward(input: $input) { id } }`, { input: { name: "Trainee prize", year: 2026, member: HIDDEN.id } }, as(B.slug));
  await call(`mutation ($id: ID!, $input: UpsertMentorProfileInput!) { upsertMentorProfile(memberId: $id, input: $input) { capacity } }`, {
    id: HIDDEN_MENTOR.id,
    input: { acceptingMentees: true, capacity: 5, topics: MENTEE.expertise, languages: MENTEE.languages, meetingModes: ["VIDEO"], timezone: MENTEE.timezone, country: MENTEE.country, careerStage: "SENIOR" },
  }, as(B.slug));

  // The journal club, federated later, holds a session the hidden member presented.
  journalClub = await startJournalClub(network, HIDDEN.id);
  const published = await send(new URL("/admin/subgraphs/publish", network.gatewayUrl).toString(), {
    method: "POST",
    headers: { authorization: `Bearer ${network.keys.admin}`, "content-type": "application/json" },
    body: JSON.stringify({ name: "journalclub", url: journalClub.url, society: B.id }),
  });
  expect(published.status).toBe(200);
});
afterAll(async () => {
  await journalClub?.close();
  await network?.stop();
});

/** Every path from every subgraph that can lead to a member, with the records B made above at its end. */
const WALKS: [string, string, () => Record<string, unknown>][] = [
  [
    "mentorship relations, and from them every subgraph's member fields",
    `query ($id: ID!) { member(id: $id) { id mentees { id status goals startedAt mentor { id } mentee { id displayName registrations { id status member { id } }
       cpdCredits works(first: 10) { totalCount edges { node { id } } } awards { id member { id } } mentorProfile { capacity } mentors { id mentor { id } }
       journalClubSessions { id presenter { id } } } } mentors { id mentee { id } } } }`,
    () => ({ id: mentor.id }),
  ],
  [
    "works and their contributions, and from them the contributors' registrations and relations",
    `query ($hidden: ID!) { works(first: 100) { totalCount edges { node { id contributions { orcid member { id registrations { status } cpdCredits mentees { goals mentee { id } } } } } } }
       byMember: works(filter: { member: $hidden }) { totalCount edges { node { id } } } }`,
    () => ({ hidden: HIDDEN.id }),
  ],
  [
    "mentor matches and their explanations",
    `query ($id: ID!, $program: ID!) { member(id: $id) { mentorMatches(programId: $program, first: 50) { score mentor { id } breakdown { factor explanation } } } }`,
    () => ({ id: MENTEE.id, program: programId }),
  ],
  [
    "journal club sessions and their presenters",
    `{ journalClubSessions(first: 100) { id paperTitle presenter { id registrations { status } mentors { goals } } } }`,
    () => ({}),
  ],
  [
    "the member itself and everything every subgraph holds about them",
    `query ($id: ID!) { member(id: $id) { id registrations { id } cpdCredits mentees { id } mentors { id goals } mentorProfile { capacity } works(first: 1) { totalCount }
       awards { id } scholarlyOutput { works } journalClubSessions { id } } }`,
    () => ({ id: HIDDEN.id }),
  ],
  [
    "the directory's own lists and relations",
    `{ members(first: 100) { edges { node { id mentors { mentor { id } mentee { id } } mentees { mentee { id } } } } } }`,
    () => ({}),
  ],
];

describe("consent on every path", () => {
  for (const [path, query, variables] of WALKS) {
    it(`should keep hidden members out of ${path} for anonymous callers, researchers and other societies`, async () => {
      for (const key of [undefined, network.keys.researcher, network.keys[C.slug]]) {
        const text = JSON.stringify((await call(query, variables(), key)).data);
        expect(text).not.toContain(HIDDEN.id);
        expect(text).not.toContain(HIDDEN_MENTOR.id);
        expect(text).not.toContain("Private goals");
      }
    });
  }

  it("should show the home society what the walks hide from the others (so the walks have something to miss)", async () => {
    const walked = await Promise.all(WALKS.map(([, query, variables]) => call(query, variables(), as(B.slug))));
    const [relations, works, matches, sessions, itself] = walked.map((response) => JSON.stringify(response.data));
    expect(relations).toContain(HIDDEN.id);
    expect(relations).toContain("Private goals");
    expect(works).toContain(HIDDEN.id);
    expect(matches).toContain(HIDDEN_MENTOR.id);
    expect(sessions).toContain(HIDDEN.id);
    expect((walked[4] as GraphQLResponse).data!.member.cpdCredits).toBeGreaterThanOrEqual(3);
    expect(itself).toContain(registrationOfHidden);
    expect(itself).toContain(relation);
  });

  it("should offer no match without a visible mentor: no `mentor: null` with its explanation", async () => {
    for (const key of [undefined, network.keys.researcher, network.keys[C.slug]]) {
      const matches = (await call(WALKS[2]![1], WALKS[2]![2](), key)).data!.member.mentorMatches;
      expect(matches.length).toBeGreaterThan(0);
      expect(matches.filter((match: { mentor: unknown }) => match.mentor === null)).toEqual([]);
    }
  });

  it("should show a mentoring relation, goals included, to the mentor's society, which binds its own member", async () => {
    const { data } = await call(WALKS[0]![1], WALKS[0]![2](), as(slugOf(mentor.societyId)));
    const pairing = data!.member.mentees.find((candidate: { id: string }) => candidate.id === relation);
    expect(pairing).toMatchObject({ status: "ACTIVE", goals: "Private goals of a hidden member" });
    // The mentee's id, but nothing the members subgraph keeps from the mentor's society.
    const ids = await call(`query ($id: ID!) { member(id: $id) { mentees { id mentee { id } } } }`, { id: mentor.id }, as(slugOf(mentor.societyId)));
    expect(ids.data!.member.mentees).toContainEqual({ id: relation, mentee: { id: HIDDEN.id } });
    expect(pairing.mentee).toBeNull();
  });

  it("should keep registrations and CPD credit to the home society, and an organiser to its own events", async () => {
    const REGISTRATIONS = `query ($id: ID!) { member(id: $id) { registrations { id event { society { id } } } cpdCredits } }`;
    const member = demo.members.find((candidate) => candidate.societyId === B.id && everyoneSees(candidate))!;
    // B registers its member for an event of A: A sees that registration, and none for other societies' events.
    const registration = (await call(`mutation ($e: ID!, $m: ID!) { registerForEvent(eventId: $e, memberId: $m) { id } }`, { e: await futureEventOf(A.slug), m: member.id }, as(B.slug))).data!.registerForEvent.id;
    const own = (await call(REGISTRATIONS, { id: member.id }, as(B.slug))).data!.member;
    expect(own.cpdCredits).not.toBeNull();
    expect(own.registrations.map((row: { id: string }) => row.id)).toContain(registration);
    for (const key of [undefined, network.keys.researcher]) {
      expect((await call(REGISTRATIONS, { id: member.id }, key)).data!.member).toEqual({ registrations: [], cpdCredits: null });
    }
    const other = (await call(REGISTRATIONS, { id: member.id }, as(C.slug))).data!.member;
    expect(other.cpdCredits).toBeNull();
    expect(other.registrations.every((row: { event: { society: { id: string } } }) => row.event.society.id === C.id)).toBe(true);
    const organiser = (await call(REGISTRATIONS, { id: member.id }, as(A.slug))).data!.member;
    expect(organiser.cpdCredits).toBeNull();
    expect(organiser.registrations.map((row: { id: string }) => row.id)).toContain(registration);
    expect(organiser.registrations.every((row: { event: { society: { id: string } } }) => row.event.society.id === A.id)).toBe(true);
  });

  it("should see a consent change on the very next request", async () => {
    const CONSENT = `mutation ($id: ID!, $listed: Boolean!) { setDirectoryConsent(memberId: $id, input: { listed: $listed, research: false }) { id } }`;
    const mentees = async () => JSON.stringify((await call(`query ($id: ID!) { member(id: $id) { mentees { mentee { id } } } }`, { id: mentor.id }, undefined)).data);
    await call(CONSENT, { id: HIDDEN.id, listed: true }, as(B.slug));
    expect(await mentees()).toContain(HIDDEN.id);
    await call(CONSENT, { id: HIDDEN.id, listed: false }, as(B.slug));
    expect(await mentees()).not.toContain(HIDDEN.id);
  });
});

async function futureEventOf(slug: string): Promise<string> {
  const startsAt = new Date(Date.now() + 20 * DAY);
  return (await call(`mutation ($input: CreateEventInput!) { createEvent(input: $input) { id } }`, {
    input: { title: "Webinar: one more", kind: "WEBINAR", startsAt, endsAt: new Date(startsAt.getTime() + 3600_000), timezone: "Europe/London", online: true, capacity: 20, cpdCredits: 1 },
  }, as(slug))).data!.createEvent.id;
}

describe("writes that name a member", () => {
  const code = (response: GraphQLResponse) => response.errors?.[0]?.extensions?.code;
  const REGISTER = `mutation ($e: ID!, $m: ID!) { registerForEvent(eventId: $e, memberId: $m) { id } }`;

  it("should let only a member's home society register them: NOT_FOUND for hidden and unknown members, FORBIDDEN for another's, nothing written", async () => {
    const event = await futureEventOf(A.slug);
    const before = await countRows(network.databaseUrl("events"), "registration");
    expect(code(await network.query(REGISTER, { e: event, m: HIDDEN.id }, as(A.slug)))).toBe("NOT_FOUND");
    expect(code(await network.query(REGISTER, { e: event, m: crypto.randomUUID() }, as(A.slug)))).toBe("NOT_FOUND");
    expect(code(await network.query(REGISTER, { e: event, m: LISTED_OF_B.id }, as(A.slug)))).toBe("FORBIDDEN");
    expect(code(await network.query(REGISTER, { e: await futureEventOf(B.slug), m: crypto.randomUUID() }, as(A.slug)))).toBe("NOT_FOUND");
    expect(await countRows(network.databaseUrl("events"), "registration")).toBe(before);
  });

  it("should keep a mentor profile to the mentor's home society", async () => {
    const UPSERT = `mutation ($id: ID!, $input: UpsertMentorProfileInput!) { upsertMentorProfile(memberId: $id, input: $input) { capacity } }`;
    const input = { acceptingMentees: true, capacity: 1, topics: ["Takeover"], languages: ["en"], meetingModes: ["VIDEO"], timezone: "Europe/London", country: "GB", careerStage: "SENIOR" };
    const rows = () => sqlRows(network.databaseUrl("mentorship"), "select member_id, society_id, capacity, topics from mentor_profile where member_id in ($1, $2) order by member_id", [HIDDEN_MENTOR.id, LISTED_OF_B.id]);
    const before = await rows();
    expect(code(await network.query(UPSERT, { id: HIDDEN_MENTOR.id, input }, as(A.slug)))).toBe("NOT_FOUND");
    expect(code(await network.query(UPSERT, { id: LISTED_OF_B.id, input }, as(A.slug)))).toBe("FORBIDDEN");
    expect(await rows()).toEqual(before);
    // A profile another society took over before this rule is the home society's again on its next write.
    await sqlRows(network.databaseUrl("mentorship"), "update mentor_profile set society_id = $1 where member_id = $2", [A.id, HIDDEN_MENTOR.id]);
    expect((await call(UPSERT, { id: HIDDEN_MENTOR.id, input: { ...input, capacity: 5 } }, as(B.slug))).data!.upsertMentorProfile.capacity).toBe(5);
    expect((await rows()).find((row) => row.member_id === HIDDEN_MENTOR.id)!.society_id).toBe(B.id);
  });

  it("should let only the mentee's society propose, with a mentor it may see", async () => {
    const PROPOSE = `mutation ($input: ProposeMentorshipInput!) { proposeMentorship(input: $input) { id } }`;
    const before = await countRows(network.databaseUrl("mentorship"), "mentorship_relation");
    const propose = (mentorId: unknown, menteeId: unknown, slug: string) => network.query(PROPOSE, { input: { mentorId, menteeId, programId } }, as(slug));
    expect(code(await propose(mentor.id, LISTED_OF_B.id, A.slug))).toBe("FORBIDDEN");
    expect(code(await propose(mentor.id, HIDDEN_MENTOR.id, A.slug))).toBe("NOT_FOUND");
    expect(code(await propose(mentor.id, crypto.randomUUID(), A.slug))).toBe("NOT_FOUND");
    expect(code(await propose(HIDDEN_OF_A.id, LISTED_OF_B.id, B.slug))).toBe("NOT_FOUND");
    expect(await countRows(network.databaseUrl("mentorship"), "mentorship_relation")).toBe(before);
  });

  it("should let awards and contributions name only members the caller may see", async () => {
    const AWARD = `mutation ($member: ID!) { addAward(input: { name: "Prize", year: 2026, member: $member }) { member { id } } }`;
    const WORK = `mutation ($member: ID!) { addWork(input: { title: "Probe", kind: ARTICLE, contributions: [{ member: $member, roles: [INVESTIGATION], position: 1 }] }) { id } }`;
    const awards = await countRows(network.databaseUrl("scholarship"), "award");
    const works = await countRows(network.databaseUrl("scholarship"), "work");
    for (const member of [HIDDEN.id, crypto.randomUUID()]) {
      expect(code(await network.query(AWARD, { member }, as(A.slug)))).toBe("NOT_FOUND");
      expect((await network.query(WORK, { member }, as(A.slug))).errors![0]!.extensions).toMatchObject({ code: "NOT_FOUND", field: "contributions.0.member" });
    }
    expect(await countRows(network.databaseUrl("scholarship"), "award")).toBe(awards);
    expect(await countRows(network.databaseUrl("scholarship"), "work")).toBe(works);
    expect((await call(AWARD, { member: LISTED_OF_B.id }, as(A.slug))).data!.addAward.member).toEqual({ id: LISTED_OF_B.id });
  });
});

describe("the gateway's member access lookup", () => {
  const lookup = (authorization: string | undefined, body: unknown) =>
    send(new URL(MEMBER_ACCESS_PATH, network.gatewayUrl).toString(), {
      method: "POST",
      headers: { "content-type": "application/json", ...(authorization ? { authorization } : {}) },
      body: JSON.stringify(body),
    });

  it("should answer a subgraph presenting a token the gateway signed, as that token's caller", async () => {
    const key = await network.activeSigningKey();
    const token = await signServiceToken({ role: "society", societyId: B.id, keyId: null }, "events", key);
    const unknown = crypto.randomUUID();
    const answer = await lookup(`Bearer ${token}`, { ids: [HIDDEN.id, LISTED_OF_B.id, HIDDEN_OF_A.id, unknown] });
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.text).members).toEqual({
      [HIDDEN.id]: { visible: true, homeSocietyId: B.id },
      [LISTED_OF_B.id as string]: { visible: true, homeSocietyId: B.id },
      [HIDDEN_OF_A.id as string]: { visible: false, homeSocietyId: null },
      [unknown]: { visible: false, homeSocietyId: null },
    });
    const anonymous = await signServiceToken({ role: "anonymous", societyId: null, keyId: null }, "journalclub", key);
    expect(JSON.parse((await lookup(`Bearer ${anonymous}`, { ids: [HIDDEN.id] })).text).members[HIDDEN.id].visible).toBe(false);
  });

  it("should refuse clients' keys, tokens for an unregistered audience or signed by another key, and unbounded batches", async () => {
    const key = await network.activeSigningKey();
    expect((await lookup(undefined, { ids: [HIDDEN.id] })).status).toBe(401);
    expect((await lookup(`Bearer ${network.keys[B.slug]}`, { ids: [HIDDEN.id] })).status).toBe(401);
    const foreign = await signServiceToken({ role: "admin", societyId: null, keyId: null }, "not-a-subgraph", key);
    expect((await lookup(`Bearer ${foreign}`, { ids: [HIDDEN.id] })).status).toBe(401);
    const registry = await signServiceToken({ role: "admin", societyId: null, keyId: null }, "copnet-registry", key);
    expect((await lookup(`Bearer ${registry}`, { ids: [HIDDEN.id] })).status).toBe(401);
    const { privateKey } = await generateKeyPair("EdDSA", { crv: "Ed25519" });
    const forged = await signServiceToken({ role: "admin", societyId: null, keyId: null }, "events", { kid: key.kid, privateKey });
    expect((await lookup(`Bearer ${forged}`, { ids: [HIDDEN.id] })).status).toBe(401);
    const token = await signServiceToken({ role: "society", societyId: B.id, keyId: null }, "events", key);
    const tooMany = Array.from({ length: MAX_MEMBER_ACCESS_IDS + 1 }, () => crypto.randomUUID());
    expect((await lookup(`Bearer ${token}`, { ids: tooMany })).status).toBe(400);
    expect((await lookup(`Bearer ${token}`, { ids: ["not-an-id"] })).status).toBe(400);
  });
});
