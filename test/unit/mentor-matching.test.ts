import { describe, expect, it } from "vitest";
import { CareerStage } from "../../lib/career-stage.js";
import { exclusion, rankMentors, scoreMatch, timeZoneDistance, WEIGHTS, type Mentee, type Mentor, type ProgramPreferences } from "../../subgraphs/mentorship/match/match.score.js";
import { MentoringFormat } from "../../subgraphs/mentorship/program/mentoring-program.entity.js";
import { MentorshipStatus } from "../../subgraphs/mentorship/relation/mentorship-relation.entity.js";
import { assertTransition } from "../../subgraphs/mentorship/relation/mentorship-relation.transitions.js";

const AT = new Date("2026-11-23T12:00:00Z"); // winter in the north: Lisbon UTC+0, Sydney UTC+11
const SOCIETY_A = "5d1c0a4e-0000-4000-8000-000000000001";
const SOCIETY_B = "5d1c0a4e-0000-4000-8000-000000000002";

const mentee: Mentee = {
  id: "00000000-0000-4000-8000-000000000001",
  societyId: SOCIETY_A,
  country: "PT",
  timezone: "Europe/Lisbon",
  careerStage: CareerStage.TRAINEE,
  languages: ["pt", "en-GB"],
  interests: ["Haemostasis", "Thrombosis", "Medical education", "Global health"],
};
const mentor = (overrides: Partial<Mentor> = {}): Mentor => ({
  memberId: "00000000-0000-4000-8000-0000000000aa",
  societyId: SOCIETY_B,
  country: "BR",
  timezone: "America/Sao_Paulo",
  careerStage: CareerStage.SENIOR,
  languages: ["pt-BR"],
  topics: ["haemostasis", "Thrombosis ", "Leadership"],
  acceptingMentees: true,
  capacity: 4,
  activeMentees: 1,
  ...overrides,
});
const ONE_TO_ONE: ProgramPreferences = { format: MentoringFormat.ONE_TO_ONE, prefersCrossSociety: false, prefersCrossCountry: false };
const factor = (match: ReturnType<typeof scoreMatch>, name: string) => match.breakdown.find((entry) => entry.factor === name)!;

describe("the score of one mentor for one mentee", () => {
  it("should score shared topics case-insensitively, full marks at three shared", () => {
    const two = factor(scoreMatch(mentee, mentor(), ONE_TO_ONE, AT), "TOPICS");
    expect(two).toMatchObject({ weight: WEIGHTS.TOPICS, value: 0.6667, explanation: "Mentors on 2 of the mentee's interests: Thrombosis, haemostasis" });
    const three = factor(scoreMatch(mentee, mentor({ topics: ["Haemostasis", "Thrombosis", "Global health", "Statistics"] }), ONE_TO_ONE, AT), "TOPICS");
    expect(three.value).toBe(1);
    expect(factor(scoreMatch(mentee, mentor({ topics: ["Statistics"] }), ONE_TO_ONE, AT), "TOPICS")).toMatchObject({ value: 0, explanation: "No topic in common with the mentee's expertise" });
  });

  it("should count a shared language by its primary subtag (pt-BR with pt) and name it", () => {
    expect(factor(scoreMatch(mentee, mentor(), ONE_TO_ONE, AT), "LANGUAGE")).toMatchObject({ value: 1, explanation: "Both work in Portuguese" });
    expect(factor(scoreMatch(mentee, mentor({ languages: ["de"] }), ONE_TO_ONE, AT), "LANGUAGE")).toMatchObject({ value: 0, explanation: "No language in common" });
  });

  it("should score time zones by the hours between their UTC offsets, the short way round", () => {
    expect(timeZoneDistance("Europe/Lisbon", "America/Sao_Paulo", AT)).toBe(3);
    expect(timeZoneDistance("Pacific/Auckland", "Pacific/Honolulu", AT)).toBe(1); // +13 and −10: 23 h one way, 1 h the other
    expect(timeZoneDistance("Asia/Kolkata", "Europe/Lisbon", AT)).toBe(5.5);
    expect(factor(scoreMatch(mentee, mentor(), ONE_TO_ONE, AT), "TIME_ZONE")).toMatchObject({ value: 0.75, explanation: "3 hours apart (Europe/Lisbon and America/Sao_Paulo)" });
    expect(factor(scoreMatch(mentee, mentor({ timezone: "Europe/London" }), ONE_TO_ONE, AT), "TIME_ZONE").value).toBe(1);
  });

  it("should prefer a mentor two or more stages ahead, and in PEER programmes a peer", () => {
    expect(factor(scoreMatch(mentee, mentor(), ONE_TO_ONE, AT), "CAREER_STAGE")).toMatchObject({ value: 1, explanation: "3 stages ahead (senior mentor, trainee mentee)" });
    expect(factor(scoreMatch(mentee, mentor({ careerStage: CareerStage.EARLY_CAREER }), ONE_TO_ONE, AT), "CAREER_STAGE").value).toBe(0.6);
    const peer = { ...ONE_TO_ONE, format: MentoringFormat.PEER };
    expect(factor(scoreMatch(mentee, mentor({ careerStage: CareerStage.TRAINEE }), peer, AT), "CAREER_STAGE")).toMatchObject({ value: 1, explanation: "Peer programme: same stage (trainee mentor, trainee mentee)" });
    expect(factor(scoreMatch(mentee, mentor(), peer, AT), "CAREER_STAGE").value).toBe(0);
  });

  it("should score remaining capacity", () => {
    expect(factor(scoreMatch(mentee, mentor(), ONE_TO_ONE, AT), "CAPACITY")).toMatchObject({ value: 0.75, explanation: "3 of 4 places free" });
  });

  it("should add cross-society and cross-country factors only when the programme asks for them", () => {
    expect(scoreMatch(mentee, mentor(), ONE_TO_ONE, AT).breakdown.map((entry) => entry.factor)).toEqual(["TOPICS", "LANGUAGE", "TIME_ZONE", "CAREER_STAGE", "CAPACITY"]);
    const across = { ...ONE_TO_ONE, prefersCrossSociety: true, prefersCrossCountry: true };
    const other = scoreMatch(mentee, mentor(), across, AT);
    expect(factor(other, "CROSS_SOCIETY").value).toBe(1);
    expect(factor(other, "CROSS_COUNTRY")).toMatchObject({ value: 1, explanation: "Works in BR, another country than the mentee (PT), as the programme prefers" });
    const same = scoreMatch(mentee, mentor({ societyId: SOCIETY_A, country: "PT" }), across, AT);
    expect(factor(same, "CROSS_SOCIETY").value).toBe(0);
    expect(same.score).toBeLessThan(other.score);
  });

  it("should be the weighted mean of the factors, between 0 and 1", () => {
    const match = scoreMatch(mentee, mentor(), ONE_TO_ONE, AT);
    const total = match.breakdown.reduce((sum, entry) => sum + entry.weight, 0);
    const mean = match.breakdown.reduce((sum, entry) => sum + entry.weight * entry.value, 0) / total;
    expect(match.score).toBeCloseTo(mean, 4);
    expect(match.score).toBeGreaterThan(0);
    expect(match.score).toBeLessThanOrEqual(1);
  });
});

