import { extractText, getDocumentProxy } from "unpdf";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CareerStage } from "../lib/career-stage.js";
import { buildDemoNetwork, DEMO_SOCIETIES } from "../seed/demo-network.js";
import { send, startTestNetwork, type TestNetwork } from "./support/network.js";
import { sqlRows } from "./support/rows.js";

let network: TestNetwork;
beforeAll(async () => {
  network = await startTestNetwork();
});
afterAll(() => network?.stop());

const demo = buildDemoNetwork();
const slugOf = (societyId: unknown) => DEMO_SOCIETIES.find((society) => society.id === societyId)!.slug;
const keyOf = (member: Record<string, unknown>) => network.keys[slugOf(member.societyId)]!;
const HOUR = 3600_000;
const inHours = (hours: number) => new Date(Date.now() + hours * HOUR).toISOString();
const NOWHERE = "00000000-0000-4000-8000-000000000000";

const listed = demo.members.filter((member) => member.listed);
const profiled = new Set(demo.mentorProfiles.map((profile) => profile.memberId));
/** Seniors with a mentor profile (a pairing can become a proposal) from several societies. */
const mentors = listed.filter((member) => member.careerStage === CareerStage.SENIOR && profiled.has(member.id)).slice(0, 3);
const mentees = listed.filter((member) => [CareerStage.STUDENT, CareerStage.TRAINEE].includes(member.careerStage as CareerStage)).slice(0, 6);
/** Not listed: only its own society sees it. */
const hiddenOutsider = demo.members.find((member) => !member.listed && member.societyId !== DEMO_SOCIETIES[3].id)!;

const CREATE_EVENT = `mutation ($input: CreateEventInput!) { createEvent(input: $input) { id evaluationRequired } }`;
const REGISTER = `mutation ($event: ID!, $member: ID!) { registerForEvent(eventId: $event, memberId: $member) { id status } }`;
const CREATE_PROGRAM = `mutation ($input: CreateMentoringProgramInput!) { createMentoringProgram(input: $input) { id } }`;
const LINK = `mutation ($id: ID!, $input: LinkSpeedSessionInput!) { linkSpeedSession(programId: $id, input: $input) { capacity event { id title venue } } }`;
const JOIN = `mutation ($id: ID!, $member: ID!, $role: SpeedRole!) { joinSpeedSession(programId: $id, memberId: $member, role: $role) { capacity } }`;
const PLAN = `query ($id: ID!, $rounds: Int!, $minutes: Int!) { planSpeedRounds(programId: $id, rounds: $rounds, minutesPerRound: $minutes) {
  pairsMet repeats idleSeats minutesPerRound rounds { number startsAt pairs { table score mentor { id displayName } mentee { id } } } } }`;
const RATE_EVENT = `mutation ($event: ID!, $member: ID!, $input: RateEventInput!) { rateEvent(eventId: $event, memberId: $member, input: $input) { id score comment } }`;
const RATE_MENTORSHIP = `mutation ($relation: ID!, $member: ID!, $input: RateMentorshipInput!) { rateMentorship(relationId: $relation, memberId: $member, input: $input) { id score } }`;

async function ok(query: string, variables: Record<string, unknown>, key?: string) {
  const { data, errors } = await network.query(query, variables, key);
  expect(errors).toBeUndefined();
  return data!;
}

const codeOf = async (query: string, variables: Record<string, unknown>, key?: string) => (await network.query(query, variables, key)).errors?.[0]?.extensions?.code;

async function createEvent(slug: string, input: Record<string, unknown>): Promise<string> {
  const base = { title: "Blood Buddies speed mentoring", kind: "SPEED_MENTORING", timezone: "America/New_York", online: false, venue: "Hall B, Convention Center", capacity: 200, cpdCredits: 1, startsAt: inHours(48), endsAt: inHours(50) };
  return (await ok(CREATE_EVENT, { input: { ...base, ...input } }, network.keys[slug])).createEvent.id;
}

