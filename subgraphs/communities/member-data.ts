import { erased, type MemberData } from "../../lib/data-rights.js";

/** The communities a member takes part in. Erasure removes their memberships (a community keeps its societies). */
export const communitiesMemberData: MemberData = {
  records: {
    memberships: `select m.community_id, c.name as community, m.role, m.joined_at from community_membership m join community c on c.id = m.community_id
                   where m.member_id = ? order by m.joined_at`,
  },
  async erase(em, memberId) {
    return { memberships: await erased(em, `delete from community_membership where member_id = ? returning 1`, memberId) };
  },
};
