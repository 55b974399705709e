/*
 * The speed-mentoring rotation planner: pure, deterministic, no I/O.
 *
 * Each mentor keeps one table; in every round each mentee sits at one table. The plan is a cyclic rotation:
 * the tables are put in a ring, every mentee gets a starting place on it and moves one place along each round.
 * That shape gives the guarantees by construction:
 *   - no pair repeats: a mentee visits `rounds` consecutive places of a ring of `mentors` places, and rounds
 *     never exceed the number of mentors;
 *   - coverage: every mentee meets min(rounds, mentors) distinct mentors — as many as rounds allow;
 *   - balance: starting places are shared out evenly (⌊M/K⌋ or ⌈M/K⌉ mentees each), and everyone moves
 *     together, so in every round every table seats ⌊M/K⌋ or ⌈M/K⌉ mentees.
 * The match scores decide the rest: the ring puts mentors that the same mentees rate highly next to each other,
 * and each mentee gets the starting place whose run of mentors scores best for them (a greedy assignment,
 * then pairwise swaps while they raise the total), so a mentee who cannot meet everyone meets their
 * best-scoring run of mentors.
 */

export interface SpeedPlanInput {
  /** Mentee ids. */
  mentees: readonly string[];
  /** Mentor ids; one table each. */
  mentors: readonly string[];
  /** scores[mentee index][mentor index], 0–1 (the matcher's score, higher is better). */
  scores: readonly (readonly number[])[];
  /** Rounds wanted; the plan has min(rounds, mentors) (after that every mentee would have met every mentor). */
  rounds: number;
}

export interface SpeedPair {
  /** 1-based table, where the mentor sits all session. */
  table: number;
  mentor: string;
  mentee: string;
  score: number;
}

export interface SpeedRound {
  number: number;
  pairs: SpeedPair[];
}

export interface SpeedPlanResult {
  rounds: SpeedRound[];
  /** Distinct mentor–mentee pairs that meet. */
  pairsMet: number;
  /** Pairs that meet more than once (counted by the extra meetings); 0 by construction, counted to show it. */
  repeats: number;
  /** Mentee seats left empty: every table has ⌈M/K⌉ seats each round. */
  idleSeats: number;
}

/** Most swap passes when improving the starting places; each pass is O(M²), and they converge in a few. */
const MAX_SWAP_PASSES = 20;
const EPSILON = 1e-9;

const byId = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export function planSpeedRounds(input: SpeedPlanInput): SpeedPlanResult {
  // Ids sorted, so the plan does not depend on the order participants were listed in.
  const menteeOrder = input.mentees.map((id, index) => ({ id, index })).sort((a, b) => byId(a.id, b.id));
  const mentorOrder = input.mentors.map((id, index) => ({ id, index })).sort((a, b) => byId(a.id, b.id));
  const score = (mentee: number, mentor: number) => input.scores[menteeOrder[mentee]!.index]![mentorOrder[mentor]!.index]!;
  const menteeCount = menteeOrder.length;
  const mentorCount = mentorOrder.length;
  const rounds = menteeCount === 0 || mentorCount === 0 ? 0 : Math.min(Math.max(0, Math.floor(input.rounds)), mentorCount);
  if (rounds === 0) return { rounds: [], pairsMet: 0, repeats: 0, idleSeats: 0 };

  const ring = tableRing(menteeCount, mentorCount, score);
  const runScore = (mentee: number, start: number) => {
    let total = 0;
    for (let round = 0; round < rounds; round++) total += score(mentee, ring[(start + round) % mentorCount]!);
    return total;
  };
  const value = Array.from({ length: menteeCount }, (_, mentee) => Array.from({ length: mentorCount }, (_, start) => runScore(mentee, start)));
  const start = startingPlaces(value, menteeCount, mentorCount);

  const seatsPerTable = Math.ceil(menteeCount / mentorCount);
  const met = new Set<string>();
  let repeats = 0;
  let idleSeats = 0;
  const plan: SpeedRound[] = [];
  for (let round = 0; round < rounds; round++) {
    const pairs: SpeedPair[] = [];
    for (let mentee = 0; mentee < menteeCount; mentee++) {
      const place = (start[mentee]! + round) % mentorCount;
      const mentor = ring[place]!;
      const key = `${mentee}:${mentor}`;
      if (met.has(key)) repeats++;
      met.add(key);
      pairs.push({ table: place + 1, mentor: mentorOrder[mentor]!.id, mentee: menteeOrder[mentee]!.id, score: score(mentee, mentor) });
    }
    pairs.sort((a, b) => a.table - b.table || b.score - a.score || byId(a.mentee, b.mentee));
    idleSeats += seatsPerTable * mentorCount - pairs.length;
    plan.push({ number: round + 1, pairs });
  }
  return { rounds: plan, pairsMet: met.size, repeats, idleSeats };
}

