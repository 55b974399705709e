import { erased, type MemberData } from "../../lib/data-rights.js";
import { privateReads } from "./audit/private-reads.js";

/** The member record (profile, private fields, consent and its history), memberships and the audit of who read the private fields: all deleted on erasure. */
export const membersMemberData: MemberData = {
  records: {
    profile: `select id, society_id, display_name, given_name, family_name, orcid, country, languages, timezone, career_stage, professions, expertise,
                affiliations, email, contact_preferences, listed, research_consent, consent_updated_at, created_at, updated_at from member where id = ?`,
    memberships: `select society_id, since, role, status from membership where member_id = ?`,
    consentHistory: `select listed, research, key_id, society_id, changed_at from consent_change where member_id = ? order by changed_at`,
    privateReads: `select key_id, role, society_id, fields, request_id, read_at from private_read where member_id = ? order by read_at`,
  },
  // An export hands over the private fields too: audited like any other read of them.
  exported: (context, memberId) => privateReads.record(context, memberId, "export"),
  async erase(em, memberId) {
    // Reads audited a moment ago may still wait in memory: written first, so that they are erased too.
    await privateReads.flush();
    return {
      consentHistory: await erased(em, `delete from consent_change where member_id = ? returning 1`, memberId),
      privateReads: await erased(em, `delete from private_read where member_id = ? returning 1`, memberId),
      memberships: await erased(em, `delete from membership where member_id = ? returning 1`, memberId),
      profile: await erased(em, `delete from member where id = ? returning 1`, memberId),
    };
  },
};
