import { erased, type MemberData } from "../../lib/data-rights.js";

/**
 * Contributions and awards. Erasure keeps every work: a contribution with an ORCID iD stays as the published
 * scholarly record under that iD alone (the member's directory link is removed); one without an iD no longer
 * names anyone and is removed. Awards name the member and are deleted.
 */
export const scholarshipMemberData: MemberData = {
  records: {
    contributions: `select c.work_id, w.title, w.doi, c.orcid, c.roles, c.position from contribution c join work w on w.id = c.work_id where c.member_id = ? order by c.work_id`,
    awards: `select id, name, year, society_id from award where member_id = ? order by year`,
  },
  async erase(em, memberId) {
    return {
      contributionsUnlinked: await erased(em, `update contribution set member_id = null where member_id = ? and orcid is not null returning 1`, memberId),
      contributionsRemoved: await erased(em, `delete from contribution where member_id = ? returning 1`, memberId),
      awards: await erased(em, `delete from award where member_id = ? returning 1`, memberId),
    };
  },
};
