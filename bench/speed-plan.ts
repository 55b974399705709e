import "reflect-metadata";
import { faker } from "@faker-js/faker";
import { CAREER_STAGES, type CareerStage } from "../lib/career-stage.js";
import { MentoringFormat } from "../subgraphs/mentorship/program/mentoring-program.entity.js";
import { planSpeedRounds } from "../subgraphs/mentorship/speed/speed-plan.js";
import { scoreTable, type SpeedProfile } from "../subgraphs/mentorship/speed/speed-scores.js";

/**
 * How long planning a speed-mentoring session takes, without the database: scoring every mentee × mentor pair
 * with the matcher, then the rotation planner. `node --import tsx bench/speed-plan.ts` (MENTEES, MENTORS, ROUNDS, RUNS to change
 * the defaults 60 × 15 × 8, 50 runs after 5 warm-up runs). Prints p50 and max of each part and the plan's quality.
 */
const MENTEES = Number(process.env.MENTEES ?? 60);
const MENTORS = Number(process.env.MENTORS ?? 15);
const ROUNDS = Number(process.env.ROUNDS ?? 8);
const RUNS = Number(process.env.RUNS ?? 50);

faker.seed(22);
const TOPICS = ["Haemostasis", "Thrombosis", "Lymphoma", "Medical education", "Global health", "Leadership", "Research methods", "Paediatrics", "Transfusion", "Career planning"];
const ZONES = ["Europe/London", "America/New_York", "Australia/Sydney", "Asia/Kolkata", "America/Sao_Paulo", "Africa/Nairobi"];
const person = (stages: CareerStage[]): SpeedProfile => ({
  memberId: faker.string.uuid(),
  societyId: faker.helpers.arrayElement(["5d1c0a4e-0000-4000-8000-000000000001", "5d1c0a4e-0000-4000-8000-000000000002", "5d1c0a4e-0000-4000-8000-000000000003"]),
  country: faker.helpers.arrayElement(["GB", "US", "AU", "IN", "BR", "KE"]),
  careerStage: faker.helpers.arrayElement(stages),
  timezone: faker.helpers.arrayElement(ZONES),
  languages: faker.helpers.arrayElements(["en", "pt", "es", "fr", "hi", "sw"], { min: 1, max: 2 }),
  expertise: faker.helpers.arrayElements(TOPICS, { min: 1, max: 4 }),
});
const mentees = Array.from({ length: MENTEES }, () => person(CAREER_STAGES.slice(0, 2) as CareerStage[]));
const mentors = Array.from({ length: MENTORS }, () => person(CAREER_STAGES.slice(3) as CareerStage[]));
const program = { format: MentoringFormat.SPEED, prefersCrossSociety: true, prefersCrossCountry: false };
const at = new Date("2026-12-05T14:00:00Z");

const timings = { scoring: [] as number[], planning: [] as number[] };
let plan: ReturnType<typeof planSpeedRounds> | null = null;
let scores: number[][] = [];
for (let run = 0; run < RUNS + 5; run++) {
  const start = performance.now();
  scores = scoreTable(mentees, mentors, program, at);
  const scored = performance.now();
  plan = planSpeedRounds({ mentees: mentees.map((m) => m.memberId), mentors: mentors.map((m) => m.memberId), scores, rounds: ROUNDS });
  const planned = performance.now();
  if (run >= 5) {
    timings.scoring.push(scored - start);
    timings.planning.push(planned - scored);
  }
}
const summary = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return `p50 ${sorted[Math.floor(sorted.length / 2)]!.toFixed(2)} ms, max ${sorted[sorted.length - 1]!.toFixed(2)} ms`;
};
// How close each mentee's mentors come to the best the rounds allow: their own top-ROUNDS scores.
const achieved = plan!.rounds.flatMap((round) => round.pairs.map((pair) => pair.score)).reduce((sum, score) => sum + score, 0);
const rounds = plan!.rounds.length;
const ideal = scores.map((row) => [...row].sort((a, b) => b - a).slice(0, rounds).reduce((sum, score) => sum + score, 0)).reduce((sum, value) => sum + value, 0);
const everyone = scores.map((row) => (row.reduce((sum, score) => sum + score, 0) / row.length) * rounds).reduce((sum, value) => sum + value, 0);
console.log(`${MENTEES} mentees × ${MENTORS} mentors × ${ROUNDS} rounds, ${RUNS} runs (Node ${process.version})`);
console.log(`scoring ${MENTEES * MENTORS} pairs: ${summary(timings.scoring)}`);
console.log(`planning: ${summary(timings.planning)}`);
console.log(`plan: ${rounds} rounds, pairsMet ${plan!.pairsMet}, repeats ${plan!.repeats}, idleSeats ${plan!.idleSeats}`);
console.log(`mean score met ${(achieved / plan!.pairsMet).toFixed(4)}; each mentee's own top ${rounds} ${(ideal / plan!.pairsMet).toFixed(4)}; a random ${rounds} ${(everyone / plan!.pairsMet).toFixed(4)}`);
