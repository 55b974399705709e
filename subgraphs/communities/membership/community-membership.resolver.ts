import { Arg, Ctx, FieldResolver, ID, Mutation, Resolver, Root } from "type-graphql";
import { requireSocietyCaller } from "../../../lib/authz.js";
import { assertUuid, conflict, forbidden, notFound } from "../../../lib/errors.js";
import { HIDDEN_MEMBER } from "../../../lib/external.js";
import { requireHomeSociety } from "../../../lib/member-access.js";
import type { SubgraphContext } from "../../../lib/subgraph.js";
import { Community } from "../community/community.entity.js";
import { requireCommunity, requireEditor } from "../community/community.resolver.js";
import type { CommunitiesLoaders } from "../loaders.js";
import { CommunityMember } from "../member/member.type.js";
import { CommunityMembership, CommunityRole } from "./community-membership.entity.js";

type Context = SubgraphContext<CommunitiesLoaders>;

/** Enough for the largest network (the research mentoring group has 63); a page of them stays one query. */
export const MAX_COMMUNITY_MEMBERS = 1000;

@Resolver(() => CommunityMembership)
export class CommunityMembershipResolver {
  @FieldResolver(() => CommunityMember, { nullable: true, description: HIDDEN_MEMBER })
  member(@Root() membership: CommunityMembership): CommunityMember {
    return { id: membership.memberId };
  }

  @Mutation(() => Community, {
    description:
      "Adds a member to a community, by the member's home society, which must take part in the community (its editors admit a society with admitSocietyToCommunity). Only the community's editors make someone a LEAD.",
  })
  async joinCommunity(
    @Arg("communityId", () => ID, { description: "The community joined." }) communityId: string,
    @Arg("memberId", () => ID, { description: "The member who joins; the caller's society must be their home society." }) memberId: string,
    @Arg("role", () => CommunityRole, { description: "MEMBER (default) or LEAD (only the community's editors may make a lead).", defaultValue: CommunityRole.MEMBER }) role: CommunityRole,
    @Ctx() context: Context,
  ): Promise<Community> {
    const societyId = await requireHomeSociety(context, memberId, "memberId");
    return context.em.transactional(async (tx) => {
      const community = await requireCommunity(tx, communityId, "communityId");
      // Taking part is the editors' decision: otherwise any society could join its members, then post into the community or fill it.
      if (!community.societyIds.includes(societyId)) throw forbidden("Your society does not take part in this community; its editors admit a society first");
      if (role === CommunityRole.LEAD) await requireEditor(tx, community, societyId);
      if (await tx.count(CommunityMembership, { communityId, memberId })) throw conflict(`Member ${memberId} is in this community already`);
      if ((await tx.count(CommunityMembership, { communityId })) >= MAX_COMMUNITY_MEMBERS) throw conflict(`A community has at most ${MAX_COMMUNITY_MEMBERS} members`);
      tx.create(CommunityMembership, { id: crypto.randomUUID(), communityId, memberId, societyId, role, joinedAt: new Date() });
      await tx.flush();
      return community;
    });
  }

  @Mutation(() => Community, { description: "Lets a society take part in a community (its members may then join, and it may attach events and resources), by the community's editors." })
  async admitSocietyToCommunity(
    @Arg("communityId", () => ID, { description: "The community." }) communityId: string,
    @Arg("societyId", () => ID, { description: "The society admitted; it must be in the directory." }) societyId: string,
    @Ctx() context: Context,
  ): Promise<Community> {
    const editor = requireSocietyCaller(context.caller);
    assertUuid("societyId", societyId);
    // A society id is a claim: checked with the directory (through the gateway) before it is stored.
    if (!(await context.societyAccess.load(societyId)).exists) throw notFound("Society", societyId);
    return context.em.transactional(async (tx) => {
      const community = await requireCommunity(tx, communityId, "communityId");
      await requireEditor(tx, community, editor);
      if (!community.societyIds.includes(societyId)) community.societyIds = [...community.societyIds, societyId];
      await tx.flush();
      return community;
    });
  }

  @Mutation(() => Community, { description: "Removes a member from a community, by the member's home society." })
  async leaveCommunity(@Arg("communityId", () => ID, { description: "The community left." }) communityId: string, @Arg("memberId", () => ID, { description: "The member who leaves; the caller's society must be their home society." }) memberId: string, @Ctx() context: Context): Promise<Community> {
    await requireHomeSociety(context, memberId, "memberId");
    return context.em.transactional(async (tx) => {
      const community = await requireCommunity(tx, communityId, "communityId");
      const membership = await tx.findOne(CommunityMembership, { communityId, memberId });
      if (!membership) throw notFound("Membership of member", memberId);
      tx.remove(membership);
      await tx.flush();
      return community;
    });
  }
}
