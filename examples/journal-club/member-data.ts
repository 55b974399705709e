import { erased, type MemberData } from "../../lib/data-rights.js";

/** The sessions a member presented: deleted on erasure (a session is its presenter's talk). */
export const journalClubMemberData: MemberData = {
  records: { sessions: `select id, paper_title, paper_doi, meets_at from journal_club_session where presenter_id = ? order by meets_at` },
  async erase(em, memberId) {
    return { sessions: await erased(em, `delete from journal_club_session where presenter_id = ? returning 1`, memberId) };
  },
};
