import { type CareerStage, seniority } from "../../../lib/career-stage.js";
import { MentoringFormat } from "../program/mentoring-program.entity.js";
import { BoundedMap } from "../../../lib/bounded.js";
import { hourlyOffsetMinutes } from "../../../lib/zoned-time.js";

/** The mentee as matching sees them: their current member record, handed over by the gateway (@requires). */
export interface Mentee {
  id: string;
  societyId: string;
  country: string;
  timezone: string;
  careerStage: CareerStage;
  languages: string[];
  /** The member's expertise: what they work on and want to grow in. */
  interests: string[];
}

/** A mentor as their profile describes them. */
export interface Mentor {
  memberId: string;
  societyId: string | null;
  country: string | null;
  timezone: string | null;
  careerStage: CareerStage | null;
  languages: string[];
  topics: string[];
  acceptingMentees: boolean;
  capacity: number;
  activeMentees: number;
}

export interface ProgramPreferences {
  format: MentoringFormat;
  prefersCrossSociety: boolean;
  prefersCrossCountry: boolean;
}

export type Factor = "TOPICS" | "LANGUAGE" | "TIME_ZONE" | "CAREER_STAGE" | "CAPACITY" | "CROSS_SOCIETY" | "CROSS_COUNTRY";

/**
 * How much each factor counts. The score is the weighted mean of the factors that apply (each 0–1), so
 * it stays between 0 and 1 whether or not the programme asks for cross-society or cross-country pairs.
 */
export const WEIGHTS: Record<Factor, number> = {
  TOPICS: 0.35,
  LANGUAGE: 0.2,
  TIME_ZONE: 0.15,
  CAREER_STAGE: 0.15,
  CAPACITY: 0.1,
  CROSS_SOCIETY: 0.1,
  CROSS_COUNTRY: 0.1,
};

export interface FactorScore {
  factor: Factor;
  weight: number;
  value: number;
  explanation: string;
}

export interface ScoredMatch {
  mentor: Mentor;
  score: number;
  breakdown: FactorScore[];
}

/** Topics count fully once three are shared (or all of the mentee's, if they list fewer). */
const TOPICS_FOR_FULL_MARKS = 3;

/** Why a mentor cannot be offered to this mentee at all, or null when they can. */
export function exclusion(mentee: Mentee, mentor: Mentor, program: ProgramPreferences, alreadyPaired: boolean): string | null {
  if (mentor.memberId === mentee.id) return "is the mentee";
  if (!mentor.acceptingMentees) return "is not accepting mentees";
  if (mentor.activeMentees >= mentor.capacity) return "has no free places";
  if (alreadyPaired) return "is already paired with the mentee";
  if (!mentor.careerStage || !mentor.timezone) return "has an incomplete profile";
  if (program.format !== MentoringFormat.PEER && seniority(mentor.careerStage) <= seniority(mentee.careerStage)) {
    return "is not further along in their career than the mentee";
  }
  return null;
}

/** The explained score of one mentor for one mentee; `at` fixes the moment time-zone offsets are taken. */
export function scoreMatch(mentee: Mentee, mentor: Mentor, program: ProgramPreferences, at: Date): ScoredMatch {
  const breakdown = [
    topics(mentee, mentor),
    language(mentee, mentor),
    timeZone(mentee, mentor, at),
    careerStage(mentee, mentor, program),
    capacity(mentor),
    ...(program.prefersCrossSociety ? [crossSociety(mentee, mentor)] : []),
    ...(program.prefersCrossCountry ? [crossCountry(mentee, mentor)] : []),
  ];
  const totalWeight = breakdown.reduce((sum, factor) => sum + factor.weight, 0);
  const score = breakdown.reduce((sum, factor) => sum + factor.weight * factor.value, 0) / totalWeight;
  return { mentor, score: round(score), breakdown };
}

/**
 * Ranks candidates: excluded ones dropped, best score first, ties broken by mentor id so equal inputs
 * always give the same order.
 */
export function rankMentors(mentee: Mentee, candidates: { mentor: Mentor; alreadyPaired: boolean }[], program: ProgramPreferences, first: number, at: Date): ScoredMatch[] {
  return candidates
    .filter(({ mentor, alreadyPaired }) => exclusion(mentee, mentor, program, alreadyPaired) === null)
    .map(({ mentor }) => scoreMatch(mentee, mentor, program, at))
    .sort((a, b) => b.score - a.score || (a.mentor.memberId < b.mentor.memberId ? -1 : a.mentor.memberId > b.mentor.memberId ? 1 : 0))
    .slice(0, first);
}

function topics(mentee: Mentee, mentor: Mentor): FactorScore {
  const offered = new Map(mentor.topics.map((topic) => [fold(topic), topic.trim()]));
  const shared = [...new Set(mentee.interests.map(fold))].filter((interest) => offered.has(interest)).map((interest) => offered.get(interest)!);
  const wanted = Math.min(TOPICS_FOR_FULL_MARKS, new Set(mentee.interests.map(fold)).size);
  const value = wanted === 0 ? 0 : Math.min(1, shared.length / wanted);
  const explanation =
    mentee.interests.length === 0
      ? "The mentee lists no expertise to match topics on"
      : shared.length === 0
        ? "No topic in common with the mentee's expertise"
        : `Mentors on ${shared.length} of the mentee's interests: ${shared.sort().join(", ")}`;
  return { factor: "TOPICS", weight: WEIGHTS.TOPICS, value: round(value), explanation };
}

