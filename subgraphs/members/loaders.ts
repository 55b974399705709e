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
  const societyById = loaderById((ids) => em.find(Society, { id: { $in: ids } }));
  const membershipsByMember = loaderOfLists(
    (memberIds) => em.find(Membership, { memberId: { $in: memberIds } }, { orderBy: { since: "asc", id: "asc" } }),
    (membership) => membership.memberId,
  );
  return {
    /**
     * Members the caller may see; any other id loads as null, exactly like an unknown one. One statement brings
     * each member's societies and memberships along (a member page asks for them every time) and primes their
     * loaders, so a subgraph fetch of members costs one SQL statement, not three.
     */
    memberById: loaderById(async (ids) => {
      const rows = await em.getConnection().execute<(Record<string, unknown> & { societies: Record<string, unknown>[]; memberships: Record<string, unknown>[] })[]>(
        `select m.*,
                (select json_agg(s) from society s
                  where s.id = m.society_id or s.id in (select ms.society_id from membership ms where ms.member_id = m.id)) as societies,
                (select coalesce(json_agg(ms order by ms.since, ms.id), '[]') from membership ms where ms.member_id = m.id) as memberships
           from member m where m.id in (?)`,
        [ids],
      );
      const visible = rows.map((row) => ({ row, member: em.map(Member, row) })).filter(({ member }) => canSeeMember(caller, member));
      for (const { row, member } of visible) {
        for (const society of row.societies) societyById.prime(society.id as string, em.map(Society, society));
        membershipsByMember.prime(member.id, row.memberships.map((membership) => em.map(Membership, membership)));
      }
      return visible.map(({ member }) => member);
    }),
    societyById,
    membershipsByMember,
    stageHistoryBySociety: loaderOfLists(
      (societyIds) => em.find(SocietyStageChange, { societyId: { $in: societyIds } }, { orderBy: { since: "asc", id: "asc" } }),
      (change) => change.societyId,
    ),
    societyStats: loaderOfValues((societyIds) => societyStats.load(em, societyIds), { memberCount: 0, countryCount: 0 }),
  };
}

export type MembersLoaders = ReturnType<typeof createLoaders>;
