import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CareerStage } from "../lib/career-stage.js";
import { buildDemoNetwork, DEMO_SOCIETIES } from "../seed/demo-network.js";
import { startTestNetwork, type TestNetwork } from "./support/network.js";
import { sqlRows } from "./support/rows.js";

let network: TestNetwork;
beforeAll(async () => {
  network = await startTestNetwork();
});
afterAll(() => network?.stop());

const demo = buildDemoNetwork();
const slugOf = (societyId: unknown) => DEMO_SOCIETIES.find((society) => society.id === societyId)!.slug;
const keyOf = (member: Record<string, unknown>) => network.keys[slugOf(member.societyId)]!;
const juniors = demo.members.filter((member) => member.listed && [CareerStage.STUDENT, CareerStage.TRAINEE].includes(member.careerStage as CareerStage));
const profiled = new Set(demo.mentorProfiles.map((profile) => profile.memberId));
/** Senior, listed, without a mentor profile yet: free to become the subject of a test. */
const newMentors = demo.members.filter((member) => member.listed && member.careerStage === CareerStage.SENIOR && !profiled.has(member.id));

const MATCHES = `query ($id: ID!, $program: ID!, $first: Int) { member(id: $id) { displayName mentorMatches(programId: $program, first: $first) {
  score mentor { id displayName careerStage society { slug } mentorProfile { acceptingMentees capacity activeMentees } }
  breakdown { factor weight value explanation } } } }`;
const PROPOSE = `mutation ($input: ProposeMentorshipInput!) { proposeMentorship(input: $input) { id status } }`;
const RESPOND = `mutation ($id: ID!, $accept: Boolean!) { respondToMentorship(id: $id, accept: $accept) { id status startedAt } }`;
const END = `mutation ($id: ID!, $completed: Boolean) { endMentorship(id: $id, completed: $completed) { id status endedAt } }`;
const UPSERT = `mutation ($id: ID!, $input: UpsertMentorProfileInput!) { upsertMentorProfile(memberId: $id, input: $input) { capacity activeMentees topics languages timezone careerStage } }`;

async function createProgram(slug: string, input: Record<string, unknown>): Promise<string> {
  const { data, errors } = await network.query(`mutation ($input: CreateMentoringProgramInput!) { createMentoringProgram(input: $input) { id format open society { slug } } }`, { input }, network.keys[slug]);
  expect(errors).toBeUndefined();
  expect(data!.createMentoringProgram.society.slug).toBe(slug);
  return data!.createMentoringProgram.id;
}

const profileInput = (member: Record<string, unknown>, capacity: number) => ({
  acceptingMentees: true, capacity, topics: member.expertise, languages: member.languages, meetingModes: ["VIDEO"],
  timezone: member.timezone, country: member.country, careerStage: member.careerStage,
});

describe("mentoring programmes", () => {
  it("should let a society create programmes of every format, close and reopen its own, and not another society's", async () => {
    for (const format of ["ONE_TO_ONE", "PEER", "GROUP", "SPEED"]) await createProgram("ahea", { name: `AHEA ${format} scheme`, format });
    const id = await createProgram("ahea", { name: "Speed mentoring at the annual meeting", format: "SPEED", prefersCrossCountry: true });
    const update = `mutation ($id: ID!, $open: Boolean) { updateMentoringProgram(id: $id, input: { open: $open }) { open } }`;
    expect((await network.query(update, { id, open: false }, network.keys.ahea)).data!.updateMentoringProgram.open).toBe(false);
    expect((await network.query(update, { id, open: true }, network.keys.ahea)).data!.updateMentoringProgram.open).toBe(true);
    const foreign = await network.query(update, { id, open: false }, network.keys.hoecop);
    expect(foreign.errors![0]!.extensions!.code).toBe("FORBIDDEN");
    const empty = await network.query(`mutation { createMentoringProgram(input: { name: "  ", format: PEER }) { id } }`, {}, network.keys.ahea);
    expect(empty.errors![0]!.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "name" });
  });
});

