import { describe, expect, it } from "vitest";
import { CareerStage } from "../../lib/career-stage.js";
import { suggestCircles, type Participant } from "../../subgraphs/mentorship/circle/circle.suggest.js";
import { rankMentors, type Mentee, type Mentor, type ProgramPreferences } from "../../subgraphs/mentorship/match/match.score.js";
import { MentoringFormat } from "../../subgraphs/mentorship/program/mentoring-program.entity.js";
import { visibleChain, type TreeLink } from "../../subgraphs/mentorship/tree/mentoring-tree.js";

const AT = new Date("2026-11-23T12:00:00Z");
const GROUP: ProgramPreferences = { format: MentoringFormat.GROUP, prefersCrossSociety: false, prefersCrossCountry: false };
const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`;

const person = (n: number, overrides: Partial<Participant> = {}): Participant => ({
  memberId: id(n),
  societyId: id(900),
  country: "PT",
  timezone: "Europe/Lisbon",
  careerStage: CareerStage.TRAINEE,
  languages: ["en"],
  topics: [],
  ...overrides,
});
const senior = (n: number, overrides: Partial<Participant> = {}) => person(n, { careerStage: CareerStage.SENIOR, ...overrides });

describe("circle suggestions", () => {
  it("should place every mentee once in circles whose sizes differ by at most one, each led by a mentor", () => {
    const mentors = [1, 2, 3].map((n) => senior(n));
    const mentees = Array.from({ length: 14 }, (_, i) => person(100 + i));
    const circles = suggestCircles(mentors, mentees, 5, GROUP, AT);
    expect(circles).toHaveLength(3);
    expect(circles.map((circle) => circle.mentees.length).sort()).toEqual([4, 5, 5]);
    expect(new Set(circles.flatMap((circle) => circle.mentees.map((mentee) => mentee.memberId))).size).toBe(14);
    expect(circles.every((circle) => circle.mentors.length === 1)).toBe(true);
  });

  it("should group mentees with the mentor who mentors on their topics and speaks their language", () => {
    const mentors = [senior(1, { topics: ["Haemostasis"], languages: ["pt"] }), senior(2, { topics: ["Grant writing"], languages: ["es"], timezone: "America/Bogota", country: "CO" })];
    const mentees = [
      person(10, { topics: ["haemostasis"], languages: ["pt"] }),
      person(11, { topics: ["Grant writing"], languages: ["es"], timezone: "America/Bogota", country: "CO" }),
      person(12, { topics: ["Haemostasis"], languages: ["pt-BR"] }),
      person(13, { topics: ["grant writing"], languages: ["es-CO"], timezone: "America/Lima", country: "PE" }),
    ];
    const circles = suggestCircles(mentors, mentees, 2, GROUP, AT);
    const byMentor = Object.fromEntries(circles.map((circle) => [circle.mentors[0]!.memberId, circle.mentees.map((mentee) => mentee.memberId).sort()]));
    expect(byMentor).toEqual({ [id(1)]: [id(10), id(12)], [id(2)]: [id(11), id(13)] });
    expect(circles.find((circle) => circle.mentors[0]!.memberId === id(1))!.topics).toEqual(["Haemostasis"]);
  });

  it("should mix societies and countries when the programme prefers it, and not otherwise", () => {
    const mentors = [senior(1), senior(2)];
    // Two societies, two countries, otherwise alike: the mixing wish alone decides.
    const mentees = [0, 1, 2, 3].map((i) => person(10 + i, { societyId: id(900 + (i < 2 ? 0 : 1)), country: i < 2 ? "PT" : "ES" }));
    const mixed = suggestCircles(mentors, mentees, 2, { ...GROUP, prefersCrossSociety: true, prefersCrossCountry: true }, AT);
    for (const circle of mixed) expect(new Set(circle.mentees.map((mentee) => mentee.societyId)).size).toBe(2);
    const plain = suggestCircles(mentors, mentees, 2, GROUP, AT);
    expect(plain.flatMap((circle) => circle.mentees).map((mentee) => mentee.memberId).sort()).toEqual(mentees.map((mentee) => mentee.memberId));
  });

  it("should form only as many circles as there are mentors, spread extra mentors up to three per circle, and be deterministic", () => {
    const mentees = Array.from({ length: 10 }, (_, i) => person(100 + i));
    const few = suggestCircles([senior(1)], mentees, 4, GROUP, AT);
    expect(few).toHaveLength(1);
    expect(few[0]!.mentees).toHaveLength(4);
    const many = suggestCircles(Array.from({ length: 9 }, (_, i) => senior(i + 1)), mentees, 5, GROUP, AT);
    expect(many.map((circle) => circle.mentors.length)).toEqual([3, 3]);
    expect(suggestCircles([senior(1)], [...mentees].reverse(), 4, GROUP, AT)).toEqual(few);
    expect(suggestCircles([], mentees, 4, GROUP, AT)).toEqual([]);
  });
});

describe("near-peer matching", () => {
  const mentee: Mentee = { id: id(1), societyId: id(900), country: "PT", timezone: "Europe/Lisbon", careerStage: CareerStage.TRAINEE, languages: ["en"], interests: ["Haemostasis"] };
  const mentor = (n: number, careerStage: CareerStage): Mentor => ({
    memberId: id(n), societyId: id(901), country: "PT", timezone: "Europe/Lisbon", careerStage, languages: ["en"], topics: ["Haemostasis"], acceptingMentees: true, capacity: 2, activeMentees: 0,
  });
  const candidates = [mentor(10, CareerStage.SENIOR), mentor(11, CareerStage.EARLY_CAREER), mentor(12, CareerStage.MID_CAREER)].map((m) => ({ mentor: m, alreadyPaired: false }));

  it("should rank the mentor one stage ahead first when the programme prefers near peers, and explain it", () => {
    const ranked = rankMentors(mentee, candidates, { format: MentoringFormat.ONE_TO_ONE, prefersCrossSociety: false, prefersCrossCountry: false, prefersNearPeer: true }, 3, AT);
    expect(ranked.map((match) => match.mentor.memberId)).toEqual([id(11), id(12), id(10)]);
    expect(ranked[0]!.breakdown.at(-1)).toMatchObject({ factor: "NEAR_PEER", value: 1, explanation: expect.stringContaining("near peer") });
  });

  it("should rank exactly as before, with the same scores and factors, when the programme does not ask for it", () => {
    const before = rankMentors(mentee, candidates, { format: MentoringFormat.ONE_TO_ONE, prefersCrossSociety: false, prefersCrossCountry: false }, 3, AT);
    const after = rankMentors(mentee, candidates, { format: MentoringFormat.ONE_TO_ONE, prefersCrossSociety: false, prefersCrossCountry: false, prefersNearPeer: false }, 3, AT);
    expect(after).toEqual(before);
    expect(before.map((match) => match.mentor.memberId)).toEqual([id(10), id(12), id(11)]);
    expect(before.every((match) => match.breakdown.every((factor) => factor.factor !== "NEAR_PEER"))).toBe(true);
  });
});

describe("the visible mentoring chain", () => {
  const link = (mentor: number, mentee: number, level: number): TreeLink => ({ mentorId: id(mentor), menteeId: id(mentee), programId: null, level });

  it("should stop at a hidden member, leaving out everyone beyond them", () => {
    // 1 mentors 2 (hidden), who mentors 3; 3 mentors 4.
    const up = [link(2, 3, 1), link(1, 2, 2)];
    expect(visibleChain(id(3), up, "up", (member) => member !== id(2))).toEqual([]);
    expect(visibleChain(id(3), up, "up", () => true)).toEqual(up);
    const down = [link(2, 3, 1), link(3, 4, 2)];
    expect(visibleChain(id(2), down, "down", (member) => member !== id(3))).toEqual([]);
  });

  it("should show each member once, at the nearest level, even through a cycle", () => {
    const down = [link(1, 2, 1), link(2, 1, 2), link(2, 3, 2)];
    expect(visibleChain(id(1), down, "down", () => true)).toEqual([link(1, 2, 1), link(2, 3, 2)]);
  });
});
