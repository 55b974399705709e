import type { EntityManager } from "../../lib/database.js";
import type { Caller } from "../../lib/identity.js";
import { loaderById, loaderOfLists, loaderOfValues } from "../../lib/loaders.js";
import { Member } from "./member/member.entity.js";
import { Membership } from "./member/membership.entity.js";
import { canSeeMember } from "./member/member.visibility.js";
import { Society } from "./society/society.entity.js";
import { SocietyStatsCache } from "./society/society-stats.js";
import { SocietyStageChange } from "./society/society-stage-change.entity.js";

/** Shared by every request of this process (see society-stats.ts). */
const societyStats = new SocietyStatsCache();

/** One DataLoader per batched lookup; created fresh for every request, for one caller. */
export function createLoaders(em: EntityManager, caller: Caller) {
  return {
    /** Members the caller may see; any other id loads as null, exactly like an unknown one. */
    memberById: loaderById(async (ids) => (await em.find(Member, { id: { $in: ids } })).filter((member) => canSeeMember(caller, member))),
    societyById: loaderById((ids) => em.find(Society, { id: { $in: ids } })),
    membershipsByMember: loaderOfLists(
      (memberIds) => em.find(Membership, { memberId: { $in: memberIds } }, { orderBy: { since: "asc", id: "asc" } }),
      (membership) => membership.memberId,
    ),
    stageHistoryBySociety: loaderOfLists(
      (societyIds) => em.find(SocietyStageChange, { societyId: { $in: societyIds } }, { orderBy: { since: "asc", id: "asc" } }),
      (change) => change.societyId,
    ),
    societyStats: loaderOfValues((societyIds) => societyStats.load(em, societyIds), { memberCount: 0, countryCount: 0 }),
  };
}

export type MembersLoaders = ReturnType<typeof createLoaders>;
