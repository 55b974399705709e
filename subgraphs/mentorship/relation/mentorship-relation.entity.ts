import { defineEntity, p } from "@mikro-orm/core";
import { DateTimeResolver } from "graphql-scalars";
import { Directive, Field, ID, ObjectType, registerEnumType } from "type-graphql";

export enum MentorshipStatus {
  PROPOSED = "PROPOSED",
  ACTIVE = "ACTIVE",
  DECLINED = "DECLINED",
  COMPLETED = "COMPLETED",
  ENDED = "ENDED",
}
registerEnumType(MentorshipStatus, { name: "MentorshipStatus" });

@ObjectType({ description: "A mentor and a mentee, possibly from different societies." })
@Directive('@key(fields: "id")')
export class MentorshipRelation {
  @Field(() => ID)
  id!: string;

  mentorId!: string;

  menteeId!: string;

  programId!: string | null;

  @Field(() => MentorshipStatus)
  status!: MentorshipStatus;

  @Field(() => DateTimeResolver, { nullable: true })
  startedAt!: Date | null;

  @Field(() => DateTimeResolver, { nullable: true })
  endedAt!: Date | null;

  /** Exposed as `goals`, to the parties' societies only. */
  goals!: string | null;

  createdAt!: Date;

  /** The society that proposed the pairing (the mentee's); it and the mentor's society may end it. */
  proposedBySocietyId!: string | null;
}

export const MentorshipRelationSchema = defineEntity({
  class: MentorshipRelation,
  tableName: "mentorship_relation",
  properties: {
    id: p.uuid().primary(),
    mentorId: p.uuid().index(),
    menteeId: p.uuid().index(),
    programId: p.uuid().nullable(),
    status: p.enum(() => MentorshipStatus),
    startedAt: p.datetime().nullable(),
    endedAt: p.datetime().nullable(),
    goals: p.text().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
    proposedBySocietyId: p.uuid().nullable(),
  },
  uniques: [
    // One open pairing (proposed or active) per mentor and mentee.
    { name: "mentorship_relation_pair_unique", expression: `create unique index "mentorship_relation_pair_unique" on "mentorship_relation" ("mentee_id", "mentor_id") where "status" in ('PROPOSED', 'ACTIVE')` },
  ],
});
