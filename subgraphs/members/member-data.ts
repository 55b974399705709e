import { erased, type MemberData } from "../../lib/data-rights.js";

/** The member record (profile, private fields, consent) and memberships: all deleted on erasure. */
export const membersMemberData: MemberData = {
  records: {
    profile: `select id, society_id, display_name, given_name, family_name, orcid, country, languages, timezone, career_stage, professions, expertise,
                affiliations, email, contact_preferences, listed, research_consent, consent_updated_at, created_at, updated_at from member where id = ?`,
    memberships: `select society_id, since, role, status from membership where member_id = ?`,
  },
  async erase(em, memberId) {
    return {
      memberships: await erased(em, `delete from membership where member_id = ? returning 1`, memberId),
      profile: await erased(em, `delete from member where id = ? returning 1`, memberId),
    };
  },
};
