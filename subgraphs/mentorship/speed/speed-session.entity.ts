import { defineEntity, p } from "@mikro-orm/core";
import { DateTimeResolver } from "graphql-scalars";
import { Field, Int, ObjectType, registerEnumType } from "type-graphql";
import { CareerStage } from "../../../lib/career-stage.js";
import { EventReference } from "../../../lib/external.js";

export enum SpeedRole {
  MENTOR = "MENTOR",
  MENTEE = "MENTEE",
}
registerEnumType(SpeedRole, {
  name: "SpeedRole",
  description: "Which side of the tables a speed-mentoring participant sits on.",
  valuesConfig: {
    MENTOR: { description: "Keeps one table all session; mentees rotate to them." },
    MENTEE: { description: "Moves to another mentor's table every round." },
  },
});

/**
 * Most participants one session may take: bounds the plan, its PDF and the scoring before it (at worst 150 × 150
 * pairs, one `scoreMatch` each: about 0.3 s, and 0.13 s to plan 30 rounds, on a busy 2-core machine).
 */
export const MAX_SPEED_PARTICIPANTS = 300;

@ObjectType({ description: "The speed-mentoring session of a SPEED programme: the SPEED_MENTORING event it runs at, and who signed up." })
export class SpeedSession {
  /** The SPEED programme; one session each. */
  programId!: string;

  /** The SPEED_MENTORING event (checked with the events subgraph when linked); exposed as `event`. */
  eventId!: string;

  @Field(() => Int, { description: "Most participants (mentors and mentees together) the session takes." })
  capacity!: number;

  @Field(() => DateTimeResolver, { description: "When the programme was linked to the event (UTC)." })
  createdAt!: Date;

  /** Exposed as `event`, a reference the events subgraph resolves. */
  event?: EventReference;
}

/**
 * A member signed up to a session. What scoring needs is recorded at sign-up from the members subgraph
 * (through the gateway, for the member's home society), so planning asks no other subgraph.
 */
export class SpeedParticipant {
  id!: string;
  programId!: string;
  memberId!: string;
  role!: SpeedRole;
  societyId!: string;
  country!: string;
  careerStage!: CareerStage;
  timezone!: string;
  languages!: string[];
  expertise!: string[];
  joinedAt!: Date;
}

export const SpeedSessionSchema = defineEntity({
  class: SpeedSession,
  tableName: "speed_session",
  properties: {
    programId: p.uuid().primary(),
    eventId: p.uuid(),
    capacity: p.integer(),
    createdAt: p.datetime(),
  },
  checks: [{ name: "speed_session_capacity_check", expression: `"capacity" >= 2 and "capacity" <= ${MAX_SPEED_PARTICIPANTS}` }],
});

export const SpeedParticipantSchema = defineEntity({
  class: SpeedParticipant,
  tableName: "speed_participant",
  properties: {
    id: p.uuid().primary(),
    programId: p.uuid(),
    memberId: p.uuid().index(),
    role: p.enum(() => SpeedRole),
    societyId: p.uuid(),
    country: p.string().length(2),
    careerStage: p.enum(() => CareerStage),
    timezone: p.string(),
    languages: p.array(),
    expertise: p.array(),
    joinedAt: p.datetime(),
  },
  // Once per session, in one role.
  uniques: [{ name: "speed_participant_program_id_member_id_unique", properties: ["programId", "memberId"] }],
});
