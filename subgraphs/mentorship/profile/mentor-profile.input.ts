import { Field, InputType, Int } from "type-graphql";
import { CareerStage } from "../../../lib/career-stage.js";
import { InputProblems } from "../../../lib/errors.js";
import { normaliseCountry, normaliseLanguage, normaliseTimeZone } from "../../../lib/validators.js";
import { MeetingMode } from "./mentor-profile.entity.js";

@InputType({ description: "A mentor's offer and the facts matching ranks on; the whole profile is replaced." })
export class UpsertMentorProfileInput {
  @Field(() => Boolean, { description: "True while the mentor takes new mentees." })
  acceptingMentees!: boolean;

  @Field(() => Int, { description: `0–${20}.` })
  capacity!: number;

  @Field(() => [String], { description: "What the mentor mentors on." })
  topics!: string[];

  @Field(() => [String], { description: "BCP 47 tags." })
  languages!: string[];

  @Field(() => [MeetingMode], { description: "How the mentor is willing to meet." })
  meetingModes!: MeetingMode[];

  @Field(() => String, { description: "IANA time zone." })
  timezone!: string;

  @Field(() => String, { description: "ISO 3166-1 alpha-2." })
  country!: string;

  @Field(() => CareerStage, { description: "The mentor's career stage, for matching." })
  careerStage!: CareerStage;
}

export const MAX_CAPACITY = 20;
const MAX_TOPICS = 20;
const MAX_TOPIC_LENGTH = 100;

export type MentorProfileFields = UpsertMentorProfileInput;

/** Validates and normalises a profile; every problem is reported at once as BAD_USER_INPUT. */
export function validateMentorProfile(input: UpsertMentorProfileInput): MentorProfileFields {
  const problems = new InputProblems();
  if (!Number.isInteger(input.capacity) || input.capacity < 0 || input.capacity > MAX_CAPACITY) problems.add("capacity", `must be a whole number from 0 to ${MAX_CAPACITY}`);
  const topics = [...new Set(input.topics.map((topic) => topic.normalize("NFC").trim()).filter(Boolean))];
  if (topics.length > MAX_TOPICS) problems.add("topics", `at most ${MAX_TOPICS} topics`);
  if (topics.some((topic) => topic.length > MAX_TOPIC_LENGTH)) problems.add("topics", `each topic has at most ${MAX_TOPIC_LENGTH} characters`);
  if (input.languages.length === 0) problems.add("languages", "must list at least one language");
  const languages = input.languages.map((tag) => problems.check("languages", tag, normaliseLanguage, `"${tag}" is not a BCP 47 language tag`) ?? "");
  if (input.meetingModes.length === 0) problems.add("meetingModes", "must list at least one way to meet");
  const timezone = problems.check("timezone", input.timezone, normaliseTimeZone, "is not an IANA time zone");
  const country = problems.check("country", input.country, normaliseCountry, "is not an ISO 3166-1 alpha-2 code");
  problems.throwIfAny();
  return {
    acceptingMentees: input.acceptingMentees,
    capacity: input.capacity,
    topics,
    languages: [...new Set(languages)],
    meetingModes: [...new Set(input.meetingModes)],
    timezone: timezone!,
    country: country!,
    careerStage: input.careerStage,
  };
}
