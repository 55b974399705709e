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
registerEnumType(MembershipRole, { name: "MembershipRole" });

export enum MembershipStatus {
  ACTIVE = "ACTIVE",
  LAPSED = "LAPSED",
}
registerEnumType(MembershipStatus, { name: "MembershipStatus" });

@ObjectType({ description: "A member's place in one society; a member may belong to several." })
export class Membership {
  id!: string;

  memberId!: string;

  /** Exposed as `society` by MembershipResolver. */
  societyId!: string;

  @Field(() => DateResolver)
  since!: string;

  @Field(() => MembershipRole)
  role!: MembershipRole;

  @Field(() => MembershipStatus)
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
