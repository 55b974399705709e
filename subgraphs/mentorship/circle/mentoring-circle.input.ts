import { DateTimeResolver } from "graphql-scalars";
import { Field, InputType, Int } from "type-graphql";
import { InputProblems } from "../../../lib/errors.js";
import { normaliseRecurrence } from "../../../lib/recurrence.js";
import { normaliseTimeZone } from "../../../lib/validators.js";
import { fold } from "../match/match.score.js";

/** Mentees one circle takes at most: a group that still talks together. */
export const MAX_CIRCLE_CAPACITY = 30;
/** Mentors one circle has at most. */
export const MAX_CIRCLE_MENTORS = 3;
/** Circles one programme has at most. */
export const MAX_CIRCLES_PER_PROGRAM = 200;
/** Places (in circles or waiting) one programme holds at most: bounds the pool a suggestion groups. */
export const MAX_PLACES_PER_PROGRAM = 300;
const MAX_TOPICS = 10;
const MAX_TOPIC_LENGTH = 100;
const MAX_NAME = 200;

@InputType({ description: "When a circle meets." })
export class MentoringCircleMeetingsInput {
  @Field(() => DateTimeResolver, { description: "The first meeting's start (UTC); its local time in `timezone` is every meeting's." })
  firstStartsAt!: Date;

  @Field(() => String, { description: "IANA time zone the recurrence runs in." })
  timezone!: string;

  @Field(() => String, { description: "RFC 5545 RRULE without DTSTART, FREQ of DAILY or coarser, e.g. FREQ=MONTHLY;BYDAY=2TU; omitted for a single meeting.", nullable: true })
  recurrence?: string | null;

  @Field(() => Int, { description: "15 to 480 minutes." })
  durationMinutes!: number;
}

@InputType({ description: "A new circle in a GROUP programme of the caller's society." })
export class CreateMentoringCircleInput {
  @Field(() => String, { description: "Name, 1–200 characters." })
  name!: string;

  @Field(() => Int, { description: `How many mentees it takes: 1–${MAX_CIRCLE_CAPACITY}.` })
  capacity!: number;

  @Field(() => [String], { description: `What it is about: at most ${MAX_TOPICS} topics.`, nullable: true })
  topics?: string[] | null;

  @Field(() => MentoringCircleMeetingsInput, { description: "When it meets; omitted while not yet planned.", nullable: true })
  meetings?: MentoringCircleMeetingsInput | null;
}

export interface CircleFields {
  name: string;
  capacity: number;
  topics: string[];
  meetingsStartsAt: Date | null;
  meetingsTimezone: string | null;
  meetingsRecurrence: string | null;
  meetingMinutes: number | null;
}

/** Every problem at once, as BAD_USER_INPUT naming the fields. */
export function validateCircle(input: CreateMentoringCircleInput): CircleFields {
  const problems = new InputProblems();
  const name = input.name.trim();
  if (name.length === 0 || name.length > MAX_NAME) problems.add("name", `must have between 1 and ${MAX_NAME} characters`);
  if (!Number.isInteger(input.capacity) || input.capacity < 1 || input.capacity > MAX_CIRCLE_CAPACITY) problems.add("capacity", `must be a whole number from 1 to ${MAX_CIRCLE_CAPACITY}`);
  const topics = uniqueTopics(input.topics ?? []);
  if (topics.length > MAX_TOPICS) problems.add("topics", `at most ${MAX_TOPICS} topics`);
  if (topics.some((topic) => topic.length > MAX_TOPIC_LENGTH)) problems.add("topics", `each topic has at most ${MAX_TOPIC_LENGTH} characters`);
  const meetings = input.meetings;
  let timezone: string | undefined;
  let recurrence: string | undefined;
  if (meetings) {
    timezone = problems.check("meetings.timezone", meetings.timezone, normaliseTimeZone, "is not an IANA time zone");
    if (meetings.recurrence != null) recurrence = problems.check("meetings.recurrence", meetings.recurrence, normaliseRecurrence, "is not an RRULE with FREQ of DAILY, WEEKLY, MONTHLY or YEARLY (RFC 5545, no DTSTART)");
    if (!Number.isInteger(meetings.durationMinutes) || meetings.durationMinutes < 15 || meetings.durationMinutes > 480) problems.add("meetings.durationMinutes", "must be a whole number from 15 to 480");
  }
  problems.throwIfAny();
  return {
    name,
    capacity: input.capacity,
    topics,
    meetingsStartsAt: meetings?.firstStartsAt ?? null,
    meetingsTimezone: timezone ?? null,
    meetingsRecurrence: recurrence ?? null,
    meetingMinutes: meetings?.durationMinutes ?? null,
  };
}

/** Trimmed, NFC, without case-insensitive repeats (the first spelling kept). */
export function uniqueTopics(topics: string[]): string[] {
  const seen = new Map<string, string>();
  for (const topic of topics.map((topic) => topic.normalize("NFC").trim()).filter(Boolean)) if (!seen.has(fold(topic))) seen.set(fold(topic), topic);
  return [...seen.values()];
}
