import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CareerStage } from "../lib/career-stage.js";
import { buildDemoNetwork, DEMO_SOCIETIES } from "../seed/demo-network.js";
import { copyMembers } from "./support/members.js";
import { startTestNetwork, type TestNetwork } from "./support/network.js";
import { sqlRows } from "./support/rows.js";

let network: TestNetwork;
beforeAll(async () => {
  network = await startTestNetwork();
});
afterAll(() => network?.stop());

interface DemoMember { id: string; societyId: string; listed: boolean; careerStage: CareerStage; expertise: string[]; languages: string[]; timezone: string; country: string }
const members = buildDemoNetwork().members as unknown as DemoMember[];
const societyId = (slug: string) => DEMO_SOCIETIES.find((society) => society.slug === slug)!.id;
const of = (slug: string, listed: boolean, stage?: CareerStage) =>
  members.find((member) => member.societyId === societyId(slug) && member.listed === listed && (!stage || member.careerStage === stage))!;

const CREATE = `mutation ($program: ID!, $input: CreateMentoringCircleInput!) { createMentoringCircle(programId: $program, input: $input) {
  id name capacity topics program { id format } meetings { timezone recurrence durationMinutes upcoming(first: 2) } } }`;
const JOIN = `mutation ($circle: ID!, $member: ID!, $role: CircleRole!) { joinMentoringCircle(circleId: $circle, memberId: $member, role: $role) { id } }`;
const LEAVE = `mutation ($circle: ID!, $member: ID!) { leaveMentoringCircle(circleId: $circle, memberId: $member) { id } }`;
const SIGN_UP = `mutation ($program: ID!, $member: ID!, $role: CircleRole!) { signUpForMentoringCircle(programId: $program, memberId: $member, role: $role) { id } }`;
const CIRCLE = `query ($id: ID!) { mentoringCircle(id: $id) { mentors { id } mentees { id } } }`;
const TREE = `query ($id: ID!, $depth: Int) { member(id: $id) { mentoringTree(depth: $depth) { up { level mentor { id displayName } mentee { id } } down { level mentor { id } mentee { id displayName } } } } }`;

async function createProgram(slug: string, input: Record<string, unknown>): Promise<string> {
  const { data, errors } = await network.query(`mutation ($input: CreateMentoringProgramInput!) { createMentoringProgram(input: $input) { id prefersNearPeer } }`, { input }, network.keys[slug]);
  expect(errors).toBeUndefined();
  return data!.createMentoringProgram.id;
}

async function createCircle(slug: string, program: string, input: Record<string, unknown>): Promise<string> {
  const { data, errors } = await network.query(CREATE, { program, input }, network.keys[slug]);
  expect(errors).toBeUndefined();
  return data!.createMentoringCircle.id;
}

const ids = (members: { id: string }[]) => members.map((member) => member.id).sort();

