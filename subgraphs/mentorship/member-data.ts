import { erased, type MemberData } from "../../lib/data-rights.js";

/**
 * The mentor profile, every relation the member is in, their speed-mentoring sign-ups and their ratings. Erasure ends the relations and removes them with
 * their personal content (goals): a kept row would still name the erased member to the other side. A mentor
 * whose active mentee is erased gets the place back.
 */
export const mentorshipMemberData: MemberData = {
  records: {
    mentorProfile: `select accepting_mentees, capacity, active_mentees, topics, languages, meeting_modes, timezone, country, career_stage, updated_at
                      from mentor_profile where member_id = ?`,
    relations: `select id, mentor_id, mentee_id, program_id, status, started_at, ended_at, goals, created_at
                  from mentorship_relation where mentor_id = ? or mentee_id = ? order by created_at`,
    speedSessions: `select program_id, role, country, career_stage, timezone, languages, expertise, joined_at from speed_participant where member_id = ? order by joined_at`,
    ratings: `select relation_id, score, comment, format, country, career_stage, created_at from mentorship_rating where member_id = ? order by created_at`,
  },
  async erase(em, memberId) {
    await em.execute(
      `update mentor_profile p set active_mentees = greatest(0, active_mentees - r.n)
         from (select mentor_id, count(*) as n from mentorship_relation where mentee_id = ? and status = 'ACTIVE' group by mentor_id) r
        where p.member_id = r.mentor_id`,
      [memberId],
    );
    return {
      speedSessions: await erased(em, `delete from speed_participant where member_id = ? returning 1`, memberId),
      ratings: await erased(em, `delete from mentorship_rating where member_id = ? returning 1`, memberId),
      relations: await erased(em, `delete from mentorship_relation where mentor_id = ? or mentee_id = ? returning 1`, memberId),
      mentorProfile: await erased(em, `delete from mentor_profile where member_id = ? returning 1`, memberId),
    };
  },
};
