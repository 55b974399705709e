import { erased, type MemberData } from "../../lib/data-rights.js";

/**
 * Contributions and awards. Erasure keeps every work: the member's contributions (linked by member id) are
 * removed, so the work no longer names them; a contribution recorded by ORCID iD only names no directory
 * member and stays as published scholarly record, even when the iD is the erased member's — the iD and the
 * publication are public record outside copnet. Awards name the member and are deleted.
 */
export const scholarshipMemberData: MemberData = {
  records: {
    contributions: `select c.work_id, w.title, w.doi, c.roles, c.position from contribution c join work w on w.id = c.work_id where c.member_id = ? order by c.work_id`,
    awards: `select id, name, year, society_id from award where member_id = ? order by year`,
  },
  async erase(em, memberId) {
    return {
      contributions: await erased(em, `delete from contribution where member_id = ? returning 1`, memberId),
      awards: await erased(em, `delete from award where member_id = ? returning 1`, memberId),
    };
  },
};