describe("group circles", () => {
  it("should let only the programme's society create circles, in GROUP programmes, with a meeting schedule", async () => {
    const program = await createProgram("vicrmg", { name: "Research writing circles", format: "GROUP" });
    const input = { name: "Grant writing", capacity: 6, topics: ["Grant writing", " grant writing ", "Statistics"], meetings: { firstStartsAt: "2030-01-08T17:00:00Z", timezone: "America/Toronto", recurrence: "FREQ=MONTHLY;BYDAY=2TU", durationMinutes: 60 } };
    const { data, errors } = await network.query(CREATE, { program, input }, network.keys.vicrmg);
    expect(errors).toBeUndefined();
    expect(data!.createMentoringCircle).toMatchObject({ capacity: 6, topics: ["Grant writing", "Statistics"], program: { id: program, format: "GROUP" } });
    // Monthly on the second Tuesday at 12:00 Toronto time.
    expect(data!.createMentoringCircle.meetings.upcoming).toEqual(["2030-01-08T17:00:00.000Z", "2030-02-12T17:00:00.000Z"]);

    const foreign = await network.query(CREATE, { program, input }, network.keys.htcn);
    expect(foreign.errors![0]!.extensions!.code).toBe("FORBIDDEN");
    const anonymous = await network.query(CREATE, { program, input });
    expect(anonymous.errors![0]!.extensions!.code).toBe("UNAUTHENTICATED");
    const researcher = await network.query(CREATE, { program, input }, network.keys.researcher);
    expect(researcher.errors![0]!.extensions!.code).toBe("FORBIDDEN");
    const oneToOne = await createProgram("vicrmg", { name: "Not a group programme", format: "ONE_TO_ONE" });
    const wrongFormat = await network.query(CREATE, { program: oneToOne, input }, network.keys.vicrmg);
    expect(wrongFormat.errors![0]!.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "programId" });
    const invalid = await network.query(CREATE, { program, input: { ...input, capacity: 500, meetings: { ...input.meetings, timezone: "Mars/Olympus", recurrence: "FREQ=SECONDLY" } } }, network.keys.vicrmg);
    expect(invalid.errors![0]!.extensions!.problems.map((problem: any) => problem.field).sort()).toEqual(["capacity", "meetings.recurrence", "meetings.timezone"]);
    const circles = await sqlRows(network.databaseUrl("mentorship"), "select 1 from mentoring_circle where program_id = $1", [program]);
    expect(circles).toHaveLength(1);
  });

  it("should fill a circle's places exactly under concurrent joins through the gateway; the rest get a clear CONFLICT", async () => {
    const program = await createProgram("htcn", { name: "Trainee circles", format: "GROUP" });
    const circle = await createCircle("htcn", program, { name: "Choosing a subspecialty", capacity: 5 });
    const mentees = await copyMembers(network, of("htcn", true, CareerStage.TRAINEE).id, 16);
    const answers = await Promise.all(mentees.map((member) => network.query(JOIN, { circle, member, role: "MENTEE" }, network.keys.htcn)));
    const joined = answers.filter((answer) => !answer.errors);
    const refused = answers.filter((answer) => answer.errors);
    expect(joined).toHaveLength(5);
    expect(refused).toHaveLength(11);
    for (const answer of refused) expect(answer.errors![0]).toMatchObject({ message: expect.stringContaining("full"), extensions: { code: "CONFLICT", field: "circleId" } });
    expect(await sqlRows(network.databaseUrl("mentorship"), "select 1 from mentoring_circle_place where circle_id = $1", [circle])).toHaveLength(5);
    expect((await network.query(CIRCLE, { id: circle })).data!.mentoringCircle.mentees).toHaveLength(5);

    // A place freed is a place taken again; a member has one place per programme.
    const inCircle = (await sqlRows<{ member_id: string }>(network.databaseUrl("mentorship"), "select member_id from mentoring_circle_place where circle_id = $1", [circle])).map((row) => row.member_id);
    expect((await network.query(LEAVE, { circle, member: inCircle[0] }, network.keys.htcn)).errors).toBeUndefined();
    const late = mentees.find((member) => !inCircle.includes(member))!;
    expect((await network.query(JOIN, { circle, member: late, role: "MENTEE" }, network.keys.htcn)).errors).toBeUndefined();
    const other = await createCircle("htcn", program, { name: "Second circle", capacity: 5 });
    const twice = await network.query(JOIN, { circle: other, member: inCircle[1], role: "MENTEE" }, network.keys.htcn);
    expect(twice.errors![0]!.extensions).toMatchObject({ code: "CONFLICT", field: "memberId" });
  });

  it("should let only a member's home society put them in a circle, and keep hidden members out of its lists", async () => {
    const program = await createProgram("hoecop", { name: "Educator circles", format: "GROUP", prefersCrossSociety: true });
    const circle = await createCircle("hoecop", program, { name: "Assessment", capacity: 4 });
    const mentor = of("hoecop", true, CareerStage.SENIOR);
    const listed = of("ahea", true);
    const hidden = of("ahea", false);
    expect((await network.query(JOIN, { circle, member: mentor.id, role: "MENTOR" }, network.keys.hoecop)).errors).toBeUndefined();
    expect((await network.query(JOIN, { circle, member: listed.id, role: "MENTEE" }, network.keys.ahea)).errors).toBeUndefined();
    // Another society cannot act for a member it does not own, nor find one it may not see.
    expect((await network.query(JOIN, { circle, member: hidden.id, role: "MENTEE" }, network.keys.hoecop)).errors![0]!.extensions!.code).toBe("NOT_FOUND");
    expect((await network.query(JOIN, { circle, member: listed.id, role: "MENTEE" }, network.keys.hoecop)).errors![0]!.extensions!.code).toBe("FORBIDDEN");
    expect((await network.query(JOIN, { circle, member: listed.id, role: "MENTEE" })).errors![0]!.extensions!.code).toBe("UNAUTHENTICATED");
    expect((await network.query(JOIN, { circle, member: hidden.id, role: "MENTEE" }, network.keys.ahea)).errors).toBeUndefined();

    const asOwner = (await network.query(CIRCLE, { id: circle }, network.keys.ahea)).data!.mentoringCircle;
    expect(ids(asOwner.mentees)).toEqual([hidden.id, listed.id].sort());
    for (const key of [undefined, network.keys.hoecop, network.keys.researcher]) {
      const seen = (await network.query(CIRCLE, { id: circle }, key)).data!.mentoringCircle;
      expect(seen.mentees).toEqual([{ id: listed.id }]);
      expect(seen.mentors).toEqual([{ id: mentor.id }]);
    }
    // The programme's society may take anyone out of its circle; another society may not.
    expect((await network.query(LEAVE, { circle, member: listed.id }, network.keys.htcn)).errors![0]!.extensions!.code).toBe("FORBIDDEN");
    expect((await network.query(LEAVE, { circle, member: listed.id }, network.keys.hoecop)).errors).toBeUndefined();
  });

  it("should suggest balanced circles from the members signed up, leaving out members the organiser may not see", async () => {
    const program = await createProgram("vicrmg", { name: "Cardiology research circles", format: "GROUP", prefersCrossCountry: true });
    const mentors = members.filter((member) => member.listed && member.careerStage === CareerStage.SENIOR && member.societyId === societyId("vicrmg")).slice(0, 2);
    const mentees = members.filter((member) => member.listed && member.careerStage === CareerStage.TRAINEE && member.societyId === societyId("vicrmg")).slice(0, 5);
    const hidden = of("htcn", false, CareerStage.TRAINEE) ?? of("htcn", false);
    for (const mentor of mentors) expect((await network.query(SIGN_UP, { program, member: mentor.id, role: "MENTOR" }, network.keys.vicrmg)).errors).toBeUndefined();
    for (const mentee of mentees) expect((await network.query(SIGN_UP, { program, member: mentee.id, role: "MENTEE" }, network.keys.vicrmg)).errors).toBeUndefined();
    expect((await network.query(SIGN_UP, { program, member: hidden.id, role: "MENTEE" }, network.keys.htcn)).errors).toBeUndefined();
    const again = await network.query(SIGN_UP, { program, member: mentees[0]!.id, role: "MENTEE" }, network.keys.vicrmg);
    expect(again.errors![0]!.extensions!.code).toBe("CONFLICT");

    const SUGGEST = `query ($program: ID!, $size: Int!) { suggestMentoringCircles(programId: $program, size: $size) { mentors { id } mentees { id } topics score } }`;
    const { data, errors } = await network.query(SUGGEST, { program, size: 3 }, network.keys.vicrmg);
    expect(errors).toBeUndefined();
    const circles = data!.suggestMentoringCircles;
    expect(circles).toHaveLength(2);
    expect(circles.map((circle: any) => circle.mentees.length).sort()).toEqual([2, 3]);
    expect(circles.flatMap((circle: any) => ids(circle.mentees)).sort()).toEqual(ids(mentees));
    expect(circles.flatMap((circle: any) => ids(circle.mentors)).sort()).toEqual(ids(mentors));
    for (const circle of circles) expect(circle.score).toBeGreaterThan(0);
    expect((await network.query(SUGGEST, { program, size: 3 }, network.keys.htcn)).errors![0]!.extensions!.code).toBe("FORBIDDEN");
    expect((await network.query(SUGGEST, { program, size: 0 }, network.keys.vicrmg)).errors![0]!.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "size" });

    // A suggested circle becomes a real one: the sign-up moves into it.
    const circle = await createCircle("vicrmg", program, { name: "Suggested", capacity: 3, topics: circles[0].topics });
    expect((await network.query(JOIN, { circle, member: circles[0].mentees[0].id, role: "MENTEE" }, network.keys.vicrmg)).errors).toBeUndefined();
    expect(await sqlRows(network.databaseUrl("mentorship"), "select 1 from mentoring_circle_place where program_id = $1", [program])).toHaveLength(8);
  });
});

