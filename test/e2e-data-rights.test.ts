import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "../lib/database.js";
import { signServiceToken } from "../lib/identity.js";
import { createLogger } from "../lib/log.js";
import type { RunningSubgraph } from "../lib/subgraph.js";
import { gatewayDatabase } from "../gateway/database.js";
import { ErasureJobs } from "../gateway/privacy/erasure-jobs.js";
import type { MemberDataFanOut } from "../gateway/privacy/fan-out.js";
import { buildDemoNetwork, DEMO_SOCIETIES } from "../seed/demo-network.js";
import { startJournalClub } from "./support/journal-club.js";
import { postGraphQL, send, startTestNetwork, type TestNetwork } from "./support/network.js";
import { eventually } from "./support/poll.js";
import { sqlRows } from "./support/rows.js";

/*
 * A member's data rights across the federation (issue 18), end to end: the events subgraph runs as its own
 * OS process so that it can be stopped (SIGSTOP) in the middle of an erasure and continued (SIGCONT).
 */

let network: TestNetwork;
let journalClub: RunningSubgraph;
const [HOECOP, HTCN, , AHEA] = DEMO_SOCIETIES;
const demo = buildDemoNetwork();
const aheaMember = demo.members.find((member) => member.societyId === AHEA.id && member.listed)!.id as string;

const ids = { subject: "", mentee: "", event: "", work: "", relation: "" };

async function ok<T = Record<string, any>>(query: string, variables: Record<string, unknown>, key: string | undefined): Promise<T> {
  const { data, errors } = await network.query<T>(query, variables, key);
  expect(errors).toBeUndefined();
  return data!;
}

const codeOf = async (query: string, variables: Record<string, unknown>, key?: string) => (await network.query(query, variables, key)).errors?.[0]?.extensions?.code;

