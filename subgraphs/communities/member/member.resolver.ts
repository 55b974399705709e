import { Ctx, Directive, FieldResolver, Resolver, Root } from "type-graphql";
import { assumed } from "../../../lib/demand-control.js";
import { UNAVAILABLE } from "../../../lib/external.js";
import type { SubgraphContext } from "../../../lib/subgraph.js";
import { Community } from "../community/community.entity.js";
import type { CommunitiesLoaders } from "../loaders.js";
import { CommunityMember } from "./member.type.js";

@Resolver(() => CommunityMember)
export class CommunityMemberResolver {
  // The Member reference resolver already answers null for a member the caller may not see.
  @FieldResolver(() => [Community], { nullable: true, description: `Communities the member takes part in, in joining order. ${UNAVAILABLE}` })
  @Directive(assumed(5))
  async communities(@Root() member: CommunityMember, @Ctx() { loaders }: SubgraphContext<CommunitiesLoaders>): Promise<Community[]> {
    const memberships = await loaders.membershipsByMember.load(member.id);
    const communities = await loaders.communityById.loadMany(memberships.map((membership) => membership.communityId));
    return communities.filter((community): community is Community => community !== null && !(community instanceof Error));
  }
}