describe("mentor matching through the gateway", () => {
  it("should rank mentors across societies, explain every score, and leave out whoever cannot take the mentee", async () => {
    const program = await createProgram("htcn", { name: "Cross-society career mentoring", format: "ONE_TO_ONE", prefersCrossSociety: true });
    const mentee = juniors[0]!;
    network.sql.reset();
    const { data, errors } = await network.query(MATCHES, { id: mentee.id, program, first: 10 });
    expect(errors).toBeUndefined();
    // One SQL statement in the mentorship subgraph ranks all the mentors; one more loads the ten profiles asked for.
    const mentorship = network.sql.statements.filter((statement) => statement.includes("mentor_profile"));
    expect(mentorship.filter((statement) => statement.includes("left join lateral"))).toHaveLength(1);
    expect(mentorship).toHaveLength(2);
    const matches = data!.member.mentorMatches;
    expect(matches.length).toBe(10);
    expect(new Set(matches.map((match: any) => match.mentor?.society.slug)).size).toBeGreaterThan(1);
    const scores = matches.map((match: any) => match.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    for (const match of matches) {
      expect(match.breakdown.map((factor: any) => factor.factor)).toEqual(["TOPICS", "LANGUAGE", "TIME_ZONE", "CAREER_STAGE", "CAPACITY", "CROSS_SOCIETY"]);
      const mean = match.breakdown.reduce((sum: number, f: any) => sum + f.weight * f.value, 0) / match.breakdown.reduce((sum: number, f: any) => sum + f.weight, 0);
      expect(match.score).toBeCloseTo(mean, 3);
      expect(match.breakdown.every((factor: any) => factor.explanation.length > 5)).toBe(true);
      if (match.mentor) {
        expect(match.mentor.id).not.toBe(mentee.id);
        expect(["MID_CAREER", "SENIOR", "EARLY_CAREER"]).toContain(match.mentor.careerStage);
        expect(match.mentor.mentorProfile.acceptingMentees).toBe(true);
        expect(match.mentor.mentorProfile.activeMentees).toBeLessThan(match.mentor.mentorProfile.capacity);
      }
    }
    // Deterministic for equal inputs.
    expect((await network.query(MATCHES, { id: mentee.id, program, first: 10 })).data).toEqual(data);
  });

  it("should leave out a mentor already paired with the mentee and one who is full", async () => {
    const program = await createProgram("vicrmg", { name: "Pairing test circle", format: "ONE_TO_ONE" });
    const mentee = juniors[1]!;
    const before = (await network.query(MATCHES, { id: mentee.id, program, first: 5 })).data!.member.mentorMatches;
    const [top, second] = before.map((match: any) => match.mentor.id);
    const proposed = await network.query(PROPOSE, { input: { mentorId: top, menteeId: mentee.id, programId: program, goals: "Plan a fellowship" } }, keyOf(mentee));
    expect(proposed.data!.proposeMentorship.status).toBe("PROPOSED");
    await sqlRows(network.databaseUrl("mentorship"), "update mentor_profile set active_mentees = capacity where member_id = $1", [second]);
    const after = (await network.query(MATCHES, { id: mentee.id, program, first: 5 })).data!.member.mentorMatches.map((match: any) => match.mentor.id);
    expect(after).not.toContain(top);
    expect(after).not.toContain(second);
  });

  it("should refuse a closed programme, an unknown one and a silly page size with clear errors", async () => {
    const closed = demo.programs.find((program) => program.open === false)!;
    const mentee = juniors[2]!;
    const refused = await network.query(MATCHES, { id: mentee.id, program: closed.id });
    expect(refused.errors![0]).toMatchObject({ message: expect.stringContaining("closed"), extensions: { code: "BAD_USER_INPUT", field: "programId" } });
    const unknown = await network.query(MATCHES, { id: mentee.id, program: "00000000-0000-4000-8000-000000000000" });
    expect(unknown.errors![0]!.extensions!.code).toBe("NOT_FOUND");
    const tooMany = await network.query(MATCHES, { id: mentee.id, program: demo.programs[0]!.id, first: 500 });
    expect(tooMany.errors![0]!.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "first" });
  });
});