const admin = (path: string, body: unknown) =>
  send(new URL(`/admin/${path}`, network.gatewayUrl).toString(), {
    method: "POST",
    headers: { authorization: `Bearer ${network.keys.admin}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });

/** Background work here (audit batches, feed pulls, retried erasure jobs) is given this long. */
const WAIT = { timeoutMs: 30_000, everyMs: 100 };

const EXPORT = `query ($id: ID!) { memberDataExport(memberId: $id) }`;
const ERASE = `mutation ($id: ID!) { eraseMember(memberId: $id) { id status requestedAt completedAt receipts { subgraph status completedAt records attempts } } }`;
const REQUEST = `query ($id: ID!) { erasureRequest(id: $id) { id status completedAt receipts { subgraph status completedAt records attempts } } }`;

beforeAll(async () => {
  network = await startTestNetwork({ processes: ["events"], gateway: { erasure: { pollMs: 100, backoffMs: 100, maxBackoffMs: 400, timeoutMs: 1000 } } });
  const create = `mutation ($input: CreateMemberInput!) { createMember(input: $input) { id } }`;
  const person = (givenName: string, orcid: string | null) => ({
    givenName, familyName: "Okafor", orcid, country: "GB", languages: ["en"], timezone: "Europe/London", careerStage: "MID_CAREER",
    professions: ["PHYSICIAN"], expertise: ["Haemostasis"], email: `${givenName.toLowerCase()}@hoecop.example.org`,
    contactPreferences: { email: true, mentoringRequests: true, eventAnnouncements: false }, directoryConsent: { listed: true, research: true },
  });
  ids.subject = (await ok(create, { input: person("Adaeze", "0000-0002-1825-0097") }, network.keys.hoecop)).createMember.id;
  ids.mentee = (await ok(create, { input: person("Chidi", null) }, network.keys.hoecop)).createMember.id;

  await ok(`mutation ($id: ID!) { upsertMentorProfile(memberId: $id, input: { acceptingMentees: true, capacity: 2, topics: ["Haemostasis"], languages: ["en"], meetingModes: [VIDEO], timezone: "Europe/London", country: "GB", careerStage: MID_CAREER }) { capacity } }`, { id: ids.subject }, network.keys.hoecop);
  const program = (await ok(`mutation { createMentoringProgram(input: { name: "HOECOP one-to-one", format: ONE_TO_ONE }) { id } }`, {}, network.keys.hoecop)).createMentoringProgram.id;
  ids.relation = (await ok(`mutation ($input: ProposeMentorshipInput!) { proposeMentorship(input: $input) { id } }`, { input: { mentorId: ids.subject, menteeId: ids.mentee, programId: program, goals: "Private goals: return to work after leave" } }, network.keys.hoecop)).proposeMentorship.id;

  ids.work = (await ok(`mutation ($input: AddWorkInput!) { addWork(input: $input) { id } }`, {
    input: { title: "Teaching haemostasis with simulation", kind: "ARTICLE", publishedOn: "2026-05-01", contributions: [
      { member: ids.subject, roles: ["CONCEPTUALIZATION"], position: 1 }, { member: ids.mentee, roles: ["INVESTIGATION"], position: 2 },
      { orcid: "0000-0002-1825-0097", roles: ["SUPERVISION"], position: 3 },
    ] },
  }, network.keys.hoecop)).addWork.id;
  await ok(`mutation ($id: ID!) { addAward(input: { name: "Educator of the Year", year: 2026, member: $id }) { name } }`, { id: ids.subject }, network.keys.hoecop);

  const startsAt = new Date(Date.now() + 10 * 24 * 3600_000);
  ids.event = (await ok(`mutation ($input: CreateEventInput!) { createEvent(input: $input) { id } }`, { input: {
    title: "Case discussion: bleeding disorders", kind: "CASE_DISCUSSION", startsAt: startsAt.toISOString(), endsAt: new Date(startsAt.getTime() + 3600_000).toISOString(),
    timezone: "Australia/Sydney", online: true, capacity: 1, cpdCredits: 1,
  } }, network.keys.ahea)).createEvent.id;
  const register = `mutation ($e: ID!, $m: ID!) { registerForEvent(eventId: $e, memberId: $m) { status } }`;
  expect((await ok(register, { e: ids.event, m: ids.subject }, network.keys.hoecop)).registerForEvent.status).toBe("CONFIRMED");
  expect((await ok(register, { e: ids.event, m: aheaMember }, network.keys.ahea)).registerForEvent.status).toBe("WAITLISTED");

  await ok(`mutation ($c: ID!, $m: ID!) { joinCommunity(communityId: $c, memberId: $m) { id } }`, { c: demo.communities[0]!.id, m: ids.subject }, network.keys.hoecop);

  // A society federates its journal club at run time; the subject presented a session there.
  journalClub = await startJournalClub(network, ids.subject);
  expect((await admin("subgraphs/publish", { name: "journalclub", url: journalClub.url, society: HTCN.id })).status).toBe(200);
}, 120_000);

afterAll(async () => {
  await network?.stop();
  await journalClub?.close();
});

describe("exporting a member's data", () => {
  it("should give the home society one document with a section per subgraph, journal club included", async () => {
    const { memberDataExport: exported } = await ok(EXPORT, { id: ids.subject }, network.keys.hoecop);
    expect(exported).toMatchObject({ memberId: ids.subject, homeSociety: HOECOP.id });
    const sections = Object.fromEntries((exported.sections as { subgraph: string }[]).map((section) => [section.subgraph, section])) as Record<string, any>;
    expect(Object.keys(sections).sort()).toEqual(["communities", "events", "journalclub", "members", "mentorship", "scholarship"]);
    expect(sections.members.society).toBe(HOECOP.id);
    expect(sections.members.records.profile[0]).toMatchObject({ email: "adaeze@hoecop.example.org", listed: true, research_consent: true });
    expect(sections.members.records.memberships).toHaveLength(1);
    expect(sections.members.records.consentHistory).toMatchObject([{ listed: true, research: true, society_id: HOECOP.id }]);
    expect(sections.mentorship.records.mentorProfile[0]).toMatchObject({ capacity: 2 });
    expect(sections.mentorship.records.relations[0]).toMatchObject({ id: ids.relation, goals: "Private goals: return to work after leave" });
    expect(sections.scholarship.records.contributions[0]).toMatchObject({ work_id: ids.work });
    expect(sections.scholarship.records.awards[0]).toMatchObject({ name: "Educator of the Year" });
    expect(sections.events.records.registrations[0]).toMatchObject({ event_id: ids.event, status: "CONFIRMED" });
    expect(sections.communities.records.communityMemberships[0]).toMatchObject({ community_id: demo.communities[0]!.id, role: "MEMBER" });
    expect(sections.journalclub).toMatchObject({ society: HTCN.id, records: { sessions: [{ paper_title: "Anticoagulation in cancer-associated thrombosis" }] } });

    const download = await send(new URL(`/members/${ids.subject}/export.json`, network.gatewayUrl).toString(), { headers: { authorization: `Bearer ${network.keys.hoecop}` } });
    expect(download.status).toBe(200);
    expect(download.headers.get("content-disposition")).toContain(`member-${ids.subject}.json`);
    expect(JSON.parse(download.text).sections).toHaveLength(6);
  });

  it("should refuse everyone but the home society and admins, without saying whether the member exists", async () => {
    expect(await codeOf(EXPORT, { id: ids.subject }, network.keys.htcn)).toBe("NOT_FOUND");
    expect(await codeOf(EXPORT, { id: crypto.randomUUID() }, network.keys.hoecop)).toBe("NOT_FOUND");
    expect(await codeOf(EXPORT, { id: ids.subject }, network.keys.researcher)).toBe("FORBIDDEN");
    expect(await codeOf(EXPORT, { id: ids.subject })).toBe("UNAUTHENTICATED");
    expect(await codeOf(EXPORT, { id: "not-a-uuid" }, network.keys.hoecop)).toBe("BAD_USER_INPUT");
    expect((await ok(EXPORT, { id: ids.subject }, network.keys.admin)).memberDataExport.sections).toHaveLength(6);
    const foreign = await send(new URL(`/members/${ids.subject}/export.json`, network.gatewayUrl).toString(), { headers: { authorization: `Bearer ${network.keys.htcn}` } });
    expect(foreign.status).toBe(404);
    expect(foreign.text).not.toContain("Adaeze");
  });

  it("should keep the contract out of the public schema and honour it only for a privacy token naming the member", async () => {
    expect(await codeOf(`query ($id: ID!) { _memberData(memberId: $id) }`, { id: ids.subject }, network.keys.admin)).toBe("GRAPHQL_VALIDATION_FAILED");
    const key = await network.activeSigningKey();
    const members = network.subgraphs.find((subgraph) => subgraph.name === "members")!.url;
    const ask = async (token: string) => (await postGraphQL(members, { query: EXPORT.replace("memberDataExport", "_memberData"), variables: { id: ids.subject } }, { authorization: `Bearer ${token}` })).json;
    const asAdmin = await ask(await signServiceToken({ role: "admin", societyId: null, keyId: null }, "members", key));
    expect(asAdmin.errors![0]!.extensions!.code).toBe("FORBIDDEN");
    const forOther = await ask(await signServiceToken({ role: "admin", societyId: null, keyId: null, privacyFor: ids.mentee }, "members", key));
    expect(forOther.errors![0]!.extensions!.code).toBe("FORBIDDEN");
    expect(JSON.stringify(forOther)).not.toContain("Adaeze");
    const forSubject = await ask(await signServiceToken({ role: "admin", societyId: null, keyId: null, privacyFor: ids.subject }, "members", key));
    expect(forSubject.data!._memberData.records.profile[0].given_name).toBe("Adaeze");
  });
});

describe("publishing a subgraph that holds member data", () => {
  const noticeboard = `extend schema @link(url: "https://specs.apollo.dev/federation/v2.11", import: ["@key"])
    type Member @key(fields: "id", resolvable: false) { id: ID! }
    type Notice { id: ID! author: Member }
    type Query { notices: [Notice!]! }`;

  it("should be refused without the data-rights contract, and published with --force as a recorded exception", async () => {
    const refused = await admin("subgraphs/publish", { name: "noticeboard", url: "http://127.0.0.1:9/graphql", sdl: noticeboard });
    expect(refused.status).toBe(422);
    expect(refused.text).toContain("DATA_RIGHTS_CONTRACT_MISSING");
    expect(refused.text).toContain("noticeboard references Member but does not implement the data-rights contract");
    const forced = await admin("subgraphs/publish", { name: "noticeboard", url: "http://127.0.0.1:9/graphql", sdl: noticeboard, force: true });
    expect(forced.status).toBe(200);
    const history = await send(new URL("/admin/supergraph/history", network.gatewayUrl).toString(), { headers: { authorization: `Bearer ${network.keys.admin}` } });
    expect(JSON.parse(history.text).versions[0]).toMatchObject({ subject: "noticeboard", forced: true });
    // The export says so instead of leaving the subgraph out.
    const sections = (await ok(EXPORT, { id: ids.mentee }, network.keys.hoecop)).memberDataExport.sections as { subgraph: string; error?: { code: string } }[];
    expect(sections.find((section) => section.subgraph === "noticeboard")?.error?.code).toBe("DATA_RIGHTS_CONTRACT_MISSING");
    expect((await admin("subgraphs/remove", { name: "noticeboard" })).status).toBe(200);
  });
});

describe("the audit of private reads", () => {
  const AUDIT = `query ($id: ID!) { member(id: $id) { privateReadAudit(first: 10) { totalCount edges { node { keyId role societyId fields requestId readAt } } } } }`;
  const read = async (query: string, key?: string) => {
    const response = await postGraphQL(network.gatewayUrl, { query, variables: { id: ids.mentee } }, key ? { authorization: `Bearer ${key}` } : {});
    expect(response.json.errors).toBeUndefined();
    return response.headers.get("x-request-id")!;
  };

  it("should record each read of a private field, by whom and in which request, and nothing else", async () => {
    const audited = await read(`query ($id: ID!) { member(id: $id) { email contactPreferences { email } } }`, network.keys.hoecop);
    // Not private reads: public fields, another society's or an anonymous caller's nulls, the audit itself.
    await read(`query ($id: ID!) { member(id: $id) { displayName country } }`, network.keys.hoecop);
    await read(`query ($id: ID!) { member(id: $id) { email directoryConsent { listed } } }`, network.keys.htcn);
    await read(`query ($id: ID!) { member(id: $id) { email } }`);
    await read(AUDIT, network.keys.hoecop);
    const second = await read(`query ($id: ID!) { member(id: $id) { directoryConsent { listed research } } }`, network.keys.hoecop);
    // The subject's e-mail too: the erasure below removes that audit row with the rest.
    await ok(`query ($id: ID!) { member(id: $id) { email } }`, { id: ids.subject }, network.keys.hoecop);

    const audit = await eventually(() => ok(AUDIT, { id: ids.mentee }, network.keys.hoecop), (data) => data.member.privateReadAudit.totalCount >= 3, "the audit rows", WAIT);
    const rows = audit.member.privateReadAudit.edges.map((edge: any) => edge.node);
    expect(rows).toEqual([
      { keyId: expect.any(String), role: "society", societyId: HOECOP.id, fields: ["directoryConsent"], requestId: second, readAt: expect.any(String) },
      { keyId: rows[0].keyId, role: "society", societyId: HOECOP.id, fields: ["email", "contactPreferences"], requestId: audited, readAt: expect.any(String) },
      // The mentee's data export (in the publishing test above) read every private field.
      { keyId: rows[0].keyId, role: "society", societyId: HOECOP.id, fields: ["export"], requestId: expect.any(String), readAt: expect.any(String) },
    ]);
    // Only the home society reads the audit.
    expect((await ok(AUDIT, { id: ids.mentee }, network.keys.htcn)).member.privateReadAudit).toBeNull();
    // Append-only, in the database too.
    await expect(sqlRows(network.databaseUrl("members"), "update private_read set fields = '{}'")).rejects.toThrow(/append-only/);
  });

  it("should keep the history of consent changes: what, who and when", async () => {
    await ok(`mutation ($id: ID!) { setDirectoryConsent(memberId: $id, input: { listed: true, research: false }) { id } }`, { id: ids.mentee }, network.keys.hoecop);
    const { member } = await ok(`query ($id: ID!) { member(id: $id) { consentHistory { listed research keyId societyId changedAt } } }`, { id: ids.mentee }, network.keys.hoecop);
    expect(member.consentHistory).toEqual([
      { listed: true, research: false, keyId: expect.any(String), societyId: HOECOP.id, changedAt: expect.any(String) },
      { listed: true, research: true, keyId: member.consentHistory[0].keyId, societyId: HOECOP.id, changedAt: expect.any(String) },
    ]);
    expect((await ok(`query ($id: ID!) { member(id: $id) { consentHistory { listed } } }`, { id: ids.mentee }, network.keys.htcn)).member.consentHistory).toBeNull();
  });
});

describe("erasing a member", () => {
  it("should refuse another society and change nothing", async () => {
    expect(await codeOf(ERASE, { id: ids.subject }, network.keys.htcn)).toBe("NOT_FOUND");
    expect(await codeOf(ERASE, { id: ids.subject }, network.keys.researcher)).toBe("FORBIDDEN");
    expect(await codeOf(ERASE, { id: ids.subject })).toBe("UNAUTHENTICATED");
    expect(await sqlRows(network.databaseUrl("gateway"), "select id from erasure_request")).toEqual([]);
    expect((await ok(`query ($id: ID!) { member(id: $id) { id } }`, { id: ids.subject }, network.keys.htcn)).member).toEqual({ id: ids.subject });
  });

  it("should stay PENDING while a subgraph is down, complete once it is back, and leave nothing about the member", async () => {
    // The gateway's replay log of changes holds the subject's registration and proposal (pulled from the outboxes).
    const replayed = await eventually(() => sqlRows(network.databaseUrl("gateway"), "select 1 from change_event where $1 = any(member_ids)", [ids.subject]), (rows) => rows.length > 0, "the replay log to hold the subject's changes", WAIT);
    expect(replayed.length).toBeGreaterThan(0);
    const events = network.processes.events!;
    events.kill("SIGSTOP");
    let request: Record<string, any>;
    try {
      request = (await ok(ERASE, { id: ids.subject }, network.keys.hoecop)).eraseMember;
      expect(request.status).toBe("PENDING");
      // Every other subgraph acknowledges; events is retried with backoff meanwhile.
      request = (await eventually(() => ok(REQUEST, { id: request.id }, network.keys.hoecop), (data) =>
        data.erasureRequest.receipts.filter((receipt: any) => receipt.status === "COMPLETED").length === 5 &&
        data.erasureRequest.receipts.find((receipt: any) => receipt.subgraph === "events").attempts >= 2, "every part but events", WAIT)).erasureRequest;
      expect(request.status).toBe("PENDING");
      expect(request.receipts.find((receipt: any) => receipt.subgraph === "events")).toMatchObject({ status: "PENDING", completedAt: null });
    } finally {
      events.kill("SIGCONT");
    }
    request = (await eventually(() => ok(REQUEST, { id: request.id }, network.keys.hoecop), (data) => data.erasureRequest.status === "COMPLETED", "the erasure to complete", WAIT)).erasureRequest;
    expect(request.status).toBe("COMPLETED");
    const receipts = Object.fromEntries(request.receipts.map((receipt: any) => [receipt.subgraph, receipt]));
    expect(Object.keys(receipts).sort()).toEqual(["communities", "events", "journalclub", "members", "mentorship", "scholarship"]);
    for (const receipt of request.receipts) expect(receipt).toMatchObject({ status: "COMPLETED", completedAt: expect.any(String) });
    // Audit rows about the member: four exports (two by the home society, one by an admin, one with the privacy
    // token this test signed itself) and the e-mail read.
    expect(receipts.members.records).toEqual({ consentHistory: 1, privateReads: 5, memberships: 1, profile: 1 });
    // Subgraphs that keep an outbox of changes purge the entries naming the member (the proposal's, the registration's).
    expect(receipts.mentorship.records).toEqual({ relations: 1, mentorProfile: 1, speedSessions: 0, ratings: 0, outbox: expect.any(Number) });
    expect(receipts.scholarship.records).toEqual({ contributions: 1, awards: 1, outbox: 0 });
    // An attempt the gateway gave up on may still have run once events continued: the acknowledged retry then found nothing left.
    expect(receipts.events.records).toEqual({ registrations: expect.any(Number), ratings: 0, outbox: expect.any(Number) });
    // Nothing the subgraphs announced about the member is left to replay, in any outbox or in the gateway's log.
    for (const service of ["events", "mentorship", "scholarship"]) {
      expect(await sqlRows(network.databaseUrl(service), "select 1 from outbox where $1 = any(member_ids)", [ids.subject])).toEqual([]);
    }
    expect(await sqlRows(network.databaseUrl("gateway"), "select 1 from change_event where $1 = any(member_ids)", [ids.subject])).toEqual([]);
    expect(receipts.journalclub.records).toEqual({ sessions: 1 });
    expect(receipts.communities.records).toEqual({ communityMemberships: 1 });

    // No caller gets anything about the member back.
    for (const key of [network.keys.hoecop, network.keys.admin, network.keys.htcn, undefined]) {
      expect((await network.query(`query ($id: ID!) { member(id: $id) { id } }`, { id: ids.subject }, key)).data?.member).toBeNull();
    }
    expect(await codeOf(EXPORT, { id: ids.subject }, network.keys.hoecop)).toBe("NOT_FOUND");
    const mentee = (await ok(`query ($id: ID!) { member(id: $id) { mentors { id } } }`, { id: ids.mentee }, network.keys.hoecop)).member;
    expect(mentee.mentors).toEqual([]);
    const work = (await ok(`query ($id: ID!) { work(id: $id) { title contributions { orcid member { id } } } }`, { id: ids.work }, network.keys.hoecop)).work;
    expect(work.title).toBe("Teaching haemostasis with simulation");
    // Kept: the mentee's contribution, and the ORCID iD-only one (published scholarly record).
    expect(work.contributions).toHaveLength(2);
    expect(work.contributions).toContainEqual({ orcid: "0000-0002-1825-0097", member: null });
    expect(JSON.stringify(work)).not.toContain(ids.subject);
    // The freed seat went to the waitlist.
    expect(await sqlRows(network.databaseUrl("events"), "select member_id, status from registration where event_id = $1", [ids.event])).toEqual([{ member_id: aheaMember, status: "CONFIRMED" }]);
    for (const [service, sql] of [
      ["members", "select 1 from member where id = $1 union all select 1 from membership where member_id = $1 union all select 1 from private_read where member_id = $1 union all select 1 from consent_change where member_id = $1"],
      ["mentorship", "select 1 from mentor_profile where member_id = $1 union all select 1 from mentorship_relation where $1 in (mentor_id, mentee_id) union all select 1 from outbox where $1 = any(member_ids)"],
      ["scholarship", "select 1 from contribution where member_id = $1 union all select 1 from award where member_id = $1"],
      ["events", "select 1 from registration where member_id = $1 union all select 1 from outbox where $1 = any(member_ids)"],
      ["gateway", "select 1 from change_event where $1 = any(member_ids) union all select 1 from webhook_delivery where $1 = any(member_ids)"],
      ["communities", "select 1 from community_membership where member_id = $1"],
    ] as const) {
      expect(await sqlRows(network.databaseUrl(service), sql, [ids.subject]), service).toEqual([]);
    }
    expect(await sqlRows(network.databaseUrl("journalclub"), "select 1 from journal_club_session where presenter_id = $1", [ids.subject])).toEqual([]);
    // The proof keeps no member id: only a salted hash (not the bare hash of the id).
    const [stored] = await sqlRows<Record<string, unknown>>(network.databaseUrl("gateway"), "select * from erasure_request");
    expect(stored).toMatchObject({ member_id: null, status: "COMPLETED" });
    expect(JSON.stringify(stored)).not.toContain(ids.subject);
    expect(stored!.member_hash).not.toBe(createHash("sha256").update(ids.subject).digest("hex"));

    // Asking again is a no-op that returns the same proof.
    const again = (await ok(ERASE, { id: ids.subject }, network.keys.hoecop)).eraseMember;
    expect(again).toEqual({ ...request, requestedAt: again.requestedAt });
    expect(await sqlRows(network.databaseUrl("gateway"), "select id from erasure_request")).toHaveLength(1);
    expect(await codeOf(REQUEST, { id: request.id }, network.keys.htcn)).toBeUndefined();
    expect((await ok(REQUEST, { id: request.id }, network.keys.htcn)).erasureRequest).toBeNull();
  }, 90_000);
});

describe("erasure jobs shared by several gateways", () => {
  it("should give each subgraph's part of an erasure to exactly one gateway at a time", async () => {
    const orm = await openDatabase({ url: network.databaseUrl("gateway"), ...gatewayDatabase });
    try {
      const requestId = crypto.randomUUID();
      const parts = Array.from({ length: 20 }, (_, index) => `part${index}`);
      const em = orm.em.fork();
      await em.execute(`insert into erasure_request (id, member_hash, member_id, status, requested_by, requested_at) values (?, ?, ?, 'PENDING', 'test', now())`, [requestId, requestId.replaceAll("-", ""), crypto.randomUUID()]);
      for (const part of parts) await em.execute(`insert into erasure_receipt (request_id, subgraph, status, next_attempt_at) values (?, ?, 'PENDING', now())`, [requestId, part]);
      // Three gateways' job runners on one database; the subgraph calls are counted, and slow enough to overlap.
      const calls: string[] = [];
      const fanOut = {
        holders: () => parts.map((name) => ({ name, url: "", societyId: null, standing: "IMPLEMENTED" as const })),
        erase: async (holder: { name: string }) => {
          calls.push(holder.name);
          await new Promise((resolve) => setTimeout(resolve, 30));
          return { rows: 1 };
        },
      } as unknown as MemberDataFanOut;
      const gateways = [1, 2, 3].map(() => new ErasureJobs(orm, fanOut, { pollMs: 1000, backoffMs: 1000, maxBackoffMs: 1000 }, 30_000, createLogger("test")));
      const status = async () => (await sqlRows<{ status: string }>(network.databaseUrl("gateway"), "select status from erasure_request where id = $1", [requestId]))[0]!.status;
      await eventually(async () => {
        await Promise.all(gateways.map((gateway) => gateway.wake()));
        return status();
      }, (value) => value === "COMPLETED", "the shared erasure to complete", WAIT);
      expect(calls.sort()).toEqual([...parts].sort());
      expect(await status()).toBe("COMPLETED");
    } finally {
      await orm.close();
    }
  });
});