function language(mentee: Mentee, mentor: Mentor): FactorScore {
  const mentees = new Set(mentee.languages.map(primaryLanguage));
  const shared = [...new Set(mentor.languages.map(primaryLanguage))].filter((code) => mentees.has(code)).sort();
  const explanation = shared.length > 0 ? `Both work in ${shared.map(languageName).join(", ")}` : "No language in common";
  return { factor: "LANGUAGE", weight: WEIGHTS.LANGUAGE, value: shared.length > 0 ? 1 : 0, explanation };
}

function timeZone(mentee: Mentee, mentor: Mentor, at: Date): FactorScore {
  const hours = timeZoneDistance(mentee.timezone, mentor.timezone!, at);
  const value = 1 - Math.min(hours, 12) / 12;
  const explanation = hours === 0 ? `Same UTC offset (${mentor.timezone})` : `${formatHours(hours)} apart (${mentee.timezone} and ${mentor.timezone})`;
  return { factor: "TIME_ZONE", weight: WEIGHTS.TIME_ZONE, value: round(value), explanation };
}

function careerStage(mentee: Mentee, mentor: Mentor, program: ProgramPreferences): FactorScore {
  const gap = seniority(mentor.careerStage!) - seniority(mentee.careerStage);
  const stages = `${describeStage(mentor.careerStage!)} mentor, ${describeStage(mentee.careerStage)} mentee`;
  if (program.format === MentoringFormat.PEER) {
    const value = gap === 0 ? 1 : Math.abs(gap) === 1 ? 0.5 : 0;
    return { factor: "CAREER_STAGE", weight: WEIGHTS.CAREER_STAGE, value, explanation: `Peer programme: ${gap === 0 ? "same stage" : `${Math.abs(gap)} stage${Math.abs(gap) === 1 ? "" : "s"} apart`} (${stages})` };
  }
  const value = gap >= 2 ? 1 : 0.6;
  return { factor: "CAREER_STAGE", weight: WEIGHTS.CAREER_STAGE, value, explanation: `${gap} stage${gap === 1 ? "" : "s"} ahead (${stages})` };
}

function capacity(mentor: Mentor): FactorScore {
  const free = mentor.capacity - mentor.activeMentees;
  return { factor: "CAPACITY", weight: WEIGHTS.CAPACITY, value: round(free / mentor.capacity), explanation: `${free} of ${mentor.capacity} place${mentor.capacity === 1 ? "" : "s"} free` };
}

function crossSociety(mentee: Mentee, mentor: Mentor): FactorScore {
  const across = mentor.societyId !== null && mentor.societyId !== mentee.societyId;
  return { factor: "CROSS_SOCIETY", weight: WEIGHTS.CROSS_SOCIETY, value: across ? 1 : 0, explanation: across ? "From another society, as the programme prefers" : "From the mentee's own society" };
}

function crossCountry(mentee: Mentee, mentor: Mentor): FactorScore {
  const across = mentor.country !== null && mentor.country !== mentee.country;
  return { factor: "CROSS_COUNTRY", weight: WEIGHTS.CROSS_COUNTRY, value: across ? 1 : 0, explanation: across ? `Works in ${mentor.country}, another country than the mentee (${mentee.country}), as the programme prefers` : `Works in the mentee's country (${mentee.country})` };
}

/** Hours between two zones' UTC offsets at a moment, the short way round the clock (0–12). */
export function timeZoneDistance(a: string, b: string, at: Date): number {
  const difference = Math.abs(utcOffsetMinutes(a, at) - utcOffsetMinutes(b, at)) / 60;
  return Math.min(difference, 24 - difference);
}

export function utcOffsetMinutes(zone: string, at: Date): number {
  return hourlyOffsetMinutes(at, zone);
}

/** Case-insensitive topic comparison (topics are free text). */
export function fold(topic: string): string {
  return topic.trim().toLowerCase();
}

function primaryLanguage(tag: string): string {
  return tag.split("-")[0]!.toLowerCase();
}

const LANGUAGE_NAMES = new Intl.DisplayNames(["en"], { type: "language" });
/** Names looked up once per code: every explanation of every match names its languages. */
const languageNames = new BoundedMap<string, string>("language_names", { capacity: 1000 });
function languageName(code: string): string {
  let name = languageNames.get(code);
  if (name === undefined) {
    name = LANGUAGE_NAMES.of(code) ?? code;
    languageNames.set(code, name);
  }
  return name;
}

function describeStage(stage: CareerStage): string {
  return stage.toLowerCase().replace("_", "-");
}

function formatHours(hours: number): string {
  return `${Number.isInteger(hours) ? hours : hours.toFixed(1)} hour${hours === 1 ? "" : "s"}`;
}

function round(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}