describe("multi-level mentoring", () => {
  async function activePair(mentorId: string, menteeId: string): Promise<void> {
    await sqlRows(
      network.databaseUrl("mentorship"),
      `insert into mentorship_relation (id, mentor_id, mentee_id, program_id, status, started_at, created_at) values (gen_random_uuid(), $1, $2, null, 'ACTIVE', now(), now())`,
      [mentorId, menteeId],
    );
  }

  it("should show a three-level chain up and down, and leave a hidden member in the middle out, with everything beyond them", async () => {
    const [senior] = await copyMembers(network, of("vicrmg", true, CareerStage.SENIOR).id, 1);
    const [junior] = await copyMembers(network, of("vicrmg", true, CareerStage.EARLY_CAREER).id, 1);
    const unlisted = members.find((member) => !member.listed)!;
    const [hiddenJunior] = await copyMembers(network, unlisted.id, 1);
    const [trainee, otherTrainee] = await copyMembers(network, of("vicrmg", true, CareerStage.TRAINEE).id, 2);
    // senior → junior → trainee (all listed); senior → hiddenJunior → otherTrainee (the middle one not listed).
    await activePair(senior!, junior!);
    await activePair(junior!, trainee!);
    await activePair(senior!, hiddenJunior!);
    await activePair(hiddenJunior!, otherTrainee!);

    const down = (await network.query(TREE, { id: senior })).data!.member.mentoringTree.down;
    expect(down.map((link: any) => [link.level, link.mentor.id, link.mentee.id])).toEqual([[1, senior, junior], [2, junior, trainee]]);
    const up = (await network.query(TREE, { id: trainee })).data!.member.mentoringTree.up;
    expect(up.map((link: any) => [link.level, link.mentor.id, link.mentee.id])).toEqual([[1, junior, trainee], [2, senior, junior]]);
    // Mentee and mentor at once.
    const middle = (await network.query(TREE, { id: junior })).data!.member.mentoringTree;
    expect([middle.up.length, middle.down.length]).toEqual([1, 1]);

    // Asked for ids only, by anyone but the hidden member's society: the hidden branch is not there at all.
    const ID_ONLY = `query ($id: ID!) { member(id: $id) { mentoringTree(depth: 4) { up { mentor { id } mentee { id } } down { mentor { id } mentee { id } } } } }`;
    const stranger = DEMO_SOCIETIES.find((society) => society.id !== unlisted.societyId)!.slug;
    for (const key of [undefined, network.keys[stranger], network.keys.researcher]) {
      const fromTop = (await network.query(ID_ONLY, { id: senior }, key)).data!.member.mentoringTree;
      expect(JSON.stringify(fromTop)).not.toContain(hiddenJunior);
      expect(JSON.stringify(fromTop)).not.toContain(otherTrainee);
      const fromBottom = (await network.query(ID_ONLY, { id: otherTrainee }, key)).data!.member.mentoringTree;
      expect(fromBottom).toEqual({ up: [], down: [] });
    }
    // The hidden member's own society sees the whole chain.
    const own = (await network.query(ID_ONLY, { id: otherTrainee }, network.keys[DEMO_SOCIETIES.find((society) => society.id === unlisted.societyId)!.slug])).data!.member.mentoringTree;
    expect(own.up.map((link: any) => link.mentor.id)).toEqual([hiddenJunior, senior]);

    const tooDeep = await network.query(TREE, { id: senior, depth: 9 });
    expect(tooDeep.errors![0]!.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "depth" });
  });

  it("should rank a mentor one stage ahead first in a near-peer programme, and leave other programmes' factors as they were", async () => {
    const MATCHES = `query ($id: ID!, $program: ID!) { member(id: $id) { careerStage mentorMatches(programId: $program, first: 5) { score mentor { careerStage } breakdown { factor value } } } }`;
    const nearPeer = await createProgram("htcn", { name: "Near-peer trainee mentoring", format: "ONE_TO_ONE", prefersNearPeer: true });
    const plain = await createProgram("htcn", { name: "Senior mentoring", format: "ONE_TO_ONE" });
    const mentee = members.find((member) => member.listed && member.careerStage === CareerStage.STUDENT)!;
    // A trainee who mentors on what the student works on: one stage ahead.
    const trainee = members.find((member) => member.listed && member.careerStage === CareerStage.TRAINEE && member.societyId === mentee.societyId)!;
    const profile = { acceptingMentees: true, capacity: 2, topics: mentee.expertise, languages: mentee.languages, meetingModes: ["VIDEO"], timezone: mentee.timezone, country: mentee.country, careerStage: "TRAINEE" };
    const slug = DEMO_SOCIETIES.find((society) => society.id === mentee.societyId)!.slug;
    expect((await network.query(`mutation ($id: ID!, $input: UpsertMentorProfileInput!) { upsertMentorProfile(memberId: $id, input: $input) { capacity } }`, { id: trainee.id, input: profile }, network.keys[slug])).errors).toBeUndefined();
    const near = (await network.query(MATCHES, { id: mentee.id, program: nearPeer })).data!.member.mentorMatches;
    expect(near[0].breakdown.at(-1)).toEqual({ factor: "NEAR_PEER", value: 1 });
    expect(near[0].mentor.careerStage).toBe("TRAINEE");
    const before = (await network.query(MATCHES, { id: mentee.id, program: plain })).data!.member.mentorMatches;
    for (const match of before) expect(match.breakdown.map((factor: any) => factor.factor)).toEqual(["TOPICS", "LANGUAGE", "TIME_ZONE", "CAREER_STAGE", "CAPACITY"]);

    const update = `mutation ($id: ID!) { updateMentoringProgram(id: $id, input: { prefersNearPeer: false }) { prefersNearPeer } }`;
    expect((await network.query(update, { id: nearPeer }, network.keys.htcn)).data!.updateMentoringProgram.prefersNearPeer).toBe(false);
    const after = (await network.query(MATCHES, { id: mentee.id, program: nearPeer })).data!.member.mentorMatches;
    expect(after.map((match: any) => match.score)).toEqual(before.map((match: any) => match.score));
  });
});
