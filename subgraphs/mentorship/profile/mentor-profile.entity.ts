import { defineEntity, p } from "@mikro-orm/core";
import { Field, Int, ObjectType, registerEnumType } from "type-graphql";
import { CareerStage } from "../../../lib/career-stage.js";

export enum MeetingMode {
  VIDEO = "VIDEO",
  PHONE = "PHONE",
  IN_PERSON = "IN_PERSON",
  MESSAGING = "MESSAGING",
}
registerEnumType(MeetingMode, {
  name: "MeetingMode",
  description: "A way a mentor and mentee can meet.",
  valuesConfig: {
    VIDEO: { description: "Video call." },
    PHONE: { description: "Telephone." },
    IN_PERSON: { description: "In person." },
    MESSAGING: { description: "Written messages." },
  },
});

/**
 * What a member offers as a mentor, and the facts about them that matching ranks on. Those facts
 * (country, time zone, career stage, languages, topics) are the mentor's own copy, kept by their society
 * with `upsertMentorProfile`: ranking thousands of mentors needs them in this database, in one SQL
 * statement, not fetched member by member from the members subgraph.
 */
@ObjectType({ description: "What a member offers as a mentor." })
export class MentorProfile {
  memberId!: string;

  /** The mentor's home society: it keeps this profile. Null only on profiles from before matching. */
  societyId!: string | null;

  @Field(() => Boolean, { description: "True while the mentor takes new mentees (still limited by `capacity`)." })
  acceptingMentees!: boolean;

  @Field(() => Int, { description: "How many active mentees the mentor takes at most." })
  capacity!: number;

  @Field(() => Int, { description: "Mentees in ACTIVE relations with this mentor now." })
  activeMentees!: number;

  @Field(() => [String], { description: "What the mentor mentors on, e.g. Haemostasis, Career planning." })
  topics!: string[];

  @Field(() => [String], { description: "BCP 47 language tags the mentor mentors in." })
  languages!: string[];

  @Field(() => [MeetingMode], { description: "How the mentor is willing to meet." })
  meetingModes!: MeetingMode[];

  @Field(() => String, { nullable: true, description: "IANA time zone the mentor meets in." })
  timezone!: string | null;

  @Field(() => String, { nullable: true, description: "ISO 3166-1 alpha-2 country the mentor works in." })
  country!: string | null;

  @Field(() => CareerStage, { description: "The mentor's career stage as their society keeps it for matching; null when not given.", nullable: true })
  careerStage!: CareerStage | null;

  updatedAt!: Date;

  /** Topics folded as matching compares them (database-generated, GIN-indexed); never loaded. */
  topicKeys?: string[];

  /** Primary language subtags, lower-cased (database-generated); never loaded. */
  languageKeys?: string[];
}

/** A mentor who can take a mentee now, as SQL on `table`: the first stage of matching and its partial index agree on it. */
export const AVAILABLE_MENTOR = (table: string) =>
  `${table}.accepting_mentees and ${table}.active_mentees < ${table}.capacity and ${table}.career_stage is not null and ${table}.timezone is not null`;

export const MentorProfileSchema = defineEntity({
  class: MentorProfile,
  tableName: "mentor_profile",
  properties: {
    memberId: p.uuid().primary(),
    societyId: p.uuid().nullable(),
    acceptingMentees: p.boolean(),
    capacity: p.integer(),
    activeMentees: p.integer().default(0),
    topics: p.array(),
    languages: p.array(),
    meetingModes: p.enum(() => MeetingMode).array(),
    timezone: p.string().nullable(),
    country: p.string().length(2).nullable(),
    careerStage: p.enum(() => CareerStage).nullable(),
    updatedAt: p.datetime().onCreate(() => new Date()).onUpdate(() => new Date()),
    topicKeys: p.array().generated(`(mentor_topic_keys("topics")) stored`).lazy(),
    languageKeys: p.array().generated(`(mentor_language_keys("languages")) stored`).lazy(),
  },
  indexes: [{ name: "mentor_profile_topic_keys_index", expression: `create index "mentor_profile_topic_keys_index" on "mentor_profile" using gin ("topic_keys") where ${AVAILABLE_MENTOR("mentor_profile")}` }],
});