describe("mentor profiles", () => {
  it("should validate a profile, keep it to the mentor's society, and show it on the member for anyone", async () => {
    const mentor = newMentors[0]!;
    const invalid = await network.query(UPSERT, { id: mentor.id, input: { ...profileInput(mentor, 99), timezone: "Mars/Olympus", languages: ["english!"] } }, keyOf(mentor));
    expect(invalid.errors![0]!.extensions!.code).toBe("BAD_USER_INPUT");
    expect(invalid.errors![0]!.extensions!.problems.map((problem: any) => problem.field).sort()).toEqual(["capacity", "languages", "timezone"]);
    expect(await sqlRows(network.databaseUrl("mentorship"), "select 1 from mentor_profile where member_id = $1", [mentor.id])).toHaveLength(0);

    const created = await network.query(UPSERT, { id: mentor.id, input: profileInput(mentor, 2) }, keyOf(mentor));
    expect(created.data!.upsertMentorProfile).toMatchObject({ capacity: 2, activeMentees: 0, timezone: mentor.timezone });
    const other = DEMO_SOCIETIES.find((society) => society.id !== mentor.societyId)!.slug;
    const foreign = await network.query(UPSERT, { id: mentor.id, input: profileInput(mentor, 5) }, network.keys[other]);
    expect(foreign.errors![0]!.extensions!.code).toBe("FORBIDDEN");
    const seen = await network.query(`query ($id: ID!) { member(id: $id) { mentorProfile { capacity meetingModes } mentors { status } mentees { status } } }`, { id: mentor.id });
    expect(seen.data!.member).toEqual({ mentorProfile: { capacity: 2, meetingModes: ["VIDEO"] }, mentors: [], mentees: [] });
  });
});

describe("a mentorship from proposal to end", () => {
  it("should go PROPOSED → ACTIVE → COMPLETED, keep its history, and refuse every other change without touching it", async () => {
    const mentor = newMentors[1]!;
    const mentee = juniors.slice(40).find((candidate) => candidate.societyId !== mentor.societyId)!;
    await network.query(UPSERT, { id: mentor.id, input: profileInput(mentor, 2) }, keyOf(mentor));
    const program = demo.programs.find((candidate) => candidate.open && candidate.format === "ONE_TO_ONE")!.id;
    const { id } = (await network.query(PROPOSE, { input: { mentorId: mentor.id, menteeId: mentee.id, programId: program, goals: "Navigate specialty training" } }, keyOf(mentee))).data!.proposeMentorship;

    const again = await network.query(PROPOSE, { input: { mentorId: mentor.id, menteeId: mentee.id, programId: program } }, keyOf(mentee));
    expect(again.errors![0]!.extensions!.code).toBe("CONFLICT");
    const byMentee = await network.query(RESPOND, { id, accept: true }, keyOf(mentee));
    expect(byMentee.errors![0]!.extensions!.code).toBe("FORBIDDEN");

    const accepted = await network.query(RESPOND, { id, accept: true }, keyOf(mentor));
    expect(accepted.data!.respondToMentorship).toMatchObject({ status: "ACTIVE", startedAt: expect.any(String) });
    const row = async () => (await sqlRows(network.databaseUrl("mentorship"), "select status, started_at, ended_at from mentorship_relation where id = $1", [id]))[0];
    const active = await row();
    for (const accept of [true, false]) {
      const invalid = await network.query(RESPOND, { id, accept }, keyOf(mentor));
      expect(invalid.errors![0]!.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "status" });
    }
    expect(await row()).toEqual(active);

    const done = await network.query(END, { id, completed: true }, keyOf(mentee));
    expect(done.data!.endMentorship).toMatchObject({ status: "COMPLETED", endedAt: expect.any(String) });
    const ended = await network.query(END, { id }, keyOf(mentor));
    expect(ended.errors![0]!.extensions!.code).toBe("BAD_USER_INPUT");
    // Goals are the parties' societies' to see.
    const history = await network.query(`query ($id: ID!) { member(id: $id) { mentors { status goals mentor { id } program { format } } } }`, { id: mentee.id }, keyOf(mentee));
    expect(history.data!.member.mentors).toContainEqual({ status: "COMPLETED", goals: "Navigate specialty training", mentor: { id: mentor.id }, program: { format: "ONE_TO_ONE" } });
    expect((await sqlRows(network.databaseUrl("mentorship"), "select active_mentees from mentor_profile where member_id = $1", [mentor.id]))[0]).toEqual({ active_mentees: 0 });
  });

  it("should refuse a proposal to a closed programme, to a non-mentor, to oneself, and anonymous writes", async () => {
    const mentee = juniors[4]!;
    const mentor = demo.mentorProfiles[0]!.memberId;
    const closed = demo.programs.find((program) => program.open === false)!.id;
    const open = demo.programs.find((program) => program.open)!.id;
    const cases: [Record<string, unknown>, string, string][] = [
      [{ mentorId: mentor, menteeId: mentee.id, programId: closed }, "BAD_USER_INPUT", "programId"],
      [{ mentorId: mentee.id, menteeId: juniors.find((junior) => junior.societyId === mentee.societyId && junior.id !== mentee.id)!.id, programId: open }, "BAD_USER_INPUT", "mentorId"],
      [{ mentorId: mentor, menteeId: mentor, programId: open }, "BAD_USER_INPUT", "menteeId"],
      [{ mentorId: "not-an-id", menteeId: mentee.id, programId: open }, "BAD_USER_INPUT", "mentorId"],
    ];
    for (const [input, code, field] of cases) {
      const { errors } = await network.query(PROPOSE, { input }, keyOf(mentee));
      expect(errors![0]!.extensions).toMatchObject({ code, field });
    }
    expect((await network.query(PROPOSE, { input: cases[0]![0] })).errors![0]!.extensions!.code).toBe("UNAUTHENTICATED");
  });
});

