import { defineEntity, p } from "@mikro-orm/core";
import { DateResolver } from "graphql-scalars";
import { Field, ObjectType, registerEnumType } from "type-graphql";

export enum MembershipRole {
  MEMBER = "MEMBER",
  FACULTY = "FACULTY",
  MENTOR = "MENTOR",
  COORDINATOR = "COORDINATOR",
  CHAIR = "CHAIR",
}
registerEnumType(MembershipRole, {
  name: "MembershipRole",
  description: "A member's role within a society.",
  valuesConfig: {
    MEMBER: { description: "Ordinary member." },
    FACULTY: { description: "Teaches on the society's programmes." },
    MENTOR: { description: "Mentors in the society's programmes." },
    COORDINATOR: { description: "Coordinates activities or programmes." },
    CHAIR: { description: "Chairs the society or one of its groups." },
  },
});

export enum MembershipStatus {
  ACTIVE = "ACTIVE",
  LAPSED = "LAPSED",
}
registerEnumType(MembershipStatus, {
  name: "MembershipStatus",
  description: "Whether a membership is current.",
  valuesConfig: {
    ACTIVE: { description: "Current; counts in `Society.memberCount`." },
    LAPSED: { description: "Ended or not renewed." },
  },
});

@ObjectType({ description: "A member's place in one society; a member may belong to several." })
export class Membership {
  id!: string;

  memberId!: string;

  /** Exposed as `society` by MembershipResolver. */
  societyId!: string;

  @Field(() => DateResolver, { description: "When the membership began (date)." })
  since!: string;

  @Field(() => MembershipRole, { description: "The member's role in that society." })
  role!: MembershipRole;

  @Field(() => MembershipStatus, { description: "Whether the membership is current." })
  status!: MembershipStatus;
}

export const MembershipSchema = defineEntity({
  class: Membership,
  tableName: "membership",
  properties: {
    id: p.uuid().primary(),
    memberId: p.uuid(),
    societyId: p.uuid().index(),
    since: p.date(),
    role: p.enum(() => MembershipRole),
    status: p.enum(() => MembershipStatus),
  },
  uniques: [{ properties: ["memberId", "societyId"] }],
});