async function speedProgram(slug: string, capacity: number): Promise<{ program: string; event: string }> {
  const event = await createEvent(slug, {});
  const program = (await ok(CREATE_PROGRAM, { input: { name: `Speed mentoring ${capacity}`, format: "SPEED" } }, network.keys[slug])).createMentoringProgram.id;
  await ok(LINK, { id: program, input: { eventId: event, capacity } }, network.keys[slug]);
  return { program, event };
}

describe("speed mentoring, from registration to printed plan", () => {
  it("should link a SPEED programme only to its own society's SPEED_MENTORING event", async () => {
    const event = await createEvent("ahea", {});
    const webinar = await createEvent("ahea", { kind: "WEBINAR", online: true, venue: null });
    const foreign = await createEvent("hoecop", {});
    const program = (await ok(CREATE_PROGRAM, { input: { name: "Blood Buddies", format: "SPEED" } }, network.keys.ahea)).createMentoringProgram.id;
    const oneToOne = (await ok(CREATE_PROGRAM, { input: { name: "Pairs", format: "ONE_TO_ONE" } }, network.keys.ahea)).createMentoringProgram.id;
    const link = (id: string, eventId: string, key = network.keys.ahea) => network.query(LINK, { id, input: { eventId, capacity: 40 } }, key);
    // A forged event id and another society's event read alike, so a link cannot probe for events.
    for (const forged of [NOWHERE, foreign]) expect((await link(program, forged)).errors![0]!.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "input.eventId" });
    expect((await link(program, webinar)).errors![0]!.message).toContain("not SPEED_MENTORING");
    expect((await link(oneToOne, event)).errors![0]!.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "programId" });
    expect((await link(program, event, network.keys.hoecop)).errors![0]!.extensions!.code).toBe("FORBIDDEN");
    expect(await codeOf(LINK, { id: program, input: { eventId: event, capacity: 40 } })).toBe("UNAUTHENTICATED");
    expect((await link(program, event, network.keys.researcher)).errors![0]!.extensions!.code).toBe("FORBIDDEN");
    expect((await link(program, event)).data!.linkSpeedSession).toEqual({ capacity: 40, event: { id: event, title: "Blood Buddies speed mentoring", venue: "Hall B, Convention Center" } });
  });

  it("should sign up participants by their home societies, plan rotations without repeats, print them and turn a pairing into a proposal", async () => {
    const { program, event } = await speedProgram("ahea", 20);
    // Registration for the event, then sign-up to the session, each by the member's own society.
    for (const member of [...mentors, ...mentees]) expect((await ok(REGISTER, { event, member: member.id }, keyOf(member))).registerForEvent.status).toBe("CONFIRMED");
    for (const mentor of mentors) await ok(JOIN, { id: program, member: mentor.id, role: "MENTOR" }, keyOf(mentor));
    for (const mentee of mentees) await ok(JOIN, { id: program, member: mentee.id, role: "MENTEE" }, keyOf(mentee));
    // A member its own society keeps unlisted signs up too: the organiser (another society) never sees them.
    await ok(JOIN, { id: program, member: hiddenOutsider.id, role: "MENTEE" }, keyOf(hiddenOutsider));

    const mentee = mentees[0]!;
    const otherKey = Object.entries(network.keys).find(([slug]) => DEMO_SOCIETIES.some((society) => society.slug === slug && society.id !== mentee.societyId))![1];
    expect(await codeOf(JOIN, { id: program, member: mentee.id, role: "MENTEE" }, keyOf(mentee))).toBe("CONFLICT");
    expect(await codeOf(JOIN, { id: program, member: mentees[1]!.id, role: "MENTEE" }, otherKey)).toBe("FORBIDDEN");
    expect(await codeOf(JOIN, { id: program, member: mentee.id, role: "MENTEE" })).toBe("UNAUTHENTICATED");
    expect(await codeOf(JOIN, { id: program, member: mentee.id, role: "MENTEE" }, network.keys.researcher)).toBe("FORBIDDEN");
    expect(await codeOf(JOIN, { id: NOWHERE, member: mentee.id, role: "MENTEE" }, keyOf(mentee))).toBe("NOT_FOUND");
    const counts = await ok(`query ($id: ID!) { mentoringProgram(id: $id) { speedSession { mentors mentees } } }`, { id: program }, network.keys.ahea);
    expect(counts.mentoringProgram.speedSession).toEqual({ mentors: 3, mentees: 6 });

    const plan = (await ok(PLAN, { id: program, rounds: 5, minutes: 10 }, network.keys.ahea)).planSpeedRounds;
    // Three mentors: three rounds, after which every mentee has met every mentor.
    expect(plan).toMatchObject({ pairsMet: 18, repeats: 0, idleSeats: 0, minutesPerRound: 10 });
    expect(plan.rounds.map((round: any) => round.number)).toEqual([1, 2, 3]);
    expect(new Date(plan.rounds[1].startsAt).getTime() - new Date(plan.rounds[0].startsAt).getTime()).toBe(10 * 60_000);
    const met = new Set<string>();
    for (const round of plan.rounds) {
      expect(round.pairs).toHaveLength(6);
      const perTable = new Map<number, number>();
      for (const pair of round.pairs) perTable.set(pair.table, (perTable.get(pair.table) ?? 0) + 1);
      expect([...perTable.values()]).toEqual([2, 2, 2]);
      for (const pair of round.pairs) met.add(`${pair.mentor.id}|${pair.mentee.id}`);
    }
    expect(met.size).toBe(18);
    expect([...met].some((pair) => pair.includes(hiddenOutsider.id as string))).toBe(false);
    // Deterministic: the same sign-ups give the same plan.
    expect((await ok(PLAN, { id: program, rounds: 5, minutes: 10 }, network.keys.ahea)).planSpeedRounds).toEqual(plan);

    // Only the organiser plans; bounds hold.
    expect(await codeOf(PLAN, { id: program, rounds: 3, minutes: 10 }, network.keys.hoecop)).toBe("FORBIDDEN");
    expect(await codeOf(PLAN, { id: program, rounds: 3, minutes: 10 })).toBe("UNAUTHENTICATED");
    expect(await codeOf(PLAN, { id: program, rounds: 3, minutes: 10 }, network.keys.researcher)).toBe("FORBIDDEN");
    expect((await network.query(PLAN, { id: program, rounds: 31, minutes: 10 }, network.keys.ahea)).errors![0]!.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "rounds" });
    expect((await network.query(PLAN, { id: program, rounds: 3, minutes: 60 }, network.keys.ahea)).errors![0]!.message).toContain("do not fit in the event's 120 minutes");

    // A participant's society names them so that a spreadsheet would run the name as a formula: the organiser's CSV shows it as text.
    const RENAME = `mutation ($id: ID!, $name: String!) { updateMember(id: $id, input: { displayName: $name }) { displayName } }`;
    const trap = mentees[1]!;
    await ok(RENAME, { id: trap.id, name: '=HYPERLINK("http://evil.example","Ann")' }, keyOf(trap));
    // The printable plan and the spreadsheet hold the same pairs, for the organiser only.
    const base = new URL(`/mentoring-programs/${program}/speed-plan`, network.gatewayUrl).toString();
    const csv = await send(`${base}.csv?rounds=5&minutes=10`, { headers: { authorization: `Bearer ${network.keys.ahea}` } });
    expect(csv.status).toBe(200);
    const lines = csv.text.trim().split("\r\n");
    expect(lines[0]).toBe("round,starts_at,table,mentor_id,mentor,mentee_id,mentee,score");
    expect(lines).toHaveLength(1 + 18);
    for (const line of lines.filter((row) => row.includes(trap.id as string))) expect(line).toContain(`,"'=HYPERLINK(""http://evil.example"",""Ann"")",`);
    expect(lines.filter((row) => row.includes(trap.id as string))).toHaveLength(3);
    await ok(RENAME, { id: trap.id, name: trap.displayName }, keyOf(trap));
    const pdf = await fetch(`${base}.pdf?rounds=5&minutes=10`, { headers: { authorization: `Bearer ${network.keys.ahea}` } });
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get("content-type")).toBe("application/pdf");
    const { text } = await extractText(await getDocumentProxy(new Uint8Array(await pdf.arrayBuffer())), { mergePages: true });
    expect(text).toContain("Round 3");
    expect(text).toContain("Repeats: 0");
    expect(text).toContain(plan.rounds[0].pairs[0].mentor.displayName);
    expect((await send(`${base}.pdf?rounds=5&minutes=10`)).status).toBe(401);
    expect((await send(`${base}.pdf?rounds=5&minutes=10`, { headers: { authorization: `Bearer ${network.keys.hoecop}` } })).status).toBe(403);
    expect((await send(`${base}.csv?rounds=lots&minutes=10`, { headers: { authorization: `Bearer ${network.keys.ahea}` } })).status).toBe(400);

    // A pairing that went well becomes a proposal: the mentee's society proposes it in the same programme.
    const pair = plan.rounds[0].pairs.find((candidate: any) => candidate.mentee.id === mentee.id);
    const proposal = await ok(`mutation ($input: ProposeMentorshipInput!) { proposeMentorship(input: $input) { status program { id } } }`, { input: { mentorId: pair.mentor.id, menteeId: mentee.id, programId: program } }, keyOf(mentee));
    expect(proposal.proposeMentorship).toEqual({ status: "PROPOSED", program: { id: program } });
  });

  it("should print one plan PDF at a time per gateway and refuse the others at once with 503 and Retry-After, while GraphQL goes on", async () => {
    const { program } = await speedProgram("ahea", 300);
    // The largest plan a session allows: 30 tables, 240 mentees, 30 rounds, 7200 lines. Seated directly, as
    // joinSpeedSession would from each member's profile, so that setup does not take 270 sign-ups.
    const crowd = listed.slice(0, 270);
    expect(crowd).toHaveLength(270);
    const seats = crowd.map((member, index) => ({ ...member, role: index < 30 ? "MENTOR" : "MENTEE" }));
    await sqlRows(
      network.databaseUrl("mentorship"),
      `insert into speed_participant (id, program_id, member_id, role, society_id, country, career_stage, timezone, languages, expertise, joined_at)
       select gen_random_uuid(), $1, id, role, "societyId", country, "careerStage", timezone, languages, expertise, now()
       from json_to_recordset($2::json) as seat(id uuid, role text, "societyId" uuid, country text, "careerStage" text, timezone text, languages text[], expertise text[])`,
      [program, JSON.stringify(seats)],
    );
    const url = new URL(`/mentoring-programs/${program}/speed-plan.pdf?rounds=30&minutes=4`, network.gatewayUrl).toString();
    const organiser = { headers: { authorization: `Bearer ${network.keys.ahea}` } };

    const downloads = Array.from({ length: 4 }, () => fetch(url, organiser));
    // Meanwhile the gateway answers everyone else.
    const other = await ok(`query ($id: ID!) { member(id: $id) { displayName } }`, { id: mentees[0]!.id }, network.keys.hoecop);
    expect(other.member.displayName).toBe(mentees[0]!.displayName);
    const answers = await Promise.all(downloads);

    const printed = answers.filter((answer) => answer.status === 200);
    const refused = answers.filter((answer) => answer.status === 503);
    expect(printed).toHaveLength(1);
    expect(refused).toHaveLength(3);
    for (const answer of refused) {
      expect(answer.headers.get("retry-after")).toBe("2");
      expect(((await answer.json()) as any).errors[0].extensions.code).toBe("SERVER_BUSY");
    }
    // The download is counted by the same per-key limiter as GraphQL.
    expect(printed[0]!.headers.get("ratelimit-policy")).toMatch(/^"key";q=\d+;w=1$/);
    const { text } = await extractText(await getDocumentProxy(new Uint8Array(await printed[0]!.arrayBuffer())), { mergePages: true });
    expect(text).toContain("Round 30");
    // Once the render is done the slot is free again.
    expect((await fetch(url, organiser)).status).toBe(200);
  });

  it("should fill a session's places exactly under concurrent sign-ups", async () => {
    const { program } = await speedProgram("htcn", 3);
    const joiners = mentees.slice(0, 6);
    const answers = await Promise.all(joiners.map((member) => network.query(JOIN, { id: program, member: member.id, role: "MENTEE" }, keyOf(member))));
    expect(answers.filter((answer) => !answer.errors)).toHaveLength(3);
    expect(answers.filter((answer) => answer.errors?.[0]?.extensions?.code === "CONFLICT")).toHaveLength(3);
    expect(await sqlRows(network.databaseUrl("mentorship"), "select 1 from speed_participant where program_id = $1", [program])).toHaveLength(3);
  });
});