describe("capacity under concurrency", () => {
  it("should turn 20 simultaneous accepts for a mentor with 3 free places into exactly 3 ACTIVE pairings and 17 clear errors", async () => {
    const mentor = newMentors[2]!;
    await network.query(UPSERT, { id: mentor.id, input: profileInput(mentor, 3) }, keyOf(mentor));
    const program = await createProgram(slugOf(mentor.societyId), { name: "Concurrency circle", format: "ONE_TO_ONE" });
    const mentees = juniors.slice(10, 30);
    const proposals: string[] = [];
    for (const mentee of mentees) {
      const { data, errors } = await network.query(PROPOSE, { input: { mentorId: mentor.id, menteeId: mentee.id, programId: program } }, keyOf(mentee));
      expect(errors).toBeUndefined();
      proposals.push(data!.proposeMentorship.id);
    }
    const answers = await Promise.all(proposals.map((id) => network.query(RESPOND, { id, accept: true }, keyOf(mentor))));
    const accepted = answers.filter((answer) => answer.data?.respondToMentorship?.status === "ACTIVE");
    const refused = answers.filter((answer) => answer.errors);
    expect(accepted).toHaveLength(3);
    expect(refused).toHaveLength(17);
    for (const answer of refused) {
      expect(answer.errors![0]).toMatchObject({ message: "The mentor has no free places (3 of 3 taken)", extensions: { code: "CONFLICT" } });
    }
    const rows = await sqlRows<{ status: string; n: number }>(network.databaseUrl("mentorship"), "select status, count(*)::int as n from mentorship_relation where mentor_id = $1 group by status order by status", [mentor.id]);
    expect(rows).toEqual([{ status: "ACTIVE", n: 3 }, { status: "PROPOSED", n: 17 }]);
    expect((await sqlRows(network.databaseUrl("mentorship"), "select active_mentees from mentor_profile where member_id = $1", [mentor.id]))[0]).toEqual({ active_mentees: 3 });
  });
});