describe("who is never offered", () => {
  it("should exclude the mentee, non-accepting, full, already paired and less senior mentors", () => {
    expect(exclusion(mentee, mentor({ memberId: mentee.id }), ONE_TO_ONE, false)).toBe("is the mentee");
    expect(exclusion(mentee, mentor({ acceptingMentees: false }), ONE_TO_ONE, false)).toBe("is not accepting mentees");
    expect(exclusion(mentee, mentor({ activeMentees: 4 }), ONE_TO_ONE, false)).toBe("has no free places");
    expect(exclusion(mentee, mentor(), ONE_TO_ONE, true)).toBe("is already paired with the mentee");
    expect(exclusion(mentee, mentor({ careerStage: CareerStage.TRAINEE }), ONE_TO_ONE, false)).toBe("is not further along in their career than the mentee");
    expect(exclusion(mentee, mentor({ careerStage: CareerStage.TRAINEE }), { ...ONE_TO_ONE, format: MentoringFormat.PEER }, false)).toBeNull();
    expect(exclusion(mentee, mentor(), ONE_TO_ONE, false)).toBeNull();
  });
});

describe("ranking", () => {
  it("should order by score, break ties by mentor id, cut at `first`, and give the same answer every time", () => {
    const candidates = [
      { mentor: mentor({ memberId: "00000000-0000-4000-8000-0000000000cc" }), alreadyPaired: false },
      { mentor: mentor({ memberId: "00000000-0000-4000-8000-0000000000bb" }), alreadyPaired: false }, // same score as cc
      { mentor: mentor({ memberId: "00000000-0000-4000-8000-0000000000dd", topics: ["Haemostasis", "Thrombosis", "Global health"] }), alreadyPaired: false },
      { mentor: mentor({ memberId: "00000000-0000-4000-8000-0000000000ee", acceptingMentees: false }), alreadyPaired: false },
      { mentor: mentor({ memberId: "00000000-0000-4000-8000-0000000000ff" }), alreadyPaired: true },
    ];
    const ranked = rankMentors(mentee, candidates, ONE_TO_ONE, 3, AT);
    expect(ranked.map((match) => match.mentor.memberId.slice(-2))).toEqual(["dd", "bb", "cc"]);
    expect(rankMentors(mentee, [...candidates].reverse(), ONE_TO_ONE, 3, AT)).toEqual(ranked);
    expect(rankMentors(mentee, candidates, ONE_TO_ONE, 1, AT)).toHaveLength(1);
  });
});

describe("the life of a mentorship", () => {
  it("should allow accept, decline and withdrawal of a proposal, completion or end of an active one", () => {
    for (const [from, to] of [["PROPOSED", "ACTIVE"], ["PROPOSED", "DECLINED"], ["PROPOSED", "ENDED"], ["ACTIVE", "COMPLETED"], ["ACTIVE", "ENDED"]] as const) {
      expect(() => assertTransition(MentorshipStatus[from], MentorshipStatus[to])).not.toThrow();
    }
  });

  it("should refuse going back or changing a closed one, with BAD_USER_INPUT saying what is possible", () => {
    expect(() => assertTransition(MentorshipStatus.ACTIVE, MentorshipStatus.PROPOSED)).toThrow("a ACTIVE mentorship cannot become PROPOSED: it can become COMPLETED, ENDED");
    expect(() => assertTransition(MentorshipStatus.DECLINED, MentorshipStatus.ACTIVE)).toThrow("it can no longer change");
    expect(() => assertTransition(MentorshipStatus.ACTIVE, MentorshipStatus.ACTIVE)).toThrow();
    try {
      assertTransition(MentorshipStatus.COMPLETED, MentorshipStatus.ENDED);
    } catch (error) {
      expect((error as { extensions: Record<string, unknown> }).extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "status" });
    }
  });
});
