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
registerEnumType(MentorshipStatus, {
  name: "MentorshipStatus",
  description: "Where a mentoring relation stands.",
  valuesConfig: {
    PROPOSED: { description: "Proposed by the mentee's society; awaiting the mentor's answer." },
    ACTIVE: { description: "Accepted; takes one of the mentor's places." },
    DECLINED: { description: "The mentor declined." },
    COMPLETED: { description: "Ended with its goals met." },
    ENDED: { description: "Ended early." },
  },
});

@ObjectType({ description: "A mentor and a mentee, possibly from different societies." })
@Directive('@key(fields: "id")')
export class MentorshipRelation {
  @Field(() => ID, { description: "Identifier (UUID); stable, safe to keep in a partner's own records." })
  id!: string;

  mentorId!: string;

  menteeId!: string;

  programId!: string | null;

  @Field(() => MentorshipStatus, { description: "Where the relation stands." })
  status!: MentorshipStatus;

  @Field(() => DateTimeResolver, { description: "When the mentor accepted (UTC); null while PROPOSED or if declined.", nullable: true })
  startedAt!: Date | null;

  @Field(() => DateTimeResolver, { description: "When it ended (UTC); null while it lasts.", nullable: true })
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
