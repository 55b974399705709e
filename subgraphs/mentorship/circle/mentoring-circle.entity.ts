import { defineEntity, p } from "@mikro-orm/core";
import { DateTimeResolver } from "graphql-scalars";
import { Directive, Field, ID, Int, ObjectType, registerEnumType } from "type-graphql";

export enum CircleRole {
  MENTOR = "MENTOR",
  MENTEE = "MENTEE",
}
registerEnumType(CircleRole, {
  name: "CircleRole",
  description: "The part a member takes in a mentoring circle.",
  valuesConfig: {
    MENTOR: { description: "Mentors the circle (a circle has at most a few)." },
    MENTEE: { description: "Is mentored in the circle; takes one of its places (`capacity`)." },
  },
});

/**
 * When a circle meets: a recurring schedule (RFC 5545 RRULE on wall-clock time in an IANA zone, as event
 * series are), not links to events — circles meet privately, and the events subgraph stays the home of
 * public events. Clients read the next dates from `upcoming`.
 */
@ObjectType({ description: "When a circle meets: the first meeting, a recurrence rule in the circle's time zone, and each meeting's length." })
export class MentoringCircleMeetings {
  @Field(() => DateTimeResolver, { description: "The first meeting's start (UTC)." })
  firstStartsAt!: Date;

  @Field(() => String, { description: "IANA time zone the recurrence runs in (a meeting at 18:00 stays at 18:00 across daylight saving)." })
  timezone!: string;

  @Field(() => String, { description: "RFC 5545 RRULE without DTSTART, e.g. FREQ=MONTHLY;BYDAY=2TU; null for a single meeting.", nullable: true })
  recurrence!: string | null;

  @Field(() => Int, { description: "Length of each meeting in minutes." })
  durationMinutes!: number;
}

@ObjectType({ description: "A group of mentees with one or a few mentors in a GROUP mentoring programme, possibly from several societies." })
@Directive('@key(fields: "id")')
export class MentoringCircle {
  @Field(() => ID, { description: "Identifier (UUID); stable, safe to keep in a partner's own records." })
  id!: string;

  /** Exposed as `program`; its society runs the circle. */
  programId!: string;

  @Field(() => String, { description: "Name of the circle." })
  name!: string;

  @Field(() => [String], { description: "What the circle is about, e.g. Haemostasis, Grant writing." })
  topics!: string[];

  @Field(() => Int, { description: "How many mentees the circle takes at most (mentors are counted apart: at most 3)." })
  capacity!: number;

  meetingsStartsAt!: Date | null;
  meetingsTimezone!: string | null;
  meetingsRecurrence!: string | null;
  meetingMinutes!: number | null;

  createdAt!: Date;
}

/**
 * A member's place in a GROUP programme's circles: in one circle (`circleId`), or signed up and waiting for
 * one (`circleId` null) — the pool `suggestMentoringCircles` groups. One place per member and programme.
 */
export class CirclePlace {
  id!: string;
  programId!: string;
  circleId!: string | null;
  memberId!: string;
  /** The member's home society, which put them in (and may take them out). */
  societyId!: string;
  role!: CircleRole;
  joinedAt!: Date;
}

export const MentoringCircleSchema = defineEntity({
  class: MentoringCircle,
  tableName: "mentoring_circle",
  properties: {
    id: p.uuid().primary(),
    programId: p.uuid().index(),
    name: p.string(),
    topics: p.array(),
    capacity: p.integer(),
    meetingsStartsAt: p.datetime().nullable(),
    meetingsTimezone: p.string().nullable(),
    meetingsRecurrence: p.string().nullable(),
    meetingMinutes: p.integer().nullable(),
    createdAt: p.datetime(),
  },
});

export const CirclePlaceSchema = defineEntity({
  class: CirclePlace,
  tableName: "mentoring_circle_place",
  properties: {
    id: p.uuid().primary(),
    programId: p.uuid(),
    circleId: p.uuid().nullable().index(),
    memberId: p.uuid().index(),
    societyId: p.uuid(),
    role: p.enum(() => CircleRole),
    joinedAt: p.datetime(),
  },
  uniques: [{ name: "mentoring_circle_place_program_id_member_id_unique", properties: ["programId", "memberId"] }],
});
