import type { EntityManager } from "../../lib/database.js";
import type { Caller } from "../../lib/identity.js";
import { loaderById, loaderOfLists, loaderOfValues } from "../../lib/loaders.js";
import { Member } from "./member/member.entity.js";
import { Membership } from "./member/membership.entity.js";
import { canSeeMember } from "./member/member.visibility.js";
import { Society } from "./society/society.entity.js";

export interface SocietyStats {
  memberCount: number;
  countryCount: number;
}

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
    societyStats: loaderOfValues<SocietyStats>(async (societyIds) => {
      const rows = await em.getConnection().execute<{ society_id: string; members: string; countries: string }[]>(
        `select ms.society_id, count(*) as members, count(distinct m.country) as countries
           from membership ms join member m on m.id = ms.member_id
          where ms.status = 'ACTIVE' and ms.society_id in (?)
          group by ms.society_id`,
        [societyIds],
      );
      return new Map(
        rows.map((row) => [row.society_id, { memberCount: Number(row.members), countryCount: Number(row.countries) }]),
      );
    }, { memberCount: 0, countryCount: 0 }),
  };
}

export type MembersLoaders = ReturnType<typeof createLoaders>;
