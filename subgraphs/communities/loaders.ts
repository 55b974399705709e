import type { EntityManager } from "../../lib/database.js";
import { loaderById, loaderOfLists } from "../../lib/loaders.js";
import { Community, StageChange } from "./community/community.entity.js";
import { CommunityMembership } from "./membership/community-membership.entity.js";

/** One DataLoader per batched lookup; created fresh for every request. */
export function createLoaders(em: EntityManager) {
  return {
    communityById: loaderById((ids) => em.find(Community, { id: { $in: ids } })),
    /**
     * Every membership of the communities on a page, in joining order, in one query: members, leads and the
     * count of each community are read from it, so a page of communities costs the same SQL whatever its size.
     */
    membershipsByCommunity: loaderOfLists(
      (communityIds) => em.find(CommunityMembership, { communityId: { $in: communityIds } }, { orderBy: { communityId: "asc", joinedAt: "asc", id: "asc" } }),
      (membership) => membership.communityId,
    ),
    membershipsByMember: loaderOfLists(
      (memberIds) => em.find(CommunityMembership, { memberId: { $in: memberIds } }, { orderBy: { joinedAt: "asc", id: "asc" } }),
      (membership) => membership.memberId,
    ),
    stageHistory: loaderOfLists(
      (communityIds) => em.find(StageChange, { communityId: { $in: communityIds } }, { orderBy: { since: "asc", id: "asc" } }),
      (change) => change.communityId,
    ),
  };
}

export type CommunitiesLoaders = ReturnType<typeof createLoaders>;
