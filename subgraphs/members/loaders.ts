import { readOnlyEntities, type EntityManager } from "../../lib/database.js";
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
  /** Rows of `member` (aliased `m`, with extra columns) as read-only entities, only those the caller may see. */
  const visibleMembers = <Row extends Record<string, unknown>>(rows: Row[]) => {
    const members = readOnlyEntities(em, Member, rows);
    return rows.map((row, index) => ({ row, member: members[index]! })).filter(({ member }) => canSeeMember(caller, member));
  };
  /** Societies that came along as JSON, each mapped once however many rows name it. */
  const primedSocieties = new Set<string>();
  const primeSocieties = (societies: Record<string, unknown>[]) => {
    for (const society of societies) {
      const id = society.id as string;
      if (primedSocieties.has(id)) continue;
      primedSocieties.add(id);
      societyById.prime(id, em.map(Society, society));
    }
  };
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
      const visible = visibleMembers(rows);
      for (const { row, member } of visible) {
        primeSocieties(row.societies);
        membershipsByMember.prime(member.id, row.memberships.map((membership) => em.map(Membership, membership)));
      }
      return visible.map(({ member }) => member);
    }),
    /**
     * The same members as named by another subgraph (`_entities`): a gateway's access check of 200 match
     * candidates, a mentor's name on someone's page. These ask for a member's own fields and home society, so
     * one statement brings only the home society along; mapping every member's memberships and their societies,
     * as `memberById` does for a member page, was most of the members subgraph's CPU in mentor matches.
     */
    memberReferenceById: loaderById(async (ids) => {
      const rows = await em.getConnection().execute<(Record<string, unknown> & { home_society: Record<string, unknown> | null })[]>(
        `select m.*, row_to_json(s) as home_society from member m left join society s on s.id = m.society_id where m.id in (?)`,
        [ids],
      );
      const visible = visibleMembers(rows);
      primeSocieties(visible.flatMap(({ row }) => (row.home_society ? [row.home_society] : [])));
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
