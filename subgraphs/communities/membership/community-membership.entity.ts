import { defineEntity, p } from "@mikro-orm/core";
import { DateTimeResolver } from "graphql-scalars";
import { Field, ObjectType, registerEnumType } from "type-graphql";

export enum CommunityRole {
  LEAD = "LEAD",
  MEMBER = "MEMBER",
}
registerEnumType(CommunityRole, {
  name: "CommunityRole",
  description: "A lead runs the community (and may edit it); members take part.",
  valuesConfig: {
    LEAD: { description: "Runs the community and may edit it." },
    MEMBER: { description: "Takes part." },
  },
});

@ObjectType({ description: "A member's place in a community." })
export class CommunityMembership {
  id!: string;

  communityId!: string;

  /** Exposed as `member`. */
  memberId!: string;

  /** The member's home society when they joined: it added them and may remove them. */
  societyId!: string;

  @Field(() => CommunityRole, { description: "Lead or member." })
  role!: CommunityRole;

  @Field(() => DateTimeResolver, { description: "When the member joined (UTC)." })
  joinedAt!: Date;
}

export const CommunityMembershipSchema = defineEntity({
  class: CommunityMembership,
  tableName: "community_membership",
  properties: {
    id: p.uuid().primary(),
    communityId: p.uuid(),
    memberId: p.uuid().index(),
    societyId: p.uuid(),
    role: p.enum(() => CommunityRole),
    joinedAt: p.datetime(),
  },
  uniques: [{ name: "community_membership_community_id_member_id_unique", properties: ["communityId", "memberId"] }],
  indexes: [{ name: "community_membership_community_id_joined_at_id_index", properties: ["communityId", "joinedAt", "id"] }],
});
