import type { CareerStage } from "../../../lib/career-stage.js";
import { fold, scoreMatch, type Mentor, type ProgramPreferences } from "../match/match.score.js";
import { MAX_CIRCLE_MENTORS, uniqueTopics } from "./mentoring-circle.input.js";

/** A member signed up for a circle, with the public facts of their member record. */
export interface Participant {
  memberId: string;
  societyId: string | null;
  country: string;
  timezone: string;
  careerStage: CareerStage;
  languages: string[];
  /** Expertise: what they mentor on, or want to grow in. */
  topics: string[];
}

export interface CircleSuggestion {
  mentors: Participant[];
  mentees: Participant[];
  /** Topics the circle's mentors offer that its mentees share, most shared first (at most three). */
  topics: string[];
  /** Mean match score of the mentees with their circle's mentors (0–1). */
  score: number;
}

/**
 * How much a circle counts against a mentee when the programme wants mixing and the circle already holds
 * people of the mentee's society (or country): the share of such people times this.
 */
const MIXING_PENALTY = 0.15;
const CIRCLE_TOPICS = 3;

/**
 * Groups a pool into circles of at most `size` mentees, each with at least one mentor: as many circles as
 * the mentees need and the mentors allow. How well a mentee fits a circle is the existing matcher's score
 * (topics, language, time zone, career stage, and the programme's cross-society/country wishes) averaged
 * over the circle's mentors; when the programme prefers mixing, a circle already holding the mentee's
 * society or country counts less. Circle sizes differ by at most one. Mentees beyond the circles' places and
 * mentors beyond three per circle are left out. Deterministic: equal pools give equal circles.
 */
export function suggestCircles(mentorPool: Participant[], menteePool: Participant[], size: number, program: ProgramPreferences, at: Date): CircleSuggestion[] {
  const mentors = [...mentorPool].sort(byId);
  const mentees = [...menteePool].sort(byId);
  const count = Math.min(Math.ceil(mentees.length / size), mentors.length);
  if (count === 0) return [];
  // Every mentee against every mentor, once: the matcher's score (a mentor's one-to-one places play no part here).
  const fit = mentees.map((mentee) => mentors.map((mentor) => scoreMatch(asMentee(mentee), asMentor(mentor), program, at).score));
  const appeal = mentors.map((_mentor, m) => fit.reduce((sum, row) => sum + row[m]!, 0));
  // The mentors the pool fits best lead the circles, one each; the rest join the circles they fit best, up to three per circle.
  const leads = mentors.map((_mentor, m) => m).sort((a, b) => appeal[b]! - appeal[a]! || a - b);
  const circles = leads.slice(0, count).map((m) => ({ mentors: [m], mentees: [] as number[] }));
  for (const m of leads.slice(count)) {
    const open = circles.filter((circle) => circle.mentors.length < MAX_CIRCLE_MENTORS);
    if (open.length === 0) break;
    // The circle whose mentees-to-come fit this mentor as its lead does, with the fewest mentors first.
    open.sort((a, b) => a.mentors.length - b.mentors.length || similarity(fit, b.mentors[0]!, m) - similarity(fit, a.mentors[0]!, m));
    open[0]!.mentors.push(m);
  }

  const placed = Math.min(mentees.length, count * size);
  const smaller = Math.floor(placed / count);
  let larger = placed - smaller * count;
  const affinity = (e: number, circle: (typeof circles)[number]) => circle.mentors.reduce((sum, m) => sum + fit[e]![m]!, 0) / circle.mentors.length;
  // The mentees with the strongest preference are placed first, so they get it.
  const strongest = mentees.map((_mentee, e) => Math.max(...circles.map((circle) => affinity(e, circle))));
  const order = mentees.map((_mentee, e) => e).sort((a, b) => strongest[b]! - strongest[a]! || a - b);
  for (const e of order.slice(0, placed)) {
    let best = -1;
    let bestValue = -Infinity;
    circles.forEach((circle, c) => {
      const room = circle.mentees.length < smaller || (circle.mentees.length === smaller && larger > 0);
      if (!room) return;
      const value = affinity(e, circle) - mixingPenalty(mentees[e]!, circle, mentors, mentees, program);
      if (value > bestValue) [best, bestValue] = [c, value];
    });
    const circle = circles[best]!;
    if (circle.mentees.length === smaller) larger--;
    circle.mentees.push(e);
  }

  return circles.map((circle) => ({
    mentors: circle.mentors.map((m) => mentors[m]!),
    mentees: circle.mentees.map((e) => mentees[e]!),
    topics: sharedTopics(circle.mentors.map((m) => mentors[m]!), circle.mentees.map((e) => mentees[e]!)),
    score: circle.mentees.length === 0 ? 0 : round(circle.mentees.reduce((sum, e) => sum + affinity(e, circle), 0) / circle.mentees.length),
  }));
}

function mixingPenalty(mentee: Participant, circle: { mentors: number[]; mentees: number[] }, mentors: Participant[], mentees: Participant[], program: ProgramPreferences): number {
  const people = [...circle.mentors.map((m) => mentors[m]!), ...circle.mentees.map((e) => mentees[e]!)];
  const share = (same: (other: Participant) => boolean) => people.filter(same).length / people.length;
  return (
    (program.prefersCrossSociety ? MIXING_PENALTY * share((other) => other.societyId === mentee.societyId) : 0) +
    (program.prefersCrossCountry ? MIXING_PENALTY * share((other) => other.country === mentee.country) : 0)
  );
}

/** How alike two mentors are in whom they fit: the pool's scores with one against the other's (negative distance). */
function similarity(fit: number[][], a: number, b: number): number {
  return -fit.reduce((sum, row) => sum + Math.abs(row[a]! - row[b]!), 0);
}

function sharedTopics(mentors: Participant[], mentees: Participant[]): string[] {
  const offered = new Map(uniqueTopics(mentors.flatMap((mentor) => mentor.topics)).map((topic) => [fold(topic), topic]));
  const counts = new Map<string, number>();
  for (const mentee of mentees) for (const topic of new Set(mentee.topics.map(fold))) if (offered.has(topic)) counts.set(topic, (counts.get(topic) ?? 0) + 1);
  return [...counts.entries()]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, CIRCLE_TOPICS)
    .map(([topic]) => offered.get(topic)!);
}

function asMentee(participant: Participant) {
  return { id: participant.memberId, societyId: participant.societyId ?? "", country: participant.country, timezone: participant.timezone, careerStage: participant.careerStage, languages: participant.languages, interests: participant.topics };
}

/** A circle's mentor as the matcher sees a mentor; one free place of one, so the capacity factor is the same for all. */
function asMentor(participant: Participant): Mentor {
  return { ...participant, acceptingMentees: true, capacity: 1, activeMentees: 0 };
}

function byId(a: Participant, b: Participant): number {
  return a.memberId < b.memberId ? -1 : a.memberId > b.memberId ? 1 : 0;
}

function round(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}