describe("evaluations", () => {
  const ahea = listed.filter((member) => member.societyId === DEMO_SOCIETIES[3].id);
  const CREDITS = `query ($id: ID!) { member(id: $id) { cpdCredits registrations { status cpdCredited event { id } } } }`;
  const credits = async (member: Record<string, unknown>) => (await ok(CREDITS, { id: member.id }, keyOf(member))).member;

  it("should count an evaluation once, record the rater from the directory, and credit CPD once attendance and evaluation both exist", async () => {
    const event = await createEvent("ahea", { title: "Workshop: feedback conversations", kind: "WORKSHOP", cpdCredits: 3, evaluationRequired: true });
    const [rater, lateRater, bystander] = ahea;
    const outsider = listed.find((member) => member.societyId !== DEMO_SOCIETIES[3].id)!;
    const registrations: Record<string, string> = {};
    for (const member of [rater!, lateRater!, outsider]) registrations[member.id as string] = (await ok(REGISTER, { event, member: member.id }, keyOf(member))).registerForEvent.id;
    const input = { score: 4, comment: "  Practical and kind.  " };
    expect((await network.query(RATE_EVENT, { event, member: rater!.id, input }, network.keys.ahea)).errors![0]!.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "eventId" });
    await sqlRows(network.databaseUrl("events"), "update event set starts_at = now() - interval '2 hours', ends_at = now() - interval '1 hour' where id = $1", [event]);

    // Attendance first: no credit until the evaluation is in.
    const before = (await credits(rater!)).cpdCredits;
    const ATTEND = `mutation ($id: ID!) { recordAttendance(registrationId: $id) { status cpdCredited } }`;
    expect((await ok(ATTEND, { id: registrations[rater!.id as string] }, network.keys.ahea)).recordAttendance).toEqual({ status: "ATTENDED", cpdCredited: false });
    expect((await credits(rater!)).cpdCredits).toBe(before);
    expect((await ok(RATE_EVENT, { event, member: rater!.id, input }, network.keys.ahea)).rateEvent).toMatchObject({ score: 4, comment: "Practical and kind." });
    const after = await credits(rater!);
    expect(after.cpdCredits).toBeCloseTo(before + 3, 5);
    expect(after.registrations.find((registration: any) => registration.event.id === event).cpdCredited).toBe(true);
    // Evaluation first: the credit comes with the attendance.
    await ok(RATE_EVENT, { event, member: lateRater!.id, input: { score: 2 } }, network.keys.ahea);
    const lateBefore = (await credits(lateRater!)).cpdCredits;
    expect((await ok(ATTEND, { id: registrations[lateRater!.id as string] }, network.keys.ahea)).recordAttendance.cpdCredited).toBe(true);
    expect((await credits(lateRater!)).cpdCredits).toBeCloseTo(lateBefore + 3, 5);

    // Once per member: a second evaluation is refused and changes nothing.
    const second = await network.query(RATE_EVENT, { event, member: rater!.id, input: { score: 1 } }, network.keys.ahea);
    expect(second.errors![0]!.extensions).toMatchObject({ code: "CONFLICT", field: "memberId" });
    const rows = await sqlRows<{ score: number; country: string; career_stage: string }>(network.databaseUrl("events"), "select score, country, career_stage from event_rating where event_id = $1 and member_id = $2", [event, rater!.id]);
    // The rater's country and career stage are the directory's.
    expect(rows).toEqual([{ score: 4, country: rater!.country, career_stage: rater!.careerStage }]);

    // Adversarial: another society's key, anonymous, a researcher, a non-participant, a forged event, a silly score.
    expect(await codeOf(RATE_EVENT, { event, member: rater!.id, input }, network.keys.hoecop)).toBe("FORBIDDEN");
    expect(await codeOf(RATE_EVENT, { event, member: rater!.id, input })).toBe("UNAUTHENTICATED");
    expect(await codeOf(RATE_EVENT, { event, member: rater!.id, input }, network.keys.researcher)).toBe("FORBIDDEN");
    expect(await codeOf(RATE_EVENT, { event, member: bystander!.id, input }, network.keys.ahea)).toBe("FORBIDDEN");
    expect(await codeOf(RATE_EVENT, { event: NOWHERE, member: bystander!.id, input }, network.keys.ahea)).toBe("NOT_FOUND");
    expect((await network.query(RATE_EVENT, { event, member: outsider.id, input: { score: 6 } }, keyOf(outsider))).errors![0]!.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "input.score" });
    expect(await sqlRows(network.databaseUrl("events"), "select 1 from event_rating where event_id = $1", [event])).toHaveLength(2);

    // The organiser sees the exact summary; anyone else gets null.
    const FEEDBACK = `query ($id: ID!) { event(id: $id) { feedback { count average distribution comments } } }`;
    expect((await ok(FEEDBACK, { id: event }, network.keys.ahea)).event.feedback).toEqual({ count: 2, average: 3, distribution: [0, 1, 0, 1, 0], comments: ["Practical and kind."] });
    expect((await ok(FEEDBACK, { id: event }, network.keys.hoecop)).event.feedback).toBeNull();
    expect((await ok(FEEDBACK, { id: event })).event.feedback).toBeNull();

    // Researchers get rounded tables only; societies none.
    const STATS = `{ eventFeedbackStats(groupBy: [FORMAT, CAREER_STAGE]) { threshold method total cells { format careerStage count average } } }`;
    const stats = (await ok(STATS, {}, network.keys.researcher)).eventFeedbackStats;
    expect(stats.threshold).toBe(5);
    expect(stats.total % 5).toBe(0);
    for (const cell of stats.cells) expect(cell.count % 5).toBe(0);
    expect(await codeOf(STATS, {}, network.keys.ahea)).toBe("FORBIDDEN");
  });

  it("should count in researchers' tables only the evaluations of members who had research consent when they rated", async () => {
    const event = await createEvent("ahea", { title: "Case discussion: consent", kind: "CASE_DISCUSSION", online: true, venue: null, cpdCredits: 0 });
    // Ten members alike in every counted dimension, so five ratings make one finest cell of exactly five (released as five).
    const alike = demo.members.filter((member) => member.researchConsent && member.country === "BR" && member.careerStage === CareerStage.TRAINEE).slice(0, 10);
    expect(alike).toHaveLength(10);
    const [withdrawn, consenting] = [alike.slice(0, 5), alike.slice(5)];
    const CONSENT = `mutation ($id: ID!, $input: SetDirectoryConsentInput!) { setDirectoryConsent(memberId: $id, input: $input) { id } }`;
    for (const member of withdrawn) await ok(CONSENT, { id: member.id, input: { listed: member.listed, research: false } }, keyOf(member));
    for (const member of alike) await ok(REGISTER, { event, member: member.id }, keyOf(member));
    await sqlRows(network.databaseUrl("events"), "update event set starts_at = now() - interval '2 hours', ends_at = now() - interval '1 hour' where id = $1", [event]);
    const STATS = `{ eventFeedbackStats(groupBy: [FORMAT]) { cells { format count average } } }`;
    const caseDiscussions = async () => (await ok(STATS, {}, network.keys.researcher)).eventFeedbackStats.cells.filter((cell: any) => cell.format === "CASE_DISCUSSION");

    for (const member of withdrawn) await ok(RATE_EVENT, { event, member: member.id, input: { score: 3 } }, keyOf(member));
    expect(await caseDiscussions()).toEqual([]);
    // Each consenting member's society sends the evaluation three times at once: one counts, the others are CONFLICT.
    const racing = await Promise.all(consenting.flatMap((member) => [1, 2, 3].map(() => network.query(RATE_EVENT, { event, member: member.id, input: { score: 3 } }, keyOf(member)))));
    expect(racing.filter((answer) => !answer.errors)).toHaveLength(5);
    expect(racing.filter((answer) => answer.errors?.[0]?.extensions?.code === "CONFLICT")).toHaveLength(10);
    expect(await caseDiscussions()).toEqual([{ format: "CASE_DISCUSSION", count: 5, average: 3 }]);
    // The organiser's own summary still counts every evaluation.
    expect((await ok(`query ($id: ID!) { event(id: $id) { feedback { count } } }`, { id: event }, network.keys.ahea)).event.feedback.count).toBe(10);
  });

  it("should let only a party of a started mentorship rate it, once, and show the programme's society the summary", async () => {
    const relation = demo.relations.find((candidate) => candidate.status === "ACTIVE" && listed.some((member) => member.id === candidate.menteeId))!;
    const mentee = demo.members.find((member) => member.id === relation.menteeId)!;
    const program = demo.programs.find((candidate) => candidate.id === relation.programId)!;
    const stranger = listed.find((member) => member.societyId === mentee.societyId && member.id !== relation.mentorId && member.id !== relation.menteeId)!;
    const vars = { relation: relation.id, member: mentee.id, input: { score: 5, comment: "Changed my career plan." } };
    expect(await codeOf(RATE_MENTORSHIP, { ...vars, member: stranger.id }, keyOf(mentee))).toBe("FORBIDDEN");
    expect(await codeOf(RATE_MENTORSHIP, vars)).toBe("UNAUTHENTICATED");
    expect(await codeOf(RATE_MENTORSHIP, vars, network.keys.researcher)).toBe("FORBIDDEN");
    expect(await codeOf(RATE_MENTORSHIP, { ...vars, relation: NOWHERE }, keyOf(mentee))).toBe("NOT_FOUND");
    expect((await ok(RATE_MENTORSHIP, vars, keyOf(mentee))).rateMentorship.score).toBe(5);
    expect(await codeOf(RATE_MENTORSHIP, { ...vars, input: { score: 1 } }, keyOf(mentee))).toBe("CONFLICT");
    expect(await sqlRows(network.databaseUrl("mentorship"), "select score, research_consent from mentorship_rating where relation_id = $1", [relation.id])).toEqual([{ score: 5, research_consent: mentee.researchConsent }]);

    const FEEDBACK = `query ($id: ID!) { mentoringProgram(id: $id) { feedback { count average comments } } }`;
    expect((await ok(FEEDBACK, { id: program.id }, network.keys[slugOf(program.societyId)])).mentoringProgram.feedback).toEqual({ count: 1, average: 5, comments: ["Changed my career plan."] });
    const otherSlug = DEMO_SOCIETIES.find((society) => society.id !== program.societyId)!.slug;
    expect((await ok(FEEDBACK, { id: program.id }, network.keys[otherSlug])).mentoringProgram.feedback).toBeNull();
    const stats = (await ok(`{ mentorshipFeedbackStats(groupBy: [FORMAT, COUNTRY]) { total cells { format country count } } }`, {}, network.keys.researcher)).mentorshipFeedbackStats;
    for (const cell of stats.cells) expect(cell.count % 5).toBe(0);
  });
});
