import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { planSpeedRounds, type SpeedPlanInput, type SpeedPlanResult } from "../../subgraphs/mentorship/speed/speed-plan.js";

const ids = (prefix: string, count: number) => Array.from({ length: count }, (_, index) => `${prefix}-${String(index).padStart(3, "0")}`);

/** Every property the plan promises, checked on its output alone. */
function expectSoundPlan(input: SpeedPlanInput, plan: SpeedPlanResult) {
  const mentees = input.mentees.length;
  const mentors = input.mentors.length;
  const rounds = mentees === 0 || mentors === 0 ? 0 : Math.min(input.rounds, mentors);
  expect(plan.rounds).toHaveLength(rounds);
  const pairs = new Set<string>();
  const metBy = new Map<string, Set<string>>();
  for (const round of plan.rounds) {
    // Every mentee sits at exactly one table per round.
    expect(round.pairs.map((pair) => pair.mentee).sort()).toEqual([...input.mentees].sort());
    // Tables balanced: loads differ by at most one, counting empty tables.
    const loads = new Map(input.mentors.map((mentor) => [mentor, 0]));
    const tableOf = new Map<string, number>();
    for (const pair of round.pairs) {
      loads.set(pair.mentor, loads.get(pair.mentor)! + 1);
      // A mentor keeps one table all session.
      expect(tableOf.get(pair.mentor) ?? pair.table).toBe(pair.table);
      tableOf.set(pair.mentor, pair.table);
      pairs.add(`${pair.mentee}|${pair.mentor}`);
      metBy.set(pair.mentee, (metBy.get(pair.mentee) ?? new Set()).add(pair.mentor));
      expect(pair.score).toBe(input.scores[input.mentees.indexOf(pair.mentee)]![input.mentors.indexOf(pair.mentor)]);
    }
    expect(Math.max(...loads.values()) - Math.min(...loads.values())).toBeLessThanOrEqual(1);
  }
  // No pair repeats; each mentee meets as many distinct mentors as rounds allow.
  expect(pairs.size).toBe(mentees * rounds);
  expect(plan.repeats).toBe(0);
  expect(plan.pairsMet).toBe(pairs.size);
  for (const mentee of input.mentees) expect(metBy.get(mentee)?.size ?? 0).toBe(rounds);
  expect(plan.idleSeats).toBe(rounds === 0 ? 0 : rounds * (Math.ceil(mentees / mentors) * mentors - mentees));
}

const inputs = fc
  .record({ mentees: fc.integer({ min: 0, max: 40 }), mentors: fc.integer({ min: 0, max: 12 }), rounds: fc.integer({ min: 0, max: 15 }), seed: fc.integer() })
  .chain(({ mentees, mentors, rounds }) =>
    fc.record({
      mentees: fc.constant(ids("mentee", mentees)),
      mentors: fc.constant(ids("mentor", mentors)),
      rounds: fc.constant(rounds),
      scores: fc.array(fc.array(fc.integer({ min: 0, max: 10_000 }).map((value) => value / 10_000), { minLength: mentors, maxLength: mentors }), { minLength: mentees, maxLength: mentees }),
    }),
  );

describe("speed-mentoring rotation planner", () => {
  it("should give 6 mentees 3 distinct mentors in 3 rounds, two at each table, and report the plan's quality", () => {
    const input = { mentees: ids("e", 6), mentors: ids("m", 3), scores: Array.from({ length: 6 }, () => [0.5, 0.6, 0.7]), rounds: 5 };
    const plan = planSpeedRounds(input);
    expect(plan.rounds.map((round) => round.number)).toEqual([1, 2, 3]);
    expect(plan).toMatchObject({ pairsMet: 18, repeats: 0, idleSeats: 0 });
    expectSoundPlan(input, plan);
  });

  it("should count empty seats when mentees do not fill the tables evenly", () => {
    const input = { mentees: ids("e", 7), mentors: ids("m", 3), scores: Array.from({ length: 7 }, () => [0.1, 0.2, 0.3]), rounds: 2 };
    const plan = planSpeedRounds(input);
    // 3 seats per table, 9 seats per round, 7 taken.
    expect(plan.idleSeats).toBe(4);
    expectSoundPlan(input, plan);
  });

  it("should send each mentee to the mentors they score highest when rounds do not reach every mentor", () => {
    // Two camps of mentees, each liking two of the four mentors; one round each.
    const scores = [
      [0.9, 0.8, 0.1, 0.1],
      [0.9, 0.8, 0.1, 0.1],
      [0.1, 0.1, 0.8, 0.9],
      [0.1, 0.1, 0.8, 0.9],
    ];
    const input = { mentees: ids("e", 4), mentors: ids("m", 4), scores, rounds: 2 };
    const plan = planSpeedRounds(input);
    expectSoundPlan(input, plan);
    const met = (mentee: string) => plan.rounds.flatMap((round) => round.pairs.filter((pair) => pair.mentee === mentee).map((pair) => pair.mentor)).sort();
    expect(met("e-000")).toEqual(["m-000", "m-001"]);
    expect(met("e-002")).toEqual(["m-002", "m-003"]);
  });

  it("should plan nothing without mentees or mentors", () => {
    expect(planSpeedRounds({ mentees: [], mentors: ids("m", 3), scores: [], rounds: 3 })).toEqual({ rounds: [], pairsMet: 0, repeats: 0, idleSeats: 0 });
    expect(planSpeedRounds({ mentees: ids("e", 3), mentors: [], scores: [[], [], []], rounds: 3 }).rounds).toEqual([]);
  });

  it("should keep every promise over random sizes and scores, and give the same plan for the same people in any order", () => {
    fc.assert(
      fc.property(inputs, (input) => {
        const plan = planSpeedRounds(input);
        expectSoundPlan(input, plan);
        // Deterministic: the same participants listed in reverse give the same plan.
        const reversed = { ...input, mentees: [...input.mentees].reverse(), mentors: [...input.mentors].reverse(), scores: [...input.scores].reverse().map((row) => [...row].reverse()) };
        expect(planSpeedRounds(reversed)).toEqual(plan);
      }),
      { numRuns: 150 },
    );
  });
});