/**
 * The order of tables on the ring: the mentor with the highest total score first, then each time the mentor
 * whose scores (over all mentees) are most alike the last one's, so a run of consecutive tables gathers
 * mentors the same mentees like. Ties go to the lower id.
 */
function tableRing(menteeCount: number, mentorCount: number, score: (mentee: number, mentor: number) => number): number[] {
  const column = (mentor: number) => Array.from({ length: menteeCount }, (_, mentee) => score(mentee, mentor));
  const columns = Array.from({ length: mentorCount }, (_, mentor) => column(mentor));
  const total = columns.map((values) => values.reduce((sum, value) => sum + value, 0));
  const left = new Set(columns.keys());
  const pick = (rank: (mentor: number) => number) => {
    let best = -1;
    for (const mentor of left) if (best < 0 || rank(mentor) > rank(best) + EPSILON) best = mentor;
    left.delete(best);
    return best;
  };
  const ring = [pick((mentor) => total[mentor]!)];
  while (left.size > 0) {
    const last = columns[ring[ring.length - 1]!]!;
    ring.push(pick((mentor) => columns[mentor]!.reduce((sum, value, mentee) => sum + value * last[mentee]!, 0)));
  }
  return ring;
}

/**
 * A starting place per mentee, each place taken by ⌊M/K⌋ mentees and M mod K of them by one more: first greedily
 * (best run first), then swapping two mentees' places whenever that raises the sum of their runs' scores.
 */
function startingPlaces(value: number[][], menteeCount: number, mentorCount: number): number[] {
  const base = Math.floor(menteeCount / mentorCount);
  let extraPlaces = menteeCount % mentorCount;
  const taken = new Array<number>(mentorCount).fill(0);
  const start = new Array<number>(menteeCount).fill(-1);
  const candidates: [number, number][] = [];
  for (let mentee = 0; mentee < menteeCount; mentee++) for (let place = 0; place < mentorCount; place++) candidates.push([mentee, place]);
  candidates.sort(([ma, pa], [mb, pb]) => value[mb]![pb]! - value[ma]![pa]! || ma - mb || pa - pb);
  for (const [mentee, place] of candidates) {
    if (start[mentee]! >= 0) continue;
    if (taken[place]! < base) taken[place]!++;
    else if (taken[place] === base && extraPlaces > 0) {
      taken[place]!++;
      extraPlaces--;
    } else continue;
    start[mentee] = place;
  }
  for (let pass = 0; pass < MAX_SWAP_PASSES; pass++) {
    let improved = false;
    for (let a = 0; a < menteeCount; a++) {
      for (let b = a + 1; b < menteeCount; b++) {
        const [pa, pb] = [start[a]!, start[b]!];
        if (pa === pb) continue;
        if (value[a]![pb]! + value[b]![pa]! > value[a]![pa]! + value[b]![pb]! + EPSILON) {
          start[a] = pb;
          start[b] = pa;
          improved = true;
        }
      }
    }
    if (!improved) break;
  }
  return start;
}
