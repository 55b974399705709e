import { erased, type MemberData } from "../../lib/data-rights.js";

/** The communities a member belongs to, and in which role. Erasure removes the memberships (a community keeps its other members). */
export const communitiesMemberData: MemberData = {
  records: {
    communityMemberships: `select m.community_id, c.name, m.role, m.society_id, m.joined_at from community_membership m join community c on c.id = m.community_id
                           where m.member_id = ? order by m.joined_at`,
  },
  async erase(em, memberId) {
    return { communityMemberships: await erased(em, `delete from community_membership where member_id = ? returning 1`, memberId) };
  },
};
